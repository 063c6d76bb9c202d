package io.langevin.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * EffectiveSampleSize on AR(1) chains x_t = ρ x_{t−1} + sqrt(1−ρ²) ε_t, whose integrated
 * autocorrelation time is τ = (1+ρ)/(1−ρ), so ESS/n → (1−ρ)/(1+ρ).
 *
 * <p>Tolerance: Sokal's (1997) approximation for a sum of autocorrelations up to lag M, var(τ̂)/τ²
 * ≈ 2(2M+1)/n, with M = 2·pairs the lags Geyer's rule actually summed; we allow 4 of those standard
 * deviations. Checked once against 20 seeds at n = 2·10^5: the observed relative sd of ESS/n was
 * 0.006, 0.017, 0.037 for ρ = 0, 0.5, 0.9 against Sokal's 0.0095, 0.013, 0.037, so 4 Sokal sd is at
 * least 3 observed sd. The truncation bias (≈ −0.5% at n = 2·10^5 for ρ = 0) is inside that.
 */
class EffectiveSampleSizeTest {

  static double[] ar1(double rho, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double s = Math.sqrt(1 - rho * rho);
    double[] x = new double[n];
    x[0] = rnd.nextGaussian(); // stationary start
    for (int i = 1; i < n; i++) {
      x[i] = rho * x[i - 1] + s * rnd.nextGaussian();
    }
    return x;
  }

  private static void assertEssRatio(double rho, int n, long seed) {
    EffectiveSampleSize.Estimate e = EffectiveSampleSize.estimate(ar1(rho, n, seed));
    double expected = (1 - rho) / (1 + rho);
    double relSd = Math.sqrt(2.0 * (2 * 2 * e.pairs() + 1) / n);
    double ratio = e.ess() / n;
    assertEquals(
        expected, ratio, 4 * relSd * expected, "rho = " + rho + ": " + e + ", rel sd " + relSd);
    assertEquals(n / e.tau(), e.ess(), 1e-9 * e.ess());
    assertEquals(n, e.draws());
  }

  @Test
  void ar1ChainsOfAMillionDraws() {
    int n = 1_000_000;
    assertEssRatio(0.0, n, 1);
    assertEssRatio(0.5, n, 2);
    assertEssRatio(0.9, n, 3);
  }

  @Test
  void iidChainHasEssNearN() {
    int n = 200_000;
    double[] x = new double[n];
    SplittableRandom rnd = new SplittableRandom(4);
    for (int i = 0; i < n; i++) {
      x[i] = 3 + 2 * rnd.nextGaussian(); // location and scale do not matter
    }
    EffectiveSampleSize.Estimate e = EffectiveSampleSize.estimate(x);
    double relSd = Math.sqrt(2.0 * (2 * 2 * e.pairs() + 1) / n);
    assertEquals(1.0, e.ess() / n, 4 * relSd, e.toString());
  }

  @Test
  void antitheticChainHasEssAboveN() {
    // rho = -0.5: tau = 1/3, ESS = 3n (below the n·log10(n) cap).
    assertEssRatio(-0.5, 200_000, 5);
  }

  @Test
  void fftAndDirectAutocovariancesAgree() {
    // FFT error is ~eps·log2(N) relative to γ_0 (all terms are bounded by γ_0).
    SplittableRandom rnd = new SplittableRandom(6);
    for (int n : new int[] {4, 5, 7, 8, 9, 13, 16, 17, 31, 100, 1021, 4099}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 5 + rnd.nextGaussian();
      }
      double[] direct = EffectiveSampleSize.autocovarianceDirect(x);
      double[] fft = EffectiveSampleSize.autocovarianceFft(x);
      // Independent reference for a few lags.
      double mean = 0;
      for (double v : x) {
        mean += v;
      }
      mean /= n;
      for (int t : new int[] {0, 1, n / 2, n - 1}) {
        double s = 0;
        for (int i = 0; i + t < n; i++) {
          s += (x[i] - mean) * (x[i + t] - mean);
        }
        assertEquals(s / n, direct[t], 1e-13 * direct[0], "direct n=" + n + " t=" + t);
      }
      for (int t = 0; t < n; t++) {
        assertEquals(direct[t], fft[t], 1e-12 * direct[0], "fft n=" + n + " t=" + t);
      }
    }
  }

  @Test
  void fftPathMatchesDirectPathAcrossTheCacheBlock() {
    // rho = 0.97 needs well over 64 lags, so the default path switches to the FFT; n > 2^14 makes
    // the complex FFT (length 2^15 here) run stages beyond its cache block.
    double[] x = ar1(0.97, 20_000, 7);
    EffectiveSampleSize.Estimate viaFft = EffectiveSampleSize.estimate(x);
    assertTrue(2 * viaFft.pairs() > EffectiveSampleSize.DIRECT_LAGS, viaFft.toString());
    EffectiveSampleSize.Estimate direct = EffectiveSampleSize.estimate(x, Integer.MAX_VALUE);
    assertEquals(direct.pairs(), viaFft.pairs());
    assertEquals(direct.ess(), viaFft.ess(), 1e-9 * direct.ess());
  }

  @Test
  void severalChains() {
    int n = 50_000;
    double[][] chains = new double[4][];
    for (int j = 0; j < 4; j++) {
      chains[j] = ar1(0.5, n, 10 + j);
    }
    EffectiveSampleSize.Estimate e = EffectiveSampleSize.estimateChains(chains);
    double relSd = Math.sqrt(2.0 * (2 * 2 * e.pairs() + 1) / (4.0 * n));
    assertEquals(4.0 * n / 3, e.ess(), 4 * relSd * 4.0 * n / 3, e.toString());
    // One chain stuck elsewhere (mean shifted by 1 sd): far fewer effective draws.
    for (int i = 0; i < n; i++) {
      chains[0][i] += 1;
    }
    double shifted = EffectiveSampleSize.ofChains(chains);
    assertTrue(shifted < e.ess() / 4, "shifted " + shifted + " vs " + e.ess());
    // One chain: the single-chain estimator.
    assertEquals(
        EffectiveSampleSize.of(chains[1]),
        EffectiveSampleSize.ofChains(new double[][] {chains[1]}));
  }

  @Test
  void rejectsBadChains() {
    IllegalArgumentException shortChain =
        assertThrows(IllegalArgumentException.class, () -> EffectiveSampleSize.of(new double[3]));
    assertTrue(shortChain.getMessage().contains("3 draws"), shortChain.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> EffectiveSampleSize.of(new double[] {1, 2, Double.NaN, 4, 5}));
    assertTrue(nan.getMessage().contains("draw 2"), nan.getMessage());
    IllegalArgumentException constant =
        assertThrows(
            IllegalArgumentException.class,
            () -> EffectiveSampleSize.of(new double[] {7, 7, 7, 7}));
    assertTrue(constant.getMessage().contains("constant"), constant.getMessage());
    IllegalArgumentException unequal =
        assertThrows(
            IllegalArgumentException.class,
            () -> EffectiveSampleSize.ofChains(new double[][] {ar1(0, 10, 1), ar1(0, 11, 2)}));
    assertTrue(
        unequal.getMessage().contains("11") && unequal.getMessage().contains("10"),
        unequal.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> EffectiveSampleSize.ofChains(new double[0][]));
  }
}
