// sgemm.cu -- numbered versions of the row-major SGEMM C = alpha·op(A)·op(B) + beta·C (beta = 0:
// C not read), each checked against a double-precision host reference and timed. Kernel
// development only (not built into the library); version 4 IS the library kernel
// (../kernels/sgemm.cuh, included below), so what is timed here is what ships.
//
//   1  naive: one thread per output, dot product straight from global memory
//   2  shared-memory tiling: 32 x 32 tiles of A and B staged in shared memory, one output each
//   3  register blocking: 128 x 128 block tile, BK = 8, 256 threads with 8 x 8 outputs each,
//      float4 global loads, both tiles k-major in shared memory (A transposed on the way in),
//      float4 fragment reads; load -> sync -> multiply -> sync per slice
//   4  (library) 3 + double buffering (next slice loaded into registers during the multiply,
//      one barrier per slice) + tile order grouped by 8 tile rows (L2 reuse) + 64 x 64 (4 x 4
//      per thread, BK = 16) and 32 x 32 (2 x 2, BK = 32) tile kernels for products whose
//      128 x 128 grid has fewer blocks than the device has SMs (timed here each explicitly)
//
// Build and run (see run.sh):  nvcc -O3 --fmad=false -arch=sm_90 -std=c++17 -o sgemm sgemm.cu
//                              ./sgemm [version]     (no version: all, one table)
// Every version handles all four transposes, any size, ld and element offset. Accumulation is
// one float fma chain per output over p = 0 .. k-1 in order in every version.
#include <stdint.h>

#include "../kernels/sgemm.cuh"

// ----------------------------------------------------------------------------- version 1

template <bool TA, bool TB>
__global__ void sgemm1(int m, int n, int k, float alpha, const float* __restrict__ a, int lda,
                       const float* __restrict__ b, int ldb, float beta, float* __restrict__ c,
                       int ldc) {
  const int j = blockIdx.x * blockDim.x + threadIdx.x;
  const int i = blockIdx.y * blockDim.y + threadIdx.y;
  if (i >= m || j >= n) return;
  float dot = 0.0f;
  for (int p = 0; p < k; p++) {
    const float av = TA ? a[(int64_t)p * lda + i] : a[(int64_t)i * lda + p];
    const float bv = TB ? b[(int64_t)j * ldb + p] : b[(int64_t)p * ldb + j];
    dot = __fmaf_rn(av, bv, dot);
  }
  float* cp = c + (int64_t)i * ldc + j;
  const float v = __fmul_rn(alpha, dot);
  *cp = beta == 0.0f ? v : __fmaf_rn(beta, *cp, v);
}

// ----------------------------------------------------------------------------- version 2

template <bool TA, bool TB>
__global__ void __launch_bounds__(1024) sgemm2(int m, int n, int k, float alpha,
                                               const float* __restrict__ a, int lda,
                                               const float* __restrict__ b, int ldb, float beta,
                                               float* __restrict__ c, int ldc) {
  __shared__ float as[32][33];  // as[i][p], padded: the transposed stores hit 32 banks
  __shared__ float bs[32][33];  // bs[p][j]
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row0 = blockIdx.y * 32, col0 = blockIdx.x * 32;
  float dot = 0.0f;
  for (int p0 = 0; p0 < k; p0 += 32) {
    // global reads along threadIdx.x are contiguous in every layout
    if (!TA) {
      const int i = row0 + ty, p = p0 + tx;
      as[ty][tx] = i < m && p < k ? a[(int64_t)i * lda + p] : 0.0f;
    } else {
      const int i = row0 + tx, p = p0 + ty;
      as[tx][ty] = i < m && p < k ? a[(int64_t)p * lda + i] : 0.0f;
    }
    if (!TB) {
      const int p = p0 + ty, j = col0 + tx;
      bs[ty][tx] = p < k && j < n ? b[(int64_t)p * ldb + j] : 0.0f;
    } else {
      const int p = p0 + tx, j = col0 + ty;
      bs[tx][ty] = p < k && j < n ? b[(int64_t)j * ldb + p] : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int p = 0; p < 32; p++) dot = __fmaf_rn(as[ty][p], bs[p][tx], dot);
    __syncthreads();
  }
  const int i = row0 + ty, j = col0 + tx;
  if (i < m && j < n) {
    float* cp = c + (int64_t)i * ldc + j;
    const float v = __fmul_rn(alpha, dot);
    *cp = beta == 0.0f ? v : __fmaf_rn(beta, *cp, v);
  }
}

