// projection.cuh -- the projection family on the device: the unnormalised fast Walsh-Hadamard
// transform (io.langevin.kernels.fwht.ScalarFwht), the Fastfood projection
// (io.langevin.projection.FastfoodProjection) and the sparse projection
// (io.langevin.projection.SparseProjection), forward and transpose. Included by
// langevin_kernels.cu (which defines LV_THREADS 256); launched by
// io.langevin.kernels.cuda.CudaFwht and io.langevin.projection.cuda.CudaFastfood / CudaSparse.
//
// Bits. Every result is bit-identical to the Java spec:
//  * FWHT: a stage h is the butterfly (a, b) -> (a + b, a - b) on every pair (j, j + h); each
//    output of a stage is one rounding of two outputs of the previous stage, so any schedule that
//    applies the stages in the order h = 1, 2, 4, ... gives the spec's bits. Every kernel below
//    applies its stages in that order (within a tile, within a pass, pass after pass).
//  * Fastfood: the same roundings as FastfoodProjection's definition (a sign flip is exact, the
//    gather-scale is one product, the "+0" of its table is reproduced exactly, see lv_ff_table_io).
//  * Sparse: the CPU's float accumulation order (row / column entries in storage order, starting
//    from +0, s = s + v*x with the product rounded first), so the same bits.
// All arithmetic is __fadd_rn/__fsub_rn/__fmul_rn (never contracted; built with --fmad=false).
//
// FWHT schedule for a transform of length n = 2^k (rows of them back to back):
//  * lv_fwht_tile: one block per tile of 2^13 contiguous floats (33 KB of shared memory, 256
//    threads, 32 floats each) does all stages h < 2^min(k, 13) in three phases of at most five
//    stages in registers (index bits 0-4, 5-9, 10-12), exchanging through a shared tile whose
//    rows of 32 are padded to 33 (conflict-free for every phase and for the coalesced global
//    loads/stores).
//  * lv_fwht_pass<R> (R = 1..8): R consecutive stages h = 2^hlog .. 2^(hlog+R-1), hlog >= 13. A
//    block takes a tile of 2^R rows (the stride positions i, element base + c + i*h) by C =
//    2^(13-R) consecutive columns c; warps read rows of >= 32 consecutive floats (coalesced). Up to
//    five stages run in registers straight from global memory; R > 5 adds one exchange through
//    shared memory (no bank conflicts: lanes differ in c). k = 27 is the tile pass plus two passes
//    of 7 stages: three reads and three writes of the vector.
//
// Measured on an H200 (copy 4.22 TB/s read+write): FWHT 2^24..2^27 at 3.69-3.89 TB/s counting
// 8 bytes per element per kernel (87-92% of copy; 0.828 ms for 2^27); the tile kernel alone
// 3.75 TB/s, a pass alone 3.8-4.2 TB/s. Fastfood D = 10^8, d = 1000 (L = 2^27): apply 1.19 ms,
// transpose 4.44 ms, of which 3.57 ms is the random gather of lv_ff_tile_gather (one 32-byte
// sector per 4-byte element). LV_FWHT_MIN_BLOCKS = 1 (up to 161 registers) was 25-35% slower,
// 3 (80 registers, spills) 3-14% slower.
#pragma once

#include "../include/lv_ops.cuh"

#ifndef LV_THREADS
#define LV_THREADS 256
#endif

#define LV_FT_LOG 13
#define LV_FT (1 << LV_FT_LOG)

// Blocks per multiprocessor the tile and pass kernels are compiled for: at most 128 registers a
// thread, which they need without spilling (32 values in flight, plus addresses), except the
// lv_ff_pass_out1..5 (last Fastfood pass of 1-5 stages, only for L = 2^14..2^18, 8-400 bytes of
// spill); CudaFwht.passStages makes the last pass at least 6 stages where there are 6 or more.
#ifndef LV_FWHT_MIN_BLOCKS
#define LV_FWHT_MIN_BLOCKS 2
#endif
#define LV_FWHT_BOUNDS __launch_bounds__(LV_THREADS, LV_FWHT_MIN_BLOCKS)

