package io.langevin.projection;

/**
 * The spec of {@link FastfoodKernel}: one element at a time. A sign flip is {@code -x} (exact); the
 * gather-scale is one float product; the transform stages are the textbook radix-2 loop of {@code
 * io.langevin.kernels.fwht.ScalarFwht} restricted to a range of strides. {@link SimdFastfood} must
 * match it bit for bit ({@code SimdFastfoodTest}).
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

  @Override
  public void stages(float[] x, int off, int len, int hFrom, int hTo) {
    for (int h = hFrom; h < hTo; h <<= 1) {
      for (int i = off; i < off + len; i += h << 1) {
        for (int j = i; j < i + h; j++) {
          float a = x[j];
          float b = x[j + h];
          x[j] = a + b;
          x[j + h] = a - b;
        }
      }
    }
  }

  @Override
  public void columns(float[] x, int off, int h, int radixLog, int t0, int t1) {
    int r = 1 << radixLog;
    for (int t = t0; t < t1; t++) {
      int g = t / h;
      int base = off + g * h * r + (t - g * h);
      for (int s = 1; s < r; s <<= 1) {
        for (int i = 0; i < r; i++) {
          if ((i & s) == 0) {
            float a = x[base + i * h];
            float b = x[base + (i + s) * h];
            x[base + i * h] = a + b;
            x[base + (i + s) * h] = a - b;
          }
        }
      }
    }
  }

  @Override
  public void columnsAdd(
      float[] x, int h, int radixLog, int t0, int t1, float[] base, float[] out, int limit) {
    int r = 1 << radixLog;
    float[] col = new float[r];
    for (int t = t0; t < t1; t++) {
      int b = columnBase(x, h, radixLog, t, col);
      for (int i = 0; i < r; i++) {
        int at = b + i * h;
        if (at < limit) {
          out[at] = base == null ? col[i] : base[at] + col[i];
        }
      }
    }
  }

  /** Column t's values after its stages, into col; returns its first index. */
  private static int columnBase(float[] x, int h, int radixLog, int t, float[] col) {
    int r = 1 << radixLog;
    int g = t / h;
    int base = g * h * r + (t - g * h);
    for (int i = 0; i < r; i++) {
      col[i] = x[base + i * h];
    }
    for (int s = 1; s < r; s <<= 1) {
      for (int i = 0; i < r; i++) {
        if ((i & s) == 0) {
          float a = col[i];
          float b = col[i + s];
          col[i] = a + b;
          col[i + s] = a - b;
        }
      }
    }
    return base;
  }

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }
}