// ----------------------------------------------------------------------------- version 3
// The library's building blocks (lv_gemm_fetch / stash / mac / store), single-buffered, tiles in
// plain row-major order on a 2-D grid.

template <bool TA, bool TB>
__global__ void __launch_bounds__(LV_GEMM_THREADS, 2)
    sgemm3(int m, int n, int k, float alpha, const float* __restrict__ a, int lda,
           const float* __restrict__ b, int ldb, float beta, float* __restrict__ c, int ldc) {
  constexpr int TM = 8, TN = 8, BK = 8, BM = 16 * TM, BN = 16 * TN;
  constexpr bool KCA = !TA, KCB = TB;
  __shared__ __align__(16) float sa[BK][BM + 4];
  __shared__ __align__(16) float sb[BK][BN + 4];
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
  const int remM = m - row0, remN = n - col0;
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  const float* xa = a + (TA ? (int64_t)row0 : (int64_t)row0 * lda);
  const float* xb = b + (TB ? (int64_t)col0 * ldb : (int64_t)col0);
  const bool vecA = ((uintptr_t)a & 15) == 0 && (lda & 3) == 0 && remM >= BM;
  const bool vecB = ((uintptr_t)b & 15) == 0 && (ldb & 3) == 0 && remN >= BN;
  float acc[TM][TN];
#pragma unroll
  for (int i = 0; i < TM; i++) {
#pragma unroll
    for (int j = 0; j < TN; j++) acc[i][j] = 0.0f;
  }
  float4 ra[BM * BK / (4 * LV_GEMM_THREADS)], rb[BN * BK / (4 * LV_GEMM_THREADS)];
  for (int remK = k; remK > 0; remK -= BK) {
    lv_gemm_fetch<KCA, BM, BK>(ra, xa, lda, remM, remK, vecA && remK >= BK);
    lv_gemm_fetch<KCB, BN, BK>(rb, xb, ldb, remN, remK, vecB && remK >= BK);
    lv_gemm_stash<KCA, BM, BK>(ra, sa);
    lv_gemm_stash<KCB, BN, BK>(rb, sb);
    __syncthreads();
    lv_gemm_mac<TM, TN, BK>(acc, sa, sb, ty, tx);
    __syncthreads();
    if (remK > BK) {  // advance only while the next slice is inside the matrix
      xa += TA ? (int64_t)BK * lda : (int64_t)BK;
      xb += TB ? (int64_t)BK : (int64_t)BK * ldb;
    }
  }
  const bool vecC = ((uintptr_t)c & 15) == 0 && (ldc & 3) == 0;
  lv_gemm_store<TM, TN>(acc, alpha, beta, c + (int64_t)row0 * ldc + col0, ldc, remM, remN, ty, tx,
                        vecC);
}

#ifndef LV_DEV_KERNELS_ONLY  // the host emulation (emu_check.cpp) takes the kernels only
#include "common.h"

// ----------------------------------------------------------------------------- launchers

static int cdiv(int a, int b) { return a / b + (a % b != 0); }
static int g_sms = 132;

struct Args {
  bool ta, tb;
  int m, n, k;
  float alpha;
  const float* a;
  int lda;
  const float* b;
  int ldb;
  float beta;
  float* c;
  int ldc;
};

