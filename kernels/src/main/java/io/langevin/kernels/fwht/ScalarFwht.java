package io.langevin.kernels.fwht;

/**
 * The FWHT spec: the textbook in-place radix-2 loop, stage {@code h = 1, 2, 4, …, n/2}, butterfly
 * {@code (x[j], x[j+h]) → (x[j] + x[j+h], x[j] − x[j+h])} in float. Single-threaded, never tuned.
 * {@link SimdFwht} must match it bit for bit. Checked against the explicit Sylvester matrix by
 * {@code ScalarFwhtTest}; it also holds the argument checks every implementation shares.
 */
public final class ScalarFwht implements FwhtKernel {

  @Override
  public void transform(float[] x, int off, int n) {
    check("transform", x, off, n, 1);
    radix2(x, off, n);
  }

  @Override
  public void transformRows(float[] x, int off, int n, int rows) {
    check("transformRows", x, off, n, rows);
    for (int r = 0; r < rows; r++) {
      radix2(x, off + r * n, n);
    }
  }

  /** The spec loop, unchecked (also the small-n path of {@link SimdFwht}). */
  static void radix2(float[] x, int off, int n) {
    for (int h = 1; h < n; h <<= 1) {
      for (int i = off; i < off + n; i += h << 1) {
        for (int j = i; j < i + h; j++) {
          float a = x[j];
          float b = x[j + h];
          x[j] = a + b;
          x[j + h] = a - b;
        }
      }
    }
  }

  static void check(String op, float[] x, int off, int n, int rows) {
    if (n <= 0 || (n & (n - 1)) != 0) {
      throw new IllegalArgumentException(
          "fwht " + op + ": length n=" + n + " is not a power of two");
    }
    if (rows < 0) {
      throw new IllegalArgumentException("fwht " + op + ": negative row count rows=" + rows);
    }
    if (x == null) {
      throw new IllegalArgumentException("fwht " + op + ": array is null");
    }
    long end = off + (long) rows * n;
    if (off < 0 || end > x.length) {
      throw new IllegalArgumentException(
          "fwht "
              + op
              + ": "
              + rows
              + " row(s) of length "
              + n
              + " at offset "
              + off
              + " need "
              + end
              + " floats but the array holds "
              + x.length);
    }
  }
}
