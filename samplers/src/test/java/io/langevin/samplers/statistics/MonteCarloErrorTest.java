package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The test-scoped Monte Carlo error estimate that every tolerance in this package rests on,
 * checked on AR(1) series x_t = ρx_{t−1} + sqrt(1−ρ²)·e_t (unit variance) whose integrated
 * autocorrelation time τ = (1+ρ)/(1−ρ) is known exactly.
 */
class MonteCarloErrorTest {
  private static double[] ar1(double rho, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    double s = Math.sqrt(1 - rho * rho);
    double v = r.nextGaussian(); // start in the stationary law
    for (int t = 0; t < n; t++) {
      v = rho * v + s * r.nextGaussian();
      x[t] = v;
    }
    return x;
  }

  /**
   * ESS = n/τ within 15% for τ = 1, 19 and 1999. Why 15%: Geyer's estimate of τ is a truncated
   * spectral sum over about 6τ/b lags of m = n/b batch means; its relative sd is about
   * sqrt(2·(2·lags+1)/m) ≈ 2–4% for these n, so 15% is ≥ 4 sd.
   */
  @Test
  void essMatchesAr1() {
    double[][] cases = {{0.0, 200_000}, {0.9, 200_000}, {0.999, 2_000_000}};
    long seed = 11;
    for (double[] c : cases) {
      double rho = c[0];
      int n = (int) c[1];
      double tau = (1 + rho) / (1 - rho);
      double ess = MonteCarloError.ess(ar1(rho, n, seed++));
      assertEquals(n / tau, ess, 0.15 * n / tau, "ρ = " + rho + ", n = " + n);
    }
  }

  /**
   * Calibration: over 400 independent AR(1) chains (ρ = 0.95, n = 20,000, true mean 0) the
   * interval mean ± 1.96·SE misses 0 in about 5% of chains: 20 expected, binomial sd 4.4, so [6,
   * 36] is ±3.2 sd.
   */
  @Test
  void standardErrorIsCalibrated() {
    int misses = 0;
    for (int k = 0; k < 400; k++) {
      double[] x = ar1(0.95, 20_000, 1000 + k);
      if (Math.abs(MonteCarloError.mean(x)) > 1.96 * MonteCarloError.standardError(x)) {
        misses++;
      }
    }
    assertTrue(misses >= 6 && misses <= 36, "misses " + misses + " of 400, expected about 20");
  }

  /**
   * A chain far too short for its correlation (true ESS 1 and 10 out of 200,000) cannot be
   * resolved; the estimate must then stay small enough that {@link ChainMoments}' floor of {@link
   * ChainMoments#MIN_ESS} rejects it (the estimate is biased upwards there, so the bound is loose:
   * below MIN_ESS/4). A series shorter than 4·MAX_LAG is an error.
   */
  @Test
  void unresolvableChainsAreFlagged() {
    assertThrows(IllegalArgumentException.class, () -> MonteCarloError.ess(new double[100]));
    for (double rho : new double[] {0.99999, 0.9999}) {
      double ess;
      try {
        ess = MonteCarloError.ess(ar1(rho, 200_000, 5));
      } catch (IllegalStateException e) {
        continue; // also a rejection
      }
      assertTrue(ess < ChainMoments.MIN_ESS / 4, "ρ = " + rho + ": estimated ESS " + ess);
    }
  }
}
