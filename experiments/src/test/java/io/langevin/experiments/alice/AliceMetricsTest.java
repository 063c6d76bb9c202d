package io.langevin.experiments.alice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The toy metrics on point sets whose answer is known. */
class AliceMetricsTest {

  /**
   * True samples score near 5: the posterior is one-hot to ~1e-20 (modes 14σ apart), so the score
   * is exp(H(p̂)) of the empirical mode frequencies p̂, ≈ 5·exp(−4/(2n)) ≈ 4.99 at n = 1024 (the
   * authors' classifier gave 4.977 on true samples).
   */
  @Test
  void trueSamplesScoreNearFive() {
    int n = 1024;
    float[] x = new float[2 * n];
    ToyData.sampleX(new SplittableRandom(3), x, null, n);
    double s = ToyMetrics.inceptionScore(x, n);
    assertTrue(s > 4.95 && s <= 5.0, "true-sample score " + s);
    assertEquals(5, ToyMetrics.modesCovered(x, n, ToyMetrics.MODE_FRACTION));
    assertTrue(ToyMetrics.onModeFraction(x, n) > 0.98, "3σ discs hold ~98.9% of each component");
  }

  /** All points on one mode score 1 (p(y|x) = p(y)); two modes equally filled score 2. */
  @Test
  void singleModeScoresOneAndTwoModesTwo() {
    int n = 1000;
    SplittableRandom r = new SplittableRandom(4);
    float[] one = new float[2 * n];
    float[] two = new float[2 * n];
    for (int i = 0; i < n; i++) {
      one[2 * i] = (float) (2 + 0.2 * r.nextGaussian());
      one[2 * i + 1] = (float) (2 + 0.2 * r.nextGaussian());
      double c = i % 2 == 0 ? 2 : -2;
      two[2 * i] = (float) (c + 0.2 * r.nextGaussian());
      two[2 * i + 1] = (float) (c + 0.2 * r.nextGaussian());
    }
    assertEquals(1.0, ToyMetrics.inceptionScore(one, n), 1e-3);
    assertEquals(2.0, ToyMetrics.inceptionScore(two, n), 1e-3);
    assertEquals(1, ToyMetrics.modesCovered(one, n, 0.01));
    assertEquals(2, ToyMetrics.modesCovered(two, n, 0.01));
  }

  /**
   * Mode counting: 50 points on (0,0), 30 at distance 0.5 of (2,2), one 0.59 from (−2,−2), one
   * 0.61 from (2,−2) (outside 3σ = 0.6), 18 far away.
   */
  @Test
  void modesCoveredCountsPointsWithinThreeSigma() {
    int n = 100;
    float[] p = new float[2 * n];
    int i = 0;
    for (int k = 0; k < 50; k++, i++) {
      p[2 * i] = 0;
      p[2 * i + 1] = 0;
    }
    for (int k = 0; k < 30; k++, i++) {
      p[2 * i] = 2.5f;
      p[2 * i + 1] = 2;
    }
    p[2 * i] = -2 + 0.59f;
    p[2 * i + 1] = -2;
    i++;
    p[2 * i] = 2 + 0.61f;
    p[2 * i + 1] = -2;
    i++;
    for (; i < n; i++) {
      p[2 * i] = 10;
      p[2 * i + 1] = 10;
    }
    assertArrayEquals(new int[] {50, 30, 1, 0, 0}, ToyMetrics.modeCounts(p, n));
    assertEquals(3, ToyMetrics.modesCovered(p, n, 0.01), "1% of 100 = 1 point suffices");
    assertEquals(2, ToyMetrics.modesCovered(p, n, 0.02), "2 points needed: the single one fails");
    assertEquals(1, ToyMetrics.modesCovered(p, n, 0.5), "50 points meet 50%");
    assertEquals(3, ToyMetrics.modesCovered(p, n, 0), "fraction 0 still needs one point");
    assertEquals(0.81, ToyMetrics.onModeFraction(p, n), 1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ToyMetrics.modesCovered(p, n, 1.5));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ToyMetrics.modesCovered(p, 101, 0.1));
    assertTrue(e.getMessage().contains("n=101") && e.getMessage().contains("200"), e.getMessage());
  }

  /** MSE is a mean over elements; anchor agreement follows the pairing. */
  @Test
  void mseAndAnchorAgreement() {
    assertEquals(2.5, ToyMetrics.mse(new float[] {1, 2}, new float[] {0, 0}, 2), 1e-12);
    float[] xa = ToyData.anchorsX(false);
    float[] za = ToyData.anchorsZ();
    // The points x = 2·x_a map to z = −0.9·x_a (all prescribed), or to z = +x_a (only (0,0) right).
    float[] from = new float[xa.length];
    float[] good = new float[xa.length];
    float[] bad = new float[xa.length];
    for (int i = 0; i < xa.length; i++) {
      from[i] = 2 * xa[i];
      good[i] = -0.9f * xa[i];
      bad[i] = xa[i];
    }
    assertEquals(1.0, ToyMetrics.anchorAgreement(from, good, 5, xa, za), 0);
    assertEquals(0.2, ToyMetrics.anchorAgreement(from, bad, 5, xa, za), 1e-12);
  }
}
