package io.langevin.samplers.statistics;

import java.util.SplittableRandom;

/**
 * Full-batch Metropolis-adjusted Langevin algorithm in double: the reference posterior for the
 * logistic-regression tests. Exact for any step (the Metropolis–Hastings correction removes the
 * discretisation bias), so only its Monte Carlo error counts.
 *
 * <p>Preconditioned by the Laplace approximation: θ = m + L·z with m the posterior mode and L Lᵀ
 * = H⁻¹ (H the Hessian at m), so the chain runs on a nearly isotropic target. Proposal z' = z −
 * ε∇_zU + sqrt(2ε)ξ, accepted with probability min(1, π(z')q(z|z')/(π(z)q(z'|z))). During burn-in
 * log ε follows a Robbins–Monro rule towards the acceptance rate 0.574 (optimal for MALA, Roberts
 * & Rosenthal 1998); afterwards ε is fixed, so the recorded chain is a time-homogeneous exact
 * MCMC chain.
 */
final class Mala {
  static final double TARGET_ACCEPTANCE = 0.574;

  private static ChainMoments reference;

  /**
   * The reference posterior of {@link LogisticRegressionProblem}, computed once per JVM: 2 chains
   * × 20,000 steps after 2,000 tuning steps, seed 31 (ESS ≈ 4,000 per chain for the variances).
   */
  static synchronized ChainMoments reference() {
    if (reference == null) {
      Mala m = new Mala(new LogisticRegressionProblem());
      reference = new ChainMoments(m.run(2, 2_000, 20_000, 31));
      referenceAcceptance = m.acceptance();
    }
    return reference;
  }

  private static double referenceAcceptance;

  /** Acceptance rate of the {@link #reference()} run. */
  static synchronized double referenceAcceptance() {
    reference();
    return referenceAcceptance;
  }

  private final LogisticRegressionProblem problem;
  private final double[] mode;
  private final double[][] l;
  private double acceptance;
  private double epsilon;

  Mala(LogisticRegressionProblem problem) {
    this.problem = problem;
    this.mode = problem.mode();
    this.l = StationaryCovariance.cholesky(StationaryCovariance.inverse(problem.hessian(mode)));
  }

  /** Acceptance rate over the recorded steps of the last run (all chains). */
  double acceptance() {
    return acceptance;
  }

  /** Step ε of the last chain (in the whitened coordinates). */
  double epsilon() {
    return epsilon;
  }

  double[] mode() {
    return mode.clone();
  }

  /** samples[chain][coordinate][step] of θ after each of {@code steps} post-burn-in steps. */
  double[][][] run(int chains, int burnIn, int steps, long seed) {
    int d = LogisticRegressionProblem.D;
    double[][][] out = new double[chains][d][steps];
    long accepted = 0;
    for (int c = 0; c < chains; c++) {
      SplittableRandom r = new SplittableRandom(SamplerChains.seed(seed + c));
      double logEps = Math.log(0.5);
      double[] z = new double[d];
      for (int j = 0; j < d; j++) {
        z[j] = r.nextGaussian(); // an overdispersed-enough start: one posterior sd away
      }
      double[] gz = new double[d];
      double u = energy(z, gz);
      double[] zp = new double[d];
      double[] gzp = new double[d];
      for (int k = 0; k < burnIn + steps; k++) {
        double eps = Math.exp(logEps);
        double s = Math.sqrt(2 * eps);
        for (int j = 0; j < d; j++) {
          zp[j] = z[j] - eps * gz[j] + s * r.nextGaussian();
        }
        double up = energy(zp, gzp);
        double fwd = 0, bwd = 0;
        for (int j = 0; j < d; j++) {
          double a = zp[j] - z[j] + eps * gz[j];
          double b = z[j] - zp[j] + eps * gzp[j];
          fwd += a * a;
          bwd += b * b;
        }
        double logRatio = -up + u - bwd / (4 * eps) + fwd / (4 * eps);
        boolean accept = Math.log(r.nextDouble()) < logRatio;
        if (accept) {
          double[] t = z;
          z = zp;
          zp = t;
          t = gz;
          gz = gzp;
          gzp = t;
          u = up;
        }
        if (k < burnIn) {
          double rate = Math.min(1, Math.exp(Math.min(0, logRatio)));
          logEps += (rate - TARGET_ACCEPTANCE) / Math.pow(k + 10, 0.6);
        } else {
          if (accept) {
            accepted++;
          }
          double[] theta = toTheta(z);
          for (int j = 0; j < d; j++) {
            out[c][j][k - burnIn] = theta[j];
          }
        }
      }
      epsilon = Math.exp(logEps);
    }
    acceptance = (double) accepted / ((long) chains * steps);
    return out;
  }

  private double[] toTheta(double[] z) {
    int d = z.length;
    double[] theta = mode.clone();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        theta[i] += l[i][j] * z[j];
      }
    }
    return theta;
  }

  /** U(m + Lz) and its z-gradient Lᵀ∇U into {@code gz}. */
  private double energy(double[] z, double[] gz) {
    int d = z.length;
    double[] g = new double[d];
    double u = problem.energyAndGradient(toTheta(z), g);
    for (int j = 0; j < d; j++) {
      double s = 0;
      for (int i = j; i < d; i++) {
        s += l[i][j] * g[i];
      }
      gz[j] = s;
    }
    return u;
  }
}
