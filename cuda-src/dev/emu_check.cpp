// emu_check.cpp -- runs the SGEMM kernels of sgemm.cu (versions 1-3) and of the library
// (../kernels/sgemm.cuh, all twelve lv_sgemm* entries) on the CPU, no GPU needed: a small CUDA
// emulation where every CUDA thread of a block is a std::thread, __syncthreads() a std::barrier,
// __shared__ a static (blocks run one after another), float4/float2 16-/8-byte-aligned structs,
// __fmaf_rn/__fmul_rn the correctly rounded fmaf and *. Operands end right before PROT_NONE
// pages, so a read past an operand's end crashes. It checks indexing, edge guards, transposes,
// offsets and leading dimensions (scalar and float4 paths), alpha/beta (beta = 0: C poisoned with
// NaN), that nothing outside C is written and that every thread reaches the same barriers (else
// it hangs); a missing barrier shows up only when the threads happen to interleave badly (it
// did in both trials of removing one). Not a substitute for the device run (run.sh), which also
// covers speed and the large cases.
//
//   g++ -std=c++20 -O2 -pthread -Wno-unknown-pragmas -o /tmp/emu_check cuda-src/dev/emu_check.cpp
//   /tmp/emu_check            (about a minute on 2 cores; exit 1 on any failure)
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <sys/mman.h>
#include <thread>
#include <vector>

// --------------------------------------------------------------------------- CUDA emulation
struct dim3 {
  unsigned x, y, z;
  dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;
struct alignas(16) float4 {
  float x, y, z, w;
};
struct alignas(8) float2 {
  float x, y;
};
inline float4 make_float4(float a, float b, float c, float d) { return {a, b, c, d}; }
inline float __fmaf_rn(float a, float b, float c) { return std::fmaf(a, b, c); }
inline float __fmul_rn(float a, float b) { return a * b; }
#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
static std::barrier<>* emu_barrier;
inline void __syncthreads() { emu_barrier->arrive_and_wait(); }

// One launch: blockDim threads, each running every block of the grid in order (x fastest), with
// a barrier after each block so a block's shared memory is not overwritten while in use.
static void emu_launch(dim3 grid, dim3 block, const std::function<void()>& kernel) {
  gridDim = grid;
  blockDim = block;
  const unsigned nt = block.x * block.y * block.z;
  std::barrier<> bar(nt);
  emu_barrier = &bar;
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < nt; t++) {
    ts.emplace_back([&, t] {
      threadIdx = dim3(t % block.x, (t / block.x) % block.y, t / (block.x * block.y));
      for (unsigned bz = 0; bz < grid.z; bz++)
        for (unsigned by = 0; by < grid.y; by++)
          for (unsigned bx = 0; bx < grid.x; bx++) {
            blockIdx = dim3(bx, by, bz);
            kernel();
            bar.arrive_and_wait();
          }
    });
  }
  for (auto& t : ts) t.join();
}

#define LV_DEV_KERNELS_ONLY
#include "sgemm.cu"

// --------------------------------------------------------------------------- checks
static uint64_t g_state;
static float rnd() {  // splitmix64 -> [-1, 1), never 0
  for (;;) {
    uint64_t z = (g_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    float v = -1.0f + 2.0f * (float)(z >> 40) * (1.0f / 16777216.0f);
    if (v != 0.0f) return v;
  }
}
static int cdiv(int a, int b) { return a / b + (a % b != 0); }

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
typedef void (*Entry)(int, int, int, float, const float*, int, const float*, int, float, float*,
                      int);

#define EMU_DISPATCH(kernel, x)                                                              \
  do {                                                                                      \
    if (!x.ta && !x.tb)                                                                     \
      kernel<false, false>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c,     \
                           x.ldc);                                                          \
    else if (!x.ta)                                                                         \
      kernel<false, true>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c, x.ldc); \
    else if (!x.tb)                                                                         \
      kernel<true, false>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c, x.ldc); \
    else                                                                                    \
      kernel<true, true>(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c, x.ldc);  \
  } while (0)

