// copy.cu -- device-to-device copy of 1 GiB: the memory-bandwidth ceiling the kernel notes compare
// against (a memory-bound kernel cannot beat it). Rates count read + write (2 bytes moved per
// byte copied). Kernel development only (not built into the library).
//
//   1  cudaMemcpy(DeviceToDevice)
//   2  float4 grid-stride copy kernel, a full-occupancy grid (blocks per SM from the occupancy API)
//   3  float4 copy kernel, one float4 per thread (n/4 threads)
//
// Each is checked once on a poisoned (all bits 1) destination: every 32-bit word must equal the
// source (counted on the device), then timed (median of cudaEvent-timed runs).
//
//   nvcc -O3 --fmad=false -arch=sm_90 -std=c++17 -o copy copy.cu && ./copy [version]
#include "common.h"

// x[i] = a hash of (seed, i) in [-1, 1), never 0 (device fill: 1 GiB from the host would take
// longer than the whole measurement)
__global__ void fill_hash(float* x, size_t n, uint64_t seed) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x) {
    uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    float v = -1.0f + 2.0f * (float)(z >> 40) * (1.0f / 16777216.0f);
    x[i] = v != 0.0f ? v : 0.5f;
  }
}

__global__ void copy_grid_stride(const float4* __restrict__ src, float4* __restrict__ dst,
                                 size_t n4) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n4;
       i += (size_t)gridDim.x * blockDim.x)
    dst[i] = src[i];
}

__global__ void copy_one_each(const float4* __restrict__ src, float4* __restrict__ dst,
                              size_t n4) {
  const size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n4) dst[i] = src[i];
}

__global__ void count_mismatch(const uint32_t* __restrict__ a, const uint32_t* __restrict__ b,
                               size_t n, unsigned long long* bad) {
  unsigned long long mine = 0;
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x)
    mine += a[i] != b[i];
  if (mine) atomicAdd(bad, mine);
}

int main(int argc, char** argv) {
  const int only = argc > 1 ? std::atoi(argv[1]) : 0;
  print_device();
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  const size_t bytes = 1ull << 30, n = bytes / sizeof(float), n4 = n / 4;
  DeviceBuffer src(n), dst(n);
  unsigned long long* bad = nullptr;
  CUDA_CHECK(cudaMalloc(&bad, sizeof *bad));
  const int threads = 256;
  int perSm = 0;
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, copy_grid_stride, threads, 0));
  const int strideBlocks = perSm * prop.multiProcessorCount;
  const unsigned oneBlocks = (unsigned)((n4 + threads - 1) / threads);
  fill_hash<<<strideBlocks, threads>>>(src.p, n, 2024);
  CUDA_LAUNCH_CHECK();
  CUDA_CHECK(cudaDeviceSynchronize());
  std::printf("1 GiB copy, rates count read + write; grid-stride grid %d blocks (%d per SM)\n",
              strideBlocks, perSm);

  struct Version {
    int number;
    const char* name;
  };
  const Version versions[] = {{1, "v1 cudaMemcpy D2D"},
                              {2, "v2 float4 grid-stride"},
                              {3, "v3 float4 one per thread"}};
  for (const Version& v : versions) {
    if (only && v.number != only) continue;
    auto run = [&] {
      if (v.number == 1) {
        CUDA_CHECK(cudaMemcpy(dst.p, src.p, bytes, cudaMemcpyDeviceToDevice));
      } else if (v.number == 2) {
        copy_grid_stride<<<strideBlocks, threads>>>(reinterpret_cast<const float4*>(src.p),
                                                    reinterpret_cast<float4*>(dst.p), n4);
        CUDA_LAUNCH_CHECK();
      } else {
        copy_one_each<<<oneBlocks, threads>>>(reinterpret_cast<const float4*>(src.p),
                                              reinterpret_cast<float4*>(dst.p), n4);
        CUDA_LAUNCH_CHECK();
      }
    };
    dst.poison();
    run();
    CUDA_CHECK(cudaMemset(bad, 0, sizeof *bad));
    count_mismatch<<<strideBlocks, threads>>>(reinterpret_cast<const uint32_t*>(src.p),
                                              reinterpret_cast<const uint32_t*>(dst.p), n, bad);
    CUDA_LAUNCH_CHECK();
    unsigned long long mismatches = 0;
    CUDA_CHECK(cudaMemcpy(&mismatches, bad, sizeof mismatches, cudaMemcpyDeviceToHost));
    Check chk;
    chk.count = (long)n;
    chk.bad = (long)mismatches;  // words that differ from the source
    const double ms = time_median_ms(run, 300.0, 5, 50);
    report(v.name, ms, 2.0 * bytes, "GB/s", chk, mismatches == 0);
  }
  CUDA_CHECK(cudaFree(bad));
  return exit_status();
}
