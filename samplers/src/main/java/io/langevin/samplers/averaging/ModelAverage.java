package io.langevin.samplers.averaging;

import io.langevin.samplers.samples.SampleSink;
import java.util.Objects;

/**
 * Bayesian model averaging: accumulates, in double, the weighted predictive distribution of a
 * classifier over posterior samples θ_s with weights w_s (normally the step sizes), and its
 * uncertainty summaries. Samples arrive one at a time ({@link #add}, {@link #addPrediction}, or as
 * a {@link SampleSink}); nothing but running sums of size E·C is stored.
 *
 * <p>With W = Σ_s w_s and p_s[e,c] the probability of class c for example e under sample s:
 *
 * <ul>
 *   <li>{@link #meanProbabilities()}: in {@link Space#PROBABILITY} mode the BMA predictive p̄[e,c]
 *       = Σ_s w_s p_s[e,c] / W. In {@link Space#LOG_PROBABILITY} mode the normalised weighted
 *       geometric mean p̃[e,c] ∝ exp(Σ_s w_s log p_s[e,c] / W): the average of log-softmax outputs
 *       that the pSGLD authors' code uses (research notes §1.2), normalised over classes. {@link
 *       #meanLogProbabilities()} gives the unnormalised average itself.
 *   <li>{@link #standardDeviations()}: per (e, c), the weighted standard deviation across samples
 *       sqrt(Σ_s w_s (p_s[e,c] − p̄[e,c])² / W) (population form, no bias correction; always about
 *       the arithmetic mean p̄, in both modes).
 *   <li>{@link #predictiveStd()}: per example, that standard deviation for the class with the
 *       highest averaged probability ({@link #predictedClasses()}, lowest index on ties).
 *   <li>{@link #entropy()}: H(e) = −Σ_c q[e,c] log q[e,c] in nats of the averaged distribution q =
 *       {@link #meanProbabilities()} (0·log 0 = 0).
 *   <li>{@link #expectedEntropy()}: Σ_s w_s H(p_s[e,·]) / W, the aleatoric part.
 *   <li>{@link #mutualInformation()}: entropy − expected entropy, the epistemic part (BALD). In
 *       PROBABILITY mode it is ≥ 0 up to rounding (~1e-16); in LOG_PROBABILITY mode q is not the
 *       arithmetic mean and the difference may be negative.
 * </ul>
 *
 * <p>Validation, before any state changes: the prediction length must be E·C (E is fixed by the
 * first prediction), weights finite and ≥ 0, probabilities finite and ≥ 0 with each row summing to
 * 1 within {@value #ROW_SUM_TOLERANCE} (float softmax rounding is ~C·6e-8). A sample of weight 0 is
 * validated and counted but changes no average. Cost per sample: the predictor call plus ~E·C
 * logarithms. Not thread-safe. Tested by ModelAverageTest (hand-computed 2 samples × 2 examples × 3
 * classes).
 */
public final class ModelAverage implements SampleSink {

  /** Where predictions are averaged. */
  public enum Space {
    /** Arithmetic mean of probabilities: the Bayesian model average. */
    PROBABILITY,
    /** Mean of log-probabilities (log-softmax outputs), normalised over classes when queried. */
    LOG_PROBABILITY
  }

  /** Largest accepted |Σ_c p[e,c] − 1|. */
  public static final double ROW_SUM_TOLERANCE = 1e-3;

  private final Predictor predictor;
  private final int classes;
  private final Space space;
  private int examples = -1;
  private double[] mean; // E·C, weighted mean of p
  private double[] m2; // E·C, Σ w (p − mean)²
  private double[] logSum; // E·C, Σ w log p (LOG_PROBABILITY only)
  private double[] entropySum; // E, Σ w H(p_s)
  private double[] rowEntropy; // E, scratch
  private long samples;
  private double totalWeight;

  /** Averages {@code predictor}'s probabilities over C = {@code classes} classes. */
  public ModelAverage(Predictor predictor, int classes) {
    this(predictor, classes, Space.PROBABILITY);
  }

