// host_check.cu -- compiles the kernels' __host__ __device__ math (../include) for the host and
// evaluates it on test vectors written by io.langevin.kernels.cuda.CudaHostMathTest, which
// compares every result bit for bit with the Java scalar specs. Built and run by that test:
//   nvcc -x cu -std=c++17 -O2 --fmad=false -Xcompiler -ffp-contract=off \
//        -o host_check cuda-src/test/host_check.cu
//   host_check IN OUT
//
// IN and OUT are little-endian binary. IN is a list of commands, each an int32 id and its payload;
// OUT gets each command's results in the same order:
//   0 END
//   1 PHILOX   int32 count, count × (c0 c1 c2 c3 k0 k1: uint32)  -> count × 4 uint32
//   2 NOISE    uint64 seed, uint32 step, int32 stream, int64 first, int32 n
//              -> n uint32 words, n float uniforms, n float normals
//   3 MATH     int32 n, n floats x  -> n × (gauss_log(x), cos2pi(x), sin2pi(x), exp(x)) floats
//   4 UPDATE   int32 rule, 80-byte lv_params, int64 base, int32 n, int32 write,
//              theta[n], grad[n], s0[n], s1[n], s2[n], s3[n] (float)
//              -> theta'[n], s0'[n] .. s3'[n] (float), int64 first bad index or -1, double Σ p'²
//   5 LAYOUT   -> int32 sizeof(lv_params), offsets of floor_, exploration, stream, seed, step
#include <stdio.h>
#include <stdlib.h>
#include <vector>

#include "../include/lv_update.cuh"

static FILE* in;
static FILE* out;

static void fail(const char* what) {
  fprintf(stderr, "host_check: %s\n", what);
  exit(2);
}

template <typename T>
static T get() {
  T v;
  if (fread(&v, sizeof(T), 1, in) != 1) fail("truncated input");
  return v;
}

template <typename T>
static void get(T* dst, size_t n) {
  if (n && fread(dst, sizeof(T), n, in) != n) fail("truncated input array");
}

template <typename T>
static void put(const T* src, size_t n) {
  if (n && fwrite(src, sizeof(T), n, out) != n) fail("write failed");
}

template <typename T>
static void put(T v) {
  put(&v, 1);
}

template <int RULE>
static void update_range(const lv_params& p, int64_t base, int64_t n, float* theta,
                         const float* grad, float* s0, float* s1, float* s2, float* s3, int write,
                         int64_t* bad, double* sum) {
  const int noise = lv_draws_noise(RULE, p);
  for (int64_t q = base >> 2; q < (base + n + 3) >> 2; q++) {
    lv_update_quad<RULE>(p, noise, q, base, n, theta, grad, s0, s1, s2, s3, write, bad, sum);
  }
}

typedef void (*update_fn)(const lv_params&, int64_t, int64_t, float*, const float*, float*,
                          float*, float*, float*, int, int64_t*, double*);

static const update_fn UPDATES[LV_RULES] = {
    update_range<LV_SGD>,       update_range<LV_MOMENTUM>,    update_range<LV_NESTEROV>,
    update_range<LV_RMSPROP>,   update_range<LV_ADAGRAD>,     update_range<LV_ADAM>,
    update_range<LV_SGLD>,      update_range<LV_PSGLD>,       update_range<LV_SGHMC>,
    update_range<LV_SGNHT>,     update_range<LV_SANTA_EULER>, update_range<LV_SANTA_SSS>};

int main(int argc, char** argv) {
  if (argc != 3) fail("usage: host_check IN OUT");
  in = fopen(argv[1], "rb");
  out = fopen(argv[2], "wb");
  if (!in || !out) fail("cannot open IN or OUT");
  for (;;) {
    int32_t cmd = get<int32_t>();
    if (cmd == 0) break;
    if (cmd == 1) {
      int32_t count = get<int32_t>();
      for (int32_t c = 0; c < count; c++) {
        uint32_t w[6];
        get(w, 6);
        lv_u4 o = lv_philox(w[0], w[1], w[2], w[3], w[4], w[5]);
        put(o.x, 4);
      }
    } else if (cmd == 2) {
      uint64_t seed = get<uint64_t>();
      uint32_t step = get<uint32_t>();
      int32_t stream = get<int32_t>();
      int64_t first = get<int64_t>();
      int32_t n = get<int32_t>();
      std::vector<uint32_t> bits(n);
      std::vector<float> uni(n), gau(n);
      for (int64_t i = first; i < first + n; i++) {
        uint64_t b = (uint64_t)i >> 2;
        int k = (int)(i & 3);
        bits[i - first] = lv_noise_bits(seed, step, stream, b).x[k];
        uni[i - first] = lv_noise_uniform(seed, step, stream, b).x[k];
        gau[i - first] = lv_noise_gaussian(seed, step, stream, b).x[k];
      }
      put(bits.data(), n);
      put(uni.data(), n);
      put(gau.data(), n);
    } else if (cmd == 3) {
      int32_t n = get<int32_t>();
      std::vector<float> x(n);
      get(x.data(), n);
      for (int32_t i = 0; i < n; i++) {
        float r[4] = {lv_gauss_log(x[i]), lv_cos2pi(x[i]), lv_sin2pi(x[i]), lv_exp(x[i])};
        put(r, 4);
      }
    } else if (cmd == 4) {
      int32_t rule = get<int32_t>();
      lv_params p;
      get((unsigned char*)&p, sizeof p);
      int64_t base = get<int64_t>();
      int32_t n = get<int32_t>();
      int32_t write = get<int32_t>();
      if (rule < 0 || rule >= LV_RULES) fail("bad rule");
      std::vector<float> a(6 * (size_t)n);
      get(a.data(), a.size());
      float* th = a.data();
      int64_t bad = INT64_MAX;
      double sum = 0.0;
      UPDATES[rule](p, base, n, th, th + n, th + 2 * (size_t)n, th + 3 * (size_t)n,
                    th + 4 * (size_t)n, th + 5 * (size_t)n, write, &bad, &sum);
      put(th, n);
      put(th + 2 * (size_t)n, 4 * (size_t)n);
      put<int64_t>(bad == INT64_MAX ? -1 : bad);
      put(sum);
    } else if (cmd == 5) {
      int32_t layout[6] = {(int32_t)sizeof(lv_params),
                           (int32_t)offsetof(lv_params, floor_),
                           (int32_t)offsetof(lv_params, exploration),
                           (int32_t)offsetof(lv_params, stream),
                           (int32_t)offsetof(lv_params, seed),
                           (int32_t)offsetof(lv_params, step)};
      put(layout, 6);
    } else {
      fail("unknown command");
    }
  }
  if (fclose(out) != 0) fail("close failed");
  return 0;
}
