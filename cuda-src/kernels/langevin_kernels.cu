// langevin_kernels.cu -- thin extern "C" kernels around the __host__ __device__ math of
// ../include (the same functions the host check compiles and compares with the Java specs).
// Built into langevin.fatbin (see ../README.md for the nvcc command); loaded by
// io.langevin.kernels.cuda.CudaKernels through JCuda's driver API.
//
// Every kernel is a grid-stride loop over Philox blocks of four elements: thread t handles block
// q = q0 + t, q0 + t + stride, ... where q0 = firstIndex >> 2, so the four normals of a block come
// from one Philox call, exactly as on the CPU. Any grid size gives the same values.
#include "../include/lv_update.cuh"

#define LV_THREADS 256

// Whether every pointer is 16-byte aligned (float4 loads and stores allowed).
__device__ __forceinline__ bool lv_aligned16(const void* a, const void* b = nullptr,
                                             const void* c = nullptr, const void* d = nullptr,
                                             const void* e = nullptr, const void* f = nullptr) {
  return (((uintptr_t)a | (uintptr_t)b | (uintptr_t)c | (uintptr_t)d | (uintptr_t)e |
           (uintptr_t)f) & 15u) == 0;
}

template <bool STREAM>
__device__ __forceinline__ float4 lv_ld4(const float* p) {
  return STREAM ? __ldcs(reinterpret_cast<const float4*>(p)) : *reinterpret_cast<const float4*>(p);
}
template <bool STREAM>
__device__ __forceinline__ void lv_st4(float* p, float4 v) {
  if (STREAM) {
    __stcs(reinterpret_cast<float4*>(p), v);
  } else {
    *reinterpret_cast<float4*>(p) = v;
  }
}

// Stores the four values of quad q (elements 4q .. 4q+3) into out[i - first]: one 16-byte store
// when the quad lies inside [first, first + n) and out[4q - first] is 16-byte aligned, else
// element by element with bounds checks.
template <typename T>
__device__ __forceinline__ void lv_store_quad(T* out, int64_t q, int64_t first, int64_t n,
                                              bool vec, T v0, T v1, T v2, T v3) {
  int64_t i0 = 4 * q;
  if (vec && i0 >= first && i0 + 4 <= first + n) {
    T v[4] = {v0, v1, v2, v3};
    *reinterpret_cast<uint4*>(out + (i0 - first)) = *reinterpret_cast<const uint4*>(v);
    return;
  }
  T v[4] = {v0, v1, v2, v3};
  for (int k = 0; k < 4; k++) {
    int64_t i = i0 + k;
    if (i >= first && i < first + n) out[i - first] = v[k];
  }
}

// ------------------------------------------------------------------------------------ noise

// The three noise kernels: out[j] = the value of element firstIndex + j, j in [0, n), from one
// Philox block (quad) per loop step; NOISE(seed, step, stream, q) gives the quad's four values.
template <typename T, typename Quad, Quad (*NOISE)(uint64_t, uint32_t, int32_t, uint64_t)>
__device__ __forceinline__ void lv_noise_kernel(uint64_t seed, uint32_t step, int32_t stream,
                                                int64_t firstIndex, int64_t n, T* out) {
  int64_t q1 = (firstIndex + n + 3) >> 2;
  const bool vec = (firstIndex & 3) == 0 && lv_aligned16(out);
  for (int64_t q = (firstIndex >> 2) + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; q < q1;
       q += (int64_t)gridDim.x * blockDim.x) {
    Quad v = NOISE(seed, step, stream, (uint64_t)q);
    lv_store_quad(out, q, firstIndex, n, vec, v.x[0], v.x[1], v.x[2], v.x[3]);
  }
}

// out[j] = Philox word of element firstIndex + j.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_noise_bits(uint64_t seed, uint32_t step, int32_t stream, int64_t firstIndex, int64_t n,
                  uint32_t* out) {
  lv_noise_kernel<uint32_t, lv_u4, lv_noise_bits>(seed, step, stream, firstIndex, n, out);
}

// out[j] = uniform in (0, 1] of element firstIndex + j.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_noise_uniform(uint64_t seed, uint32_t step, int32_t stream, int64_t firstIndex, int64_t n,
                     float* out) {
  lv_noise_kernel<float, lv_f4, lv_noise_uniform>(seed, step, stream, firstIndex, n, out);
}

// out[j] = standard normal of element firstIndex + j (bit-identical to ScalarNoise.gaussian).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_noise_gaussian(uint64_t seed, uint32_t step, int32_t stream, int64_t firstIndex, int64_t n,
                      float* out) {
  lv_noise_kernel<float, lv_f4, lv_noise_gaussian>(seed, step, stream, firstIndex, n, out);
}

// ------------------------------------------------------------------------------------ update

