package io.langevin.nn.data;

import java.util.NoSuchElementException;

/**
 * Minibatches over a {@link Dataset}, epoch after epoch, in a seeded shuffled order.
 *
 * <p>The order of epoch e is a permutation of 0..count-1 that is a pure function of (seed, e)
 * (Fisher-Yates driven by a SplitMix64 generator seeded with a mix of both), so a run can resume at
 * any epoch. Batches are copied into caller-provided buffers ({@code x}: at least batchSize ×
 * features floats, {@code y}: at least batchSize ints); nothing is allocated per batch. The last
 * batch of an epoch holds {@code count % batchSize} examples unless dropLast, in which case it is
 * skipped (those examples are simply not visited in that epoch; a different epoch drops different
 * ones).
 *
 * <p>Use: {@code it.startEpoch(e); while (it.hasNext()) { int n = it.next(x, y); ... }}. Not
 * thread-safe. Tested by MinibatchIteratorTest.
 */
public final class MinibatchIterator {
  private final Dataset data;
  private final int batchSize;
  private final long seed;
  private final boolean dropLast;
  private final int[] order;
  private int epoch = -1;
  private int batch;

  /**
   * @param data the examples
   * @param batchSize examples per batch, 1..data.count()
   * @param seed seed of the shuffling
   * @param dropLast whether to skip the last batch of an epoch when it is partial
   */
  public MinibatchIterator(Dataset data, int batchSize, long seed, boolean dropLast) {
    if (batchSize < 1 || batchSize > data.count()) {
      throw new IllegalArgumentException(
          "batchSize must be in [1, " + data.count() + "] (the data set size), got " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.dropLast = dropLast;
    this.order = new int[data.count()];
  }

  /** Batches per epoch: ceil(count / batchSize), or floor when dropLast. */
  public int batchesPerEpoch() {
    int n = data.count();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** Examples visited per epoch. */
  public int examplesPerEpoch() {
    return dropLast ? batchesPerEpoch() * batchSize : data.count();
  }

  public int batchSize() {
    return batchSize;
  }

  public Dataset data() {
    return data;
  }

  /** The current epoch, -1 before the first {@link #startEpoch}. */
  public int epoch() {
    return epoch;
  }

  /** Index within the epoch of the next batch. */
  public int batchIndex() {
    return batch;
  }

  /** Starts epoch {@code e} (any e ≥ 0, in any order): computes its permutation, rewinds. */
  public void startEpoch(int e) {
    if (e < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + e);
    }
    permutation(seed, e, order);
    epoch = e;
    batch = 0;
  }

  /** Whether the current epoch has another batch. */
  public boolean hasNext() {
    return epoch >= 0 && batch < batchesPerEpoch();
  }

  /**
   * Copies the next batch into x (row-major, n × features) and y (n labels) and returns n, the
   * batch size (smaller only for the last batch when !dropLast).
   *
   * @throws NoSuchElementException if the epoch is over or not started
   * @throws IllegalArgumentException if a buffer is too small
   */
  public int next(float[] x, int[] y) {
    int f = data.features();
    if (x.length < (long) batchSize * f || y.length < batchSize) {
      throw new IllegalArgumentException(
          "buffers too small: need x.length >= "
              + (long) batchSize * f
              + " and y.length >= "
              + batchSize
              + ", got "
              + x.length
              + " and "
              + y.length);
    }
    if (!hasNext()) {
      throw new NoSuchElementException(
          epoch < 0
              ? "call startEpoch first"
              : "epoch " + epoch + " is over after " + batchesPerEpoch() + " batches");
    }
    int from = batch * batchSize;
    int n = Math.min(batchSize, data.count() - from);
    float[] src = data.images();
    int[] labels = data.labels();
    for (int i = 0; i < n; i++) {
      int k = order[from + i];
      System.arraycopy(src, k * f, x, i * f, f);
      y[i] = labels[k];
    }
    batch++;
    return n;
  }

  /**
   * Fills {@code out} with the permutation of 0..out.length-1 for (seed, epoch); a pure function
   * of its arguments.
   */
  public static void permutation(long seed, int epoch, int[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = i;
    }
    long state = mix(seed ^ mix(0x6C616E6765766Cl + epoch));
    for (int i = out.length - 1; i > 0; i--) {
      state += 0x9E3779B97F4A7C15L;
      int j = boundedInt(mix(state), i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
  }

  /** Lemire's multiply-shift reduction of the high 32 bits to [0, bound) (bias < 2^-32·bound). */
  private static int boundedInt(long r, int bound) {
    return (int) (((r >>> 32) * bound) >>> 32);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
