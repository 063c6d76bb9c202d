package io.langevin.samplers.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.samplers.averaging.ModelAverage.Space;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ModelAverage on a hand-computed case: 2 samples × 2 examples × 3 classes with probabilities that
 * are exact binary fractions, so the only rounding is in double arithmetic (tolerance 1e-12).
 *
 * <pre>
 *   sample 1: example 0 (0.625, 0.25, 0.125), example 1 (0.25, 0.25, 0.5)
 *   sample 2: example 0 (0.375, 0.5, 0.125),  example 1 (0.75, 0.125, 0.125)
 * </pre>
 *
 * Entropies in nats: H(s1,e0) = 0.90025605126853692, H(s2,e0) = 0.97431475286934943, H(s1,e1) =
 * 1.0397207708399179, H(s2,e1) = 0.73562193975879464 (each −Σ p ln p, evaluated by
 * hand/calculator).
 */
class ModelAverageTest {

  private static final double TOL = 1e-12;
  private static final float[] S1 = {0.625f, 0.25f, 0.125f, 0.25f, 0.25f, 0.5f};
  private static final float[] S2 = {0.375f, 0.5f, 0.125f, 0.75f, 0.125f, 0.125f};

  /** A "model" whose prediction is selected by θ[0]: 1 → S1, 2 → S2. */
  private static final Predictor TWO_MODELS = theta -> theta[0] == 1 ? S1 : S2;

  @Test
  void equalWeights() {
    ModelAverage avg = new ModelAverage(TWO_MODELS, 3);
    avg.add(new float[] {1}, 0.5);
    avg.accept(77, 0.5, new float[] {2}); // as a SampleSink
    assertEquals(2, avg.examples());
    assertEquals(2, avg.samples());
    assertEquals(1.0, avg.totalWeight());
    // Mean: (s1 + s2)/2.
    assertArrayEquals(
        new double[] {0.5, 0.375, 0.125, 0.5, 0.1875, 0.3125}, avg.meanProbabilities(), TOL);
    // Std with two equal weights: |p1 − p2|/2.
    assertArrayEquals(
        new double[] {0.125, 0.125, 0, 0.25, 0.0625, 0.1875}, avg.standardDeviations(), TOL);
    assertArrayEquals(new int[] {0, 0}, avg.predictedClasses());
    assertArrayEquals(new double[] {0.125, 0.25}, avg.predictiveStd(), TOL);
    // H(mean): e0 = −(.5 ln .5 + .375 ln .375 + .125 ln .125); e1 likewise.
    assertArrayEquals(new double[] {0.97431475286934943, 1.0239287996389363}, avg.entropy(), TOL);
    // Expected entropy: (H1 + H2)/2.
    assertArrayEquals(
        new double[] {
          (0.90025605126853692 + 0.97431475286934943) / 2,
          (1.0397207708399179 + 0.73562193975879464) / 2
        },
        avg.expectedEntropy(),
        TOL);
    assertArrayEquals(
        new double[] {0.037029350800406258, 0.13625744433958009}, avg.mutualInformation(), TOL);
  }

  @Test
  void unequalWeights() {
    // Weights 3:1 (e.g. step sizes 0.03 and 0.01): mean (3 s1 + s2)/4, std sqrt(3)/4 |p1 − p2|.
    ModelAverage avg = new ModelAverage(TWO_MODELS, 3, Space.PROBABILITY);
    avg.add(new float[] {1}, 0.03);
    avg.add(new float[] {2}, 0.01);
    assertArrayEquals(
        new double[] {0.5625, 0.3125, 0.125, 0.375, 0.21875, 0.40625},
        avg.meanProbabilities(),
        TOL);
    double k = Math.sqrt(3) / 4;
    assertArrayEquals(
        new double[] {k * 0.25, k * 0.25, 0, k * 0.5, k * 0.125, k * 0.375},
        avg.standardDeviations(),
        TOL);
    assertArrayEquals(new int[] {0, 2}, avg.predictedClasses());
    assertArrayEquals(new double[] {k * 0.25, k * 0.375}, avg.predictiveStd(), TOL);
    assertArrayEquals(new double[] {0.9470571522825082, 1.0662173875546272}, avg.entropy(), TOL);
    assertArrayEquals(
        new double[] {0.91877072666874016, 0.96369606306963695}, avg.expectedEntropy(), TOL);
    assertArrayEquals(
        new double[] {0.02828642561376804, 0.10252132448499029}, avg.mutualInformation(), TOL);
  }