// ------------------------------------------------------------------------------------ helpers

// Radix-2 FWHT stages on the register index bits b < NB of v (N = 2^NB values), stage b done
// only when lo + b < tl (the element index bit lo + b is one the transform has).
template <int NB>
__device__ __forceinline__ void lv_reg_stages(float (&v)[1 << NB], int lo, int tl) {
#pragma unroll
  for (int b = 0; b < NB; b++) {
    if (lo + b < tl) {
#pragma unroll
      for (int j = 0; j < (1 << NB); j++) {
        if ((j & (1 << b)) == 0) {
          float a = v[j], c = v[j + (1 << b)];
          v[j] = __fadd_rn(a, c);
          v[j + (1 << b)] = __fsub_rn(a, c);
        }
      }
    }
  }
}

// All NB stages of a register field of 2^NB values starting at v (compile-time count).
template <int NB>
__device__ __forceinline__ void lv_reg_stages_all(float* v) {
#pragma unroll
  for (int b = 0; b < NB; b++) {
#pragma unroll
    for (int j = 0; j < (1 << NB); j++) {
      if ((j & (1 << b)) == 0) {
        float a = v[j], c = v[j + (1 << b)];
        v[j] = __fadd_rn(a, c);
        v[j + (1 << b)] = __fsub_rn(a, c);
      }
    }
  }
}

// Shared-memory slot of tile element e: rows of 32 padded to 33 floats, so that every access
// pattern below (a thread's 32 consecutive elements, or lanes on consecutive elements) hits 32
// different banks, and every address is a per-thread base plus a compile-time offset.
__device__ __forceinline__ int lv_fsw(int e) { return e + (e >> 5); }
#define LV_FT_SLOTS (LV_FT + LV_FT / 32)

// ------------------------------------------------------------------------- the tile kernel body

// One tile of lv_fwht_tile_body: elements [base, base + cnt). FULL: cnt = 2^13 (no bounds
// tests); ALL: tl = 13 (no stage tests). The loads go in two halves of 16, each first its
// IO::key reads (a gather's indices) and then its IO::value reads, so 16 gathers are in flight.
template <bool FULL, bool ALL, class IO>
__device__ __forceinline__ void lv_fwht_tile_run(const IO& io, int64_t base, int cnt, int tl,
                                                 float* s) {
  if (ALL) tl = LV_FT_LOG;  // compile-time: no stage tests
  const int tid = threadIdx.x;
  float r[32];
#pragma unroll
  for (int h = 0; h < 32; h += 16) {
    int key[16];
#pragma unroll
    for (int q = 0; q < 16; q++) {
      int e = (h + q) * LV_THREADS + tid;
      key[q] = FULL || e < cnt ? io.key(base + e) : 0;
    }
#pragma unroll
    for (int q = 0; q < 16; q++) {
      int e = (h + q) * LV_THREADS + tid;
      r[h + q] = FULL || e < cnt ? io.value(base + e, key[q]) : 0.0f;
    }
  }
#pragma unroll
  for (int q = 0; q < 32; q++) s[lv_fsw(q * LV_THREADS + tid)] = r[q];
  __syncthreads();
  if (tl > 0) {
    // bits 0-4: thread t holds elements 32t + j (slot 33t + j: lanes hit 32 banks)
#pragma unroll
    for (int j = 0; j < 32; j++) r[j] = s[lv_fsw(32 * tid + j)];
    lv_reg_stages<5>(r, 0, tl);
#pragma unroll
    for (int j = 0; j < 32; j++) s[lv_fsw(32 * tid + j)] = r[j];
    __syncthreads();
  }
  if (tl > 5) {
    // bits 5-9: thread (c = lane, g = warp) holds elements c + 32 j + 1024 g
    const int c = tid & 31, g = tid >> 5;
#pragma unroll
    for (int j = 0; j < 32; j++) r[j] = s[lv_fsw(c + 32 * j + 1024 * g)];
    lv_reg_stages<5>(r, 5, tl);
#pragma unroll
    for (int j = 0; j < 32; j++) s[lv_fsw(c + 32 * j + 1024 * g)] = r[j];
    __syncthreads();
  }
  if (tl > 10) {
    // bits 10-12: thread holds, for q < 4, elements (tid + 256 q) + 1024 j, j < 8
#pragma unroll
    for (int q = 0; q < 4; q++) {
      float w[8];
#pragma unroll
      for (int j = 0; j < 8; j++) w[j] = s[lv_fsw(tid + 256 * q + 1024 * j)];
      lv_reg_stages<3>(w, 10, tl);
#pragma unroll
      for (int j = 0; j < 8; j++) s[lv_fsw(tid + 256 * q + 1024 * j)] = w[j];
    }
    __syncthreads();
  }
#pragma unroll
  for (int q = 0; q < 32; q++) {
    int e = q * LV_THREADS + tid;
    if (FULL || e < cnt) io.store(base + e, s[lv_fsw(e)]);
  }
}

