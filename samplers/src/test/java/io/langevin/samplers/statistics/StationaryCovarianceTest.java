package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exact discretised covariances the sampler tests compare with: the Lyapunov solver against
 * the closed forms of 1-D SGLD, and the momentum-chain construction against a direct double
 * simulation of the same recursion.
 */
class StationaryCovarianceTest {
  @Test
  void sgldClosedForms() {
    for (double s2 : new double[] {0.5, 2, 100}) {
      GaussianTarget t = GaussianTarget.oneDimensional(s2);
      for (double h : new double[] {0.01, 0.2, 0.9}) {
        if (h >= 2 * s2) {
          continue;
        }
        double plain = t.sgldCovariance(h, 1, new double[] {1}, 0)[0][0];
        assertEquals(s2 / (1 - h / (2 * s2)), plain, 1e-12 * plain, "s² " + s2 + ", h " + h);
        double vg = 3;
        double noisy = t.sgldCovariance(h, 1, new double[] {1}, vg)[0][0];
        double a = 1 - h / s2;
        assertEquals((2 * h + h * h * vg) / (1 - a * a), noisy, 1e-12 * noisy);
      }
    }
  }

  /** Diagonal targets decouple: each coordinate has its own 1-D value. */
  @Test
  void diagonalTargetDecouples() {
    GaussianTarget t = GaussianTarget.diagonal(10);
    double[][] c = t.sgldCovariance(0.3, 1, new double[] {1, 1}, 0);
    assertEquals(10 / (1 - 0.3 / 20), c[0][0], 1e-11);
    assertEquals(1 / (1 - 0.3 / 2), c[1][1], 1e-12);
    assertEquals(0, c[0][1], 1e-12);
  }

  /**
   * The momentum chain p' = c·p − η·g·(∇U + e) + σξ, θ' = θ + g·p' on the correlated target,
   * simulated in double for 2 × 4·10^5 steps, has the covariance {@code momentumCovariance}
   * computes, within 4.5 Monte Carlo standard errors (no bias: both are the same recursion).
   */
  @Test
  void momentumCovarianceMatchesSimulation() {
    GaussianTarget t = GaussianTarget.correlated();
    double eta = 0.1, vg = 2;
    double[] c = {0.7, 0.6};
    double[] g = {1.0, 0.8};
    double[] sigma = {0.3, 0.25};
    double[][] exact = t.momentumCovariance(eta, c, sigma, g, vg);
    int steps = 400_000;
    double[][][] s = new double[2][2][steps];
    for (int ch = 0; ch < 2; ch++) {
      SplittableRandom r = new SplittableRandom(77 + ch);
      double[] th = t.mean.clone();
      double[] p = new double[2];
      for (int k = -5000; k < steps; k++) {
        double[] grad = new double[2];
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            grad[i] += t.precision[i][j] * (th[j] - t.mean[j]);
          }
        }
        for (int i = 0; i < 2; i++) {
          p[i] = c[i] * p[i] - eta * g[i] * (grad[i] + Math.sqrt(vg) * r.nextGaussian())
              + sigma[i] * r.nextGaussian();
          th[i] += g[i] * p[i];
          if (k >= 0) {
            s[ch][i][k] = th[i];
          }
        }
      }
    }
    ChainMoments m = new ChainMoments(s);
    double[][] zero = new double[2][2];
    m.assertMoments("simulated momentum chain", t.mean, new double[2], exact, zero);
  }

  @Test
  void unstableChainIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> GaussianTarget.oneDimensional(1).sgldCovariance(2.5, 1, new double[] {1}, 0));
  }
}
