// common.h -- check-and-time harness shared by the kernel development programs of cuda-src/dev
// (not part of the library build). In the manner of llm.c's dev/cuda: each program holds
// numbered versions of one kernel, checks each against a double-precision host reference on
// random inputs and times it, printing one line per version.
//
//   CUDA_CHECK(call)        aborts (exit 2) with file:line and the error name on any failure
//   CUDA_LAUNCH_CHECK()     cudaGetLastError() after a launch
//   Rng                     fixed-seed host generator (splitmix64); uniform(lo, hi) never 0
//   random_vector(n, seed)  uniform in [-1, 1), no zeros
//   DeviceBuffer            RAII device allocation, upload/download, poison (all bits 1: NaN)
//   time_median_ms(f)       warm-up, then many cudaEvent-timed runs of f, the median in ms
//   Check                   error accumulator: relative norm ‖got − ref‖/‖ref‖, max |got − ref|,
//                           max |got − ref| / bound (bound per element, given by the caller),
//                           count of bad elements (non-finite, or wrong as the caller says)
//   report(...)             one line: name, ms, GFLOP/s or GB/s, errors, PASS/FAIL; FAILs are
//                           counted and exit_status() returns 1 when there was any
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#define CUDA_CHECK(call)                                                                  \
  do {                                                                                    \
    cudaError_t err_ = (call);                                                            \
    if (err_ != cudaSuccess) {                                                            \
      std::fprintf(stderr, "CUDA error %s at %s:%d (%s): %s\n", cudaGetErrorName(err_),   \
                   __FILE__, __LINE__, #call, cudaGetErrorString(err_));                  \
      std::exit(2);                                                                       \
    }                                                                                     \
  } while (0)

// after every launch: launch-configuration errors now, execution errors at the next sync
#define CUDA_LAUNCH_CHECK() CUDA_CHECK(cudaGetLastError())

// ------------------------------------------------------------------------------- random inputs

struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // uniform in [lo, hi), redrawn when exactly 0
  float uniform(float lo, float hi) {
    for (;;) {
      float u = (float)(next() >> 40) * (1.0f / 16777216.0f);
      float v = lo + (hi - lo) * u;
      if (v != 0.0f) return v;
    }
  }
  int below(int n) { return (int)(next() % (uint64_t)n); }
};

static std::vector<float> random_vector(size_t n, uint64_t seed, float lo = -1.0f,
                                        float hi = 1.0f) {
  Rng r(seed);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; i++) v[i] = r.uniform(lo, hi);
  return v;
}

// ----------------------------------------------------------------------------- device buffers