static void run1(const Args& x) {
  emu_launch(dim3(cdiv(x.n, 32), cdiv(x.m, 8)), dim3(32, 8), [&] { EMU_DISPATCH(sgemm1, x); });
}
static void run2(const Args& x) {
  emu_launch(dim3(cdiv(x.n, 32), cdiv(x.m, 32)), dim3(32, 32), [&] { EMU_DISPATCH(sgemm2, x); });
}
static void run3(const Args& x) {
  emu_launch(dim3(cdiv(x.n, 128), cdiv(x.m, 128)), dim3(256), [&] { EMU_DISPATCH(sgemm3, x); });
}
static void runlib(const Args& x, int tile) {
  const Entry e128[4] = {lv_sgemm128_nn, lv_sgemm128_nt, lv_sgemm128_tn, lv_sgemm128_tt};
  const Entry e64[4] = {lv_sgemm64_nn, lv_sgemm64_nt, lv_sgemm64_tn, lv_sgemm64_tt};
  const Entry e32[4] = {lv_sgemm32_nn, lv_sgemm32_nt, lv_sgemm32_tn, lv_sgemm32_tt};
  const Entry e = (tile == 128 ? e128 : tile == 64 ? e64 : e32)[(x.ta ? 2 : 0) + (x.tb ? 1 : 0)];
  emu_launch(dim3(cdiv(x.m, tile) * cdiv(x.n, tile)), dim3(256), [&] {
    e(x.m, x.n, x.k, x.alpha, x.a, x.lda, x.b, x.ldb, x.beta, x.c, x.ldc);
  });
}
static void run128(const Args& x) { runlib(x, 128); }
static void run64(const Args& x) { runlib(x, 64); }
static void run32(const Args& x) { runlib(x, 32); }

struct Version {
  const char* name;
  void (*run)(const Args&);
  bool small;  // 1024-thread blocks: only the smaller cases (emulation cost)
};