// Loads the tile's elements (IO::key then IO::value, so the index loads of a gather are in
// flight before the data loads), does the stages h < 2^tl (0 <= tl <= 13) on every aligned
// 2^tl-block of the tile, and hands every element to IO::store. The tile is elements
// [blockIdx.x * 2^13, min(n, (blockIdx.x + 1) * 2^13)) of the global index space; n must be a
// multiple of 2^tl (a partial last tile then holds whole blocks; its unloaded slots are zero and
// never stored). Full tiles take a path without bounds tests, and full tiles of all 13 stages
// (every tile of a transform of 2^13 or more) one without stage tests either.
template <class IO>
__device__ __forceinline__ void lv_fwht_tile_body(const IO& io, int64_t n, int tl) {
  __shared__ float s[LV_FT_SLOTS];
  const int64_t base = (int64_t)blockIdx.x << LV_FT_LOG;
  const int64_t left = n - base;
  if (left >= LV_FT) {
    if (tl == LV_FT_LOG) {
      lv_fwht_tile_run<true, true>(io, base, LV_FT, tl, s);
    } else {
      lv_fwht_tile_run<true, false>(io, base, LV_FT, tl, s);
    }
  } else {
    lv_fwht_tile_run<false, false>(io, base, (int)left, tl, s);
  }
}

// ------------------------------------------------------------------------- the pass kernel body

// Element (i, c) of the block's tile in a pass of R stages from h = 2^hlog: global index
// base + c + i*h; as a shared-memory slot, i * C + c.
//
// A phase does the stages of the row-index bits [LO, LO + F): thread (tid, group gq < 32 >> F)
// takes o = tid + 256 gq, c = o mod C and the other row bits from o / C, and register j < 2^F
// the row i with bits [LO, LO + F) = j. Lanes differ in c, so global accesses are coalesced and
// shared ones conflict-free.
template <int R, int LO, int F>
__device__ __forceinline__ int lv_pass_row(int o, int j) {
  constexpr int LC = LV_FT_LOG - R;
  int rest = o >> LC;
  int ilow = rest & ((1 << LO) - 1);
  int ihigh = rest >> LO;
  return ilow | (j << LO) | (ihigh << (LO + F));
}

// Stores the 32 values of a phase (register k = gq * 2^F + j) in batches of eight: first the
// eight IO::aux reads (theta0 of the last Fastfood pass, which may be the output array itself,
// so the compiler could not hoist them above earlier stores), then the eight stores.
template <int R, int LO, int F, class IO>
__device__ __forceinline__ void lv_pass_store(const IO& io, const float (&r)[32], int tid,
                                              int hlog) {
  constexpr int C = 1 << (LV_FT_LOG - R);
#pragma unroll
  for (int k0 = 0; k0 < 32; k0 += 8) {
    float a[8];
#pragma unroll
    for (int t = 0; t < 8; t++) {
      const int k = k0 + t, o = tid + LV_THREADS * (k >> F);
      a[t] = io.aux((o & (C - 1)) + (lv_pass_row<R, LO, F>(o, k & ((1 << F) - 1)) << hlog));
    }
#pragma unroll
    for (int t = 0; t < 8; t++) {
      const int k = k0 + t, o = tid + LV_THREADS * (k >> F);
      io.st((o & (C - 1)) + (lv_pass_row<R, LO, F>(o, k & ((1 << F) - 1)) << hlog), r[k], a[t]);
    }
  }
}

