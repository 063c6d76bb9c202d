package io.langevin.samplers.samples;

/**
 * Keeps the last K samples (θ, step, weight) in a ring buffer of K·D floats allocated once, and
 * returns them oldest-first. Memory: 4·K·D + 16·K bytes; each {@link #accept} copies D floats.
 *
 * <p>Index {@code i} in the accessors runs from 0 (oldest kept) to {@code size() - 1} (newest).
 * Samples are stored as given (no NaN check). Not thread-safe. Tested by LastSamplesTest.
 */
public final class LastSamples implements SampleSink {

  private final int capacity;
  private final int dimension;
  private final float[] data;
  private final long[] steps;
  private final double[] weights;
  private int next; // slot the next sample goes to
  private int size;
  private long seen;

  /**
   * A buffer for the last {@code capacity} samples of dimension {@code dimension}.
   *
   * @throws IllegalArgumentException if either is &lt; 1 or K·D exceeds a Java array
   */
  public LastSamples(int capacity, int dimension) {
    if (capacity < 1) {
      throw new IllegalArgumentException("LastSamples: capacity K must be >= 1, got " + capacity);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("LastSamples: dimension D must be >= 1, got " + dimension);
    }
    long total = (long) capacity * dimension;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "LastSamples: K*D = "
              + capacity
              + "*"
              + dimension
              + " = "
              + total
              + " floats exceeds the largest Java array");
    }
    this.capacity = capacity;
    this.dimension = dimension;
    this.data = new float[(int) total];
    this.steps = new long[capacity];
    this.weights = new double[capacity];
  }

  @Override
  public void accept(long step, double weight, float[] theta) {
    if (theta.length != dimension) {
      throw new IllegalArgumentException(
          "LastSamples: theta has length "
              + theta.length
              + ", expected D = "
              + dimension
              + " (step "
              + step
              + ")");
    }
    System.arraycopy(theta, 0, data, next * dimension, dimension);
    steps[next] = step;
    weights[next] = weight;
    next = next + 1 == capacity ? 0 : next + 1;
    if (size < capacity) {
      size++;
    }
    seen++;
  }

  /** K, the most samples kept. */
  public int capacity() {
    return capacity;
  }

  /** D, the length of each sample. */
  public int dimension() {
    return dimension;
  }

  /** Number of samples held now: min(K, samples seen). */
  public int size() {
    return size;
  }

  /** Number of samples accepted since construction or the last {@link #clear()}. */
  public long seen() {
    return seen;
  }

  /** Forgets every sample (the buffer is kept). */
  public void clear() {
    next = 0;
    size = 0;
    seen = 0;
  }

  /** The step of sample {@code i} (0 = oldest kept). */
  public long step(int i) {
    return steps[slot(i)];
  }

  /** The weight of sample {@code i} (0 = oldest kept). */
  public double weight(int i) {
    return weights[slot(i)];
  }

  /** Copies sample {@code i} (0 = oldest kept) into {@code dst[dstOff .. dstOff + D)}. */
  public void copyTo(int i, float[] dst, int dstOff) {
    System.arraycopy(data, slot(i) * dimension, dst, dstOff, dimension);
  }

  /** A copy of sample {@code i} (0 = oldest kept). */
  public float[] sample(int i) {
    float[] out = new float[dimension];
    copyTo(i, out, 0);
    return out;
  }

  /** Steps of the kept samples, oldest first. */
  public long[] steps() {
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = steps[slot(i)];
    }
    return out;
  }

  /** Weights of the kept samples, oldest first. */
  public double[] weights() {
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = weights[slot(i)];
    }
    return out;
  }

  /** The kept samples as one row-major {@code size() × D} array, oldest first. */
  public float[] toArray() {
    float[] out = new float[size * dimension];
    for (int i = 0; i < size; i++) {
      copyTo(i, out, i * dimension);
    }
    return out;
  }

  private int slot(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          "LastSamples: index " + i + " outside [0, " + size + ") samples held");
    }
    int oldest = size < capacity ? 0 : next;
    int s = oldest + i;
    return s >= capacity ? s - capacity : s;
  }
}
