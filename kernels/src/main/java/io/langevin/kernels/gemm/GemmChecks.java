package io.langevin.kernels.gemm;

/** Argument validation shared by every GEMM implementation; messages carry the numbers. */
final class GemmChecks {
  private GemmChecks() {}

  static void check(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    matrix("A", a, aOff, aRows, aCols, lda);
    matrix("B", b, bOff, bRows, bCols, ldb);
    matrix("C", c, cOff, m, n, ldc);
  }

  private static void matrix(String name, float[] x, int off, int rows, int cols, int ld) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(
          "sgemm: ld" + name + "=" + ld + " < columns " + cols + " of " + name);
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = (long) off + (long) (rows - 1) * ld + cols;
    if (off < 0 || last > x.length) {
      throw new IllegalArgumentException(
          "sgemm: "
              + name
              + " ("
              + rows
              + "x"
              + cols
              + ", ld="
              + ld
              + ", offset="
              + off
              + ") needs "
              + last
              + " floats but the array holds "
              + x.length);
    }
  }
}
