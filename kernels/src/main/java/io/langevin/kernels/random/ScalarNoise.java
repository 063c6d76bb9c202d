package io.langevin.kernels.random;

/**
 * The spec of {@link NoiseKernel}: one Philox block at a time ({@link Philox#block}), the counter
 * layout of {@link NoiseKernel}, and {@link GaussianMath#boxMuller} for Gaussians. Single-threaded.
 * Writes 4 bytes per element. {@link SimdNoise} must match it bit for bit ({@code SimdNoiseTest}).
 *
 * <p>The static {@code *Block} methods give the four values of one block ({@code elements 4·block
 * .. 4·block+3}); they are what a fused scalar loop (e.g. an SGLD step) calls once per four
 * parameters. The {@code *Unchecked} range methods are the checked ones minus the checks (the
 * checked ones call them).
 */
public final class ScalarNoise implements NoiseKernel {

  /** Largest step + 1: the step is the 32-bit counter word {@code c2}. */
  static final long STEP_LIMIT = 1L << 32;

  @Override
  public void bits(long seed, long step, int stream, long firstIndex, int[] out, int off, int n) {
    check(step, firstIndex, out == null ? -1 : out.length, off, n);
    bitsUnchecked(seed, step, stream, firstIndex, out, off, n);
  }

  @Override
  public void bitsUnchecked(
      long seed, long step, int stream, long firstIndex, int[] out, int off, int n) {
    int[] w = new int[4];
    long end = firstIndex + n;
    long i = firstIndex;
    while (i < end) {
      long b = i >>> 2;
      bitsBlock(seed, step, stream, b, w, 0);
      for (int k = (int) (i & 3); k < 4 && i < end; k++, i++) {
        out[off + (int) (i - firstIndex)] = w[k];
      }
    }
  }

  @Override
  public void uniform(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    check(step, firstIndex, out == null ? -1 : out.length, off, n);
    uniformUnchecked(seed, step, stream, firstIndex, out, off, n);
  }

  @Override
  public void uniformUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    float[] v = new float[4];
    long end = firstIndex + n;
    long i = firstIndex;
    while (i < end) {
      uniformBlock(seed, step, stream, i >>> 2, v, 0);
      for (int k = (int) (i & 3); k < 4 && i < end; k++, i++) {
        out[off + (int) (i - firstIndex)] = v[k];
      }
    }
  }

  @Override
  public void gaussian(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    check(step, firstIndex, out == null ? -1 : out.length, off, n);
    gaussianUnchecked(seed, step, stream, firstIndex, out, off, n);
  }

  @Override
  public void gaussianUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    float[] v = new float[4];
    long end = firstIndex + n;
    long i = firstIndex;
    while (i < end) {
      gaussianBlock(seed, step, stream, i >>> 2, v, 0);
      for (int k = (int) (i & 3); k < 4 && i < end; k++, i++) {
        out[off + (int) (i - firstIndex)] = v[k];
      }
    }
  }

  /** The scalar reference has no faster path: returns {@link #gaussian}'s values. */
  @Override
  public void gaussianFast(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    gaussian(seed, step, stream, firstIndex, out, off, n);
  }

  /**
   * The four Philox words of block {@code block} (elements {@code 4·block .. 4·block+3}) into
   * {@code out[off .. off+3]}. Requires {@code 0 ≤ step < 2^32}, {@code block ≥ 0} (not checked
   * here: this is the per-block hot path; the range methods check).
   */
  public static void bitsBlock(long seed, long step, int stream, long block, int[] out, int off) {
    Philox.block(
        (int) block,
        (int) (block >>> 32),
        (int) step,
        stream,
        (int) seed,
        (int) (seed >>> 32),
        out,
        off);
  }

  /** The four uniforms in (0, 1] of block {@code block} into {@code out[off .. off+3]}. */
  public static void uniformBlock(
      long seed, long step, int stream, long block, float[] out, int off) {
    int[] w = new int[4];
    bitsBlock(seed, step, stream, block, w, 0);
    for (int k = 0; k < 4; k++) {
      out[off + k] = GaussianMath.openClosed(w[k]);
    }
  }

  /** The four standard normals of block {@code block} into {@code out[off .. off+3]}. */
  public static void gaussianBlock(
      long seed, long step, int stream, long block, float[] out, int off) {
    int[] w = new int[4];
    bitsBlock(seed, step, stream, block, w, 0);
    GaussianMath.boxMuller(w[0], w[1], out, off);
    GaussianMath.boxMuller(w[2], w[3], out, off + 2);
  }

  /**
   * Checks the arguments every range method takes; {@code length} is the array length, or -1 for a
   * null array.
   */
  static void check(long step, long firstIndex, int length, int off, int n) {
    if (length < 0) {
      throw new IllegalArgumentException("noise: output array is null");
    }
    if (step < 0 || step >= STEP_LIMIT) {
      throw new IllegalArgumentException("noise: step must be in [0, 2^32), found " + step);
    }
    if (firstIndex < 0) {
      throw new IllegalArgumentException("noise: firstIndex must be >= 0, found " + firstIndex);
    }
    if (n < 0 || off < 0 || (long) off + n > length) {
      throw new IllegalArgumentException(
          "noise: range off=" + off + " n=" + n + " does not fit an array of length " + length);
    }
    if (firstIndex > Long.MAX_VALUE - n) {
      throw new IllegalArgumentException(
          "noise: firstIndex " + firstIndex + " + n " + n + " overflows a long");
    }
  }
}
