package io.langevin.kernels.gemm;

/**
 * Argument validation shared by every GEMM implementation (the CPU kernels and the CUDA one);
 * messages carry the numbers.
 */
public final class GemmChecks {
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
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
  }

  /**
   * Checks a row-major {@code C = α·op(A)·op(B) + β·C} call on storage of {@code aLength}, {@code
   * bLength} and {@code cLength} floats.
   *
   * @throws IllegalArgumentException on a negative size, a leading dimension below the column
   *     count, or a matrix reaching outside its storage
   */
  public static void check(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      long aLength,
      int aOff,
      int lda,
      long bLength,
      int bOff,
      int ldb,
      long cLength,
      int cOff,
      int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    matrix("A", aLength, aOff, aRows, aCols, lda);
    matrix("B", bLength, bOff, bRows, bCols, ldb);
    matrix("C", cLength, cOff, m, n, ldc);
  }

  private static void matrix(String name, long length, int off, int rows, int cols, int ld) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(
          "sgemm: ld" + name + "=" + ld + " < columns " + cols + " of " + name);
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = (long) off + (long) (rows - 1) * ld + cols;
    if (off < 0 || last > length) {
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
              + length);
    }
  }
}