// Sum of `v` over the block, into partial[blockIdx.x] (thread 0 writes). blockDim.x must be a
// multiple of 32 and at most 1024.
__device__ void lv_block_sum(double v, double* partial) {
  __shared__ double warpSums[32];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) warpSums[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int warps = blockDim.x >> 5;
    v = lane < warps ? warpSums[lane] : 0.0;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    if (lane == 0) partial[blockIdx.x] = v;
  }
}

// lv_update_quad for an interior quad whose arrays are 16-byte aligned at j0 = 4q - base: every
// load is issued (as float4) before any store, then the same per-element math (lv_update_elem,
// so the same bits), then float4 stores when all four elements are finite (else the finite ones
// element by element, as lv_update_quad does).
// STREAM: cache-streaming loads and stores (__ldcs / __stcs), for cuda-src/dev/update.cu.
template <int RULE, bool STREAM = false>
__device__ __forceinline__ void lv_update_quad_vec(const lv_params& p, int noise, int64_t q,
                                                   int64_t j0, float* theta, const float* grad,
                                                   float* s0, float* s1, float* s2, float* s3,
                                                   int write, int64_t* bad, double* sum) {
  const int ns = lv_state_arrays(RULE);
  float* state[4] = {s0, s1, s2, s3};
  float4 th = lv_ld4<STREAM>(theta + j0);
  float4 gr = lv_ld4<STREAM>(grad + j0);
  float4 sv[4];
  for (int a = 0; a < 4; a++) sv[a] = a < ns ? lv_ld4<STREAM>(state[a] + j0) : make_float4(0, 0, 0, 0);
  lv_f4 xi;
  xi.x[0] = xi.x[1] = xi.x[2] = xi.x[3] = 0.0f;
  if (noise) xi = lv_noise_gaussian(p.seed, p.step, p.stream, (uint64_t)q);
  const float* thv = reinterpret_cast<const float*>(&th);
  const float* grv = reinterpret_cast<const float*>(&gr);
  float out[4][5];
  int all = 1;
  for (int k = 0; k < 4; k++) {
    float st[4];
    for (int a = 0; a < 4; a++) st[a] = reinterpret_cast<const float*>(&sv[a])[k];
    lv_update_elem<RULE>(p, noise, thv[k], grv[k], st, xi.x[k], out[k]);
    int finite = 1;
    for (int o = 0; o <= ns; o++) finite &= lv_isfinite(out[k][o]);
    if (!finite) {
      int64_t idx = 4 * q + k;
      if (idx < *bad) *bad = idx;
      all = 0;
      continue;
    }
    if (RULE == LV_SGNHT) *sum += (double)out[k][1] * (double)out[k][1];
  }
  if (!write) return;
  if (all) {
    lv_st4<STREAM>(theta + j0, make_float4(out[0][0], out[1][0], out[2][0], out[3][0]));
    for (int a = 0; a < ns; a++) {
      lv_st4<STREAM>(state[a] + j0,
                     make_float4(out[0][1 + a], out[1][1 + a], out[2][1 + a], out[3][1 + a]));
    }
    return;
  }
  for (int k = 0; k < 4; k++) {
    int finite = 1;
    for (int o = 0; o <= ns; o++) finite &= lv_isfinite(out[k][o]);
    if (!finite) continue;
    theta[j0 + k] = out[k][0];
    for (int a = 0; a < ns; a++) state[a][j0 + k] = out[k][1 + a];
  }
}

// One fused step of RULE over elements [base, base + n) (arrays indexed from base; state arrays
// a rule does not use may be null). *bad (initialised to 0xFFFF_FFFF_FFFF_FFFF by the caller)
// receives the smallest element index with a non-finite new value; SGNHT writes its per-block
// Σ p'² to partial[blockIdx.x] (the caller sums the gridDim.x partials in double, in order).
template <int RULE>
__device__ void lv_update_kernel(const lv_params& p, float* theta, const float* grad, float* s0,
                                 float* s1, float* s2, float* s3, int64_t n, int64_t base,
                                 int write, unsigned long long* bad, double* partial) {
  const int noise = lv_draws_noise(RULE, p);
  int64_t myBad = INT64_MAX;
  double sum = 0.0;
  int64_t q1 = (base + n + 3) >> 2;
  for (int64_t q = (base >> 2) + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; q < q1;
       q += (int64_t)gridDim.x * blockDim.x) {
    lv_update_quad<RULE>(p, noise, q, base, n, theta, grad, s0, s1, s2, s3, write, &myBad, &sum);
  }
  if (myBad != INT64_MAX) atomicMin(bad, (unsigned long long)myBad);
  if (RULE == LV_SGNHT) lv_block_sum(sum, partial);
}

