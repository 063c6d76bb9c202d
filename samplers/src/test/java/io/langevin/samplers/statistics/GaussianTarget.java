package io.langevin.samplers.statistics;

import java.util.SplittableRandom;

/**
 * A Gaussian target N(μ, Σ) in a few dimensions: energy U(θ) = ½(θ−μ)ᵀΣ⁻¹(θ−μ), gradient ∇U =
 * Σ⁻¹(θ−μ) computed in double and rounded to float, optionally plus injected gradient noise of
 * variance {@code gradNoiseVar} per coordinate (independent N(0, V_g) from a seeded
 * SplittableRandom, as in the pSGLD and SGHMC toys). What a sampler's chain converges to on it
 * at a finite step is in {@link DiscretisedCovariance}.
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

  /**
   * This target scaled by s in every coordinate: N(s·μ, s²·Σ), so the energy gradients grow by 1/s
   * (used for Santa, whose preconditioner g ≈ E[f²]^{-1/4} sets its per-step friction g·sqrt(η)
   * and its stiffness ηg²λ, and is small only when gradients are large, as with the N-scaled
   * gradients of its intended use).
   */
  GaussianTarget scaled(double s) {
    double[] m = new double[d];
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i] = s * mean[i];
      for (int j = 0; j < d; j++) {
        c[i][j] = s * s * cov[i][j];
      }
    }
    return new GaussianTarget(name + " scaled by " + s, m, c);
  }

  /** μ + (sd_1, …, sd_d): a typical point one standard deviation from the mean in each coordinate. */
  float[] oneSdFromMean() {
    float[] t = new float[d];
    for (int i = 0; i < d; i++) {
      t[i] = (float) (mean[i] + Math.sqrt(cov[i][i]));
    }
    return t;
  }

  /** A gradient oracle for the samplers: ∇U(θ) (+ injected noise) into {@code grad}. */
  Gradient gradient(double gradNoiseVar, long seed) {
    SplittableRandom rng = new SplittableRandom(SamplerChains.seed(seed));
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

  /** ∇U(θ) into {@code grad}, for a θ of length d. */
  interface Gradient {
    void compute(float[] theta, float[] grad);
  }
}
