package io.langevin.samplers.statistics;

/**
 * The Monte Carlo standard error of a chain average, from Geyer's (1992) initial monotone
 * sequence estimate of the integrated autocorrelation time, for the statistical tests of this
 * package (test-scoped on purpose: the tests must not depend on the library's own diagnostics).
 *
 * <p>To keep the cost O(n) for slowly mixing chains the series is first replaced by means of
 * consecutive batches of b samples (b a power of two, starting where at most 50,000 batches
 * remain) and b is doubled until Geyer's sequence ends before lag {@link #MAX_LAG}. The grand
 * mean of the batch means is the grand mean of the series, so Var(mean) = γ₀(y)·τ(y)/m for the m
 * batch means y is an estimate of the same quantity at every b; batching only drops lags that the
 * estimator could not resolve anyway. Checked against AR(1) series of known τ in {@code
 * MonteCarloErrorTest}.
 */
final class MonteCarloError {
  /** Geyer's sequence must end before this lag of the (batched) series, else b is doubled. */
  static final int MAX_LAG = 100;

  private static final int MAX_BATCHES = 50_000;

  private MonteCarloError() {}

  /** Mean of {@code x}. */
  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Sample variance of {@code x} (divisor n). */
  static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / x.length;
  }

  /** Estimated variance of the mean of {@code x}, Var(x̄) = Var(x)·τ/n. */
  static double varianceOfMean(double[] x) {
    int n = x.length;
    if (n < 4 * MAX_LAG) {
      throw new IllegalArgumentException("series of " + n + " values, need at least " + 4 * MAX_LAG);
    }
    int b = 1;
    while (n / b > MAX_BATCHES) {
      b *= 2;
    }
    while (true) {
      int m = n / b;
      if (m < 4 * MAX_LAG) {
        throw new IllegalStateException(
            "autocorrelation longer than the chain can resolve: n = "
                + n
                + ", still correlated at lag "
                + MAX_LAG
                + " of batches of "
                + b);
      }
      // Batch means over the first m·b values; the remaining < b values are dropped.
      double[] y = new double[m];
      for (int k = 0, i = 0; k < m; k++) {
        double s = 0;
        for (int j = 0; j < b; j++) {
          s += x[i++];
        }
        y[k] = s / b;
      }
      double tau = geyerTau(y);
      if (!Double.isNaN(tau)) {
        return variance(y) * tau / m;
      }
      b *= 2;
    }
  }

  /** Standard error of the mean of {@code x}. */
  static double standardError(double[] x) {
    return Math.sqrt(varianceOfMean(x));
  }

  /** Effective sample size n·Var(x)/(n·Var(x̄)) = Var(x)/Var(x̄). */
  static double ess(double[] x) {
    return variance(x) / varianceOfMean(x);
  }

  /**
   * Integrated autocorrelation time τ = −1 + 2·Σ Γ_k of {@code y} by the initial monotone
   * sequence (Γ_k = ρ_{2k} + ρ_{2k+1}, summed while positive, each capped by the previous one), or
   * NaN if the sequence has not ended by lag {@link #MAX_LAG}.
   */
  static double geyerTau(double[] y) {
    int m = y.length;
    double mu = mean(y);
    double[] c = new double[m];
    for (int i = 0; i < m; i++) {
      c[i] = y[i] - mu;
    }
    double g0 = autocov(c, 0);
    if (g0 == 0) {
      return 1;
    }
    double sum = 0;
    double prev = Double.POSITIVE_INFINITY;
    for (int k = 0; 2 * k + 1 < MAX_LAG; k++) {
      double pair = (autocov(c, 2 * k) + autocov(c, 2 * k + 1)) / g0;
      if (pair <= 0) {
        return Math.max(-1 + 2 * sum, 1.0 / Math.log10(m));
      }
      prev = Math.min(prev, pair);
      sum += prev;
    }
    return Double.NaN;
  }

  private static double autocov(double[] c, int lag) {
    double s = 0;
    for (int i = 0, n = c.length - lag; i < n; i++) {
      s += c[i] * c[i + lag];
    }
    return s / c.length;
  }
}
