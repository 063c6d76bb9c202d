package io.langevin.bench.quick;

import java.util.Arrays;

/**
 * Times a call the quick way: run it until C2 has had {@code warmupSeconds}, then time batches of
 * calls (each at least ~40 ms) for {@code measureSeconds} and return the median seconds per call
 * ({@link #bestSecondsPerCall}: the fastest batch, the estimator for a machine limit).
 * Not JMH: a short, honest estimate for {@code langevin bench --quick}; JMH in this module gives
 * the recorded figures.
 */
final class Stopwatch {
  private Stopwatch() {}

  static double secondsPerCall(Runnable call, double warmupSeconds, double measureSeconds) {
    double[] times = batches(call, warmupSeconds, measureSeconds);
    return times[times.length / 2];
  }

  static double bestSecondsPerCall(Runnable call, double warmupSeconds, double measureSeconds) {
    return batches(call, warmupSeconds, measureSeconds)[0];
  }

  /** Sorted seconds per call of each timed batch. */
  private static double[] batches(Runnable call, double warmupSeconds, double measureSeconds) {
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long calls = 0;
    long t0 = System.nanoTime();
    do {
      call.run();
      calls++;
    } while (System.nanoTime() < warmEnd);
    double perCall = (System.nanoTime() - t0) / 1e9 / calls;
    int batch = (int) Math.max(1, Math.min(1 << 20, 0.04 / Math.max(perCall, 1e-9)));
    int batches = (int) Math.max(3, Math.min(25, measureSeconds / Math.max(batch * perCall, 1e-9)));
    double[] times = new double[batches];
    for (int b = 0; b < batches; b++) {
      long s = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        call.run();
      }
      times[b] = (System.nanoTime() - s) / 1e9 / batch;
    }
    Arrays.sort(times);
    return times;
  }
}
