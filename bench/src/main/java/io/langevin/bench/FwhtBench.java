package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.fwht.FwhtKernel;
import io.langevin.kernels.fwht.ScalarFwht;
import io.langevin.kernels.fwht.SimdFwht;
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
 * In-place unnormalised fast Walsh–Hadamard transform ({@link FwhtKernel}) of one vector of length
 * n = 2^log2n: the radix-2 scalar spec against the Vector API implementation (bit-identical
 * results), on 1 thread ({@code threads=1}, via {@link CpuPool#serially}) and on the pool ({@code
 * threads=pool}; only transforms of 2^17 floats or more are split).
 *
 * <p>Work per call: {@code n·log2(n)} float additions/subtractions, so Gadd/s = n·log2n / time.
 * Memory: the vector is 4n bytes (4 KB at 2^10, 4 MB at 2^20, 16 MB at 2^22).
 *
 * <p>The transform grows values by up to n per call, so every {@code floor(120 / log2n)} calls the
 * vector is restored from a pristine copy before it could overflow (inputs lie in [-1, 1]); that
 * copy (4n bytes) is amortised over at least 5 calls, a few per cent of the time at most. Run:
 * {@code java -jar bench/target/benchmarks.jar FwhtBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FwhtBench {

  @Param({"10", "12", "16", "20", "22"})
  int log2n;

  @Param({"scalar", "simd"})
  String impl;

  @Param({"1", "pool"})
  String threads;

  private FwhtKernel kernel;
  private float[] pristine;
  private float[] x;
  private int n;
  private int resetEvery;
  private int calls;
  private Runnable transform;

  @Setup
  public void setUp() {
    kernel = impl.equals("simd") ? new SimdFwht() : new ScalarFwht();
    n = 1 << log2n;
    SplittableRandom rnd = new SplittableRandom(7);
    pristine = new float[n];
    for (int i = 0; i < n; i++) {
      pristine[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    x = pristine.clone();
    resetEvery = Math.max(1, 120 / log2n);
    transform = () -> kernel.transform(x, 0, n);
  }

  @Benchmark
  public float[] transform() {
    if (++calls == resetEvery) {
      calls = 0;
      System.arraycopy(pristine, 0, x, 0, n);
    }
    if (threads.equals("1")) {
      CpuPool.serially(transform);
    } else {
      transform.run();
    }
    return x;
  }
}
