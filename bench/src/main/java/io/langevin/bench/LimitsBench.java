package io.langevin.bench;

import io.langevin.bench.quick.MachineLimits;
import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
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
 * The machine limits every other benchmark is measured against, in the same JMH run:
 *
 * <ul>
 *   <li>{@code triad}: STREAM triad {@code a = b + s·c} on 3 × 2^25 floats (384 MiB), 12 bytes per
 *       element: GB/s = 12·2^25 / (score in µs) / 1000;
 *   <li>{@code fma}: 12 register-resident FMA chains × 2^20 steps per worker: FLOP = 24 · lanes ·
 *       2^20 · workers;
 *   <li>{@code add}: the same with adds, 12 · lanes · 2^20 · workers FLOP.
 * </ul>
 *
 * {@code threads=1} runs on the caller ({@link CpuPool#serially}); {@code pool} on every pool thread
 * (one FMA/add worker per thread). Run: {@code java -jar bench/target/benchmarks.jar LimitsBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class LimitsBench {
  private static final int N = 1 << 25;
  private static final long ITERS = 1 << 20;

  @Param({"1", "pool"})
  public String threads;

  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    a = new float[N];
    b = new float[N];
    c = new float[N];
    for (int i = 0; i < N; i++) {
      b[i] = i * 1e-7f;
      c[i] = 1f - i * 1e-8f;
    }
  }

  private void run(Runnable r) {
    if (threads.equals("1")) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
  }

  @Benchmark
  public float triad() {
    run(() -> CpuPool.forRange(N, 1 << 20, (lo, hi) -> MachineLimits.triadRange(a, b, c, 1.5f, lo, hi)));
    return a[N - 1];
  }

  @Benchmark
  public int fma() {
    run(() -> CpuPool.forChunks(CpuPool.isSerial() ? 1 : CpuPool.threads(), k -> MachineLimits.fmaChains(ITERS)));
    return Species.F.length();
  }

  @Benchmark
  public int add() {
    run(() -> CpuPool.forChunks(CpuPool.isSerial() ? 1 : CpuPool.threads(), k -> MachineLimits.addChains(ITERS)));
    return Species.F.length();
  }
}