#define LV_DISPATCH(kernel, grid, block, x)                                                    \
  do {                                                                                        \
    if (!x.ta && !x.tb)                                                                       \
      kernel<false, false><<<grid, block>>>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb,   \
                                            x.beta, x.c, x.ldc);                              \
    else if (!x.ta && x.tb)                                                                   \
      kernel<false, true><<<grid, block>>>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb,    \
                                           x.beta, x.c, x.ldc);                               \
    else if (x.ta && !x.tb)                                                                   \
      kernel<true, false><<<grid, block>>>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb,    \
                                           x.beta, x.c, x.ldc);                               \
    else                                                                                      \
      kernel<true, true><<<grid, block>>>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb,     \
                                          x.beta, x.c, x.ldc);                                \
    CUDA_LAUNCH_CHECK();                                                                      \
  } while (0)

static void launch1(const Args& x) {
  dim3 block(32, 8), grid(cdiv(x.n, 32), cdiv(x.m, 8));
  LV_DISPATCH(sgemm1, grid, block, x);
}

static void launch2(const Args& x) {
  dim3 block(32, 32), grid(cdiv(x.n, 32), cdiv(x.m, 32));
  LV_DISPATCH(sgemm2, grid, block, x);
}

static void launch3(const Args& x) {
  dim3 block(LV_GEMM_THREADS), grid(cdiv(x.n, 128), cdiv(x.m, 128));
  LV_DISPATCH(sgemm3, grid, block, x);
}

// the library kernels by name, as CudaGemm launches them: tile 128 or 64
static void launch4tile(const Args& x, int tile) {
  typedef void (*K)(int, int, int, float, const float*, int, const float*, int, float, float*,
                    int);
  static const K k128[4] = {lv_sgemm128_nn, lv_sgemm128_nt, lv_sgemm128_tn, lv_sgemm128_tt};
  static const K k64[4] = {lv_sgemm64_nn, lv_sgemm64_nt, lv_sgemm64_tn, lv_sgemm64_tt};
  static const K k32[4] = {lv_sgemm32_nn, lv_sgemm32_nt, lv_sgemm32_tn, lv_sgemm32_tt};
  const int which = (x.ta ? 2 : 0) + (x.tb ? 1 : 0);
  const int blocks = cdiv(x.m, tile) * cdiv(x.n, tile);
  (tile == 128 ? k128 : tile == 64 ? k64 : k32)[which]<<<blocks, LV_GEMM_THREADS>>>(
      x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c, x.ldc);
  CUDA_LAUNCH_CHECK();
}

// CudaGemm's choice: the largest tile whose grid has at least one block per SM, else 32
static int tile_policy(int m, int n) {
  for (int t = 128; t > 32; t /= 2)
    if ((long)cdiv(m, t) * cdiv(n, t) >= g_sms) return t;
  return 32;
}

static void launch4_128(const Args& x) { launch4tile(x, 128); }
static void launch4_64(const Args& x) { launch4tile(x, 64); }
static void launch4_32(const Args& x) { launch4tile(x, 32); }

struct Version {
  int number;
  const char* name;
  void (*launch)(const Args&);
  int tile;  // version 4: the library kernel's tile
};
static const Version kVersions[] = {
    {1, "v1 naive", launch1, 0},          {2, "v2 smem32", launch2, 0},
    {3, "v3 reg128", launch3, 0},         {4, "v4 lib(128)", launch4_128, 128},
    {4, "v4 lib(64)", launch4_64, 64},    {4, "v4 lib(32)", launch4_32, 32},
};

// ----------------------------------------------------------------------------- checked cases

// Logical matrices A (m x k), B (k x n), C0 (m x n) with their double reference, laid out per
// transpose on demand (so the reference is computed once for all four).
struct Case {
  int m, n, k;
  float alpha, beta;
  int offA, offB, offC;  // element offsets
  int padA, padB, padC;  // ld = columns + pad (alignLd: columns rounded up to 4, + pad)
  bool alignLd;
  std::vector<float> A, B, C0;
  std::vector<double> ref, bound;
};

