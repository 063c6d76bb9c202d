package io.langevin.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * KernelSteinDiscrepancy (IMQ, c = 1, β = −1/2).
 *
 * <p>Monte Carlo facts used for the tolerances, for x_i iid from p = N(0, I_2) and the right score:
 * E_{x,y} k_0(x, y) = 0 for independent x, y, so E[n·KSD²] = E k_0(x, x) = E|x|² + d = 4 exactly
 * (k_0(x, x) = |s(x)|² − 2βd with c = 1). The degenerate V-statistic has Var(n·KSD²) → 2·E[k_0(x,
 * y)²] ≈ 2·0.971 (E k_0² estimated once from 2·10^6 pairs), i.e. sd ≈ 1.39 per replicate. With R =
 * 8 replicates the mean of n·KSD² has sd ≈ 0.49, and 4 sd ≈ 2.0: we require it in [2, 6].
 */
class KernelSteinDiscrepancyTest {

  private static final KernelSteinDiscrepancy KSD = new KernelSteinDiscrepancy();

  @Test
  void steinKernelByHandInOneDimension() {
    // x = 0.5, y = −1 under N(0, 1): s_x = −0.5, s_y = 1, u = 1.5, |u|² = 2.25, q = 3.25.
    // k_0 = s_x s_y q^−½ + 2β q^−3/2 (s_y − s_x) u − 2βd q^−3/2 − 4β(β−1)|u|² q^−5/2
    //     = −0.5 q^−½ − 2.25 q^−3/2 + q^−3/2 − 6.75 q^−5/2 = −0.8451792930650681.
    double k =
        KSD.steinKernel(
            new double[] {0.5}, new double[] {-0.5}, new double[] {-1}, new double[] {1});
    assertEquals(-0.8451792930650681, k, 1e-15);
    // On the diagonal: |s|² + d (c = 1, β = −½): x = 0.5 gives 0.25 + 1.
    assertEquals(
        1.25,
        KSD.steinKernel(
            new double[] {0.5}, new double[] {-0.5}, new double[] {0.5}, new double[] {-0.5}),
        1e-15);
  }

  @Test
  void steinKernelMatchesFiniteDifferencesForOtherParameters() {
    // k_0 = s_x·s_y k + s_x·∇_y k + s_y·∇_x k + Σ_i ∂²k/∂x_i∂y_i, derivatives by central
    // differences (h = 1e-4, error O(h²) ≈ 1e-8 relative).
    double c = 1.3;
    double beta = -0.3;
    KernelSteinDiscrepancy ksd = new KernelSteinDiscrepancy(c, beta);
    SplittableRandom rnd = new SplittableRandom(3);
    int d = 3;
    for (int rep = 0; rep < 5; rep++) {
      double[] x = new double[d];
      double[] y = new double[d];
      double[] sx = new double[d];
      double[] sy = new double[d];
      for (int i = 0; i < d; i++) {
        x[i] = rnd.nextGaussian();
        y[i] = rnd.nextGaussian();
        sx[i] = rnd.nextGaussian();
        sy[i] = rnd.nextGaussian();
      }
      double h = 1e-4;
      double expected = 0;
      double kxy = imq(x, y, c, beta);
      for (int i = 0; i < d; i++) {
        expected += sx[i] * sy[i] * kxy;
        double[] yp = y.clone();
        double[] ym = y.clone();
        yp[i] += h;
        ym[i] -= h;
        expected += sx[i] * (imq(x, yp, c, beta) - imq(x, ym, c, beta)) / (2 * h);
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[i] += h;
        xm[i] -= h;
        expected += sy[i] * (imq(xp, y, c, beta) - imq(xm, y, c, beta)) / (2 * h);
        expected +=
            (imq(xp, yp, c, beta)
                    - imq(xp, ym, c, beta)
                    - imq(xm, yp, c, beta)
                    + imq(xm, ym, c, beta))
                / (4 * h * h);
      }
      assertEquals(expected, ksd.steinKernel(x, sx, y, sy), 1e-6 * (1 + Math.abs(expected)));
    }
  }

