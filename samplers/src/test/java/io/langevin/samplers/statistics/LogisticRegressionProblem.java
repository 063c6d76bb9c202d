package io.langevin.samplers.statistics;

import java.util.SplittableRandom;

/**
 * Bayesian logistic regression on a synthetic data set, the non-Gaussian target of the
 * statistical tests: N = 500 points, 3 standard-normal features plus a constant 1 (bias), labels
 * y ~ Bernoulli(σ(xᵀw*)) with the true weights w* = (1, −2, 0.5, −0.5) (bias last), all drawn from
 * SplittableRandom(20261128); prior N(0, σ_p² I) with σ_p² = 10 (precision λ = 0.1).
 *
 * <p>Energy U(w) = λ/2·|w|² + Σ_i [log(1 + e^{x_iᵀw}) − y_i x_iᵀw]; its likelihood gradient Σ_i
 * (σ(x_iᵀw) − y_i) x_i is what a sampler receives, the sampler adding the gradient scale and the
 * prior term. Everything here is double; the minibatch oracle rounds to float once.
 */
final class LogisticRegressionProblem {
  static final int N = 500;
  static final int D = 4;
  static final double[] TRUE_W = {1, -2, 0.5, -0.5};
  static final double PRIOR_PRECISION = 0.1;

  final double[][] x = new double[N][D];
  final double[] y = new double[N];

  LogisticRegressionProblem() {
    SplittableRandom r = new SplittableRandom(20261128L);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D - 1; j++) {
        x[i][j] = r.nextGaussian();
      }
      x[i][D - 1] = 1;
      double p = sigmoid(dot(x[i], TRUE_W));
      y[i] = r.nextDouble() < p ? 1 : 0;
    }
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** log(1 + e^z) without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  /** Full energy U(w) (prior included). */
  double energy(double[] w) {
    return energyAndGradient(w, new double[D]);
  }

  /** Full energy gradient ∇U(w) (prior included) into {@code g}; returns U(w). */
  double energyAndGradient(double[] w, double[] g) {
    double u = 0.5 * PRIOR_PRECISION * dot(w, w);
    double g0 = PRIOR_PRECISION * w[0], g1 = PRIOR_PRECISION * w[1];
    double g2 = PRIOR_PRECISION * w[2], g3 = PRIOR_PRECISION * w[3];
    for (int i = 0; i < N; i++) {
      double[] xi = x[i];
      double z = xi[0] * w[0] + xi[1] * w[1] + xi[2] * w[2] + xi[3] * w[3];
      // one exp for both log(1 + e^z) and σ(z): e = e^{−|z|}
      double e = Math.exp(-Math.abs(z));
      double sig = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      u += Math.max(z, 0) + Math.log(1 + e) - y[i] * z; // log, not log1p: 5x faster, abs error 1e-16 per term
      double r = sig - y[i];
      g0 += r * xi[0];
      g1 += r * xi[1];
      g2 += r * xi[2];
      g3 += r * xi[3];
    }
    g[0] = g0;
    g[1] = g1;
    g[2] = g2;
    g[3] = g3;
    return u;
  }

  /** Hessian of U at w (prior included). */
  double[][] hessian(double[] w) {
    double[][] h = new double[D][D];
    for (int j = 0; j < D; j++) {
      h[j][j] = PRIOR_PRECISION;
    }
    for (int i = 0; i < N; i++) {
      double p = sigmoid(dot(x[i], w));
      double s = p * (1 - p);
      for (int j = 0; j < D; j++) {
        for (int k = 0; k < D; k++) {
          h[j][k] += s * x[i][j] * x[i][k];
        }
      }
    }
    return h;
  }

  /** The posterior mode by Newton's method (U is strictly convex). */
  double[] mode() {
    double[] w = new double[D];
    double[] g = new double[D];
    for (int it = 0; it < 100; it++) {
      energyAndGradient(w, g);
      double[][] hinv = StationaryCovariance.inverse(hessian(w));
      double step = 0;
      for (int j = 0; j < D; j++) {
        double dj = dot(hinv[j], g);
        w[j] -= dj;
        step = Math.max(step, Math.abs(dj));
      }
      if (step < 1e-13) {
        return w;
      }
    }
    throw new IllegalStateException("Newton did not converge");
  }

  /**
   * Covariance of the minibatch likelihood-gradient estimate (N/n)·Σ_{i∈B} ∇ℓ_i(w) for a batch of
   * n drawn without replacement: (N²/n)(1 − n/N)·S², S² the (N−1)-divisor covariance of the
   * per-datum gradients ∇ℓ_i(w) = (σ(x_iᵀw) − y_i)x_i.
   */
  double[][] minibatchNoiseCovariance(double[] w, int n) {
    double[][] gi = new double[N][D];
    double[] mean = new double[D];
    for (int i = 0; i < N; i++) {
      double r = sigmoid(dot(x[i], w)) - y[i];
      for (int j = 0; j < D; j++) {
        gi[i][j] = r * x[i][j];
        mean[j] += gi[i][j] / N;
      }
    }
    double f = (double) N * N / n * (1 - (double) n / N) / (N - 1);
    double[][] v = new double[D][D];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < D; j++) {
        for (int k = 0; k < D; k++) {
          v[j][k] += f * (gi[i][j] - mean[j]) * (gi[i][k] - mean[k]);
        }
      }
    }
    return v;
  }

  /**
   * The minibatch oracle a sampler sees: Σ_{i∈B} (σ(x_iᵀw) − y_i)x_i over a fresh batch of
   * {@code n} distinct indices per call (partial Fisher–Yates on a persistent permutation, so
   * batches are uniform and independent across calls), from SplittableRandom(seed). The sampler
   * multiplies it by its gradient scale N/n and adds the prior term.
   */
  GaussianTarget.Gradient minibatchLikelihoodGradient(int n, long seed) {
    SplittableRandom r = new SplittableRandom(SamplerChains.seed(seed));
    int[] perm = new int[N];
    for (int i = 0; i < N; i++) {
      perm[i] = i;
    }
    double[] w = new double[D];
    double[] g = new double[D];
    return (theta, grad) -> {
      for (int j = 0; j < D; j++) {
        w[j] = theta[j];
        g[j] = 0;
      }
      for (int k = 0; k < n; k++) {
        int s = k + r.nextInt(N - k);
        int i = perm[s];
        perm[s] = perm[k];
        perm[k] = i;
        double[] xi = x[i];
        double res = sigmoid(xi[0] * w[0] + xi[1] * w[1] + xi[2] * w[2] + xi[3] * w[3]) - y[i];
        for (int j = 0; j < D; j++) {
          g[j] += res * xi[j];
        }
      }
      for (int j = 0; j < D; j++) {
        grad[j] = (float) g[j];
      }
    };
  }
}