struct DeviceBuffer {
  float* p = nullptr;
  size_t n = 0;
  explicit DeviceBuffer(size_t count) : n(count) {
    CUDA_CHECK(cudaMalloc(&p, std::max<size_t>(count, 1) * sizeof(float)));
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { cudaFree(p); }
  void upload(const std::vector<float>& h) {
    CUDA_CHECK(cudaMemcpy(p, h.data(), std::min(n, h.size()) * sizeof(float),
                          cudaMemcpyHostToDevice));
  }
  std::vector<float> download() const {
    std::vector<float> h(n);
    CUDA_CHECK(cudaMemcpy(h.data(), p, n * sizeof(float), cudaMemcpyDeviceToHost));
    return h;
  }
  // every bit set: a quiet NaN in each float, so an element a kernel fails to write is caught
  // and one it reads by mistake (C with beta = 0) poisons its result
  void poison() { CUDA_CHECK(cudaMemset(p, 0xFF, n * sizeof(float))); }
};

// ------------------------------------------------------------------------------------- timing

// Runs f() (which launches the kernel(s) of one operation) a few times to warm up, picks a
// repetition count that fills about target_ms (at least min_reps, at most max_reps), times each
// repetition with its own cudaEvent pair and returns the median in milliseconds.
template <class F>
static double time_median_ms(F f, double target_ms = 300.0, int min_reps = 5,
                             int max_reps = 200) {
  cudaEvent_t t0, t1;
  CUDA_CHECK(cudaEventCreate(&t0));
  CUDA_CHECK(cudaEventCreate(&t1));
  for (int i = 0; i < 2; i++) f();
  CUDA_LAUNCH_CHECK();
  CUDA_CHECK(cudaEventRecord(t0));
  f();
  CUDA_CHECK(cudaEventRecord(t1));
  CUDA_CHECK(cudaEventSynchronize(t1));
  float once = 0.0f;
  CUDA_CHECK(cudaEventElapsedTime(&once, t0, t1));
  int reps = (int)std::min<double>(max_reps, std::max<double>(min_reps, target_ms / (once + 1e-3)));
  std::vector<double> ms(reps);
  for (int r = 0; r < reps; r++) {
    CUDA_CHECK(cudaEventRecord(t0));
    f();
    CUDA_CHECK(cudaEventRecord(t1));
    CUDA_CHECK(cudaEventSynchronize(t1));
    float e = 0.0f;
    CUDA_CHECK(cudaEventElapsedTime(&e, t0, t1));
    ms[r] = e;
  }
  CUDA_LAUNCH_CHECK();
  CUDA_CHECK(cudaEventDestroy(t0));
  CUDA_CHECK(cudaEventDestroy(t1));
  std::sort(ms.begin(), ms.end());
  return ms[reps / 2];
}

// ------------------------------------------------------------------------------------- errors

struct Check {
  double diff2 = 0, ref2 = 0;   // Σ (got − ref)², Σ ref²
  double max_abs = 0;           // max |got − ref|
  double max_ratio = 0;         // max |got − ref| / bound
  long bad = 0, count = 0;      // non-finite (or otherwise wrong) elements; elements seen
  // one element; bound: the allowed |got − ref| for it
  void add(float got, double ref, double bound) {
    count++;
    if (!std::isfinite(got)) {
      bad++;
      return;
    }
    double d = std::fabs((double)got - ref);
    diff2 += d * d;
    ref2 += ref * ref;
    max_abs = std::max(max_abs, d);
    max_ratio = std::max(max_ratio, d / bound);
  }
  double relnorm() const { return ref2 > 0 ? std::sqrt(diff2 / ref2) : std::sqrt(diff2); }
  // every element finite and within its bound, and the relative norm error at most max_relnorm
  bool pass(double max_relnorm) const {
    return bad == 0 && max_ratio <= 1.0 && relnorm() <= max_relnorm;
  }
};

static int g_failures = 0;

// One result line. ms < 0: not timed (a correctness-only case). rate_unit: "GFLOP/s" or "GB/s",
// work: FLOPs resp. bytes of one operation.
static void report(const char* name, double ms, double work, const char* rate_unit,
                   const Check& c, bool pass, const char* note = "") {
  if (!pass) g_failures++;
  char timing[64];
  if (ms >= 0)
    std::snprintf(timing, sizeof timing, "%9.3f ms %9.1f %-7s", ms, work / (ms * 1e-3) / 1e9,
                  rate_unit);
  else
    std::snprintf(timing, sizeof timing, "%30s", "");
  std::printf("%-34s %s relnorm %.2e maxabs %.2e max/bound %.2e bad %ld  %s%s\n", name,
              timing, c.relnorm(), c.max_abs, c.max_ratio, c.bad, pass ? "PASS" : "FAIL",
              note);
  std::fflush(stdout);
}

static int exit_status() {
  if (g_failures) std::printf("%d check(s) FAILED\n", g_failures);
  return g_failures ? 1 : 0;
}

static void print_device() {
  int dev = 0;
  CUDA_CHECK(cudaGetDevice(&dev));
  cudaDeviceProp p;
  CUDA_CHECK(cudaGetDeviceProperties(&p, dev));
  int clock_khz = 0;
  cudaDeviceGetAttribute(&clock_khz, cudaDevAttrClockRate, dev);
  std::printf("device: %s (sm_%d%d), %d SMs, %.0f MHz, L2 %d MB\n", p.name, p.major, p.minor,
              p.multiProcessorCount, clock_khz / 1e3, p.l2CacheSize >> 20);
}
