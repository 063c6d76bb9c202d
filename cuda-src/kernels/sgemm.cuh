// sgemm.cuh -- row-major single-precision GEMM, C = alpha·op(A)·op(B) + beta·C (beta = 0: C is
// not read), the layout and argument order of io.langevin.kernels.gemm.Gemm.sgemm. Included by
// langevin_kernels.cu; launched by io.langevin.kernels.cuda.CudaGemm. Developed in ../dev
// (sgemm.cu: versions 1-3 and this kernel as version 4, with a timing and checking harness).
//
// Kernels: lv_sgemm<T>_<ta><tb>, T = 128, 64 or 32 (block tile T x T), ta/tb = n (as stored) or
// t (transposed), all four combinations:
//   (int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
//    float beta, float* c, int ldc)
// with a, b, c pointing at the first element of each matrix. One block of 256 threads per T x T
// tile of C, a 1-D grid of exactly ceil(m/T)·ceil(n/T) blocks (tile order grouped by 8 tile rows
// for L2 reuse). Any m, n >= 1, k >= 0 (k = 0: C = beta·C, A and B not read, may be null), any
// ld >= columns, any element offsets: float4 global accesses are used only when the pointer is
// 16-byte aligned and ld % 4 == 0, scalar ones otherwise; ragged edges are zero-filled in shared
// memory and never stored. CudaGemm takes the largest T whose grid has at least one block per SM
// (32 when none has).
//
// Design (the "version 4" of ../dev/sgemm.cu):
//   - 256 threads as 16 x 16 (tx = thread % 16 along n, ty = thread / 16 along m); each thread
//     owns TM x TN = (T/16) x (T/16) outputs in registers (8 x 8, 4 x 4 or 2 x 2): rows
//     ty·V + {0..V-1} + 16·V·g and columns tx·V + {0..V-1} + 16·V·g, V = min(T/16, 4), so its
//     shared-memory fragments are float4 (float2) reads without bank conflicts (a warp reads 16
//     consecutive vectors of B and broadcasts 2 of A);
//   - both operands are staged in shared memory k-major (s[p][row] resp. s[p][col], rows padded
//     by 4 floats): an operand stored with k contiguous (A as stored, B transposed) is transposed
//     on the way in, one stored with m or n contiguous is copied with float4 stores;
//   - BK = 8, 16, 32 (T = 128, 64, 32) deep slices, double-buffered: the next slice is loaded
//     from global memory into registers while the current one is multiplied, then stored into
//     the other buffer; one __syncthreads per slice;
//   - every output is a single float sum over p = 0 .. k-1 in order, __fmaf_rn each step (the same
//     order as the naive kernel), then alpha·sum (beta = 0) or fma(beta, c, alpha·sum).
#pragma once

#include <stdint.h>

#define LV_GEMM_THREADS 256

// Global -> registers: this thread's CH float4 chunks of one BK-deep slice of an operand tile
// (BO rows of the outer dimension, m for A or n for B). x points at the slice's first element
// (outer index o0, depth p0); remO = outer - o0 > 0 and remK = k - p0 > 0 are the elements left.
// KC (k contiguous): element (o, p) at x[o·ld + p], chunks run along p; otherwise at x[p·ld + o],
// chunks run along o. Elements outside the matrix read as 0. fast: the whole slice lies inside
// the matrix and float4 loads are allowed (x 16-byte aligned and ld % 4 == 0, so every chunk
// starts 16-byte aligned); the same in every thread of the block.
template <bool KC, int BO, int BK>
__device__ __forceinline__ void lv_gemm_fetch(float4 (&r)[BO * BK / (4 * LV_GEMM_THREADS)],
                                              const float* __restrict__ x, int ld, int remO,
                                              int remK, bool fast) {
  constexpr int CH = BO * BK / (4 * LV_GEMM_THREADS);
  static_assert(CH >= 1 && BO * BK == CH * 4 * LV_GEMM_THREADS, "tile must be whole float4s");
#pragma unroll
  for (int i = 0; i < CH; i++) {
    const int l = threadIdx.x + i * LV_GEMM_THREADS;
    // ol, pl: outer and depth index (within the tile) of the chunk's first element
    const int ol = KC ? l / (BK / 4) : 4 * (l % (BO / 4));
    const int pl = KC ? 4 * (l % (BK / 4)) : l / (BO / 4);
    const float* src = KC ? x + (int64_t)ol * ld + pl : x + (int64_t)pl * ld + ol;
    if (fast) {
      r[i] = *reinterpret_cast<const float4*>(src);
    } else {
      float v[4];
#pragma unroll
      for (int q = 0; q < 4; q++) {
        const bool in = KC ? (ol < remO && pl + q < remK) : (pl < remK && ol + q < remO);
        v[q] = in ? src[q] : 0.0f;
      }
      r[i] = make_float4(v[0], v[1], v[2], v[3]);
    }
  }
}