// The same step over quads q0 .. q0 + quads − 1, every one inside the range and 16-byte aligned
// (the caller launches this when base is a multiple of 4 and the arrays are whole allocations,
// and lv_update_<rule> for the ragged last quad): float4 loads and stores only, so it needs far
// fewer registers than the general kernel (cuda-src/dev/update.cu measures the difference).
// The loop of lv_update_vec_kernel with the noise and write flags as constants: each of the four
// instantiations is straight-line code, so the kernel needs the registers of the leanest, not of
// a mix (cuda-src/dev/update.cu: 100 % of copy against 89-91 % with run-time flags).
template <int RULE, int NOISE, int WRITE>
__device__ __forceinline__ void lv_update_vec_loop(const lv_params& p, float* theta,
                                                   const float* grad, float* s0, float* s1,
                                                   float* s2, float* s3, int64_t q0,
                                                   int64_t quads, int64_t base, int64_t* myBad,
                                                   double* sum) {
  for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < quads;
       t += (int64_t)gridDim.x * blockDim.x) {
    int64_t q = q0 + t;
    lv_update_quad_vec<RULE>(p, NOISE, q, 4 * q - base, theta, grad, s0, s1, s2, s3, WRITE,
                             myBad, sum);
  }
}

template <int RULE>
__device__ void lv_update_vec_kernel(const lv_params& p, float* theta, const float* grad,
                                     float* s0, float* s1, float* s2, float* s3, int64_t q0,
                                     int64_t quads, int64_t base, int write,
                                     unsigned long long* bad, double* partial) {
  const int noise = lv_draws_noise(RULE, p);
  int64_t myBad = INT64_MAX;
  double sum = 0.0;
  if (noise) {
    if (write) {
      lv_update_vec_loop<RULE, 1, 1>(p, theta, grad, s0, s1, s2, s3, q0, quads, base, &myBad, &sum);
    } else {
      lv_update_vec_loop<RULE, 1, 0>(p, theta, grad, s0, s1, s2, s3, q0, quads, base, &myBad, &sum);
    }
  } else {
    if (write) {
      lv_update_vec_loop<RULE, 0, 1>(p, theta, grad, s0, s1, s2, s3, q0, quads, base, &myBad, &sum);
    } else {
      lv_update_vec_loop<RULE, 0, 0>(p, theta, grad, s0, s1, s2, s3, q0, quads, base, &myBad, &sum);
    }
  }
  if (myBad != INT64_MAX) atomicMin(bad, (unsigned long long)myBad);
  if (RULE == LV_SGNHT) lv_block_sum(sum, partial);
}

#define LV_UPDATE_KERNEL(name, RULE)                                                          \
  extern "C" __global__ void __launch_bounds__(LV_THREADS)                                   \
      name(lv_params p, float* theta, const float* grad, float* s0, float* s1, float* s2,    \
           float* s3, int64_t n, int64_t base, int write, unsigned long long* bad,           \
           double* partial) {                                                                \
    lv_update_kernel<RULE>(p, theta, grad, s0, s1, s2, s3, n, base, write, bad, partial);    \
  }                                                                                          \
  extern "C" __global__ void __launch_bounds__(LV_THREADS)                                   \
      name##_vec(lv_params p, float* theta, const float* grad, float* s0, float* s1,         \
                 float* s2, float* s3, int64_t q0, int64_t quads, int64_t base, int write,   \
                 unsigned long long* bad, double* partial) {                                 \
    lv_update_vec_kernel<RULE>(p, theta, grad, s0, s1, s2, s3, q0, quads, base, write, bad,  \
                               partial);                                                     \
  }

LV_UPDATE_KERNEL(lv_update_sgd, LV_SGD)
LV_UPDATE_KERNEL(lv_update_momentum, LV_MOMENTUM)
LV_UPDATE_KERNEL(lv_update_nesterov, LV_NESTEROV)
LV_UPDATE_KERNEL(lv_update_rmsprop, LV_RMSPROP)
LV_UPDATE_KERNEL(lv_update_adagrad, LV_ADAGRAD)
LV_UPDATE_KERNEL(lv_update_adam, LV_ADAM)
LV_UPDATE_KERNEL(lv_update_sgld, LV_SGLD)
LV_UPDATE_KERNEL(lv_update_psgld, LV_PSGLD)
LV_UPDATE_KERNEL(lv_update_sghmc, LV_SGHMC)
LV_UPDATE_KERNEL(lv_update_sgnht, LV_SGNHT)
LV_UPDATE_KERNEL(lv_update_santa_euler, LV_SANTA_EULER)
LV_UPDATE_KERNEL(lv_update_santa_sss, LV_SANTA_SSS)

// ------------------------------------------------------------------------------ other families
// Each family's kernels live in their own file (listed in ../README.md).
#include "sgemm.cuh"
#include "projection.cuh"
#include "train_ops.cuh"
