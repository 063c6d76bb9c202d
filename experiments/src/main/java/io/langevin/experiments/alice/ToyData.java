package io.langevin.experiments.alice;

import java.util.SplittableRandom;

/**
 * The data of ALICE's 2-D toy experiments, as the authors' scripts ({@code toy_data/ALICE_*.py},
 * {@code utils/data_gmm.py}) draw them:
 *
 * <ul>
 *   <li>x: a 5-component Gaussian mixture with equal priors, means (0,0), (2,2), (−2,−2), (2,−2),
 *       (−2,2) and covariance {@value #X_VARIANCE}·I (the scripts' {@code std_x = 0.04} is a
 *       variance: per-axis std 0.2);
 *   <li>z, unsupervised: N(0, I);
 *   <li>z, semi-supervised: a 2-component mixture with means (−1,−1) and (1,1), covariance I each,
 *       equal priors;
 *   <li>5 anchor pairs for the semi-supervised variants: {@code x_a = (0,0), (1,1), (−1,−1),
 *       (1,−1), (−1,1)} and {@code z_a = −x_a} (the scripts' "inverse spatial location relation").
 *       As in the scripts the four outer x anchors sit at ±1, half-way to the x modes at ±2; {@link
 *       #anchorsX(boolean)} with {@code onModes} moves them onto the modes.
 * </ul>
 *
 * <p>Samples are row-major {@code [n, 2]} float arrays. {@link #sets} draws the fixed train and
 * test sets of one data seed (train and test from different streams of it; the scripts draw both
 * from {@code RandomState(0)}). {@link #posterior} is the exact Bayes posterior over the 5 x
 * components, the "perfect classifier" of {@link ToyMetrics#inceptionScore}. Tested by {@code
 * AliceDataTest}.
 */
public final class ToyData {
  private ToyData() {}

  /** Means of the 5 x components, {@code [k][axis]}. */
  private static final double[][] X_MEANS = {{0, 0}, {2, 2}, {-2, -2}, {2, -2}, {-2, 2}};

  /** Variance of each x component along each axis. */
  public static final double X_VARIANCE = 0.04;

  /** Per-axis standard deviation of each x component, sqrt(0.04). */
  public static final double X_STD = 0.2;

  /** Number of x components. */
  public static final int X_MODES = 5;

  /** Means of the two semi-supervised z components (covariance I each). */
  private static final double[][] Z_SEMI_MEANS = {{-1, -1}, {1, 1}};

  /** The authors' x anchors (outer ones at ±1). */
  private static final float[] X_ANCHORS = {0, 0, 1, 1, -1, -1, 1, -1, -1, 1};

  /** Number of anchor pairs. */
  public static final int ANCHORS = 5;

  /** Mean of x component k along {@code axis} (0 or 1). */
  public static double xMean(int k, int axis) {
    return X_MEANS[k][axis];
  }

  /** The fixed data of one run: train and test x and z, and the component of each test x. */
  public record Sets(
      float[] trainX, float[] trainZ, float[] testX, float[] testZ, int[] testXMode) {
    public int trainSize() {
      return trainX.length / 2;
    }

    public int testSize() {
      return testX.length / 2;
    }
  }

  /**
   * The train and test sets of {@code seed}: x from the 5-mode mixture, z from N(0, I) or, with
   * {@code semi}, the 2-mode mixture. Each of the four sets comes from its own split of {@code
   * new SplittableRandom(seed)}, so a test set does not depend on the train size.
   */
  public static Sets sets(long seed, boolean semi, int trainSize, int testSize) {
    if (trainSize < 1 || testSize < 1) {
      throw new IllegalArgumentException(
          "toy data: train and test sizes must be >= 1, got " + trainSize + " and " + testSize);
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom rTrainX = root.split();
    SplittableRandom rTrainZ = root.split();
    SplittableRandom rTestX = root.split();
    SplittableRandom rTestZ = root.split();
    float[] trainX = new float[2 * trainSize];
    sampleX(rTrainX, trainX, null, trainSize);
    float[] trainZ = new float[2 * trainSize];
    sampleZ(rTrainZ, semi, trainZ, trainSize);
    float[] testX = new float[2 * testSize];
    int[] modes = new int[testSize];
    sampleX(rTestX, testX, modes, testSize);
    float[] testZ = new float[2 * testSize];
    sampleZ(rTestZ, semi, testZ, testSize);
    return new Sets(trainX, trainZ, testX, testZ, modes);
  }

  /**
   * Draws {@code n} points of the x mixture into {@code out[0, 2n)}; the component of each into
   * {@code modes} when it is not null.
   */
  public static void sampleX(SplittableRandom r, float[] out, int[] modes, int n) {
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(X_MODES);
      if (modes != null) {
        modes[i] = k;
      }
      out[2 * i] = (float) (X_MEANS[k][0] + X_STD * r.nextGaussian());
      out[2 * i + 1] = (float) (X_MEANS[k][1] + X_STD * r.nextGaussian());
    }
  }

  /** Draws {@code n} points of the z prior (N(0, I), or the 2-mode mixture with {@code semi}). */
  public static void sampleZ(SplittableRandom r, boolean semi, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      double mx = 0;
      double my = 0;
      if (semi) {
        int k = r.nextInt(2);
        mx = Z_SEMI_MEANS[k][0];
        my = Z_SEMI_MEANS[k][1];
      }
      out[2 * i] = (float) (mx + r.nextGaussian());
      out[2 * i + 1] = (float) (my + r.nextGaussian());
    }
  }

  /** The 5 x anchors {@code [5, 2]}: the authors' (outer ones at ±1), or with onModes at ±2. */
  public static float[] anchorsX(boolean onModes) {
    float[] a = X_ANCHORS.clone();
    if (onModes) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= 2;
      }
    }
    return a;
  }

  /** The 5 z anchors {@code [5, 2]}: {@code −x_a} of the authors' anchors. */
  public static float[] anchorsZ() {
    float[] a = X_ANCHORS.clone();
    for (int i = 0; i < a.length; i++) {
      a[i] = -a[i];
    }
    return a;
  }

  /**
   * The exact posterior p(k | x) of the 5 components at (x0, x1) into {@code out[0, 5)}, from the
   * log densities by log-sum-exp (equal priors and variances, so only the squared distances
   * matter).
   */
  public static void posterior(double x0, double x1, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < X_MODES; k++) {
      double d0 = x0 - X_MEANS[k][0];
      double d1 = x1 - X_MEANS[k][1];
      out[k] = -(d0 * d0 + d1 * d1) / (2 * X_VARIANCE);
      max = Math.max(max, out[k]);
    }
    double s = 0;
    for (int k = 0; k < X_MODES; k++) {
      out[k] = Math.exp(out[k] - max);
      s += out[k];
    }
    for (int k = 0; k < X_MODES; k++) {
      out[k] /= s;
    }
  }

  /** The component whose mean is nearest to (x0, x1). */
  public static int nearestMode(double x0, double x1) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int k = 0; k < X_MODES; k++) {
      double d0 = x0 - X_MEANS[k][0];
      double d1 = x1 - X_MEANS[k][1];
      double d = d0 * d0 + d1 * d1;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best;
  }
}
