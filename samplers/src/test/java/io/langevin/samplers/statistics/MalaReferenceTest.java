package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The logistic-regression reference itself: the MALA chain is tuned to the intended acceptance
 * and its posterior means and variances agree with an independent exact method, self-normalised
 * importance sampling from a widened Laplace approximation. Both are exact up to Monte Carlo error,
 * so the tolerance is 4.5·sqrt(SE_MALA² + SE_IS²) with no bias term.
 */
class MalaReferenceTest {
  @Test
  void malaAgreesWithImportanceSampling() {
    LogisticRegressionProblem lr = new LogisticRegressionProblem();
    ChainMoments ref = Mala.reference();
    assertEquals(Mala.TARGET_ACCEPTANCE, Mala.referenceAcceptance(), 0.05, "MALA acceptance");

    // Importance sampling: proposal N(m, 1.3²·H⁻¹) (widened so the weights are bounded where the Laplace fit is good; for a Gaussian target the efficiency would be (sqrt(2·1.3² − 1)/1.3²)^4 = 0.69),
    // 30,000 draws. For a ratio estimator Σw f/Σw the delta-method variance is
    // Σ w²(f − est)²/(Σw)².
    int n = 30_000;
    int d = LogisticRegressionProblem.D;
    double[] m = lr.mode();
    double[][] l = StationaryCovariance.cholesky(StationaryCovariance.inverse(lr.hessian(m)));
    double widen = 1.3;
    SplittableRandom r = new SplittableRandom(4242);
    double[][] draws = new double[n][d];
    double[] logW = new double[n];
    double maxLogW = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      double[] z = new double[d];
      double zz = 0;
      for (int j = 0; j < d; j++) {
        z[j] = r.nextGaussian();
        zz += z[j] * z[j];
      }
      double[] th = m.clone();
      for (int i = 0; i < d; i++) {
        for (int j = 0; j <= i; j++) {
          th[i] += widen * l[i][j] * z[j];
        }
      }
      draws[k] = th;
      logW[k] = -lr.energy(th) + 0.5 * zz; // log π − log q up to constants
      maxLogW = Math.max(maxLogW, logW[k]);
    }
    double[] w = new double[n];
    double sw = 0, sw2 = 0;
    for (int k = 0; k < n; k++) {
      w[k] = Math.exp(logW[k] - maxLogW);
      sw += w[k];
      sw2 += w[k] * w[k];
    }
    assertTrue(sw * sw / sw2 > 0.4 * n, "IS effective sample size " + sw * sw / sw2 + " of " + n);
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int k = 0; k < n; k++) {
        mean += w[k] * draws[k][j];
      }
      mean /= sw;
      double var = 0;
      for (int k = 0; k < n; k++) {
        double e = draws[k][j] - mean;
        var += w[k] * e * e;
      }
      var /= sw;
      double seMean = 0, seVar = 0;
      for (int k = 0; k < n; k++) {
        double e = draws[k][j] - mean;
        seMean += w[k] * w[k] * e * e;
        seVar += w[k] * w[k] * (e * e - var) * (e * e - var);
      }
      seMean = Math.sqrt(seMean) / sw;
      seVar = Math.sqrt(seVar) / sw;
      ChainMoments.Estimate mm = ref.mean(j);
      ChainMoments.Estimate mv = ref.covariance(j, j);
      ChainMoments.assertClose(
          "MALA mean[" + j + "] vs IS",
          mean,
          new ChainMoments.Estimate(mm.value(), Math.hypot(mm.se(), seMean), mm.minEss()),
          0);
      ChainMoments.assertClose(
          "MALA var[" + j + "] vs IS",
          var,
          new ChainMoments.Estimate(mv.value(), Math.hypot(mv.se(), seVar), mv.minEss()),
          0);
    }
  }
}