// IO::at(base) is the IO of the vector from element base on; its ld(off) reads element off and
// st(off, v) writes it (offsets within one group of h * 2^R <= 2^30 elements fit an int).
template <int R, class IO>
__device__ __forceinline__ void lv_fwht_pass_body(const IO& whole, int hlog) {
  constexpr int LC = LV_FT_LOG - R;
  constexpr int C = 1 << LC;
  constexpr int F0 = R < 5 ? R : 5;
  constexpr int G0 = 32 >> F0;
  const int tid = threadIdx.x;
  const int tpgLog = hlog - LC;  // tiles per group of h * 2^R elements, log2
  const int64_t b = blockIdx.x;
  const IO io = whole.at(((b >> tpgLog) << (hlog + R)) + ((b & ((1LL << tpgLog) - 1)) << LC));
  float r[32];
#pragma unroll
  for (int gq = 0; gq < G0; gq++) {
    const int o = tid + LV_THREADS * gq;
    const int c = o & (C - 1);
#pragma unroll
    for (int j = 0; j < (1 << F0); j++) {
      r[gq * (1 << F0) + j] = io.ld(c + (lv_pass_row<R, 0, F0>(o, j) << hlog));
    }
  }
#pragma unroll
  for (int gq = 0; gq < G0; gq++) lv_reg_stages_all<F0>(r + gq * (1 << F0));
  if constexpr (R <= 5) {
    lv_pass_store<R, 0, F0>(io, r, tid, hlog);
  } else {
    constexpr int F1 = R - 5;
    constexpr int G1 = 32 >> F1;
    __shared__ float s[LV_FT];
#pragma unroll
    for (int j = 0; j < 32; j++) {
      s[(lv_pass_row<R, 0, 5>(tid, j) << LC) | (tid & (C - 1))] = r[j];
    }
    __syncthreads();
#pragma unroll
    for (int gq = 0; gq < G1; gq++) {
      const int o = tid + LV_THREADS * gq;
      const int c = o & (C - 1);
#pragma unroll
      for (int j = 0; j < (1 << F1); j++) {
        r[gq * (1 << F1) + j] = s[(lv_pass_row<R, 5, F1>(o, j) << LC) | c];
      }
    }
#pragma unroll
    for (int gq = 0; gq < G1; gq++) lv_reg_stages_all<F1>(r + gq * (1 << F1));
    lv_pass_store<R, 5, F1>(io, r, tid, hlog);
  }
}

// ------------------------------------------------------------------------------------ I/O kinds

// In place on x.
struct lv_plain_io {
  float* x;
  __device__ __forceinline__ int key(int64_t) const { return 0; }
  __device__ __forceinline__ float value(int64_t i, int) const { return x[i]; }
  __device__ __forceinline__ void store(int64_t i, float v) const { x[i] = v; }
  __device__ __forceinline__ lv_plain_io at(int64_t base) const { return {x + base}; }
  __device__ __forceinline__ float ld(int off) const { return x[off]; }
  __device__ __forceinline__ float aux(int) const { return 0.0f; }
  __device__ __forceinline__ void st(int off, float v, float) const { x[off] = v; }
};