// Registers -> shared: the chunks of lv_gemm_fetch into s[p][o] (k-major), transposing KC chunks.
template <bool KC, int BO, int BK>
__device__ __forceinline__ void lv_gemm_stash(const float4 (&r)[BO * BK / (4 * LV_GEMM_THREADS)],
                                              float (*s)[BO + 4]) {
  constexpr int CH = BO * BK / (4 * LV_GEMM_THREADS);
#pragma unroll
  for (int i = 0; i < CH; i++) {
    const int l = threadIdx.x + i * LV_GEMM_THREADS;
    const int ol = KC ? l / (BK / 4) : 4 * (l % (BO / 4));
    const int pl = KC ? 4 * (l % (BK / 4)) : l / (BO / 4);
    if (KC) {
      s[pl + 0][ol] = r[i].x;
      s[pl + 1][ol] = r[i].y;
      s[pl + 2][ol] = r[i].z;
      s[pl + 3][ol] = r[i].w;
    } else {
      *reinterpret_cast<float4*>(&s[pl][ol]) = r[i];
    }
  }
}

// V floats of a k-major shared row from index i (V = 2 or 4; i a multiple of V) into f[0 .. V).
template <int V>
__device__ __forceinline__ void lv_gemm_frag(float* f, const float* s) {
  if (V == 4) {
    const float4 t = *reinterpret_cast<const float4*>(s);
    f[0] = t.x;
    f[1] = t.y;
    f[2] = t.z;
    f[3] = t.w;
  } else {
    const float2 t = *reinterpret_cast<const float2*>(s);
    f[0] = t.x;
    f[1] = t.y;
  }
}

// acc += the BK-deep slice in shared memory, one fma per p in increasing p. With VM = min(TM, 4),
// acc[i][j] is row (i / VM)·16·VM + ty·VM + i % VM of the tile and, with VN = min(TN, 4), column
// (j / VN)·16·VN + tx·VN + j % VN: each thread reads its fragments as float4 (float2 for 2).
template <int TM, int TN, int BK>
__device__ __forceinline__ void lv_gemm_mac(float (&acc)[TM][TN], const float (*sa)[16 * TM + 4],
                                            const float (*sb)[16 * TN + 4], int ty, int tx) {
  constexpr int VM = TM < 4 ? TM : 4, VN = TN < 4 ? TN : 4;
#pragma unroll
  for (int p = 0; p < BK; p++) {
    float fa[TM], fb[TN];
#pragma unroll
    for (int g = 0; g < TM / VM; g++) lv_gemm_frag<VM>(fa + g * VM, &sa[p][g * 16 * VM + ty * VM]);
#pragma unroll
    for (int g = 0; g < TN / VN; g++) lv_gemm_frag<VN>(fb + g * VN, &sb[p][g * 16 * VN + tx * VN]);
#pragma unroll
    for (int i = 0; i < TM; i++) {
#pragma unroll
      for (int j = 0; j < TN; j++) acc[i][j] = __fmaf_rn(fa[i], fb[j], acc[i][j]);
    }
  }
}