static int ld_of(int cols, int pad, bool align) {
  const int ld = align ? ((cols + 3) / 4) * 4 + pad : cols + pad;
  return ld > 0 ? ld : 1;
}

static Case make_case(int m, int n, int k, float alpha, float beta, int oa, int ob, int oc,
                      int pa, int pb, int pc, bool align, uint64_t seed) {
  Case c{m, n, k, alpha, beta, oa, ob, oc, pa, pb, pc, align, {}, {}, {}, {}, {}};
  c.A = random_vector((size_t)m * k, seed * 3 + 1);
  c.B = random_vector((size_t)k * n, seed * 3 + 2);
  c.C0 = random_vector((size_t)m * n, seed * 3 + 3);
  c.ref.assign((size_t)m * n, 0.0);
  c.bound.assign((size_t)m * n, 0.0);
  std::vector<double> dot(n), absdot(n);
  const double eps = std::ldexp(1.0, -24);
  for (int i = 0; i < m; i++) {
    std::fill(dot.begin(), dot.end(), 0.0);
    std::fill(absdot.begin(), absdot.end(), 0.0);
    for (int p = 0; p < k; p++) {
      const double av = c.A[(size_t)i * k + p];
      const float* brow = &c.B[(size_t)p * n];
      for (int j = 0; j < n; j++) {
        dot[j] += av * brow[j];
        absdot[j] += std::fabs(av * brow[j]);
      }
    }
    for (int j = 0; j < n; j++) {
      const size_t e = (size_t)i * n + j;
      const double r = (double)alpha * dot[j] + (beta == 0.0f ? 0.0 : (double)beta * c.C0[e]);
      c.ref[e] = r;
      // float fma chain of k terms (≤ k·eps·Σ|a·b| each way, 4x margin), alpha·sum, fma with C
      c.bound[e] = (4.0 * k + 2.0) * eps * std::fabs(alpha) * absdot[j] + 2 * eps * std::fabs(r) +
                   1e-30;
    }
  }
  return c;
}

// Lays the case out for (ta, tb), runs version v once on poisoned / sentinel-filled storage and
// adds every element to chk; elements of C's storage outside the matrix must keep their bits.
static bool run_case(const Version& v, const Case& cs, bool ta, bool tb, Check& chk) {
  const int m = cs.m, n = cs.n, k = cs.k;
  const int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
  const int lda = ld_of(aCols, cs.padA, cs.alignLd), ldb = ld_of(bCols, cs.padB, cs.alignLd),
            ldc = ld_of(n, cs.padC, cs.alignLd);
  std::vector<float> hA = random_vector(cs.offA + (size_t)aRows * lda + 1, 11);
  std::vector<float> hB = random_vector(cs.offB + (size_t)bRows * ldb + 1, 12);
  std::vector<float> hC = random_vector(cs.offC + (size_t)m * ldc + 1, 13);  // sentinels
  for (int i = 0; i < m; i++)
    for (int p = 0; p < k; p++)
      hA[cs.offA + (ta ? (size_t)p * lda + i : (size_t)i * lda + p)] = cs.A[(size_t)i * k + p];
  for (int p = 0; p < k; p++)
    for (int j = 0; j < n; j++)
      hB[cs.offB + (tb ? (size_t)j * ldb + p : (size_t)p * ldb + j)] = cs.B[(size_t)p * n + j];
  std::vector<float> sentinel = hC;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)  // beta = 0: poisoned, must be neither read nor left unwritten
      hC[cs.offC + (size_t)i * ldc + j] =
          cs.beta == 0.0f ? std::nanf("") : cs.C0[(size_t)i * n + j];
  DeviceBuffer dA(hA.size()), dB(hB.size()), dC(hC.size());
  dA.upload(hA);
  dB.upload(hB);
  dC.upload(hC);
  v.launch({ta, tb, m, n, k, cs.alpha, dA.p + cs.offA, lda, dB.p + cs.offB, ldb, cs.beta,
            dC.p + cs.offC, ldc});
  CUDA_CHECK(cudaDeviceSynchronize());
  std::vector<float> got = dC.download();
  Check one;
  long outside = 0;
  for (size_t e = 0; e < got.size(); e++) {
    const long r = e < (size_t)cs.offC ? -1 : (long)((e - cs.offC) / ldc);
    const long col = e < (size_t)cs.offC ? -1 : (long)((e - cs.offC) % ldc);
    if (r >= 0 && r < m && col < n) {
      const size_t l = (size_t)r * n + col;
      one.add(got[e], cs.ref[l], cs.bound[l]);
    } else if (std::memcmp(&got[e], &sentinel[e], 4) != 0) {
      outside++;
    }
  }
  const bool ok = one.pass(1e-5) && outside == 0;
  if (!ok)
    std::printf("  FAIL %s %c%c m=%d n=%d k=%d alpha=%g beta=%g off=%d,%d,%d ld=%d,%d,%d: "
                "relnorm %.2e max/bound %.2e bad %ld, %ld elements outside C changed\n",
                v.name, ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, cs.alpha, cs.beta, cs.offA,
                cs.offB, cs.offC, lda, ldb, ldc, one.relnorm(), one.max_ratio, one.bad,
                outside);
  chk.diff2 += one.diff2;
  chk.ref2 += one.ref2;
  chk.max_abs = std::max(chk.max_abs, one.max_abs);
  chk.max_ratio = std::max(chk.max_ratio, one.max_ratio);
  chk.bad += one.bad + outside;
  chk.count += one.count;
  return ok;
}