  @Test
  void logSpaceAveragesLogProbabilities() {
    // Equal weights: mean log p = (ln p1 + ln p2)/2; distribution ∝ sqrt(p1 p2), normalised.
    ModelAverage avg = new ModelAverage(3, Space.LOG_PROBABILITY);
    avg.addPrediction(S1, 1);
    avg.addPrediction(S2, 1);
    assertArrayEquals(
        new double[] {
          (Math.log(0.625) + Math.log(0.375)) / 2,
          (Math.log(0.25) + Math.log(0.5)) / 2,
          Math.log(0.125),
          (Math.log(0.25) + Math.log(0.75)) / 2,
          (Math.log(0.25) + Math.log(0.125)) / 2,
          (Math.log(0.5) + Math.log(0.125)) / 2
        },
        avg.meanLogProbabilities(),
        TOL);
    assertArrayEquals(
        new double[] {
          0.50289273124898826, 0.36726092388060544, 0.12984634487040631,
          0.50362647330612098, 0.20560464675956827, 0.29076887993431083
        },
        avg.meanProbabilities(),
        TOL);
    assertArrayEquals(new double[] {0.9786252982581567, 1.029838578775256}, avg.entropy(), TOL);
    // Expected entropy and the spread do not depend on the averaging space.
    assertArrayEquals(
        new double[] {
          (0.90025605126853692 + 0.97431475286934943) / 2,
          (1.0397207708399179 + 0.73562193975879464) / 2
        },
        avg.expectedEntropy(),
        TOL);
    assertArrayEquals(
        new double[] {0.125, 0.125, 0, 0.25, 0.0625, 0.1875}, avg.standardDeviations(), TOL);
    // Weighted 3:1, per the same definitions.
    ModelAverage w = new ModelAverage(3, Space.LOG_PROBABILITY);
    w.addPrediction(S1, 3);
    w.addPrediction(S2, 1);
    assertArrayEquals(
        new double[] {
          0.56569919096424492, 0.30574913376204083, 0.12855167527371431,
          0.36852596125662085, 0.23546712168064687, 0.39600691706273228
        },
        w.meanProbabilities(),
        TOL);
    assertArrayEquals(new int[] {0, 2}, w.predictedClasses());
  }

  @Test
  void logSpaceWithZeroProbabilities() {
    ModelAverage avg = new ModelAverage(2, Space.LOG_PROBABILITY);
    avg.addPrediction(new float[] {1, 0}, 1);
    avg.addPrediction(new float[] {0.5f, 0.5f}, 1);
    // Class 1 had probability 0 in one sample: geometric mean 0.
    assertArrayEquals(new double[] {1, 0}, avg.meanProbabilities(), 0);
    assertEquals(Double.NEGATIVE_INFINITY, avg.meanLogProbabilities()[1]);
    ModelAverage none = new ModelAverage(2, Space.LOG_PROBABILITY);
    none.addPrediction(new float[] {1, 0}, 1);
    none.addPrediction(new float[] {0, 1}, 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, none::meanProbabilities);
    assertTrue(e.getMessage().contains("example 0"), e.getMessage());
  }

