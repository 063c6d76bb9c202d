package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.elementwise.ElementwiseKernel;
import io.langevin.kernels.elementwise.ScalarElementwise;
import io.langevin.kernels.elementwise.SimdElementwise;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Element-wise kernels ({@link ElementwiseKernel}): the scalar spec against the Vector API
 * implementation, on 1 thread ({@code threads=1}: the call wrapped in {@link CpuPool#serially}) and
 * on the shared pool ({@code threads=pool}: all of {@code -Dlangevin.threads}, default every core;
 * only calls above 2^16 elements are split). The scalar spec is always single-threaded.
 *
 * <p>Time is per call (µs). Memory traffic per element, for GB/s = bytes·n / time:
 *
 * <ul>
 *   <li>{@code axpy} ({@code y += alpha·x}): 12 bytes (read x and y, write y); 2 flops.
 *   <li>{@code add} ({@code out = a + b}): 12 bytes (read a and b, write out); 1 flop.
 *   <li>{@code sum}: 4 bytes (read x); 1 flop.
 *   <li>{@code sigmoid}: 8 bytes (read x, write out); dominated by one exp.
 * </ul>
 *
 * n = 1000 is L1-resident, 100003 (a prime) L2-resident and ragged, 16777216 (64 MB per array)
 * DRAM-bound. Run: {@code java -jar bench/target/benchmarks.jar ElementwiseBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {

  @Param({"1000", "100003", "16777216"})
  int n;

  @Param({"scalar", "simd"})
  String impl;

  @Param({"1", "pool"})
  String threads;

  private ElementwiseKernel kernel;
  private float[] x;
  private float[] y;
  private float[] out;
  private float result;
  private Runnable axpy;
  private Runnable add;
  private Runnable sum;
  private Runnable sigmoid;

  @Setup
  public void setUp() {
    kernel = impl.equals("simd") ? new SimdElementwise() : new ScalarElementwise();
    SplittableRandom rnd = new SplittableRandom(42);
    x = new float[n];
    y = new float[n];
    out = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
      y[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    axpy = () -> kernel.axpy(1e-3f, x, 0, y, 0, n);
    add = () -> kernel.add(x, 0, y, 0, out, 0, n);
    sum = () -> result = kernel.sum(x, 0, n);
    sigmoid = () -> kernel.sigmoid(x, 0, out, 0, n);
  }

  private void call(Runnable r) {
    if (threads.equals("1")) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
  }

  @Benchmark
  public float[] axpy() {
    call(axpy);
    return y;
  }

  @Benchmark
  public float[] add() {
    call(add);
    return out;
  }

  @Benchmark
  public float sum() {
    call(sum);
    return result;
  }

  @Benchmark
  public float[] sigmoid() {
    call(sigmoid);
    return out;
  }
}