  /** Averages {@code predictor}'s outputs in {@code space}. */
  public ModelAverage(Predictor predictor, int classes, Space space) {
    if (classes < 1) {
      throw new IllegalArgumentException(
          "ModelAverage: class count C must be >= 1, got " + classes);
    }
    this.predictor = predictor;
    this.classes = classes;
    this.space = Objects.requireNonNull(space, "space");
  }

  /** Without a predictor: feed precomputed predictions through {@link #addPrediction}. */
  public ModelAverage(int classes, Space space) {
    this(null, classes, space);
  }

  /** Adds sample θ (its predictions) with weight {@code weight}. */
  @Override
  public void accept(long step, double weight, float[] theta) {
    add(theta, weight);
  }

  /** Adds the predictions of sample θ with weight {@code weight}. */
  public void add(float[] theta, double weight) {
    if (predictor == null) {
      throw new IllegalStateException(
          "ModelAverage: built without a Predictor; use addPrediction(probabilities, weight)");
    }
    addPrediction(predictor.predict(theta), weight);
  }

  /**
   * Adds one sample's class probabilities (E·C values, row-major) with weight {@code weight}.
   *
   * @throws IllegalArgumentException on a bad length, weight or probability (nothing is changed)
   */
  public void addPrediction(float[] probabilities, double weight) {
    Objects.requireNonNull(probabilities, "probabilities");
    validate(probabilities, weight);
    samples++;
    if (weight == 0) {
      return;
    }
    int c = classes;
    // Entropy of each row of this sample.
    for (int e = 0; e < examples; e++) {
      double h = 0;
      for (int j = e * c, end = j + c; j < end; j++) {
        double p = probabilities[j];
        if (p > 0) {
          h -= p * Math.log(p);
        }
      }
      rowEntropy[e] = h;
    }
    double oldWeight = totalWeight;
    double newWeight = oldWeight + weight;
    double r = weight / newWeight;
    double k = oldWeight * r;
    totalWeight = newWeight;
    for (int j = 0, n = examples * c; j < n; j++) {
      double d = probabilities[j] - mean[j];
      mean[j] += d * r;
      m2[j] += k * d * d;
    }
    for (int e = 0; e < examples; e++) {
      entropySum[e] += weight * rowEntropy[e];
    }
    if (logSum != null) {
      for (int j = 0, n = examples * c; j < n; j++) {
        logSum[j] += weight * Math.log(probabilities[j]); // log 0 = -inf: a zero geometric mean
      }
    }
  }

