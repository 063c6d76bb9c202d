package io.langevin.samplers.statistics;

import java.util.SplittableRandom;

/**
 * A Gaussian target N(μ, Σ) in a few dimensions: energy U(θ) = ½(θ−μ)ᵀΣ⁻¹(θ−μ), gradient ∇U =
 * Σ⁻¹(θ−μ) computed in double and rounded to float, optionally plus injected gradient noise of
 * variance {@code gradNoiseVar} per coordinate (independent N(0, V_g) from a seeded
 * SplittableRandom, as in the pSGLD and SGHMC toys). Also the exact stationary covariances of
 * linear chains on this target (see {@link StationaryCovariance}).
 */
final class GaussianTarget {
  final String name;
  final double[] mean;
  final double[][] cov;
  final double[][] precision;
  final int d;

  GaussianTarget(String name, double[] mean, double[][] cov) {
    this.name = name;
    this.mean = mean.clone();
    this.cov = StationaryCovariance.copy(cov);
    this.precision = StationaryCovariance.inverse(cov);
    this.d = mean.length;
  }

  /** N(0, diag(a, 1)). */
  static GaussianTarget diagonal(double a) {
    return new GaussianTarget(
        "N(0, diag(" + a + ", 1))", new double[] {0, 0}, new double[][] {{a, 0}, {0, 1}});
  }

  /** N(0, s²) in one dimension. */
  static GaussianTarget oneDimensional(double s2) {
    return new GaussianTarget("N(0, " + s2 + ")", new double[] {0}, new double[][] {{s2}});
  }

  /**
   * A correlated 2-D target with a non-zero mean: μ = (1, −0.5), Σ = [[1, 0.8], [0.8, 1]]
   * (correlation 0.8, eigenvalues 1.8 and 0.2, so condition number 9).
   */
  static GaussianTarget correlated() {
    return new GaussianTarget(
        "N((1, -0.5), [[1, .8], [.8, 1]])",
        new double[] {1, -0.5},
        new double[][] {{1, 0.8}, {0.8, 1}});
  }

  /** A gradient oracle for the samplers: ∇U(θ) (+ injected noise) into {@code grad}. */
  Gradient gradient(double gradNoiseVar, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double sd = Math.sqrt(gradNoiseVar);
    return (theta, grad) -> {
      for (int i = 0; i < d; i++) {
        double g = 0;
        for (int j = 0; j < d; j++) {
          g += precision[i][j] * (theta[j] - mean[j]);
        }
        if (sd > 0) {
          g += sd * rng.nextGaussian();
        }
        grad[i] = (float) g;
      }
    };
  }

  /**
   * Exact stationary covariance of the preconditioned SGLD chain θ' = θ − h·M·(∇U + e) +
   * sqrt(2hT·M)·ξ with a FIXED diagonal preconditioner M and gradient noise e ~ N(0, V_g·I):
   * A = I − hMP, Q = 2hT·M + h²V_g·M². With M = I this is plain SGLD (for d = 1: s²/(1 −
   * h/(2s²)), and (2h + h²V_g)/(1 − (1 − h/s²)²) with noise). The mean is μ exactly.
   */
  double[][] sgldCovariance(double h, double temperature, double[] m, double gradNoiseVar) {
    double[][] a = new double[d][d];
    double[][] q = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        a[i][j] = (i == j ? 1 : 0) - h * m[i] * precision[i][j];
      }
      q[i][i] = 2 * h * temperature * m[i] + h * h * gradNoiseVar * m[i] * m[i];
    }
    return StationaryCovariance.solve(a, q);
  }

  /**
   * Exact stationary covariance of θ in the momentum chain (Chen et al.'s order: momentum first,
   * then position with the NEW momentum), per coordinate i with a fixed diagonal "mass" g_i (g = 1
   * for SGHMC; Santa's preconditioner for its frozen surrogate):
   *
   * <pre>
   * p'_i = c_i·p_i − η·g_i·(∇U + e)_i + σ_i·ξ_i,   θ'_i = θ_i + g_i·p'_i
   * </pre>
   *
   * with e ~ N(0, V_g·I). State z = (θ − μ, p): A = [[I − ηGPG', …]] built below, Q from the
   * common noise σξ − ηg·e entering both p' and θ'. Returns the d×d block of θ.
   */
  double[][] momentumCovariance(double eta, double[] c, double[] sigma, double[] g, double gradNoiseVar) {
    int n = 2 * d;
    double[][] a = new double[n][n];
    double[][] b = new double[n][d]; // loading of the per-coordinate noise w_i ~ N(0, σ_i² + η²g_i²V_g)
    for (int i = 0; i < d; i++) {
      // p'_i = c_i p_i − η g_i Σ_j P_ij θ_j + w_i
      for (int j = 0; j < d; j++) {
        a[d + i][j] = -eta * g[i] * precision[i][j];
      }
      a[d + i][d + i] = c[i];
      b[d + i][i] = 1;
      // θ'_i = θ_i + g_i p'_i
      for (int j = 0; j < n; j++) {
        a[i][j] = g[i] * a[d + i][j];
      }
      a[i][i] += 1;
      b[i][i] = g[i];
    }
    double[][] w = new double[d][d];
    for (int i = 0; i < d; i++) {
      w[i][i] = sigma[i] * sigma[i] + eta * eta * g[i] * g[i] * gradNoiseVar;
    }
    double[][] q = StationaryCovariance.mul(StationaryCovariance.mul(b, w), StationaryCovariance.transpose(b));
    double[][] full = StationaryCovariance.solve(a, q);
    double[][] theta = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(full[i], 0, theta[i], 0, d);
    }
    return theta;
  }

  /** ∇U(θ) into {@code grad}, for a θ of length d. */
  interface Gradient {
    void compute(float[] theta, float[] grad);
  }
}