// ----------------------------------------------------------------------------- speed

// alpha 1, beta 0, no offsets, ld = columns, operands from the random A and B buffers; C
// poisoned before the checked run, then every element must be finite and 4096 sampled elements
// within their bound of the double reference.
static void run_speed(const Version& v, const char* label, int m, int n, int k, bool ta, bool tb,
                      const std::vector<float>& A, const std::vector<float>& B, DeviceBuffer& dA,
                      DeviceBuffer& dB, DeviceBuffer& dC, bool naive) {
  const int lda = ta ? m : k, ldb = tb ? k : n;
  const Args x{ta, tb, m, n, k, 1.0f, dA.p, lda, dB.p, ldb, 0.0f, dC.p, n};
  dC.poison();
  v.launch(x);
  CUDA_CHECK(cudaDeviceSynchronize());
  std::vector<float> got = dC.download();
  Check chk;
  const double eps = std::ldexp(1.0, -24);
  Rng r(99);
  for (int t = 0; t < 4096; t++) {
    const int i = r.below(m), j = r.below(n);
    double dot = 0, absdot = 0;
    for (int p = 0; p < k; p++) {
      const double av = ta ? A[(size_t)p * lda + i] : A[(size_t)i * lda + p];
      const double bv = tb ? B[(size_t)j * ldb + p] : B[(size_t)p * ldb + j];
      dot += av * bv;
      absdot += std::fabs(av * bv);
    }
    chk.add(got[(size_t)i * n + j], dot, (4.0 * k + 2.0) * eps * absdot + 2 * eps * std::fabs(dot));
  }
  long bad = 0;  // every element written (the buffer is larger than m x n)
  for (size_t e = 0; e < (size_t)m * n; e++) bad += !std::isfinite(got[e]);
  chk.bad += bad;
  const double ms = time_median_ms([&] { v.launch(x); }, naive ? 200.0 : 250.0, naive ? 3 : 5);
  char name[80];
  std::snprintf(name, sizeof name, "%s %c%c %s", v.name, ta ? 'T' : 'N', tb ? 'T' : 'N', label);
  report(name, ms, 2.0 * m * (double)n * k, "GFLOP/s", chk, chk.pass(1e-5),
         v.tile && v.tile == tile_policy(m, n) ? "  (CudaGemm's choice)" : "");
}