// Last pass of FastfoodProjection.apply: reads the work vector x, writes out[i] = theta0[i] + v
// (v alone when theta0 is null) for i < D; drops i >= D.
struct lv_ff_out_io {
  const float* x;
  const float* theta0;
  float* out;
  int64_t bigD;
  __device__ __forceinline__ lv_ff_out_io at(int64_t base) const {
    return {x + base, theta0 != nullptr ? theta0 + base : nullptr, out + base, bigD - base};
  }
  __device__ __forceinline__ float ld(int off) const { return x[off]; }
  __device__ __forceinline__ float aux(int off) const {
    return theta0 != nullptr && off < bigD ? theta0[off] : 0.0f;
  }
  __device__ __forceinline__ void st(int off, float v, float t0) const {
    if (off < bigD) out[off] = theta0 != nullptr ? __fadd_rn(t0, v) : v;
  }
};

// First transform of applyTranspose: [g; 0] (g of length D) into u.
struct lv_ff_pad_io {
  const float* g;
  int bigD;
  float* u;
  __device__ __forceinline__ int key(int64_t) const { return 0; }
  __device__ __forceinline__ float value(int64_t i, int) const { return i < bigD ? g[i] : 0.0f; }
  __device__ __forceinline__ void store(int64_t i, float v) const { u[i] = v; }
};

// Second transform of apply, input v_k = Gc_k * (H B [x; 0])[pi(k)] read from the table
// y = H_m B [x; 0]_m (m = 2^ceil(log2 d)): block q of the length-L transform of a vector that is
// zero past m is y when q = L/m - 1 (all bits set) and y + 0 otherwise (the stages h >= m add +0
// or subtract +0; only -0 changes, to +0). FastfoodProjection's table [y + 0; y] read through
// (pi(k) mod m) + (pi(k) >= L - m ? m : 0) is exactly this. The output goes to the work vector
// v, or (single-tile transform) straight to out as lv_ff_out_io does.
struct lv_ff_table_io {
  const int* perm;
  const float* gc;
  const float* y;
  int m;
  int lMinusM;
  float* v;
  const float* theta0;
  float* out;
  int bigD;
  int final;
  __device__ __forceinline__ int key(int64_t k) const { return perm[k]; }
  __device__ __forceinline__ float value(int64_t k, int p) const {
    float t = __ldg(y + (p & (m - 1)));
    // y + 0: -0 becomes +0, all else unchanged (a bit test, which no compiler folds away)
    if (p < lMinusM && __float_as_uint(t) == 0x80000000u) t = 0.0f;
    return __fmul_rn(gc[k], t);
  }
  __device__ __forceinline__ void store(int64_t i, float val) const {
    if (final) {
      if (i < bigD) out[i] = theta0 != nullptr ? __fadd_rn(theta0[i], val) : val;
    } else {
      v[i] = val;
    }
  }
};

// Second transform of applyTranspose, input v_k = Gc_{pi^-1(k)} * u[pi^-1(k)]. Only the first
// m outputs of the transform are needed; with compact = 1 (m <= tile 2^tl) each tile stores its
// first m elements to v[tile * m + j], otherwise the whole vector goes to v.
struct lv_ff_gather_io {
  const int* inv;
  const float* gcInv;
  const float* u;
  float* v;
  int tl;
  int m;
  int compact;
  __device__ __forceinline__ int key(int64_t k) const { return inv[k]; }
  __device__ __forceinline__ float value(int64_t k, int p) const {
    return __fmul_rn(gcInv[k], u[p]);
  }
  __device__ __forceinline__ void store(int64_t i, float val) const {
    if (compact) {
      int64_t local = i & ((1LL << tl) - 1);
      if (local < m) v[(i >> tl) * m + local] = val;
    } else {
      v[i] = val;
    }
  }
};

// ------------------------------------------------------------------------------------ FWHT

// Stages h < 2^tl (tl = min(k, 13)) of the transforms of length 2^k stored back to back in
// x[0, n) (n = rows * 2^k). Grid: ceil(n / 8192) blocks of LV_THREADS; 32 KB static shared.
extern "C" __global__ void LV_FWHT_BOUNDS
    lv_fwht_tile(float* x, int64_t n, int tl) {
  lv_fwht_tile_body(lv_plain_io{x}, n, tl);
}

