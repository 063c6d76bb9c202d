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

// ------------------------------------------------------------------------------------ noise

// out[j] = Philox word of element firstIndex + j, j in [0, n).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_noise_bits(uint64_t seed, uint32_t step, int32_t stream, int64_t firstIndex, int64_t n,
                  uint32_t* out) {
  int64_t q1 = (firstIndex + n + 3) >> 2;
  for (int64_t q = (firstIndex >> 2) + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; q < q1;
       q += (int64_t)gridDim.x * blockDim.x) {
    lv_u4 w = lv_noise_bits(seed, step, stream, (uint64_t)q);
    for (int k = 0; k < 4; k++) {
      int64_t i = 4 * q + k;
      if (i >= firstIndex && i < firstIndex + n) out[i - firstIndex] = w.x[k];
    }
  }
}

// out[j] = uniform in (0, 1] of element firstIndex + j.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_noise_uniform(uint64_t seed, uint32_t step, int32_t stream, int64_t firstIndex, int64_t n,
                     float* out) {
  int64_t q1 = (firstIndex + n + 3) >> 2;
  for (int64_t q = (firstIndex >> 2) + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; q < q1;
       q += (int64_t)gridDim.x * blockDim.x) {
    lv_f4 v = lv_noise_uniform(seed, step, stream, (uint64_t)q);
    for (int k = 0; k < 4; k++) {
      int64_t i = 4 * q + k;
      if (i >= firstIndex && i < firstIndex + n) out[i - firstIndex] = v.x[k];
    }
  }
}

// out[j] = standard normal of element firstIndex + j (bit-identical to ScalarNoise.gaussian).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_noise_gaussian(uint64_t seed, uint32_t step, int32_t stream, int64_t firstIndex, int64_t n,
                      float* out) {
  int64_t q1 = (firstIndex + n + 3) >> 2;
  for (int64_t q = (firstIndex >> 2) + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; q < q1;
       q += (int64_t)gridDim.x * blockDim.x) {
    lv_f4 v = lv_noise_gaussian(seed, step, stream, (uint64_t)q);
    for (int k = 0; k < 4; k++) {
      int64_t i = 4 * q + k;
      if (i >= firstIndex && i < firstIndex + n) out[i - firstIndex] = v.x[k];
    }
  }
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

#define LV_UPDATE_KERNEL(name, RULE)                                                          \
  extern "C" __global__ void __launch_bounds__(LV_THREADS)                                   \
      name(lv_params p, float* theta, const float* grad, float* s0, float* s1, float* s2,    \
           float* s3, int64_t n, int64_t base, int write, unsigned long long* bad,           \
           double* partial) {                                                                \
    lv_update_kernel<RULE>(p, theta, grad, s0, s1, s2, s3, n, base, write, bad, partial);    \
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
