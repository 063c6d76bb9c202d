// update.cu -- numbered versions of the fused pSGLD step (the sampler issue's headline kernel),
// checked bit for bit against version 1 and timed with CUDA events against a device-to-device
// copy of the same bytes in the same run. All versions share the element math of
// ../include/lv_update.cuh (lv_update_elem), so any difference in bits is an indexing bug.
//
//   1  one element at a time (lv_update_quad: scalar loads and stores, bounds checks), grid-stride
//      at 16 blocks per SM
//   2  the library's general kernel lv_update_psgld (= 1; CudaKernels uses it only for a ragged
//      last quad or an index base that is not a multiple of 4)
//   2v the library's interior kernel lv_update_psgld_vec (what CudaKernels launches for an aligned
//      range: float4 loads and stores via lv_update_quad_vec, every load before any store, the
//      noise/write flags as template constants), one quad per thread and at 16 blocks per SM
//   3  lv_update_quad_vec with the flags as literals, two quads per loop iteration
//   4  lv_update_quad_vec with the flags as literals and streaming cache hints (__ldcs / __stcs)
//   5  3 + 4
//   6  lv_update_quad_vec with the flags as literals, one quad per thread (grid = quads / 256)
//
// Build and run (on a GPU machine):  bash cuda-src/dev/run.sh   (or by hand:
//   nvcc -O3 --fmad=false -arch=sm_90 -o /tmp/update cuda-src/dev/update.cu && /tmp/update)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../kernels/langevin_kernels.cu"

#define RULE LV_PSGLD

#define CK(x)                                                                              \
  do {                                                                                     \
    cudaError_t e_ = (x);                                                                  \
    if (e_ != cudaSuccess) {                                                               \
      fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #x, cudaGetErrorString(e_)); \
      exit(2);                                                                             \
    }                                                                                      \
  } while (0)

__global__ void __launch_bounds__(256) v1(lv_params p, float* th, const float* g, float* v,
                                          int64_t n) {
  int64_t bad = INT64_MAX;
  double sum = 0;
  for (int64_t q = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; q < (n + 3) / 4;
       q += (int64_t)gridDim.x * blockDim.x)
    lv_update_quad<RULE>(p, 1, q, 0, n, th, g, v, nullptr, nullptr, nullptr, 1, &bad, &sum);
}

// versions 3-6: the library's interior-quad function (n a multiple of 4 here, base 0)
template <bool STREAM, int QUADS>
__global__ void __launch_bounds__(256) vq(lv_params p, float* th, const float* g, float* v,
                                          int64_t n, unsigned long long* bad) {
  int64_t myBad = INT64_MAX;
  double sum = 0;
  int64_t quads = n / 4, stride = (int64_t)gridDim.x * blockDim.x;
  int64_t q = blockIdx.x * (int64_t)blockDim.x + threadIdx.x;
  if (QUADS == 2) {
    for (; q + stride < quads; q += 2 * stride) {
      lv_update_quad_vec<RULE, STREAM>(p, 1, q, 4 * q, th, g, v, nullptr, nullptr, nullptr, 1,
                                       &myBad, &sum);
      lv_update_quad_vec<RULE, STREAM>(p, 1, q + stride, 4 * (q + stride), th, g, v, nullptr,
                                       nullptr, nullptr, 1, &myBad, &sum);
    }
  }
  for (; q < quads; q += stride)
    lv_update_quad_vec<RULE, STREAM>(p, 1, q, 4 * q, th, g, v, nullptr, nullptr, nullptr, 1,
                                     &myBad, &sum);
  if (myBad != INT64_MAX) atomicMin(bad, (unsigned long long)myBad);
}

__global__ void copy4(const float4* __restrict__ a, float4* __restrict__ b, int64_t n4) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n4;
       i += (int64_t)gridDim.x * blockDim.x)
    b[i] = a[i];
}

