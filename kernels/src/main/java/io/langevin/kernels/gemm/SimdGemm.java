package io.langevin.kernels.gemm;

/** Placeholder until the packed kernel lands: delegates to the scalar spec. */
public final class SimdGemm implements GemmKernel {
  private final ScalarGemm ref = new ScalarGemm();

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
    ref.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }
}
