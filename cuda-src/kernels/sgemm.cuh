// sgemm.cuh -- row-major single-precision GEMM, C = alpha·op(A)·op(B) + beta·C (beta = 0: C is
// not read), the layout and argument order of io.langevin.kernels.gemm.Gemm.sgemm. Included by
// langevin_kernels.cu; launched by io.langevin.kernels.cuda.CudaGemm.
#pragma once

// Baseline: one thread per element of C, float accumulation with fma. Correct for any size and
// any transpose; slow (every A and B element is read from global memory n resp. m times).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_sgemm_naive(int transA, int transB, int m, int n, int k, float alpha, const float* a,
                   int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  int64_t total = (int64_t)m * n;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    int i = (int)(e / n), j = (int)(e % n);
    float dot = 0.0f;
    for (int p = 0; p < k; p++) {
      float av = transA ? a[(int64_t)p * lda + i] : a[(int64_t)i * lda + p];
      float bv = transB ? b[(int64_t)j * ldb + p] : b[(int64_t)p * ldb + j];
      dot = __fmaf_rn(av, bv, dot);
    }
    float* ci = c + (int64_t)i * ldc + j;
    *ci = beta == 0.0f ? __fmul_rn(alpha, dot) : __fmaf_rn(beta, *ci, __fmul_rn(alpha, dot));
  }
}
