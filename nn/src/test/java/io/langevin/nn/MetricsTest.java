package io.langevin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Accuracy, NLL, softmax and the expected calibration error on hand-computed examples. */
class MetricsTest {

  @Test
  void eceOneExamplePerBin() {
    // confidences 0.9 (right), 0.82 (wrong), 0.7 (right), 0.55 (right): bins 13, 12, 10, 8 of 15
    float[] p = {0.9f, 0.1f, 0.82f, 0.18f, 0.3f, 0.7f, 0.55f, 0.45f};
    int[] y = {0, 1, 1, 0};
    double ece = (0.1 + 0.82 + 0.3 + 0.45) / 4; // 0.4175
    assertEquals(ece, Metrics.expectedCalibrationError(p, y, 2), 1e-6);
    Metrics.Reliability r = Metrics.reliability(p, y, 2, 15);
    assertEquals(1, r.count()[13]);
    assertEquals(1, r.count()[12]);
    assertEquals(1, r.count()[10]);
    assertEquals(1, r.count()[8]);
    assertEquals(0.0, r.accuracy()[12]);
    assertEquals(0.82, r.confidence()[12], 1e-6);
    assertEquals(0.75, Metrics.accuracy(p, y, 2), 0);
    double nll = -(Math.log(0.9) + Math.log(0.18) + Math.log(0.7) + Math.log(0.55)) / 4;
    assertEquals(nll, Metrics.nll(p, y, 2), 1e-6);
  }

  @Test
  void eceSharedBin() {
    // 0.9 (right) and 0.92 (wrong) share bin 13: |0.5 − 0.91|·2/3; 0.62 (right) in bin 9: 0.38/3
    float[] p = {0.9f, 0.05f, 0.05f, 0.04f, 0.04f, 0.92f, 0.62f, 0.2f, 0.18f};
    int[] y = {0, 0, 0};
    assertEquals(0.41 * 2 / 3 + 0.38 / 3, Metrics.expectedCalibrationError(p, y, 3), 1e-6);
    // one bin: |mean accuracy − mean confidence| = |2/3 − 0.8133|
    assertEquals(
        Math.abs(2.0 / 3 - (0.9 + 0.92 + 0.62) / 3),
        Metrics.expectedCalibrationError(p, y, 3, 1),
        1e-6);
  }

  @Test
  void calibratedPredictionsHaveZeroEce() {
    // ten predictions at confidence 0.7, seven of them right
    float[] p = new float[20];
    int[] y = new int[10];
    for (int r = 0; r < 10; r++) {
      p[2 * r] = 0.7f;
      p[2 * r + 1] = 0.3f;
      y[r] = r < 7 ? 0 : 1;
    }
    assertEquals(0, Metrics.expectedCalibrationError(p, y, 2), 1e-6);
    // confidence exactly 1 goes to the last bin
    Metrics.Reliability r = Metrics.reliability(new float[] {1f, 0f}, new int[] {0}, 2, 15);
    assertEquals(1, r.count()[14]);
    assertEquals(0, r.ece(), 0);
  }

  @Test
  void softmaxAndNll() {
    float[] logits = {1f, 2f, 3f, 1000f, 0f, -1000f};
    float[] p = Metrics.softmax(logits, 2, 3);
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(
        new float[] {
          (float) (Math.exp(1) / z), (float) (Math.exp(2) / z), (float) (Math.exp(3) / z), 1, 0, 0
        },
        p,
        1e-7f);
    // p = 0 is clamped at NLL_FLOOR
    assertEquals(
        (-Math.log(Math.exp(1) / z) - Math.log(Metrics.NLL_FLOOR)) / 2,
        Metrics.nll(p, new int[] {0, 2}, 3),
        1e-5);
  }

  @Test
  void badInputs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Metrics.accuracy(new float[5], new int[] {0, 1}, 3));
    assertTrue(e.getMessage().contains("5 floats"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Metrics.nll(new float[4], new int[] {0, 2}, 2));
    assertTrue(e.getMessage().contains("label 2"), e.getMessage());
  }

  @Test
  void entropyOfUniformAndOneHotRows() {
    float[] p = {0.25f, 0.25f, 0.25f, 0.25f, 0, 1, 0, 0, 0.5f, 0.5f, 0, 0};
    double[] h = Metrics.entropy(p, 3, 4);
    assertEquals(Math.log(4), h[0], 1e-7);
    assertEquals(0, h[1], 0);
    assertEquals(Math.log(2), h[2], 1e-7);
    boolean[] wrong = Metrics.misclassified(p, new int[] {0, 1, 1}, 4);
    assertEquals(false, wrong[0]);
    assertEquals(false, wrong[1]);
    assertEquals(true, wrong[2]);
  }

  /** AUROC against the definition: the fraction of (positive, negative) pairs ordered right. */
  @Test
  void aurocMatchesPairCounting() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int n : new int[] {2, 7, 50, 301}) {
      double[] s = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(20) / 4.0 + (i % 3 == 0 ? 1 : 0); // ties on purpose
        pos[i] = i % 3 == 0 || r.nextInt(5) == 0;
      }
      pos[0] = true;
      pos[1] = false;
      double pairs = 0;
      double good = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (pos[i] && !pos[j]) {
            pairs++;
            good += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          }
        }
      }
      assertEquals(good / pairs, Metrics.auroc(s, pos), 1e-12, "n = " + n);
    }
    assertEquals(1.0, Metrics.auroc(new double[] {0, 1, 2}, new boolean[] {false, true, true}));
    assertEquals(0.0, Metrics.auroc(new double[] {0, 1, 2}, new boolean[] {true, false, false}));
    assertEquals(0.5, Metrics.auroc(new double[] {1, 1}, new boolean[] {true, false}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Metrics.auroc(new double[] {1, 2}, new boolean[] {true, true}));
    assertTrue(e.getMessage().contains("2 positive and 0 negative"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.auroc(new double[] {1, Double.NaN}, new boolean[] {true, false}));
  }
}
