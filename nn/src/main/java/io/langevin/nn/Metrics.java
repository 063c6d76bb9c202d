package io.langevin.nn;

/**
 * Classification metrics from predicted probabilities: {@code probs} is row-major {@code [n, k]}
 * (row r the predictive distribution of example r, e.g. a softmax or a Bayesian model average of
 * softmaxes), {@code labels} has n entries in {@code [0, k)}. Sums are in double.
 *
 * <p><b>Expected calibration error</b> (Guo et al. 2017): each example's confidence is its largest
 * probability and its prediction the first class reaching it; examples are put in {@code M} bins of
 * equal width over confidence, bin m holding confidences in {@code ((m−1)/M, m/M]} (index {@code
 * ceil(conf·M) − 1}, clamped to {@code [0, M−1]}, so a confidence of exactly 1 lands in the last
 * bin and 0 in the first); {@code ECE = Σ_m (|B_m| / n) · |acc(B_m) − conf(B_m)|}, acc and conf the
 * bin's mean correctness and mean confidence; empty bins contribute 0. The default is {@link
 * #ECE_BINS} = 15 bins.
 */
public final class Metrics {
  /**
   * Number of equal-width confidence bins of {@link #expectedCalibrationError(float[], int[],
   * int)}.
   */
  public static final int ECE_BINS = 15;

  /** The probability below which {@link #nll} clamps (a term is at most −log 1e-12 ≈ 27.6). */
  public static final double NLL_FLOOR = 1e-12;

  private Metrics() {}

  /** Row-wise softmax of {@code [n, k]} logits (max-subtracted, in double), as floats. */
  public static float[] softmax(float[] logits, int n, int k) {
    checkSize("softmax", logits, n, k);
    float[] p = new float[n * k];
    for (int r = 0; r < n; r++) {
      int o = r * k;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        m = Math.max(m, logits[o + j]);
      }
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += Math.exp(logits[o + j] - m);
      }
      for (int j = 0; j < k; j++) {
        p[o + j] = (float) (Math.exp(logits[o + j] - m) / s);
      }
    }
    return p;
  }

  /** Fraction of rows whose first most probable class equals the label. */
  public static double accuracy(float[] probs, int[] labels, int k) {
    int n = check("accuracy", probs, labels, k);
    int right = 0;
    for (int r = 0; r < n; r++) {
      right += argmax(probs, r * k, k) == labels[r] ? 1 : 0;
    }
    return (double) right / n;
  }

  /** Mean negative log-likelihood {@code −(1/n) Σ_r log max(p_r[label_r], NLL_FLOOR)}. */
  public static double nll(float[] probs, int[] labels, int k) {
    int n = check("nll", probs, labels, k);
    double s = 0;
    for (int r = 0; r < n; r++) {
      s -= Math.log(Math.max(probs[r * k + labels[r]], NLL_FLOOR));
    }
    return s / n;
  }

  /** Expected calibration error with {@link #ECE_BINS} = 15 equal-width bins (see class doc). */
  public static double expectedCalibrationError(float[] probs, int[] labels, int k) {
    return reliability(probs, labels, k, ECE_BINS).ece();
  }

  /** Expected calibration error with {@code bins} equal-width bins. */
  public static double expectedCalibrationError(float[] probs, int[] labels, int k, int bins) {
    return reliability(probs, labels, k, bins).ece();
  }

  /**
   * A reliability diagram: per confidence bin, the number of examples, their mean accuracy and mean
   * confidence (0 for empty bins), and the ECE they add up to.
   */
  public record Reliability(int[] count, double[] accuracy, double[] confidence, double ece) {}

  /** The reliability diagram with {@code bins} equal-width bins (see class doc). */
  public static Reliability reliability(float[] probs, int[] labels, int k, int bins) {
    int n = check("reliability", probs, labels, k);
    if (bins < 1) {
      throw new IllegalArgumentException("reliability: bins must be >= 1, got " + bins);
    }
    int[] count = new int[bins];
    double[] acc = new double[bins];
    double[] conf = new double[bins];
    for (int r = 0; r < n; r++) {
      int a = argmax(probs, r * k, k);
      double c = probs[r * k + a];
      int b = (int) Math.ceil(c * bins) - 1;
      b = Math.min(bins - 1, Math.max(0, b));
      count[b]++;
      acc[b] += a == labels[r] ? 1 : 0;
      conf[b] += c;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(acc[b] - conf[b]) / n;
        acc[b] /= count[b];
        conf[b] /= count[b];
      }
    }
    return new Reliability(count, acc, conf, ece);
  }

  /** Per row: the entropy in nats of its distribution, {@code −Σ_j p_j log p_j} (0·log 0 = 0). */
  public static double[] entropy(float[] probs, int n, int k) {
    checkSize("entropy", probs, n, k);
    double[] h = new double[n];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int j = r * k, end = j + k; j < end; j++) {
        if (probs[j] > 0) {
          s -= probs[j] * Math.log(probs[j]);
        }
      }
      h[r] = s;
    }
    return h;
  }

  /** Per row: whether its first most probable class differs from the label. */
  public static boolean[] misclassified(float[] probs, int[] labels, int k) {
    int n = check("misclassified", probs, labels, k);
    boolean[] wrong = new boolean[n];
    for (int r = 0; r < n; r++) {
      wrong[r] = argmax(probs, r * k, k) != labels[r];
    }
    return wrong;
  }

  /**
   * Area under the ROC curve of {@code score} for telling the {@code positive} rows from the
   * others: the probability that a random positive scores higher than a random negative, ties
   * counting one half (the Mann–Whitney U statistic over n₊·n₋, from mid-ranks after one sort, so
   * O(n log n)). 1 = perfect separation, 0.5 = chance.
   *
   * @throws IllegalArgumentException if the lengths differ, a score is NaN, or one class is empty
   */
  public static double auroc(double[] score, boolean[] positive) {
    int n = score.length;
    if (positive.length != n) {
      throw new IllegalArgumentException(
          "auroc: " + n + " scores but " + positive.length + " labels");
    }
    long pos = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(score[i])) {
        throw new IllegalArgumentException("auroc: score " + i + " is NaN");
      }
      pos += positive[i] ? 1 : 0;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      throw new IllegalArgumentException(
          "auroc: needs both classes, got " + pos + " positive and " + neg + " negative rows");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double rankSum = 0; // sum of the (1-based, mid-) ranks of the positives
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (positive[order[t]]) {
          rankSum += mid;
        }
      }
      i = j + 1;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** The first index of the largest of {@code p[off … off+k)} (the predicted class of a row). */
  public static int argmax(float[] p, int off, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (p[off + j] > p[off + best]) {
        best = j;
      }
    }
    return best;
  }

  private static void checkSize(String op, float[] a, int n, int k) {
    if (n < 1 || k < 1 || (long) n * k != a.length) {
      throw new IllegalArgumentException(
          op + ": array of " + a.length + " floats is not [n=" + n + ", k=" + k + "]");
    }
  }

  private static int check(String op, float[] probs, int[] labels, int k) {
    int n = labels.length;
    checkSize(op, probs, n, k);
    for (int r = 0; r < n; r++) {
      if (labels[r] < 0 || labels[r] >= k) {
        throw new IllegalArgumentException(
            op + ": label " + labels[r] + " of row " + r + " is outside [0, " + k + ")");
      }
    }
    return n;
  }
}
