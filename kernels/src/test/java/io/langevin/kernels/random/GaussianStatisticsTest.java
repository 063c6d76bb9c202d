package io.langevin.kernels.random;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Distribution of the noise, with tolerances derived from the Monte Carlo standard error (never
 * from observed output): each statistic must lie within K = 5 standard errors of its exact value (a
 * false alarm has probability ~6e-7 per check; the seeds are fixed, so the test is deterministic).
 *
 * <p>For N i.i.d. N(0,1) draws: se(mean) = 1/√N, se(variance) = √(2/N), se(skewness) = √(6/N),
 * se(excess kurtosis) = √(24/N); a tail frequency p has se √(p(1−p)/N); a correlation between
 * independent standard normals has se 1/√N. For uniforms on (0,1]: se(mean) = √(1/(12N)); the
 * chi-square statistic over B equiprobable bins has mean B−1 and sd √(2(B−1)).
 */
class GaussianStatisticsTest {
  private static final int N = 10_000_000;
  private static final double K = 5;

  @Test
  void reproducibleGaussianMoments() {
    float[] z = new float[N];
    Noise.gaussian(2024, 17, 3, 0, z, 0, N);
    checkMoments(z, "gaussian");
  }

  @Test
  void fastGaussianMoments() {
    float[] z = new float[N];
    Noise.gaussianFast(2025, 18, 4, 0, z, 0, N);
    checkMoments(z, "gaussianFast");
  }

  private static void checkMoments(float[] z, String what) {
    double s1 = 0;
    for (float v : z) {
      s1 += v;
    }
    double mean = s1 / N;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    double lag = 0;
    long tail3 = 0;
    double maxAbs = 0;
    for (int i = 0; i < N; i++) {
      double d = z[i] - mean;
      double d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
      if (i + 1 < N) {
        lag += (double) z[i] * z[i + 1];
      }
      double a = Math.abs(z[i]);
      if (a > 3) {
        tail3++;
      }
      maxAbs = Math.max(maxAbs, a);
    }
    m2 /= N;
    m3 /= N;
    m4 /= N;
    double skew = m3 / Math.pow(m2, 1.5);
    double kurt = m4 / (m2 * m2) - 3;
    within(what + " mean", mean, 0, 1 / Math.sqrt(N));
    within(what + " variance", m2, 1, Math.sqrt(2.0 / N));
    within(what + " skewness", skew, 0, Math.sqrt(6.0 / N));
    within(what + " excess kurtosis", kurt, 0, Math.sqrt(24.0 / N));
    // Lag-1 correlation: neighbours 4b, 4b+1 are r·cos, r·sin of one pair (uncorrelated).
    within(what + " lag-1 correlation", lag / N, 0, 1 / Math.sqrt(N));
    double p3 = 0.0026997960632601866; // P(|Z| > 3)
    within(what + " P(|z|>3)", (double) tail3 / N, p3, Math.sqrt(p3 * (1 - p3) / N));
    // 24-bit uniforms bound |z| by sqrt(-2 ln 2^-24) = 5.7686.
    assertTrue(maxAbs <= 5.7687, what + " max |z| " + maxAbs);
  }

  /** Different streams and steps must be uncorrelated element by element. */
  @Test
  void streamsAndStepsUncorrelated() {
    int n = 2_000_000;
    float[] a = new float[n];
    float[] b = new float[n];
    float[] c = new float[n];
    Noise.gaussian(9, 5, 0, 0, a, 0, n);
    Noise.gaussian(9, 5, 1, 0, b, 0, n);
    Noise.gaussian(9, 6, 0, 0, c, 0, n);
    double ab = 0;
    double ac = 0;
    for (int i = 0; i < n; i++) {
      ab += (double) a[i] * b[i];
      ac += (double) a[i] * c[i];
    }
    within("stream 0 vs 1 correlation", ab / n, 0, 1 / Math.sqrt(n));
    within("step 5 vs 6 correlation", ac / n, 0, 1 / Math.sqrt(n));
  }

  @Test
  void uniformWordsChiSquareAndMean() {
    int bins = 1024;
    int[] w = new int[N];
    Noise.bits(77, 0, 0, 0, w, 0, N);
    long[] count = new long[bins];
    for (int x : w) {
      count[x >>> 22]++;
    }
    double expected = (double) N / bins;
    double chi2 = 0;
    for (long c : count) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    within("chi-square of top 10 bits (1024 bins)", chi2, bins - 1, Math.sqrt(2.0 * (bins - 1)));
    // Low bits too (the uniform floats drop the low 8 bits, the words must still be uniform).
    long[] low = new long[256];
    for (int x : w) {
      low[x & 0xff]++;
    }
    double e2 = (double) N / 256;
    double chiLow = 0;
    for (long c : low) {
      chiLow += (c - e2) * (c - e2) / e2;
    }
    within("chi-square of low 8 bits (256 bins)", chiLow, 255, Math.sqrt(2.0 * 255));

    float[] u = new float[N];
    Noise.uniform(77, 0, 0, 0, u, 0, N);
    double s = 0;
    float min = 2;
    float max = -1;
    for (float v : u) {
      s += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    within("uniform mean", s / N, 0.5 + 0x1p-25, Math.sqrt(1.0 / (12.0 * N)));
    assertTrue(min > 0 && max <= 1, "uniform range [" + min + ", " + max + "]");
  }

  private static void within(String what, double value, double expected, double se) {
    double z = (value - expected) / se;
    assertTrue(
        Math.abs(z) <= K,
        what
            + " = "
            + value
            + ", expected "
            + expected
            + " ± "
            + K
            + "·"
            + se
            + " (z = "
            + z
            + ")");
  }
}