// C tile <- alpha·acc (beta = 0, C not read) or fma(beta, C, alpha·acc); rows >= remM and
// columns >= remN are skipped. float4 stores when TN >= 4, c is 16-byte aligned and ldc % 4 == 0.
template <int TM, int TN>
__device__ __forceinline__ void lv_gemm_store(const float (&acc)[TM][TN], float alpha, float beta,
                                              float* __restrict__ c, int ldc, int remM, int remN,
                                              int ty, int tx, bool vec) {
  constexpr int VM = TM < 4 ? TM : 4, VN = TN < 4 ? TN : 4;
#pragma unroll
  for (int i = 0; i < TM; i++) {
    const int r = (i / VM) * 16 * VM + ty * VM + (i % VM);
    if (r < remM) {
      float* crow = c + (int64_t)r * ldc;
#pragma unroll
      for (int g = 0; g < TN / VN; g++) {
        const int col = g * 16 * VN + tx * VN;
        float v[VN];
#pragma unroll
        for (int q = 0; q < VN; q++) v[q] = __fmul_rn(alpha, acc[i][VN * g + q]);
        if (VN == 4 && vec && col + 4 <= remN) {
          float4* cp = reinterpret_cast<float4*>(crow + col);
          if (beta != 0.0f) {
            const float4 o = *cp;
            v[0] = __fmaf_rn(beta, o.x, v[0]);
            v[1] = __fmaf_rn(beta, o.y, v[1]);
            v[2] = __fmaf_rn(beta, o.z, v[2]);
            v[3] = __fmaf_rn(beta, o.w, v[3]);
          }
          *cp = make_float4(v[0], v[1], v[2], v[3]);
        } else {
#pragma unroll
          for (int q = 0; q < VN; q++) {
            if (col + q < remN) {
              float* cq = crow + col + q;
              *cq = beta == 0.0f ? v[q] : __fmaf_rn(beta, *cq, v[q]);
            }
          }
        }
      }
    }
  }
}

// One (16·TM) x (16·TN) tile of C per block of LV_GEMM_THREADS threads; see the file comment.
template <bool TA, bool TB, int TM, int TN, int BK>
__device__ __forceinline__ void lv_sgemm_tiled(int m, int n, int k, float alpha,
                                               const float* __restrict__ a, int lda,
                                               const float* __restrict__ b, int ldb, float beta,
                                               float* __restrict__ c, int ldc) {
  constexpr int BM = 16 * TM, BN = 16 * TN;
  constexpr bool KCA = !TA, KCB = TB;  // operand stored with k contiguous
  constexpr int CHA = BM * BK / (4 * LV_GEMM_THREADS), CHB = BN * BK / (4 * LV_GEMM_THREADS);
  static_assert((TM == 2 || TM % 4 == 0) && (TN == 2 || TN % 4 == 0), "float2/float4 groups");
  __shared__ __align__(16) float sa[2][BK][BM + 4];
  __shared__ __align__(16) float sb[2][BK][BN + 4];

  // Tile of this block: tile rows in groups of 8, column-major inside a group (consecutive blocks
  // share B columns and a few A rows in L2). Exactly tilesM·tilesN blocks are launched.
  const int tilesM = m / BM + (m % BM != 0), tilesN = n / BN + (n % BN != 0);
  const int width = 8 * tilesN;
  const int group = blockIdx.x / width, local = blockIdx.x % width;
  const int firstM = 8 * group;
  const int gsize = tilesM - firstM < 8 ? tilesM - firstM : 8;
  const int row0 = (firstM + local % gsize) * BM;
  const int col0 = (local / gsize) * BN;
  const int remM = m - row0, remN = n - col0;  // > 0

  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  // tile origins at p0 = 0 and their advance per slice
  const float* xa = a + (TA ? (int64_t)row0 : (int64_t)row0 * lda);
  const float* xb = b + (TB ? (int64_t)col0 * ldb : (int64_t)col0);
  const int64_t stepA = TA ? (int64_t)BK * lda : (int64_t)BK;
  const int64_t stepB = TB ? (int64_t)BK : (int64_t)BK * ldb;
  // float4 loads of whole slices: aligned operand, tile inside the matrix in m resp. n
  const bool vecA = ((uintptr_t)a & 15) == 0 && (lda & 3) == 0 && remM >= BM;
  const bool vecB = ((uintptr_t)b & 15) == 0 && (ldb & 3) == 0 && remN >= BN;
  const bool vecC = ((uintptr_t)c & 15) == 0 && (ldc & 3) == 0;

  float acc[TM][TN];
#pragma unroll
  for (int i = 0; i < TM; i++) {
#pragma unroll
    for (int j = 0; j < TN; j++) acc[i][j] = 0.0f;
  }
  float4 ra[CHA], rb[CHB];
  const int slices = k / BK + (k % BK != 0);
  int remK = k;
  if (slices > 0) {
    lv_gemm_fetch<KCA, BM, BK>(ra, xa, lda, remM, remK, vecA && remK >= BK);
    lv_gemm_fetch<KCB, BN, BK>(rb, xb, ldb, remN, remK, vecB && remK >= BK);
    lv_gemm_stash<KCA, BM, BK>(ra, sa[0]);
    lv_gemm_stash<KCB, BN, BK>(rb, sb[0]);
  }
  __syncthreads();
  for (int t = 0; t < slices; t++) {
    const int cur = t & 1;
    const bool more = t + 1 < slices;  // the same in every thread
    if (more) {  // next slice into registers while this one is multiplied
      xa += stepA;
      xb += stepB;
      remK -= BK;
      lv_gemm_fetch<KCA, BM, BK>(ra, xa, lda, remM, remK, vecA && remK >= BK);
      lv_gemm_fetch<KCB, BN, BK>(rb, xb, ldb, remN, remK, vecB && remK >= BK);
    }
    lv_gemm_mac<TM, TN, BK>(acc, sa[cur], sb[cur], ty, tx);
    if (more) {  // the other buffer was last read in slice t - 1, before the last barrier
      lv_gemm_stash<KCA, BM, BK>(ra, sa[cur ^ 1]);
      lv_gemm_stash<KCB, BN, BK>(rb, sb[cur ^ 1]);
    }
    __syncthreads();
  }
  lv_gemm_store<TM, TN>(acc, alpha, beta, c + (int64_t)row0 * ldc + col0, ldc, remM, remN, ty, tx,
                        vecC);
}

