package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Means and covariances of D independent chains with their Monte Carlo standard errors, and the
 * assertion every statistical test of this package makes: |estimate − expected| ≤ z·SE + bias,
 * where SE comes from {@link MonteCarloError} (Geyer ESS) of the per-step series (θ_i for a mean,
 * (θ_i − m_i)(θ_j − m_j) for a covariance, m the chain's own mean) and bias is a stated allowance
 * for a deterministic error the test cannot remove (0 where the expected value is exact).
 *
 * <p>z = {@link #Z} = 4.5: with about 200 such comparisons in the package, the chance that any one
 * fails for a correct sampler is about 200·6.8e-6 ≈ 1.4e-3 per seed (the seeds are fixed, so a
 * passing run stays passing; z only guards against having picked an unlucky seed). The SE itself
 * is an estimate; every comparison also asserts each chain's ESS of that series is at least
 * {@link #MIN_ESS}, where the SE estimate is good to about 10% ({@code MonteCarloErrorTest}: ESS
 * within 15%, coverage calibrated), which z = 4.5 absorbs. Each comparison is also printed (one
 * line, every number) so a CI log shows how close each check came. Centering at the chain's own mean biases a covariance by
 * −Var(m) ≈ −C/ESS (≤ 0.5% at ESS ≥ 200), negligible against z·SE ≈ 4.5·C·sqrt(2/ESS).
 */
final class ChainMoments {
  static final double Z = 4.5;
  static final double MIN_ESS = 200;

  /** samples[chain][coordinate][step]. */
  final double[][][] samples;

  final int chains;
  final int d;

  ChainMoments(double[][][] samples) {
    this.samples = samples;
    this.chains = samples.length;
    this.d = samples[0].length;
  }

  /** An estimate with its standard error and the smallest per-chain ESS. */
  record Estimate(double value, double se, double minEss) {}

  Estimate mean(int i) {
    double v = 0, var = 0, ess = Double.POSITIVE_INFINITY;
    for (double[][] c : samples) {
      double[] x = c[i];
      v += MonteCarloError.mean(x);
      var += MonteCarloError.varianceOfMean(x);
      ess = Math.min(ess, MonteCarloError.ess(x));
    }
    return new Estimate(v / chains, Math.sqrt(var) / chains, ess);
  }

  Estimate covariance(int i, int j) {
    double v = 0, var = 0, ess = Double.POSITIVE_INFINITY;
    for (double[][] c : samples) {
      double[] xi = c[i], xj = c[j];
      double mi = MonteCarloError.mean(xi), mj = MonteCarloError.mean(xj);
      double[] z = new double[xi.length];
      for (int t = 0; t < z.length; t++) {
        z[t] = (xi[t] - mi) * (xj[t] - mj);
      }
      v += MonteCarloError.mean(z);
      var += MonteCarloError.varianceOfMean(z);
      ess = Math.min(ess, MonteCarloError.ess(z));
    }
    return new Estimate(v / chains, Math.sqrt(var) / chains, ess);
  }

  /** Asserts |e − expected| ≤ Z·se + bias and the ESS floor, with every number in the message. */
  static void assertClose(String what, double expected, Estimate e, double bias) {
    double tol = Z * e.se() + bias;
    String msg =
        String.format(
            "%s: estimate %.5g, expected %.5g, |diff| %.3g, tolerance %.3g (= %.1f·SE %.3g + bias"
                + " allowance %.3g), min ESS %.0f",
            what, e.value(), expected, Math.abs(e.value() - expected), tol, Z, e.se(), bias, e.minEss());
    System.out.println(msg);
    assertTrue(e.minEss() >= MIN_ESS, "ESS below " + MIN_ESS + ": " + msg);
    assertTrue(Math.abs(e.value() - expected) <= tol, msg);
  }

  /** Every mean and covariance entry against (expected mean, expected covariance). */
  void assertMoments(String what, double[] mean, double[] meanBias, double[][] cov, double[][] covBias) {
    for (int i = 0; i < d; i++) {
      assertClose(what + " mean[" + i + "]", mean[i], mean(i), meanBias[i]);
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        assertClose(what + " cov[" + i + "][" + j + "]", cov[i][j], covariance(i, j), covBias[i][j]);
      }
    }
  }
}
