package io.langevin.samplers.samples;

import io.langevin.kernels.cpu.CpuPool;

/**
 * Per-parameter running mean and variance of the samples, without storing them: Welford's update in
 * double, or West's (1979) weighted incremental form when built {@linkplain #weighted weighted}.
 * With weight = step size h_t this is the step-size-weighted posterior average of Welling &amp; Teh
 * (research notes §1.1).
 *
 * <p>Update for a sample x with weight w &gt; 0 (w = 1 in the unweighted mode), per parameter i:
 *
 * <pre>
 *   W' = W + w;   δ = x_i − μ_i;   μ_i += δ·w/W';   S_i += W·δ·(δ·w/W');   W = W'
 * </pre>
 *
 * <p>Definitions: {@code mean()} = Σ w x / Σ w. {@code variance()} is the unbiased S/(n − 1) in the
 * unweighted mode, and in the weighted mode the weighted second central moment S/W = Σ w (x − μ_w)²
 * / Σ w, with no bias correction: the weights are step sizes, not frequencies or reliabilities, so
 * this is the step-size-weighted estimate of the posterior variance.
 *
 * <p>Cost per sample: one pass over θ to reject NaN/Inf (before anything is updated), then 16 bytes
 * read and written per parameter and ~6 flops. The update is element-wise, so above {@value #GRAIN}
 * parameters it is split over {@link CpuPool}; results are identical on 1 or N threads. Weights
 * must be finite and ≥ 0; a sample of weight 0 is counted by {@link #count()} but changes nothing
 * else. Not thread-safe. Tested by RunningMomentsTest (against a two-pass computation).
 */
public final class RunningMoments implements SampleSink {

  /** Parameters per parallel chunk. */
  static final int GRAIN = 1 << 16;

  private final int dimension;
  private final boolean weighted;
  private final double[] mean;
  private final double[] m2;
  private long count;
  private double totalWeight;

  /**
   * Moments of {@code dimension} parameters; {@code weighted} selects West's weighted update
   * (weight = the sample's weight) instead of equal weights (the weight argument is then ignored).
   */
  public RunningMoments(int dimension, boolean weighted) {
    if (dimension < 1) {
      throw new IllegalArgumentException(
          "RunningMoments: dimension D must be >= 1, got " + dimension);
    }
    this.dimension = dimension;
    this.weighted = weighted;
    this.mean = new double[dimension];
    this.m2 = new double[dimension];
  }

  /** Equal weights: plain Welford; {@link #variance()} is unbiased. */
  public static RunningMoments unweighted(int dimension) {
    return new RunningMoments(dimension, false);
  }

  /** Weights from each sample (normally the step size h_t); see the class comment for variance. */
  public static RunningMoments weighted(int dimension) {
    return new RunningMoments(dimension, true);
  }

  @Override
  public void accept(long step, double weight, float[] theta) {
    update(theta, weighted ? weight : 1.0, step);
  }

  /** Adds a sample with weight 1. */
  public void add(float[] theta) {
    update(theta, 1.0, -1);
  }

  /** Adds a sample with weight {@code weight} (ignored in the unweighted mode). */
  public void add(float[] theta, double weight) {
    update(theta, weighted ? weight : 1.0, -1);
  }

  private void update(float[] theta, double w, long step) {
    if (theta.length != dimension) {
      throw new IllegalArgumentException(
          "RunningMoments: theta has length "
              + theta.length
              + ", expected D = "
              + dimension
              + where(step));
    }
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException(
          "RunningMoments: weight must be finite and >= 0, got " + w + where(step));
    }
    for (int i = 0; i < dimension; i++) {
      float x = theta[i];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("RunningMoments: theta[" + i + "] = " + x + where(step));
      }
    }
    count++;
    if (w == 0) {
      return;
    }
    double oldWeight = totalWeight;
    double newWeight = oldWeight + w;
    double r = w / newWeight; // share of the new sample in the mean
    double c = oldWeight * r; // W·w/W'
    totalWeight = newWeight;
    CpuPool.forRange(
        dimension,
        GRAIN,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            double d = theta[i] - mean[i];
            mean[i] += d * r;
            m2[i] += c * d * d;
          }
        });
  }

  private static String where(long step) {
    return step >= 0 ? " at step " + step : "";
  }

  /** D. */
  public int dimension() {
    return dimension;
  }

  /** True when samples are weighted by their weight. */
  public boolean isWeighted() {
    return weighted;
  }

  /** Samples added (including any of weight 0). */
  public long count() {
    return count;
  }

  /** Σ w over the samples added (equals {@link #count()} in the unweighted mode). */
  public double totalWeight() {
    return totalWeight;
  }

  /** The (weighted) mean of every parameter, a fresh array. */
  public double[] mean() {
    requireWeight();
    return mean.clone();
  }

  /** The (weighted) mean of parameter {@code i}. */
  public double mean(int i) {
    requireWeight();
    return mean[i];
  }

  /**
   * Writes the mean, rounded to float, into {@code dst[0 .. D)} (e.g. to evaluate the mean model).
   */
  public void copyMeanTo(float[] dst) {
    requireWeight();
    if (dst.length < dimension) {
      throw new IllegalArgumentException(
          "RunningMoments: destination has length " + dst.length + " < D = " + dimension);
    }
    for (int i = 0; i < dimension; i++) {
      dst[i] = (float) mean[i];
    }
  }

  /**
   * The variance of every parameter (see the class comment for the two definitions), fresh array.
   */
  public double[] variance() {
    double div = varianceDivisor();
    double[] out = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      out[i] = m2[i] / div;
    }
    return out;
  }

  /** The variance of parameter {@code i}. */
  public double variance(int i) {
    return m2[i] / varianceDivisor();
  }

  /** Forgets every sample. */
  public void reset() {
    java.util.Arrays.fill(mean, 0);
    java.util.Arrays.fill(m2, 0);
    count = 0;
    totalWeight = 0;
  }

  private void requireWeight() {
    if (!(totalWeight > 0)) {
      throw new IllegalStateException(
          "RunningMoments: no sample with positive weight yet (" + count + " samples added)");
    }
  }

  private double varianceDivisor() {
    if (weighted) {
      requireWeight();
      return totalWeight;
    }
    if (count < 2) {
      throw new IllegalStateException(
          "RunningMoments: the unbiased variance needs >= 2 samples, have " + count);
    }
    return count - 1;
  }
}
