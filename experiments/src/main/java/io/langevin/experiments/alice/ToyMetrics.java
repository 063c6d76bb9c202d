package io.langevin.experiments.alice;

/**
 * The toy metrics, all on row-major {@code [n, 2]} point sets:
 *
 * <ul>
 *   <li>{@link #inceptionScore}: {@code exp(mean_i KL(p(y|x_i) ‖ p(y)))} with p(y|x) the exact
 *       posterior of the 5-component x mixture ({@link ToyData#posterior}) in place of the authors'
 *       unpublished toy classifier, and p(y) the mean posterior over the same n points (one split).
 *       5 modes equally filled score 5 (true samples ≈ 4.99 at n = 1024); all points on one mode
 *       score 1.
 *   <li>{@link #modesCovered}: a component is covered when at least {@code fraction} of the points
 *       (and at least one) lie within {@value #RADIUS_SIGMAS}σ = 0.6 of its mean.
 *   <li>{@link #onModeFraction}: the fraction of points within 3σ of some mean.
 *   <li>{@link #mse}: the mean over elements of the squared difference (the scripts' {@code
 *       tf.reduce_mean}); per vector it is twice that.
 *   <li>{@link #anchorAgreement}: the fraction of points whose image has the anchor index the
 *       semi-supervised pairs prescribe.
 * </ul>
 *
 * Tested by {@code AliceMetricsTest}.
 */
public final class ToyMetrics {
  private ToyMetrics() {}

  /** Radius of a mode, in per-axis standard deviations of a component. */
  public static final double RADIUS_SIGMAS = 3;

  /** Default fraction of the points a mode needs to count as covered: 1 %. */
  public static final double MODE_FRACTION = 0.01;

  /** The inception-style score of the first {@code n} points of {@code xy}. */
  public static double inceptionScore(float[] xy, int n) {
    checkPoints("inceptionScore", xy, n);
    int k = ToyData.X_MODES;
    double[][] post = new double[n][k];
    double[] marginal = new double[k];
    for (int i = 0; i < n; i++) {
      ToyData.posterior(xy[2 * i], xy[2 * i + 1], post[i]);
      for (int c = 0; c < k; c++) {
        marginal[c] += post[i][c];
      }
    }
    for (int c = 0; c < k; c++) {
      marginal[c] /= n;
    }
    double kl = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double p = post[i][c];
        if (p > 0) {
          kl += p * (Math.log(p) - Math.log(marginal[c]));
        }
      }
    }
    return Math.exp(kl / n);
  }

  /**
   * The number of x components with at least {@code max(1, fraction·n)} of the first {@code n}
   * points within 3σ of their mean.
   */
  public static int modesCovered(float[] xy, int n, double fraction) {
    checkPoints("modesCovered", xy, n);
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("modesCovered: fraction must be in [0, 1], got " + fraction);
    }
    int[] counts = modeCounts(xy, n);
    double need = Math.max(1, fraction * n);
    int covered = 0;
    for (int c : counts) {
      if (c >= need) {
        covered++;
      }
    }
    return covered;
  }

  /** For each component, how many of the first n points lie within 3σ of its mean. */
  public static int[] modeCounts(float[] xy, int n) {
    checkPoints("modeCounts", xy, n);
    double r = RADIUS_SIGMAS * ToyData.X_STD;
    double r2 = r * r;
    int[] counts = new int[ToyData.X_MODES];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < ToyData.X_MODES; k++) {
        double d0 = xy[2 * i] - ToyData.xMean(k, 0);
        double d1 = xy[2 * i + 1] - ToyData.xMean(k, 1);
        if (d0 * d0 + d1 * d1 <= r2) {
          counts[k]++;
        }
      }
    }
    return counts;
  }

  /** The fraction of the first n points within 3σ of some component mean. */
  public static double onModeFraction(float[] xy, int n) {
    int[] counts = modeCounts(xy, n);
    long s = 0;
    for (int c : counts) {
      s += c; // the 3σ discs (radius 0.6) of means ≥ 2 apart do not overlap
    }
    return (double) s / n;
  }

  /** Mean over the first {@code count} elements of {@code (a − b)²}, in double. */
  public static double mse(float[] a, float[] b, int count) {
    if (count < 1 || a.length < count || b.length < count) {
      throw new IllegalArgumentException(
          "mse: need 1 <= count <= lengths, got count "
              + count
              + " for lengths "
              + a.length
              + " and "
              + b.length);
    }
    double s = 0;
    for (int i = 0; i < count; i++) {
      double d = (double) a[i] - b[i];
      s += d * d;
    }
    return s / count;
  }

  /**
   * The fraction of the first n points {@code from[i]} whose image {@code to[i]} is nearest to the
   * target anchor that the pairs prescribe: {@code j = argmin_j |from_i − fromAnchors_j|}, correct
   * when {@code argmin_k |to_i − toAnchors_k| = j}.
   */
  public static double anchorAgreement(
      float[] from, float[] to, int n, float[] fromAnchors, float[] toAnchors) {
    checkPoints("anchorAgreement", from, n);
    checkPoints("anchorAgreement", to, n);
    if (fromAnchors.length != toAnchors.length || fromAnchors.length % 2 != 0) {
      throw new IllegalArgumentException(
          "anchorAgreement: anchor arrays of lengths "
              + fromAnchors.length
              + " and "
              + toAnchors.length
              + " are not two equal [m, 2] sets");
    }
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (nearest(fromAnchors, from[2 * i], from[2 * i + 1])
          == nearest(toAnchors, to[2 * i], to[2 * i + 1])) {
        hits++;
      }
    }
    return (double) hits / n;
  }

  /** Index of the row of {@code points [m, 2]} nearest to (x0, x1). */
  static int nearest(float[] points, double x0, double x1) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int j = 0; j < points.length / 2; j++) {
      double d0 = x0 - points[2 * j];
      double d1 = x1 - points[2 * j + 1];
      double d = d0 * d0 + d1 * d1;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    return best;
  }

  private static void checkPoints(String what, float[] xy, int n) {
    if (n < 1 || xy.length < 2L * n) {
      throw new IllegalArgumentException(
          what + ": need n >= 1 points in 2n floats, got n=" + n + " and " + xy.length + " floats");
    }
  }
}
