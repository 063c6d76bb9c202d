package io.langevin.kernels.gemm;

/**
 * The GEMM spec: a plain triple loop accumulating each dot product in double, then {@code alpha·dot
 * + beta·c} rounded once to float. Never tuned; it is the oracle {@link SimdGemm} is tested against.
 */
public final class ScalarGemm implements GemmKernel {
  @Override
  public void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          dot += (double) av * bv;
        }
        int ci = cOff + i * ldc + j;
        double old = beta == 0f ? 0.0 : (double) beta * c[ci];
        c[ci] = (float) (alpha * dot + old);
      }
    }
  }
}
