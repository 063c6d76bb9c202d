package io.langevin.bench.quick;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The limits kernels are measured against, measured in the same run:
 *
 * <ul>
 *   <li>{@link #triad}: STREAM triad {@code a[i] = b[i] + s·c[i]} over three arrays far larger than
 *       the caches, counted as 12 bytes per element (STREAM's convention: no write-allocate
 *       traffic), in GB/s — the memory-bandwidth limit;
 *   <li>{@link #fmaPeak}: 12 independent chains of vector FMAs on registers (2 FLOP per lane per
 *       FMA), in GFLOP/s — the arithmetic limit of the vector width in use;
 *   <li>{@link #addPeak}: the same with vector adds (1 FLOP per lane), the limit for add-only
 *       kernels such as the FWHT.
 * </ul>
 *
 * Each runs on one thread ({@link CpuPool#serially}) or on every pool thread, and reports its
 * fastest timed batch: a limit is what the machine can do, not what it did on average.
 */
public final class MachineLimits {
  private static final VectorSpecies<Float> F = Species.F;
  static final int TRIAD_N = 1 << 25; // 3 × 128 MiB

  private MachineLimits() {}

  /** Triad bandwidth in GB/s. */
  public static double triad(int threads, double seconds) {
    float[] a = new float[TRIAD_N];
    float[] b = new float[TRIAD_N];
    float[] c = new float[TRIAD_N];
    for (int i = 0; i < TRIAD_N; i++) {
      b[i] = i * 1e-7f;
      c[i] = 1f - i * 1e-8f;
    }
    Runnable triad = () -> CpuPool.forRange(TRIAD_N, 1 << 20, (lo, hi) -> triadRange(a, b, c, 1.5f, lo, hi));
    double sec = time(threads, triad, seconds, true);
    return 12.0 * TRIAD_N / sec / 1e9;
  }

  /** Vector FMA peak in GFLOP/s. */
  public static double fmaPeak(int threads, double seconds) {
    final long iters = 1 << 16; // short calls: C2 compiles the whole method, not just an OSR loop
    Runnable r = () -> CpuPool.forChunks(CpuPool.isSerial() ? 1 : CpuPool.threads(), c -> fmaChains(iters));
    double sec = time(threads, r, seconds, true);
    int workers = threads == 1 ? 1 : CpuPool.threads();
    return workers * iters * 12.0 * F.length() * 2 / sec / 1e9;
  }

  /** Vector add peak in GFLOP/s. */
  public static double addPeak(int threads, double seconds) {
    final long iters = 1 << 16; // short calls: C2 compiles the whole method, not just an OSR loop
    Runnable r = () -> CpuPool.forChunks(CpuPool.isSerial() ? 1 : CpuPool.threads(), c -> addChains(iters));
    double sec = time(threads, r, seconds, true);
    int workers = threads == 1 ? 1 : CpuPool.threads();
    return workers * iters * 12.0 * F.length() / sec / 1e9;
  }

  /** Runs the FMA and add loops until C2 has compiled them, before any limit is timed. */
  public static void warmup(double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      fmaChains(1 << 12);
      addChains(1 << 12);
    }
  }

  /** Median seconds per call of a kernel, on 1 thread or on the pool. */
  static double time(int threads, Runnable r, double seconds) {
    return time(threads, r, seconds, false);
  }

  /** Seconds per call; {@code best}: the fastest batch (for limits), else the median. */
  static double time(int threads, Runnable r, double seconds, boolean best) {
    double[] out = new double[1];
    Runnable timed =
        best
            ? () -> out[0] = Stopwatch.bestSecondsPerCall(r, seconds * 0.4, seconds * 0.6)
            : () -> out[0] = Stopwatch.secondsPerCall(r, seconds * 0.4, seconds * 0.6);
    if (threads == 1) {
      CpuPool.serially(timed);
    } else {
      timed.run();
    }
    return out[0];
  }

  /** Plain loop, as in STREAM; C2 vectorises it. */
  public static void triadRange(float[] a, float[] b, float[] c, float s, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      a[i] = b[i] + s * c[i];
    }
  }

  private static volatile float sink;

  /** 12 independent FMA chains of {@code iters} steps: 24·lanes·iters FLOP. */
  public static void fmaChains(long iters) {
    FloatVector m = FloatVector.broadcast(F, 0.999999f);
    FloatVector p = FloatVector.broadcast(F, 1e-7f);
    FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
    FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7);
    FloatVector a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
    for (long i = 0; i < iters; i++) {
      a0 = a0.fma(m, p);
      a1 = a1.fma(m, p);
      a2 = a2.fma(m, p);
      a3 = a3.fma(m, p);
      a4 = a4.fma(m, p);
      a5 = a5.fma(m, p);
      a6 = a6.fma(m, p);
      a7 = a7.fma(m, p);
      a8 = a8.fma(m, p);
      a9 = a9.fma(m, p);
      a10 = a10.fma(m, p);
      a11 = a11.fma(m, p);
    }
    sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  /** 12 independent add chains of {@code iters} steps: 12·lanes·iters FLOP. */
  public static void addChains(long iters) {
    FloatVector p = FloatVector.broadcast(F, 1e-7f);
    FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
    FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7);
    FloatVector a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
    for (long i = 0; i < iters; i++) {
      a0 = a0.add(p);
      a1 = a1.add(p);
      a2 = a2.add(p);
      a3 = a3.add(p);
      a4 = a4.add(p);
      a5 = a5.add(p);
      a6 = a6.add(p);
      a7 = a7.add(p);
      a8 = a8.add(p);
      a9 = a9.add(p);
      a10 = a10.add(p);
      a11 = a11.add(p);
    }
    sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