// Stages h = 2^hlog .. 2^(hlog+R-1) (hlog >= 13) of transforms of length >= 2^(hlog+R) stored
// back to back in x (n = grid * 8192 elements). Grid: n / 8192 blocks of LV_THREADS.
#define LV_FWHT_PASS(R)                                                              \
  extern "C" __global__ void LV_FWHT_BOUNDS lv_fwht_pass##R(float* x, \
                                                                           int hlog) { \
    lv_fwht_pass_body<R>(lv_plain_io{x}, hlog);                                      \
  }                                                                                  \
  extern "C" __global__ void LV_FWHT_BOUNDS                           \
      lv_ff_pass_out##R(const float* x, int hlog, const float* theta0, float* out, int bigD) { \
    lv_fwht_pass_body<R>(lv_ff_out_io{x, theta0, out, (int64_t)bigD}, hlog);                  \
  }
LV_FWHT_PASS(1)
LV_FWHT_PASS(2)
LV_FWHT_PASS(3)
LV_FWHT_PASS(4)
LV_FWHT_PASS(5)
LV_FWHT_PASS(6)
LV_FWHT_PASS(7)
LV_FWHT_PASS(8)
#undef LV_FWHT_PASS

// ------------------------------------------------------------------------------------ Fastfood

// y[i] = B_i x_i for i < d, 0 for d <= i < m (sgn[i] = -1 where B flips the sign, else +1).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_ff_sign_pad(const float* x, const float* sgn, int d, float* y, int m) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < m; i += gridDim.x * blockDim.x) {
    y[i] = i < d ? (sgn[i] < 0.0f ? -x[i] : x[i]) : 0.0f;
  }
}

// apply's gather-scale from the table y fused with the stages h < 2^tl of the second transform
// (length L); final = 1 when that is the whole transform (L <= 8192): then out = theta0 + result
// for i < D, else the work vector v.
extern "C" __global__ void LV_FWHT_BOUNDS
    lv_ff_tile_table(const int* perm, const float* gc, const float* y, int m, int bigL, int tl,
                     float* v, const float* theta0, float* out, int bigD, int final) {
  lv_fwht_tile_body(lv_ff_table_io{perm, gc, y, m, bigL - m, v, theta0, out, bigD, final},
                    (int64_t)bigL, tl);
}

// applyTranspose's zero padding fused with the stages h < 2^tl of the first transform.
extern "C" __global__ void LV_FWHT_BOUNDS
    lv_ff_tile_pad(const float* g, int bigD, float* u, int bigL, int tl) {
  lv_fwht_tile_body(lv_ff_pad_io{g, bigD, u}, (int64_t)bigL, tl);
}

// applyTranspose's gather-scale through pi^-1 fused with the stages h < 2^tl of the second
// transform (see lv_ff_gather_io for compact).
extern "C" __global__ void LV_FWHT_BOUNDS
    lv_ff_tile_gather(const int* inv, const float* gcInv, const float* u, float* v, int bigL,
                      int tl, int m, int compact) {
  lv_fwht_tile_body(lv_ff_gather_io{inv, gcInv, u, v, tl, m, compact}, (int64_t)bigL, tl);
}

// The "+" halves of the stages h >= m, R of them: out block b (m floats) = pairwise tree sum
// (level by level, lower block on the left) of the 2^R blocks in[b 2^R .. (b+1) 2^R). With sgn
// non-null (the last reduction, outBlocks = 1) writes out[j] = B_j * sum for j < d instead.
// R = 0 is the plain signed copy. Grid-stride over outBlocks * m (or d) outputs.
template <int R>
__device__ __forceinline__ void lv_ff_tree_body(const float* in, int m, int64_t outBlocks,
                                                float* out, const float* sgn, int d) {
  const int64_t total = sgn != nullptr ? (int64_t)d : outBlocks * m;
  for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total;
       t += (int64_t)gridDim.x * blockDim.x) {
    int64_t ob = t / m;
    int64_t j = t - ob * m;
    float v[1 << R];
#pragma unroll
    for (int i = 0; i < (1 << R); i++) v[i] = in[((ob << R) + i) * m + j];
#pragma unroll
    for (int l = 0; l < R; l++) {
#pragma unroll
      for (int i = 0; i < (1 << R); i += 2 << l) v[i] = __fadd_rn(v[i], v[i + (1 << l)]);
    }
    if (sgn != nullptr) {
      out[j] = sgn[j] < 0.0f ? -v[0] : v[0];
    } else {
      out[t] = v[0];
    }
  }
}