  private void validate(float[] p, double weight) {
    int len = p.length;
    if (examples < 0) {
      if (len == 0 || len % classes != 0) {
        throw new IllegalArgumentException(
            "ModelAverage: prediction has "
                + len
                + " values, not a positive multiple of C = "
                + classes
                + " classes");
      }
    } else if (len != examples * classes) {
      throw new IllegalArgumentException(
          "ModelAverage: prediction of sample "
              + samples
              + " has "
              + len
              + " values, expected E*C = "
              + examples
              + "*"
              + classes
              + " = "
              + examples * classes);
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "ModelAverage: weight of sample " + samples + " must be finite and >= 0, got " + weight);
    }
    int e = 0;
    for (int row = 0; row < len; row += classes, e++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        float v = p[row + c];
        if (!Float.isFinite(v) || v < 0) {
          throw new IllegalArgumentException(
              "ModelAverage: probability "
                  + v
                  + " for example "
                  + e
                  + ", class "
                  + c
                  + " of sample "
                  + samples
                  + " (must be finite and >= 0)");
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
        throw new IllegalArgumentException(
            "ModelAverage: probabilities of example "
                + e
                + " in sample "
                + samples
                + " sum to "
                + sum
                + ", not 1 (tolerance "
                + ROW_SUM_TOLERANCE
                + ")");
      }
    }
    if (examples < 0) {
      examples = len / classes;
      mean = new double[len];
      m2 = new double[len];
      entropySum = new double[examples];
      rowEntropy = new double[examples];
      if (space == Space.LOG_PROBABILITY) {
        logSum = new double[len];
      }
    }
  }

  /** C. */
  public int classes() {
    return classes;
  }

  /** E, fixed by the first prediction (−1 before it). */
  public int examples() {
    return examples;
  }

  /** The averaging space. */
  public Space space() {
    return space;
  }

  /** Samples added, including any of weight 0. */
  public long samples() {
    return samples;
  }

  /** W = Σ_s w_s. */
  public double totalWeight() {
    return totalWeight;
  }

  /**
   * The averaged distribution q[e,c] (E·C, rows sum to 1): arithmetic mean in PROBABILITY mode,
   * normalised geometric mean in LOG_PROBABILITY mode.
   *
   * @throws IllegalStateException before a sample of positive weight, or in LOG_PROBABILITY mode
   *     for an example where every class had probability 0 in some sample
   */
  public double[] meanProbabilities() {
    requireWeight();
    if (space == Space.PROBABILITY) {
      return mean.clone();
    }
    double[] out = new double[mean.length];
    for (int e = 0; e < examples; e++) {
      int row = e * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logSum[row + c]);
      }
      if (max == Double.NEGATIVE_INFINITY) {
        throw new IllegalStateException(
            "ModelAverage: example "
                + e
                + " has probability 0 for every class in some sample, so"
                + " its log-space average is undefined");
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        double v = Math.exp((logSum[row + c] - max) / totalWeight);
        out[row + c] = v;
        sum += v;
      }
      for (int c = 0; c < classes; c++) {
        out[row + c] /= sum;
      }
    }
    return out;
  }

  /**
   * LOG_PROBABILITY mode only: the weighted mean of log p_s[e,c], unnormalised (−∞ where some
   * sample gave probability 0), as the authors' code averages log-softmax outputs.
   */
  public double[] meanLogProbabilities() {
    if (space != Space.LOG_PROBABILITY) {
      throw new IllegalStateException(
          "ModelAverage: meanLogProbabilities() needs Space.LOG_PROBABILITY, this one averages in "
              + space);
    }
    requireWeight();
    double[] out = new double[logSum.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = logSum[j] / totalWeight;
    }
    return out;
  }

  /** Per example, the class with the highest averaged probability (lowest index on ties). */
  public int[] predictedClasses() {
    return argmax(meanProbabilities());
  }

  /** Per (e, c): sqrt(Σ_s w_s (p_s[e,c] − p̄[e,c])² / W), E·C values. */
  public double[] standardDeviations() {
    requireWeight();
    double[] out = new double[m2.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = Math.sqrt(m2[j] / totalWeight);
    }
    return out;
  }

  /**
   * Per example: {@link #standardDeviations()} at the {@linkplain #predictedClasses() predicted
   * class}.
   */
  public double[] predictiveStd() {
    int[] top = predictedClasses();
    double[] out = new double[examples];
    for (int e = 0; e < examples; e++) {
      out[e] = Math.sqrt(m2[e * classes + top[e]] / totalWeight);
    }
    return out;
  }

  /** Per example: entropy in nats of {@link #meanProbabilities()}. */
  public double[] entropy() {
    double[] q = meanProbabilities();
    double[] out = new double[examples];
    for (int e = 0; e < examples; e++) {
      double h = 0;
      for (int j = e * classes, end = j + classes; j < end; j++) {
        if (q[j] > 0) {
          h -= q[j] * Math.log(q[j]);
        }
      }
      out[e] = h;
    }
    return out;
  }

  /** Per example: Σ_s w_s H(p_s[e,·]) / W in nats. */
  public double[] expectedEntropy() {
    requireWeight();
    double[] out = new double[examples];
    for (int e = 0; e < examples; e++) {
      out[e] = entropySum[e] / totalWeight;
    }
    return out;
  }

  /** Per example: {@link #entropy()} − {@link #expectedEntropy()} in nats. */
  public double[] mutualInformation() {
    double[] h = entropy();
    double[] eh = expectedEntropy();
    for (int e = 0; e < examples; e++) {
      h[e] -= eh[e];
    }
    return h;
  }

  private int[] argmax(double[] q) {
    int[] out = new int[examples];
    for (int e = 0; e < examples; e++) {
      int row = e * classes;
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (q[row + c] > q[row + best]) {
          best = c;
        }
      }
      out[e] = best;
    }
    return out;
  }

  private void requireWeight() {
    if (!(totalWeight > 0)) {
      throw new IllegalStateException(
          "ModelAverage: no sample with positive weight yet (" + samples + " samples added)");
    }
  }
}
