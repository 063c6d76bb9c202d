package io.langevin.kernels.cuda;

import io.langevin.kernels.gemm.GemmChecks;

/**
 * Row-major single-precision GEMM on the device, {@code C = α·op(A)·op(B) + β·C}, with the
 * arguments of {@link io.langevin.kernels.gemm.Gemm#sgemm} (offsets in elements; {@code β = 0}: C
 * is not read). Kernels in {@code cuda-src/kernels/sgemm.cuh}. Asynchronous: the product is queued
 * on the default stream ({@link CudaKernels#synchronize()} waits). Accumulates in float with fma,
 * so it agrees with the double-accumulating spec {@code ScalarGemm} to float rounding (about
 * {@code k · 2^-24} relative at worst). Test: {@code CudaGemmTest} (needs a device).
 */
public final class CudaGemm {
  private final CudaKernels cuda;

  public CudaGemm(CudaKernels cuda) {
    this.cuda = cuda;
  }

  /** Queues the product; throws {@link IllegalArgumentException} when a matrix does not fit. */
  public void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      DeviceArray a,
      int aOff,
      int lda,
      DeviceArray b,
      int bOff,
      int ldb,
      float beta,
      DeviceArray c,
      int cOff,
      int ldc) {
    GemmChecks.check(
        transA, transB, m, n, k, a.length(), aOff, lda, b.length(), bOff, ldb, c.length(), cOff,
        ldc);
    if (m == 0 || n == 0) {
      return;
    }
    cuda.launch(
        "lv_sgemm_naive",
        cuda.grid((long) m * n, CudaKernels.THREADS),
        CudaKernels.THREADS,
        0,
        transA ? 1 : 0,
        transB ? 1 : 0,
        m,
        n,
        k,
        alpha,
        a.at(aOff),
        lda,
        b.at(bOff),
        ldb,
        beta,
        c.at(cOff),
        ldc);
  }
}