// n floats (n a multiple of 16), 64-byte aligned, ending right before 1 MiB of PROT_NONE pages:
// a read past the end of an operand crashes the check instead of passing unnoticed
struct Guarded {
  char* base;
  size_t len;
  float* p;
  explicit Guarded(size_t n) {
    const size_t bytes = n * 4, data = (bytes + 4095) / 4096 * 4096, guard = 1 << 20;
    len = data + guard;
    base = static_cast<char*>(
        mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (base == MAP_FAILED || mprotect(base + data, guard, PROT_NONE) != 0) std::abort();
    p = reinterpret_cast<float*>(base + data - bytes);
  }
  ~Guarded() { munmap(base, len); }
};
static size_t round16(size_t n) { return (n + 15) / 16 * 16; }

// one case; returns the number of failures (0 or 1), printing the details of a failure
static int check(const Version& v, bool ta, bool tb, int m, int n, int k, float alpha, float beta,
                 int oa, int ob, int oc, int pa, int pb, int pc, bool align) {
  const int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
  auto ld = [&](int cols, int pad) {
    int l = align ? ((cols + 3) / 4) * 4 + pad : cols + pad;
    return l > 0 ? l : 1;
  };
  const int lda = ld(aCols, pa), ldb = ld(bCols, pb), ldc = ld(n, pc);
  // storage ends (after rounding up to 16 floats) where the matrix ends
  auto end = [](int rows, int cols, int ld) {
    return rows > 0 && cols > 0 ? (size_t)(rows - 1) * ld + cols : (size_t)0;
  };
  const size_t na = round16(oa + end(aRows, aCols, lda) + 1),
               nb = round16(ob + end(bRows, bCols, ldb) + 1), nc = round16(oc + end(m, n, ldc) + 1);
  Guarded ga(na), gb(nb), gc(nc), gc0(nc);
  float *A = ga.p, *B = gb.p, *C = gc.p, *C0 = gc0.p;
  for (size_t i = 0; i < na; i++) A[i] = rnd();
  for (size_t i = 0; i < nb; i++) B[i] = rnd();
  for (size_t i = 0; i < nc; i++) C0[i] = rnd();
  std::memcpy(C, C0, nc * 4);
  if (beta == 0.0f)
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) C[oc + (size_t)i * ldc + j] = std::nanf("");
  v.run({ta, tb, m, n, k, alpha, A + oa, lda, B + ob, ldb, beta, C + oc, ldc});
  const double eps = std::ldexp(1.0, -24);
  long bad = 0, outside = 0;
  double worst = 0;
  for (size_t e = 0; e < nc; e++) {
    const long r = e < (size_t)oc ? -1 : (long)((e - oc) / ldc);
    const long col = e < (size_t)oc ? -1 : (long)((e - oc) % ldc);
    if (r >= 0 && r < m && col < n) {
      double dot = 0, absdot = 0;
      for (int p = 0; p < k; p++) {
        const double av = ta ? A[oa + (size_t)p * lda + r] : A[oa + (size_t)r * lda + p];
        const double bv = tb ? B[ob + (size_t)col * ldb + p] : B[ob + (size_t)p * ldb + col];
        dot += av * bv;
        absdot += std::fabs(av * bv);
      }
      const double ref = alpha * dot + (beta == 0.0f ? 0.0 : (double)beta * C0[e]);
      const double bound = (4.0 * k + 2.0) * eps * std::fabs(alpha) * absdot +
                           2 * eps * std::fabs(ref) + 1e-30;
      const double d = std::fabs((double)C[e] - ref);
      if (!(d <= bound)) bad++;
      if (std::isfinite(C[e])) worst = std::max(worst, d / bound);
    } else if (std::memcmp(&C[e], &C0[e], 4) != 0) {
      outside++;
    }
  }
  if (bad || outside) {
    std::printf("FAIL %-10s %c%c m=%d n=%d k=%d alpha=%g beta=%g off=%d,%d,%d ld=%d,%d,%d: "
                "%ld elements off (max/bound %.2e), %ld outside C changed\n",
                v.name, ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, beta, oa, ob, oc, lda,
                ldb, ldc, bad, worst, outside);
    return 1;
  }
  return 0;
}

int main() {
  const Version versions[] = {{"v1", run1, true},
                              {"v2", run2, true},
                              {"v3", run3, false},
                              {"lib128", run128, false},
                              {"lib64", run64, false},
                              {"lib32", run32, false}};
  struct Size {
    int m, n, k;
    bool small;
  };
  const Size sizes[] = {{1, 1, 1, true},      {17, 33, 65, true},   {31, 7, 13, true},
                        {64, 64, 0, true},    {129, 65, 7, true},   {127, 129, 33, false},
                        {128, 128, 24, false}, {5, 300, 3, false},  {1100, 130, 9, false},
                        {200, 1100, 17, false}};
  g_state = 12345;
  int failures = 0, cases = 0;
  for (const Version& v : versions) {
    int vf = 0, vc = 0;
    for (const Size& z : sizes) {
      if (v.small && !z.small) continue;
      for (int t = 0; t < 4; t++) {
        const bool ta = t >= 2, tb = t & 1;
        vf += check(v, ta, tb, z.m, z.n, z.k, 1.0f, 0.0f, 0, 0, 0, 0, 0, 0, false);
        vf += check(v, ta, tb, z.m, z.n, z.k, -1.25f, 0.5f, 3, 1, 5, 1, 2, 3, false);
        vf += check(v, ta, tb, z.m, z.n, z.k, 0.75f, 0.0f, 4, 8, 12, 4, 0, 8, true);
        vf += check(v, ta, tb, z.m, z.n, z.k, 2.0f, -1.0f, 0, 4, 8, 0, 4, 0, true);
        vc += 4;
      }
    }
    std::printf("%-8s %3d cases, %d failed\n", v.name, vc, vf);
    std::fflush(stdout);
    failures += vf;
    cases += vc;
  }
  std::printf("emu_check: %d of %d cases failed\n", failures, cases);
  return failures ? 1 : 0;
}