#define LV_FF_TREE(R)                                                                      \
  extern "C" __global__ void __launch_bounds__(LV_THREADS) lv_ff_tree##R(                 \
      const float* in, int m, int64_t outBlocks, float* out, const float* sgn, int d) {    \
    lv_ff_tree_body<R>(in, m, outBlocks, out, sgn, d);                                     \
  }
LV_FF_TREE(0)
LV_FF_TREE(1)
LV_FF_TREE(2)
LV_FF_TREE(3)
LV_FF_TREE(4)
LV_FF_TREE(5)
#undef LV_FF_TREE

// inv[pi(k)] = k, gcInv[pi(k)] = gc[k] (once, at construction).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_ff_invert(const int* perm, const float* gc, int bigL, int* inv, float* gcInv) {
  for (int64_t k = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; k < bigL;
       k += (int64_t)gridDim.x * blockDim.x) {
    int p = perm[k];
    inv[p] = (int)k;
    gcInv[p] = gc[k];
  }
}

// dst[i] = src[i] as raw 32-bit words, i < n (chunked uploads).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_proj_copy32(const unsigned* src, unsigned* dst, int n) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    dst[i] = src[i];
  }
}

// ------------------------------------------------------------------------------------ sparse

// out[i] = theta0[i] + sum_k val[k] * x[col[k]] over row i's entries k in [rowPtr[i],
// rowPtr[i+1]) in storage order, from +0 (theta0 null: the sum alone). One thread per row,
// grid-stride.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_sp_apply(const int* rowPtr, const int* col, const float* val, const float* x,
                const float* theta0, float* out, int bigD) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < bigD;
       i += (int64_t)gridDim.x * blockDim.x) {
    int k0 = rowPtr[i], k1 = rowPtr[i + 1];
    float s = 0.0f;
    for (int k = k0; k < k1; k++) s = __fadd_rn(s, __fmul_rn(val[k], x[col[k]]));
    out[i] = theta0 != nullptr ? __fadd_rn(theta0[i], s) : s;
  }
}

// out[j] = sum_k val[k] * g[row[k]] over column j's entries in storage order, from +0. One warp
// per column (grid-stride over warps): the lanes load 256 entries at a time (coalesced index and
// value reads, 256 independent gathers in flight), then the products are broadcast lane by lane
// and added in order (every lane keeps the same running sum), so the order is the CPU's.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_sp_transpose(const int* colPtr, const int* row, const float* val, const float* g,
                    float* out, int d) {
  const int lane = threadIdx.x & 31;
  const int64_t warps = ((int64_t)gridDim.x * blockDim.x) >> 5;
  for (int64_t j = (blockIdx.x * (int64_t)blockDim.x + threadIdx.x) >> 5; j < d; j += warps) {
    const int k0 = colPtr[j], k1 = colPtr[j + 1];
    float s = 0.0f;
    for (int kb = k0; kb < k1; kb += 256) {
      float p[8];
#pragma unroll
      for (int u = 0; u < 8; u++) {
        int k = kb + 32 * u + lane;
        p[u] = k < k1 ? __fmul_rn(val[k], g[row[k]]) : 0.0f;
      }
      const int cnt = min(256, k1 - kb);
#pragma unroll
      for (int u = 0; u < 8; u++) {
        const int lim = min(32, cnt - 32 * u);
        for (int l = 0; l < lim; l++) s = __fadd_rn(s, __shfl_sync(0xffffffffu, p[u], l));
      }
    }
    if (lane == 0) out[j] = s;
  }
}