#define LV_SGEMM_KERNEL(name, TA, TB, TM, TN, BK, MINBLOCKS)                                   \
  extern "C" __global__ void __launch_bounds__(LV_GEMM_THREADS, MINBLOCKS)                     \
      name(int m, int n, int k, float alpha, const float* __restrict__ a, int lda,             \
           const float* __restrict__ b, int ldb, float beta, float* __restrict__ c, int ldc) { \
    lv_sgemm_tiled<TA, TB, TM, TN, BK>(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);          \
  }

// 128 x 128 tiles, 8 x 8 per thread, BK = 8: large products (at least one tile per SM).
LV_SGEMM_KERNEL(lv_sgemm128_nn, false, false, 8, 8, 8, 2)
LV_SGEMM_KERNEL(lv_sgemm128_nt, false, true, 8, 8, 8, 2)
LV_SGEMM_KERNEL(lv_sgemm128_tn, true, false, 8, 8, 8, 2)
LV_SGEMM_KERNEL(lv_sgemm128_tt, true, true, 8, 8, 8, 2)
// 64 x 64 tiles, 4 x 4 per thread, BK = 16: medium products (4x the blocks).
LV_SGEMM_KERNEL(lv_sgemm64_nn, false, false, 4, 4, 16, 2)
LV_SGEMM_KERNEL(lv_sgemm64_nt, false, true, 4, 4, 16, 2)
LV_SGEMM_KERNEL(lv_sgemm64_tn, true, false, 4, 4, 16, 2)
LV_SGEMM_KERNEL(lv_sgemm64_tt, true, true, 4, 4, 16, 2)
// 32 x 32 tiles, 2 x 2 per thread, BK = 32: small products such as an MLP's training step
// (batch 100, 784-400-400-10 gives 4 to 28 blocks of 128 x 128, 52 to 325 of 32 x 32).
LV_SGEMM_KERNEL(lv_sgemm32_nn, false, false, 2, 2, 32, 2)
LV_SGEMM_KERNEL(lv_sgemm32_nt, false, true, 2, 2, 32, 2)
LV_SGEMM_KERNEL(lv_sgemm32_tn, true, false, 2, 2, 32, 2)
LV_SGEMM_KERNEL(lv_sgemm32_tt, true, true, 2, 2, 32, 2)
