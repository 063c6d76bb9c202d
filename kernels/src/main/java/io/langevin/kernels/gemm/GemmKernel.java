package io.langevin.kernels.gemm;

/**
 * Single-precision general matrix multiply on row-major arrays:
 *
 * <pre>C = alpha · op(A) · op(B) + beta · C</pre>
 *
 * where op(A) is m×k (A itself, or Aᵀ stored k×m when {@code transA}) and op(B) is k×n (B, or Bᵀ
 * stored n×k when {@code transB}). Each matrix is addressed as {@code x[off + row * ld + col]}. When
 * {@code beta == 0} the old contents of C are not read (NaN in C does not propagate).
 *
 * <p>Implementations: {@link ScalarGemm} (the spec) and {@link SimdGemm} (packed, register-blocked,
 * multi-threaded); {@link Gemm} picks one at start-up.
 */
public interface GemmKernel {
  void sgemm(
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
      int ldc);
}
