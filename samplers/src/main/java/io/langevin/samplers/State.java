package io.langevin.samplers;

import java.util.Arrays;
import java.util.Objects;

/**
 * The mutable state of one chain: the per-parameter state arrays of the sampler's update rule
 * (each of length {@link #dim()}), a few scalars (SGNHT's thermostat ξ), the step counter t (the
 * number of steps taken, which is also the number of the next step) and the noise seed.
 *
 * <p>The sampler object holds only hyperparameters; everything that changes along a chain is here,
 * so a {@link #copy()} or a {@link Checkpoint} of the state plus the same sampler continues the
 * chain bit for bit. Not thread-safe: one chain, one thread at a time.
 */
public final class State {
  private final int dim;
  private final long seed;
  private long t;
  private final float[][] arrays;
  private final double[] scalars;

  /**
   * A state taking ownership of {@code arrays} (each of length {@code dim}) and {@code scalars}.
   *
   * @throws IllegalArgumentException if an array's length is not {@code dim}, or t or dim is
   *     negative
   */
  public State(int dim, long seed, long t, float[][] arrays, double[] scalars) {
    Objects.requireNonNull(arrays, "arrays");
    Objects.requireNonNull(scalars, "scalars");
    if (dim < 0) {
      throw new IllegalArgumentException("state: dimension must be ≥ 0, got " + dim);
    }
    if (t < 0) {
      throw new IllegalArgumentException("state: step counter must be ≥ 0, got " + t);
    }
    for (int k = 0; k < arrays.length; k++) {
      if (arrays[k] == null || arrays[k].length != dim) {
        throw new IllegalArgumentException(
            "state: array "
                + k
                + " has length "
                + (arrays[k] == null ? "null" : arrays[k].length)
                + ", expected dimension "
                + dim);
      }
    }
    this.dim = dim;
    this.seed = seed;
    this.t = t;
    this.arrays = arrays;
    this.scalars = scalars;
  }

  /** Number of parameters D. */
  public int dim() {
    return dim;
  }

  /** Seed of the chain's noise (and of the initial values that draw noise). */
  public long seed() {
    return seed;
  }

  /** Number of steps taken so far; the next step is step {@code t()}. */
  public long t() {
    return t;
  }

  /** Counts one more step taken (the samplers call it after a successful pass). */
  public void advance() {
    t++;
  }

  /** Number of per-parameter state arrays. */
  public int arrayCount() {
    return arrays.length;
  }

  /** State array k (live, not a copy). */
  public float[] array(int k) {
    return arrays[k];
  }

  /** All state arrays (live, not copies), in the order of the sampler's update rule. */
  public float[][] arrays() {
    return arrays;
  }

  /** Number of scalars. */
  public int scalarCount() {
    return scalars.length;
  }

  /** Scalar k (SGNHT: 0 = thermostat ξ). */
  public double scalar(int k) {
    return scalars[k];
  }

  /** Sets scalar k. */
  public void setScalar(int k, double value) {
    scalars[k] = value;
  }

  /** A deep copy. */
  public State copy() {
    float[][] a = new float[arrays.length][];
    for (int k = 0; k < a.length; k++) {
      a[k] = arrays[k].clone();
    }
    return new State(dim, seed, t, a, scalars.clone());
  }

  /**
   * Whether {@code other} holds the same bits: dimension, seed, step counter, every array element
   * (compared as raw float bits, so NaN payloads and ±0 count) and every scalar (raw double bits).
   */
  public boolean sameBits(State other) {
    if (other == null
        || dim != other.dim
        || seed != other.seed
        || t != other.t
        || arrays.length != other.arrays.length
        || scalars.length != other.scalars.length) {
      return false;
    }
    for (int k = 0; k < arrays.length; k++) {
      float[] x = arrays[k];
      float[] y = other.arrays[k];
      for (int i = 0; i < dim; i++) {
        if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
          return false;
        }
      }
    }
    for (int k = 0; k < scalars.length; k++) {
      if (Double.doubleToRawLongBits(scalars[k]) != Double.doubleToRawLongBits(other.scalars[k])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "State{dim="
        + dim
        + ", t="
        + t
        + ", seed="
        + seed
        + ", arrays="
        + arrays.length
        + ", scalars="
        + Arrays.toString(scalars)
        + "}";
  }
}
