package io.langevin.experiments.alice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The toy data against their definition. Moment checks use tolerances of 4 Monte Carlo standard
 * errors, each estimated from the same sample (the standard deviation of the averaged quantity
 * over √n), so a correct sampler fails with probability below 1e-4 per check.
 */
class AliceDataTest {
  private static final int N = 40_000;

  /** Mean of v over n with its standard error. */
  private static double[] meanAndError(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x;
    }
    m /= v.length;
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return new double[] {m, Math.sqrt(s / (v.length - 1) / v.length)};
  }

  private static void assertMoment(double expected, double[] v, String what) {
    double[] me = meanAndError(v);
    assertEquals(expected, me[0], 4 * me[1], what + " (4 standard errors = " + 4 * me[1] + ")");
  }

  /** Checks E[a], E[b], E[a²], E[b²], E[ab] of the points against the given moments. */
  private static void assertMoments(float[] xy, int n, double mean0, double mean1, double var0,
      double var1, double cov, String what) {
    double[] a = new double[n];
    double[] b = new double[n];
    double[] aa = new double[n];
    double[] bb = new double[n];
    double[] ab = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = xy[2 * i];
      b[i] = xy[2 * i + 1];
      aa[i] = (a[i] - mean0) * (a[i] - mean0);
      bb[i] = (b[i] - mean1) * (b[i] - mean1);
      ab[i] = (a[i] - mean0) * (b[i] - mean1);
    }
    assertMoment(mean0, a, what + " mean 0");
    assertMoment(mean1, b, what + " mean 1");
    assertMoment(var0, aa, what + " variance 0");
    assertMoment(var1, bb, what + " variance 1");
    assertMoment(cov, ab, what + " covariance");
  }

  /**
   * x: the mixture's mean is 0 and its covariance 0.04·I + (1/5)Σ μμᵀ = 3.24·I (the four outer
   * means (±2, ±2) give 16/5 per axis and cancel off the diagonal).
   */
  @Test
  void xMixtureMoments() {
    float[] x = new float[2 * N];
    int[] modes = new int[N];
    ToyData.sampleX(new SplittableRandom(11), x, modes, N);
    assertMoments(x, N, 0, 0, 3.24, 3.24, 0, "x mixture");
  }

  /**
   * x per component: each gets 1/5 of the points (binomial, 4 standard deviations) around its
   * mean with covariance 0.04·I (per-axis std 0.2: the scripts' "std" 0.04 is a variance).
   */
  @Test
  void xComponentsHaveTheStatedMeansAndVariance() {
    float[] x = new float[2 * N];
    int[] modes = new int[N];
    ToyData.sampleX(new SplittableRandom(12), x, modes, N);
    for (int k = 0; k < ToyData.X_MODES; k++) {
      int count = 0;
      for (int m : modes) {
        count += m == k ? 1 : 0;
      }
      assertEquals(N / 5.0, count, 4 * Math.sqrt(N * 0.2 * 0.8), "points of component " + k);
      float[] pts = new float[2 * count];
      int j = 0;
      for (int i = 0; i < N; i++) {
        if (modes[i] == k) {
          pts[j++] = x[2 * i];
          pts[j++] = x[2 * i + 1];
          assertEquals(k, ToyData.nearestMode(x[2 * i], x[2 * i + 1]),
              "a point 7σ from its mean would be nearer another mean; i=" + i);
        }
      }
      assertMoments(pts, count, ToyData.xMean(k, 0), ToyData.xMean(k, 1), 0.04, 0.04, 0,
          "component " + k);
    }
  }

  /** z: N(0, I); semi-supervised: ½N((−1,−1), I) + ½N((1,1), I), covariance [[2, 1], [1, 2]]. */
  @Test
  void zPriors() {
    float[] z = new float[2 * N];
    ToyData.sampleZ(new SplittableRandom(13), false, z, N);
    assertMoments(z, N, 0, 0, 1, 1, 0, "z ~ N(0, I)");
    ToyData.sampleZ(new SplittableRandom(14), true, z, N);
    assertMoments(z, N, 0, 0, 2, 2, 1, "semi-supervised z");
  }

  /** The fixed sets are a function of the seed; the test sets do not depend on the train size. */
  @Test
  void setsAreFixedBySeed() {
    ToyData.Sets a = ToyData.sets(5, false, 2048, 1024);
    ToyData.Sets b = ToyData.sets(5, false, 2048, 1024);
    ToyData.Sets c = ToyData.sets(5, false, 512, 1024);
    ToyData.Sets d = ToyData.sets(6, false, 2048, 1024);
    assertArrayEquals(a.trainX(), b.trainX());
    assertArrayEquals(a.testZ(), b.testZ());
    assertArrayEquals(a.testX(), c.testX());
    assertArrayEquals(a.testXMode(), c.testXMode());
    assertTrue(a.trainX()[0] != d.trainX()[0], "another seed gives other data");
    assertEquals(2048, a.trainSize());
    assertEquals(1024, a.testSize());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ToyData.sets(1, false, 0, 10));
    assertTrue(e.getMessage().contains("0 and 10"), e.getMessage());
  }

  /** The anchors: z_a = −x_a; the outer x anchors at ±1 (scripts) or ±2 (on the modes). */
  @Test
  void anchors() {
    float[] xa = ToyData.anchorsX(false);
    float[] za = ToyData.anchorsZ();
    float[] xm = ToyData.anchorsX(true);
    assertEquals(2 * ToyData.ANCHORS, xa.length);
    for (int i = 0; i < xa.length; i++) {
      assertEquals(-xa[i], za[i], 0f);
      assertEquals(2 * xa[i], xm[i], 0f);
    }
    assertEquals(1f, xa[2], 0f);
  }
}