  @Test
  void mutualInformationIsNonNegativeOnRandomSoftmaxes() {
    SplittableRandom rnd = new SplittableRandom(5);
    int e = 40;
    int c = 7;
    ModelAverage avg = new ModelAverage(c, Space.PROBABILITY);
    float[] p = new float[e * c];
    for (int s = 0; s < 30; s++) {
      for (int i = 0; i < e; i++) {
        double sum = 0;
        for (int j = 0; j < c; j++) {
          double v = Math.exp(2 * rnd.nextGaussian());
          p[i * c + j] = (float) v;
          sum += v;
        }
        for (int j = 0; j < c; j++) {
          p[i * c + j] /= (float) sum;
        }
      }
      avg.addPrediction(p, rnd.nextDouble());
    }
    double[] mi = avg.mutualInformation();
    double[] h = avg.entropy();
    for (int i = 0; i < e; i++) {
      assertTrue(mi[i] > -1e-12, "MI of example " + i + " = " + mi[i]);
      assertTrue(h[i] <= Math.log(c) + 1e-12, "entropy above log C: " + h[i]);
    }
  }

  @Test
  void weightZeroIsCountedButIgnored() {
    ModelAverage avg = new ModelAverage(3, Space.PROBABILITY);
    avg.addPrediction(S1, 2);
    avg.addPrediction(S2, 0);
    assertEquals(2, avg.samples());
    assertArrayEquals(
        new double[] {0.625, 0.25, 0.125, 0.25, 0.25, 0.5}, avg.meanProbabilities(), 0);
    assertArrayEquals(new double[6], avg.standardDeviations(), 0);
  }

  @Test
  void rejectsBadInputWithNumbers() {
    ModelAverage avg = new ModelAverage(TWO_MODELS, 3);
    IllegalStateException empty = assertThrows(IllegalStateException.class, avg::entropy);
    assertTrue(empty.getMessage().contains("0 samples"), empty.getMessage());

    IllegalArgumentException notMultiple =
        assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(new float[7], 1));
    assertTrue(
        notMultiple.getMessage().contains("7") && notMultiple.getMessage().contains("C = 3"),
        notMultiple.getMessage());

    avg.add(new float[] {1}, 1); // fixes E = 2
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(new float[9], 1));
    assertTrue(
        length.getMessage().contains("9") && length.getMessage().contains("2*3 = 6"),
        length.getMessage());

    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(S2, -0.25));
    assertTrue(negative.getMessage().contains("-0.25"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(S2, Double.NaN));

    float[] nan = S2.clone();
    nan[4] = Float.NaN; // example 1, class 1
    IllegalArgumentException nanMsg =
        assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(nan, 1));
    assertTrue(
        nanMsg.getMessage().contains("NaN")
            && nanMsg.getMessage().contains("example 1")
            && nanMsg.getMessage().contains("class 1")
            && nanMsg.getMessage().contains("sample 1"),
        nanMsg.getMessage());

    float[] neg = S2.clone();
    neg[0] = -0.1f;
    IllegalArgumentException negMsg =
        assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(neg, 1));
    assertTrue(negMsg.getMessage().contains("example 0"), negMsg.getMessage());

    float[] unnormalised = S2.clone();
    unnormalised[3] = 0.8f; // example 1 sums to 1.05
    IllegalArgumentException sumMsg =
        assertThrows(IllegalArgumentException.class, () -> avg.addPrediction(unnormalised, 1));
    assertTrue(
        sumMsg.getMessage().contains("example 1") && sumMsg.getMessage().contains("1.05"),
        sumMsg.getMessage());

    // Nothing was changed by the rejected samples.
    assertEquals(1, avg.samples());
    assertArrayEquals(
        new double[] {0.625, 0.25, 0.125, 0.25, 0.25, 0.5}, avg.meanProbabilities(), 0);

    assertThrows(
        IllegalStateException.class,
        () -> new ModelAverage(3, Space.PROBABILITY).add(new float[1], 1));
    assertThrows(IllegalStateException.class, avg::meanLogProbabilities);
    assertThrows(IllegalArgumentException.class, () -> new ModelAverage(TWO_MODELS, 0));
  }
}
