package io.langevin.kernels.gemm;

import io.langevin.kernels.cpu.KernelMode;

/** Entry point for GEMM: the implementation chosen once by {@link KernelMode}. */
public final class Gemm {
  private static final GemmKernel KERNEL = KernelMode.select(SimdGemm::new, ScalarGemm::new);

  private Gemm() {}

  /** The GEMM implementation in use. */
  public static GemmKernel kernel() {
    return KERNEL;
  }

  /** {@code C = alpha·op(A)·op(B) + beta·C}; see {@link GemmKernel#sgemm}. */
  public static void sgemm(
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
    KERNEL.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }
}