int main(int argc, char** argv) {
  const int only = argc > 1 ? std::atoi(argv[1]) : 0;
  if (only < 0 || only > 4) {
    std::fprintf(stderr, "usage: %s [version 1..4]  (none: all)\n", argv[0]);
    return 2;
  }
  print_device();
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  g_sms = prop.multiProcessorCount;

  // ragged correctness cases: sizes x parameter sets
  struct Size {
    int m, n, k;
  };
  const Size sizes[] = {{1, 1, 1},     {17, 33, 65},  {100, 800, 500}, {127, 129, 131},
                        {128, 128, 128}, {129, 65, 7}, {5, 1021, 3},    {1100, 300, 20},
                        {64, 64, 0}};
  std::vector<Case> cases;
  uint64_t seed = 1;
  for (const Size& z : sizes) {
    // plain: alpha 1, beta 0, no offsets, ld = columns
    cases.push_back(make_case(z.m, z.n, z.k, 1.0f, 0.0f, 0, 0, 0, 0, 0, 0, false, seed++));
    // odd offsets, ld > columns, alpha and beta != 0, 1: scalar loads throughout
    cases.push_back(make_case(z.m, z.n, z.k, -1.25f, 0.5f, 3, 1, 5, 1, 2, 3, false, seed++));
    // 16-byte aligned offsets and ld (float4 path) at ragged sizes, beta 0
    cases.push_back(make_case(z.m, z.n, z.k, 0.75f, 0.0f, 4, 8, 12, 4, 0, 8, true, seed++));
  }
  std::printf("%zu ragged cases x 4 transposes per version; speed at 4096^3, and for versions "
              ">= 2 at 1024^3 and the products of an MLP training step (batch 100, "
              "784-400-400-10)\n", cases.size());
  std::printf("%-34s %30s %s\n", "version / case", "time / rate", "errors");

  const int s = 4096;
  std::vector<float> A = random_vector((size_t)s * s, 7), B = random_vector((size_t)s * s, 8);
  DeviceBuffer dA((size_t)s * s), dB((size_t)s * s), dC((size_t)s * s);
  dA.upload(A);
  dB.upload(B);

  for (const Version& v : kVersions) {
    if (only && v.number != only) continue;
    for (int t = 0; t < 4; t++) {
      const bool ta = t >= 2, tb = t & 1;
      Check chk;
      bool ok = true;
      for (const Case& cs : cases) ok &= run_case(v, cs, ta, tb, chk);
      char name[64];
      std::snprintf(name, sizeof name, "%s %c%c ragged", v.name, ta ? 'T' : 'N', tb ? 'T' : 'N');
      report(name, -1, 0, "", chk, ok);
    }
    // every version at 4096^3 (the policy picks 128 x 128 tiles there)
    for (int t = 0; t < 3; t++)
      run_speed(v, "4096^3", s, s, s, t == 2, t == 1, A, B, dA, dB, dC, v.number == 1);
    if (v.number >= 2) {
      run_speed(v, "1024^3", 1024, 1024, 1024, false, false, A, B, dA, dB, dC, false);
      run_speed(v, "mlp fwd 100x400x784", 100, 400, 784, false, true, A, B, dA, dB, dC, false);
      run_speed(v, "mlp dX 100x784x400", 100, 784, 400, false, false, A, B, dA, dB, dC, false);
      run_speed(v, "mlp dW 400x784x100", 400, 784, 100, true, false, A, B, dA, dB, dC, false);
    }
  }
  std::printf("v4 policy (CudaGemm): the largest of 128, 64 (32 otherwise) whose grid "
              "ceil(m/T)·ceil(n/T) has >= %d blocks (one per SM)\n", g_sms);
  return exit_status();
}
#endif  // LV_DEV_KERNELS_ONLY