  private static double imq(double[] x, double[] y, double c, double beta) {
    double r2 = 0;
    for (int i = 0; i < x.length; i++) {
      r2 += (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.pow(c * c + r2, beta);
  }

  /** n·d standard normal draws, row-major. */
  private static double[] gaussian(int n, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  private static double[] score(double[] x, double scale, double shift) {
    // ∇ log N(shift·1, scale·I) = −(x − shift)/scale
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = -(x[i] - shift) / scale;
    }
    return s;
  }

  /** Mean of KSD² over R = 8 replicates of n iid N(0, I_2) draws with the right score. */
  private static double meanSquare(int n) {
    double sum = 0;
    for (int r = 0; r < 8; r++) {
      double[] x = gaussian(n, 2, 1000L * n + r);
      double k = KSD.compute(x, score(x, 1, 0), n, 2);
      sum += k * k;
    }
    return sum / 8;
  }

  @Test
  void rightTargetIsSmallAndFallsLikeRootN() {
    double small = meanSquare(250);
    double large = meanSquare(2000);
    assertTrue(250 * small > 2 && 250 * small < 6, "n·KSD² at n = 250: " + 250 * small);
    assertTrue(2000 * large > 2 && 2000 * large < 6, "n·KSD² at n = 2000: " + 2000 * large);
    // Slope of log KSD against log n; −½ expected, the bounds above allow −½ ± ½·log 3/log 8.
    double slope = 0.5 * Math.log(large / small) / Math.log(2000.0 / 250);
    assertTrue(slope > -0.77 && slope < -0.23, "slope " + slope);

    // Wrong targets at n = 2000: the population KSD stays (≈ 0.20 for N(0, 2I), ≈ 1.04 for
    // N(1, I)) while the right one is ≈ 2/sqrt(2000) ≈ 0.045.
    double right = Math.sqrt(large);
    double[] x = gaussian(2000, 2, 77);
    double wide = KSD.compute(x, score(x, 2, 0), 2000, 2);
    double shifted = KSD.compute(x, score(x, 1, 1), 2000, 2);
    assertTrue(wide > 3 * right, "N(0,2I): " + wide + " vs right " + right);
    assertTrue(shifted > 10 * right, "N(1,I): " + shifted + " vs right " + right);
  }

  @Test
  void entryPointsAgreeAndThreadCountDoesNotMatter() {
    int n = 301; // not a multiple of the 16-row chunk
    int d = 3;
    double[] flat = gaussian(n, d, 9);
    double[] s = score(flat, 1, 0);
    double[][] rows = new double[n][d];
    double[][] scores = new double[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, rows[i], 0, d);
      System.arraycopy(s, i * d, scores[i], 0, d);
    }
    double a = KSD.compute(flat, s, n, d);
    assertEquals(a, KSD.compute(rows, scores));
    assertEquals(a, KernelSteinDiscrepancy.imq(rows, scores));
    Score standardNormal =
        x -> {
          double[] g = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            g[i] = -x[i];
          }
          return g;
        };
    assertEquals(a, KSD.compute(rows, standardNormal));
    double[] serial = new double[1];
    CpuPool.serially(() -> serial[0] = KSD.compute(flat, s, n, d));
    assertEquals(a, serial[0], 0, "bit-identical on 1 thread");
    // Brute force over all ordered pairs.
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sum += KSD.steinKernel(rows[i], scores[i], rows[j], scores[j]);
      }
    }
    assertEquals(Math.sqrt(sum) / n, a, 1e-12 * a);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> new KernelSteinDiscrepancy(0, -0.5));
    IllegalArgumentException beta =
        assertThrows(IllegalArgumentException.class, () -> new KernelSteinDiscrepancy(1, -1));
    assertTrue(beta.getMessage().contains("-1"), beta.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new KernelSteinDiscrepancy(1, 0));
    IllegalArgumentException len =
        assertThrows(
            IllegalArgumentException.class, () -> KSD.compute(new double[6], new double[5], 3, 2));
    assertTrue(len.getMessage().contains("3*2 = 6"), len.getMessage());
    double[] x = new double[6];
    x[3] = Double.NaN;
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> KSD.compute(x, new double[6], 3, 2));
    assertTrue(
        nan.getMessage().contains("sample 1") && nan.getMessage().contains("coordinate 1"),
        nan.getMessage());
    IllegalArgumentException rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> KSD.compute(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3, 4}}));
    assertTrue(rows.getMessage().contains("row 1"), rows.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> KSD.compute(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, 4}}));
  }
}