struct Timer {
  cudaEvent_t a, b;
  Timer() {
    CK(cudaEventCreate(&a));
    CK(cudaEventCreate(&b));
  }
  template <class F>
  float median_ms(F f, int reps = 15) {
    for (int i = 0; i < 3; i++) f();
    CK(cudaGetLastError());
    CK(cudaDeviceSynchronize());
    std::vector<float> t(reps);
    for (int r = 0; r < reps; r++) {
      CK(cudaEventRecord(a));
      f();
      CK(cudaEventRecord(b));
      CK(cudaEventSynchronize(b));
      CK(cudaGetLastError());
      CK(cudaEventElapsedTime(&t[r], a, b));
    }
    std::sort(t.begin(), t.end());
    return t[reps / 2];
  }
};

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? atoll(argv[1]) : 100000000;  // D, a multiple of 4
  n &= ~(int64_t)3;
  int sms;
  CK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  std::vector<float> h0(n), hg(n), hv(n);
  uint64_t x = 88172645463325252ull;
  auto rnd = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return (float)((x >> 40) * (1.0 / 16777216.0));
  };
  for (int64_t i = 0; i < n; i++) h0[i] = rnd() * 2 - 1, hg[i] = rnd() * 2 - 1, hv[i] = rnd() + 1e-3f;
  float *th, *g, *v, *th0, *v0;
  size_t bytes = n * sizeof(float);
  CK(cudaMalloc(&th, bytes));
  CK(cudaMalloc(&g, bytes));
  CK(cudaMalloc(&v, bytes));
  CK(cudaMalloc(&th0, bytes));
  CK(cudaMalloc(&v0, bytes));
  CK(cudaMemcpy(th0, h0.data(), bytes, cudaMemcpyHostToDevice));
  CK(cudaMemcpy(g, hg.data(), bytes, cudaMemcpyHostToDevice));
  CK(cudaMemcpy(v0, hv.data(), bytes, cudaMemcpyHostToDevice));
  lv_params p;
  memset(&p, 0, sizeof p);
  p.lr = 1e-3f, p.grad_scale = 1.0f, p.prior = 1e-4f, p.decay = 0.99f, p.eps = 1e-5f;
  p.sigma = 1e-3f, p.bias_correction1 = p.bias_correction2 = 1.0f, p.floor_ = 1e-3f;
  p.seed = 42, p.step = 7, p.stream = 0;
  Timer tm;
  // reference: one step of v1 from (th0, v0)
  std::vector<float> rt(n), rv(n), ot(n), ov(n);
  auto reset = [&] {
    CK(cudaMemcpy(th, th0, bytes, cudaMemcpyDeviceToDevice));
    CK(cudaMemcpy(v, v0, bytes, cudaMemcpyDeviceToDevice));
  };
  int gridStride = sms * 16, gridFull = (int)((n / 4 + 255) / 256);
  reset();
  v1<<<gridStride, 256>>>(p, th, g, v, n);
  CK(cudaGetLastError());
  CK(cudaMemcpy(rt.data(), th, bytes, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(rv.data(), v, bytes, cudaMemcpyDeviceToHost));
  float copyMs = tm.median_ms([&] { CK(cudaMemcpyAsync(th, th0, bytes, cudaMemcpyDeviceToDevice)); });
  double copyGbs = 2.0 * bytes / (copyMs * 1e6);
  float copy4Ms = tm.median_ms([&] { copy4<<<sms * 16, 256>>>((const float4*)th0, (float4*)th, n / 4); });
  printf("pSGLD step, D = %lld, %d SMs; bytes per step 20·D = %.2f GB\n", (long long)n, sms, 20.0 * n / 1e9);
  printf("%-34s %9.4f ms %8.1f GB/s\n", "copy cudaMemcpy D2D (ceiling)", copyMs, copyGbs);
  printf("%-34s %9.4f ms %8.1f GB/s %5.0f%%\n", "copy float4 kernel", copy4Ms,
         2.0 * bytes / (copy4Ms * 1e6), 100 * 2.0 * bytes / (copy4Ms * 1e6) / copyGbs);
  int fails = 0;
  auto run = [&](const char* name, auto launch) {
    reset();
    launch();
    CK(cudaGetLastError());
    CK(cudaMemcpy(ot.data(), th, bytes, cudaMemcpyDeviceToHost));
    CK(cudaMemcpy(ov.data(), v, bytes, cudaMemcpyDeviceToHost));
    bool ok = memcmp(ot.data(), rt.data(), bytes) == 0 && memcmp(ov.data(), rv.data(), bytes) == 0;
    fails += !ok;
    float ms = tm.median_ms([&] { p.step++; launch(); });
    double gbs = 20.0 * n / (ms * 1e6);
    printf("%-34s %9.4f ms %8.1f GB/s %5.0f%% of copy  %s\n", name, ms, gbs, 100 * gbs / copyGbs,
           ok ? "PASS (bit-identical to 1)" : "FAIL (bits differ from 1)");
    p.step = 7;
  };
  unsigned long long* bad;
  double* partial;
  CK(cudaMalloc(&bad, 8));
  CK(cudaMalloc(&partial, 8 * sms * 64));
  run("1 scalar elements", [&] { v1<<<gridStride, 256>>>(p, th, g, v, n); });
  run("2 library lv_update_psgld (general)", [&] {
    lv_update_psgld<<<gridStride, 256>>>(p, th, g, v, nullptr, nullptr, nullptr, n, 0, 1, bad, partial);
  });
  run("2v library lv_update_psgld_vec, 1 quad/thread", [&] {
    lv_update_psgld_vec<<<gridFull, 256>>>(p, th, g, v, nullptr, nullptr, nullptr, 0, n / 4, 0, 1, bad, partial);
  });
  run("2v ... at 16 blocks/SM", [&] {
    lv_update_psgld_vec<<<gridStride, 256>>>(p, th, g, v, nullptr, nullptr, nullptr, 0, n / 4, 0, 1, bad, partial);
  });
  run("3 literal flags, 2 quads/iteration", [&] { vq<false, 2><<<gridStride, 256>>>(p, th, g, v, n, bad); });
  run("4 literal flags, streaming hints", [&] { vq<true, 1><<<gridStride, 256>>>(p, th, g, v, n, bad); });
  run("5 = 3 + 4", [&] { vq<true, 2><<<gridStride, 256>>>(p, th, g, v, n, bad); });
  run("6 literal flags, 1 quad/thread", [&] { vq<false, 1><<<gridFull, 256>>>(p, th, g, v, n, bad); });
  printf("update.cu: %s\n", fails ? "FAIL" : "PASS");
  return fails ? 1 : 0;
}
