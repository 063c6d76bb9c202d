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
        double plain = DiscretisedCovariance.sgld(t, h, 1, 0)[0][0];
        assertEquals(s2 / (1 - h / (2 * s2)), plain, 1e-12 * plain, "s² " + s2 + ", h " + h);
        double vg = 3;
        double noisy = DiscretisedCovariance.sgld(t, h, 1, vg)[0][0];
        double a = 1 - h / s2;
        assertEquals((2 * h + h * h * vg) / (1 - a * a), noisy, 1e-12 * noisy);
      }
    }
  }

  /** Diagonal targets decouple: each coordinate has its own 1-D value. */
  @Test
  void diagonalTargetDecouples() {
    GaussianTarget t = GaussianTarget.diagonal(10);
    double[][] c = DiscretisedCovariance.sgld(t, 0.3, 1, 0);
    assertEquals(10 / (1 - 0.3 / 20), c[0][0], 1e-11);
    assertEquals(1 / (1 - 0.3 / 2), c[1][1], 1e-12);
    assertEquals(0, c[0][1], 1e-12);
  }

  /**
   * SGHMC's recursion p' = (1−α)p − η(∇U + e) + sqrt(2ηαT)ξ, θ' = θ + p' on the correlated target
   * with injected gradient noise, simulated independently in double for 2 × 4·10^5 steps, has the
   * covariance {@link DiscretisedCovariance#sghmc} reads off its probed step map, within 4.5 Monte
   * Carlo standard errors (no bias term: both are the same recursion).
   */
  @Test
  void sghmcCovarianceMatchesSimulation() {
    GaussianTarget t = GaussianTarget.correlated();
    double eta = 0.1, friction = 0.3, vg = 2;
    double sigma = Math.sqrt(2 * eta * friction);
    double[][] exact = DiscretisedCovariance.sghmc(t, eta, friction, 1, vg);
    int steps = 400_000;
    double[][][] s = new double[2][2][steps];
    for (int ch = 0; ch < 2; ch++) {
      SplittableRandom r = new SplittableRandom(77 + ch);
      double[] th = t.mean.clone();
      double[] p = new double[2];
      double[] grad = new double[2];
      for (int k = -5000; k < steps; k++) {
        for (int i = 0; i < 2; i++) {
          grad[i] = t.precision[i][0] * (th[0] - t.mean[0]) + t.precision[i][1] * (th[1] - t.mean[1]);
        }
        for (int i = 0; i < 2; i++) {
          p[i] = (1 - friction) * p[i] - eta * (grad[i] + Math.sqrt(vg) * r.nextGaussian())
              + sigma * r.nextGaussian();
          th[i] += p[i];
          if (k >= 0) {
            s[ch][i][k] = th[i];
          }
        }
      }
    }
    new ChainMoments(s)
        .assertMoments("simulated SGHMC chain", t.mean, new double[2], exact, new double[2][2]);
  }

  @Test
  void unstableChainIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DiscretisedCovariance.sgld(GaussianTarget.oneDimensional(1), 2.5, 1, 0));
  }
}
