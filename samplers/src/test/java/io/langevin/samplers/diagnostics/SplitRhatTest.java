package io.langevin.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * SplitRhat: a hand-computed case, same-distribution chains, shifted and rescaled chains.
 *
 * <p>Why the thresholds hold: for m = 4 stationary chains split into M = 8 halves of N = 5000 draws
 * with integrated autocorrelation time τ = 3 (AR(1), ρ = 0.5), B/W ≈ τ·χ²_7/7, so R̂ − 1 ≈
 * (τ·χ²_7/7 − 1)/(2N) ≤ 3·3.5/10^4 ≈ 0.001 even at the 99.9% point of χ²_7/7: far below 0.01.
 * Shifting one chain by 2 (marginal sd 1) makes the 8 split means (2, 2, 0, …, 0): their variance
 * is 6/7, so var⁺/W ≈ 1 + 6/7 and R̂ ≈ 1.36.
 */
class SplitRhatTest {

  private static double[][] chains(int m, int n, long seed) {
    double[][] c = new double[m][];
    for (int j = 0; j < m; j++) {
      c[j] = EffectiveSampleSizeTest.ar1(0.5, n, seed + j);
    }
    return c;
  }

  @Test
  void handComputedClassic() {
    // Halves [1,2] [3,4] [2,4] [6,8]: means 1.5 3.5 3 7, grand mean 3.75,
    // B = 2/3·(2.25² + 0.25² + 0.75² + 3.25²) = 2/3·16.25, W = (0.5 + 0.5 + 2 + 2)/4 = 1.25,
    // var⁺ = ½·1.25 + B/2, R̂ = sqrt(var⁺/W) = 2.1984843263788196.
    double[][] c = {{1, 2, 3, 4}, {2, 4, 6, 8}};
    assertEquals(2.1984843263788196, SplitRhat.classic(c), 1e-14);
    assertEquals(SplitRhat.classic(c), SplitRhat.of(c));
    // Odd length: the middle draw is dropped, whatever it is.
    double[][] odd = {{1, 2, 100, 3, 4}, {2, 4, -50, 6, 8}};
    assertEquals(2.1984843263788196, SplitRhat.classic(odd), 1e-14);
  }

  @Test
  void sameDistributionIsBelow1_01() {
    double[][] c = chains(4, 10_000, 100);
    double classic = SplitRhat.classic(c);
    double ranked = SplitRhat.rankNormalized(c);
    assertTrue(classic < 1.01 && classic > 0.99, "classic " + classic);
    assertTrue(ranked < 1.01 && ranked > 0.99, "rank-normalised " + ranked);
    assertTrue(SplitRhat.bulk(c) <= ranked && SplitRhat.folded(c) <= ranked);
  }

  @Test
  void shiftedChainIsClearlyAbove1_1() {
    double[][] c = chains(4, 10_000, 200);
    for (int i = 0; i < c[2].length; i++) {
      c[2][i] += 2;
    }
    double classic = SplitRhat.classic(c);
    double ranked = SplitRhat.rankNormalized(c);
    assertTrue(classic > 1.1, "classic " + classic);
    assertTrue(ranked > 1.1, "rank-normalised " + ranked);
  }

  @Test
  void aDriftingChainIsCaughtBySplitting() {
    // Every chain has the same overall mean, but each drifts from -2 to +2: only the split halves
    // disagree (half means ±1, within-half variance 1 + 4/12, so R̂ ≈ sqrt(1 + (8/7)/(4/3)) ≈
    // 1.36).
    double[][] c = chains(4, 10_000, 300);
    for (double[] x : c) {
      for (int i = 0; i < x.length; i++) {
        x[i] += -2 + 4.0 * i / (x.length - 1);
      }
    }
    assertTrue(SplitRhat.classic(c) > 1.1, "classic " + SplitRhat.classic(c));
  }

  @Test
  void rescaledChainIsCaughtOnlyByTheFoldedRankForm() {
    // Same mean, one chain three times as wide: the classic (mean-based) R̂ stays near 1, the
    // folded
    // rank-normalised R̂ sees the scale difference.
    double[][] c = chains(4, 10_000, 400);
    for (int i = 0; i < c[1].length; i++) {
      c[1][i] *= 3;
    }
    double classic = SplitRhat.classic(c);
    double ranked = SplitRhat.rankNormalized(c);
    assertTrue(classic < 1.01, "classic " + classic);
    assertTrue(ranked > 1.05, "rank-normalised " + ranked);
    assertEquals(ranked, SplitRhat.folded(c));
  }

  @Test
  void tiesGetAverageRanks() {
    // Discrete draws (0/1): ties everywhere; normal scores must stay finite and symmetric.
    double[][] c = {{0, 1, 0, 1, 0, 1}, {1, 0, 1, 0, 1, 0}};
    double[][] z = SplitRhat.normalScores(SplitRhat.split(c));
    // 12 pooled draws, six 0s (ranks 1..6, average 3.5) and six 1s (average 9.5).
    double low = SplitRhat.probit((3.5 - 0.375) / 12.25);
    double high = SplitRhat.probit((9.5 - 0.375) / 12.25);
    assertEquals(low, z[0][0], 0);
    assertEquals(high, z[0][1], 0);
    assertEquals(-low, high, 1e-15);
    // The folded draws are all |0 or 1 − ½| = ½: only the bulk R̂ is defined and returned.
    assertEquals(SplitRhat.bulk(c), SplitRhat.rankNormalized(c));
    assertThrows(IllegalArgumentException.class, () -> SplitRhat.folded(c));
  }

  @Test
  void probitKnownValues() {
    assertEquals(0.0, SplitRhat.probit(0.5), 0);
    assertEquals(1.959963984540054, SplitRhat.probit(0.975), 1e-14);
    assertEquals(-1.959963984540054, SplitRhat.probit(0.025), 1e-14);
    assertEquals(1.0, SplitRhat.probit(0.8413447460685429), 1e-14); // Φ(1)
    assertEquals(-0.5244005127080407, SplitRhat.probit(0.3), 1e-14);
    assertEquals(-6.361340902404056, SplitRhat.probit(1e-10), 1e-13); // tail branch (r > 5)
    assertThrows(IllegalArgumentException.class, () -> SplitRhat.probit(0));
    assertThrows(IllegalArgumentException.class, () -> SplitRhat.probit(1));
  }

  @Test
  void rejectsBadChains() {
    IllegalArgumentException one =
        assertThrows(
            IllegalArgumentException.class, () -> SplitRhat.of(new double[][] {{1, 2, 3, 4}}));
    assertTrue(one.getMessage().contains("got 1"), one.getMessage());
    IllegalArgumentException unequal =
        assertThrows(
            IllegalArgumentException.class,
            () -> SplitRhat.of(new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4, 5}}));
    assertTrue(unequal.getMessage().contains("chain 1 has 5"), unequal.getMessage());
    IllegalArgumentException shortChains =
        assertThrows(
            IllegalArgumentException.class,
            () -> SplitRhat.of(new double[][] {{1, 2, 3}, {1, 2, 3}}));
    assertTrue(shortChains.getMessage().contains("3 draws"), shortChains.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> SplitRhat.of(new double[][] {{1, 2, 3, 4}, {1, Double.POSITIVE_INFINITY, 3, 4}}));
    assertTrue(
        nan.getMessage().contains("chain 1") && nan.getMessage().contains("draw 1"),
        nan.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SplitRhat.of(new double[][] {{1, 1, 2, 2}, {3, 3, 4, 4}}));
  }
}
