package io.langevin.projection;

/**
 * The spec of {@link FastfoodKernel}: one element at a time. A sign flip is {@code -x} (exact); the
 * gather-scale is one float product. {@link SimdFastfood} must match it bit for bit ({@code
 * SimdFastfoodTest}).
 */
final class ScalarFastfood implements FastfoodKernel {

  @Override
  public void signPad(float[] x, int n, long[] signs, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      if (i < n) {
        boolean flip = signs != null && ((signs[i >>> 6] >>> (i & 63)) & 1L) != 0;
        out[i] = flip ? -x[i] : x[i];
      } else {
        out[i] = 0f;
      }
    }
  }

  @Override
  public void gatherScale(float[] in, int[] idx, float[] scale, float[] out, int from, int to) {
    for (int k = from; k < to; k++) {
      out[k] = scale[k] * in[idx[k]];
    }
  }
}
