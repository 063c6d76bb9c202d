package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.random.NoiseKernel;
import io.langevin.kernels.random.ScalarNoise;
import io.langevin.kernels.random.SimdNoise;
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
 * Counter-based noise ({@link NoiseKernel}): n Philox words, uniforms, reproducible Gaussians and
 * {@code gaussianFast} Gaussians per call, the scalar spec against the Vector API implementation
 * (bit-identical except {@code gaussianFast}), on 1 thread ({@code threads=1}, via {@link
 * CpuPool#serially}) and on the pool ({@code threads=pool}, all CPUs; only calls of {@code n ≥
 * 2·SimdNoise.GRAIN = 32768} are split, and the scalar spec is never split).
 *
 * <p>{@code gaussianUnchecked} is the entry point of fused sampler loops (no argument checks, never
 * split over the pool: its {@code threads=pool} rows equal the 1-thread ones); n = 1024 and 4096
 * are the block sizes such a loop uses.
 *
 * <p>The score is microseconds per call: <b>ns per number = score · 1000 / n</b>. Each number is 4
 * bytes written and nothing read (4 MB per call at n = 2^20, which no longer fits in L2). Work per
 * 4 numbers: one Philox4x32-10 block (20 32×32→64-bit multiplies); per 2 Gaussians additionally one
 * log, one sqrt, one sincos (about 40 float operations in the reproducible path). Rough figures on
 * the shared 2-vCPU AVX-512 development machine (one thread, n = 4096): scalar ≈ 18 ns per
 * Gaussian, SIMD ≈ 1.5 ns per reproducible Gaussian (2.0–2.2 before the software pipelining),
 * ≈ 0.7 ns per word. Warm-up is 4 × 2 s
 * because the vector code needs several seconds of a fresh JVM to reach C2 (see {@code SimdNoise}).
 * Run: {@code java -jar bench/target/benchmarks.jar NoiseBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 1)
public class NoiseBench {

  @Param({"1024", "4096", "1048576"})
  int n;

  @Param({"scalar", "simd"})
  String impl;

  @Param({"1", "pool"})
  String threads;

  private NoiseKernel kernel;
  private float[] out;
  private int[] words;
  private long step;

  @Setup
  public void setUp() {
    kernel = impl.equals("simd") ? new SimdNoise() : new ScalarNoise();
    out = new float[n];
    words = new int[n];
  }

  private void call(Runnable r) {
    if (threads.equals("1")) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
  }

  /** Next step number, so that every call draws fresh noise. */
  private long nextStep() {
    step = (step + 1) & 0xFFFFFFFFL;
    return step;
  }

  @Benchmark
  public int[] bits() {
    long t = nextStep();
    call(() -> kernel.bits(42, t, 0, 0, words, 0, n));
    return words;
  }

  @Benchmark
  public float[] uniform() {
    long t = nextStep();
    call(() -> kernel.uniform(42, t, 0, 0, out, 0, n));
    return out;
  }

  @Benchmark
  public float[] gaussian() {
    long t = nextStep();
    call(() -> kernel.gaussian(42, t, 0, 0, out, 0, n));
    return out;
  }

  @Benchmark
  public float[] gaussianUnchecked() {
    long t = nextStep();
    call(() -> kernel.gaussianUnchecked(42, t, 0, 0, out, 0, n));
    return out;
  }

  @Benchmark
  public float[] gaussianFast() {
    long t = nextStep();
    call(() -> kernel.gaussianFast(42, t, 0, 0, out, 0, n));
    return out;
  }
}
