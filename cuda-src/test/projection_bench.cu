// projection_bench.cu -- device harness for ../kernels/projection.cuh, without Java: bit-exact
// checks against host ports of the specs (FWHT, Fastfood definition, sparse), small enough to run
// under compute-sanitizer, and bandwidth figures (copy, FWHT 2^10..2^27, each kernel, Fastfood at
// D = 10^8, d = 1000). The launch sequences repeat those of CudaFwht / CudaFastfood.
//   nvcc -std=c++17 -O3 --fmad=false -Xcompiler -ffp-contract=off -arch=sm_90 \
//        [-DLV_FWHT_MIN_BLOCKS=2] -o /tmp/pb cuda-src/test/projection_bench.cu
//   /tmp/pb check | small | bench | fwht
//   compute-sanitizer --tool memcheck /tmp/pb small;  compute-sanitizer --tool racecheck /tmp/pb small
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <random>
#include <algorithm>
#include <cmath>
#include <functional>
#include "../kernels/projection.cuh"

#define CK(x) do { cudaError_t e_ = (x); if (e_ != cudaSuccess) { printf("CUDA error %s at %s:%d\n", cudaGetErrorString(e_), __FILE__, __LINE__); exit(1); } } while (0)

static std::vector<int> passStages(int stages) {
  std::vector<int> r;
  if (stages <= 0) return r;
  int n = (stages + 7) / 8;
  r.resize(n);
  int last = stages - (stages / n) * (n - 1);
  if (n > 1 && last < 6) last = 6;
  r[n - 1] = last;
  int rest = stages - last;
  for (int i = 0; i < n - 1; i++) { int left = n - 1 - i; r[i] = rest / left; rest -= r[i]; }
  return r;
}
static void passPlain(int r, float* x, int h, int blocks) {
  switch (r) {
    case 1: lv_fwht_pass1<<<blocks, 256>>>(x, h); break;
    case 2: lv_fwht_pass2<<<blocks, 256>>>(x, h); break;
    case 3: lv_fwht_pass3<<<blocks, 256>>>(x, h); break;
    case 4: lv_fwht_pass4<<<blocks, 256>>>(x, h); break;
    case 5: lv_fwht_pass5<<<blocks, 256>>>(x, h); break;
    case 6: lv_fwht_pass6<<<blocks, 256>>>(x, h); break;
    case 7: lv_fwht_pass7<<<blocks, 256>>>(x, h); break;
    case 8: lv_fwht_pass8<<<blocks, 256>>>(x, h); break;
  }
}
static void passOut(int r, const float* x, int h, const float* t0, float* out, int D, int blocks) {
  switch (r) {
    case 1: lv_ff_pass_out1<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 2: lv_ff_pass_out2<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 3: lv_ff_pass_out3<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 4: lv_ff_pass_out4<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 5: lv_ff_pass_out5<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 6: lv_ff_pass_out6<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 7: lv_ff_pass_out7<<<blocks, 256>>>(x, h, t0, out, D); break;
    case 8: lv_ff_pass_out8<<<blocks, 256>>>(x, h, t0, out, D); break;
  }
}
static void tree(int r, const float* in, int m, long long ob, float* out, const float* sgn, int d, int grid) {
  switch (r) {
    case 0: lv_ff_tree0<<<grid, 256>>>(in, m, ob, out, sgn, d); break;
    case 1: lv_ff_tree1<<<grid, 256>>>(in, m, ob, out, sgn, d); break;
    case 2: lv_ff_tree2<<<grid, 256>>>(in, m, ob, out, sgn, d); break;
    case 3: lv_ff_tree3<<<grid, 256>>>(in, m, ob, out, sgn, d); break;
    case 4: lv_ff_tree4<<<grid, 256>>>(in, m, ob, out, sgn, d); break;
    case 5: lv_ff_tree5<<<grid, 256>>>(in, m, ob, out, sgn, d); break;
  }
}
static int gridFor(long long work) { long long b = (work + 255) / 256; return (int)std::max(1LL, std::min(b, 132LL * 16)); }
static int lg(long long n) { int k = 0; while ((1LL << k) < n) k++; return k; }

static int fwhtPasses(int k) { return (int)passStages(k - std::min(k, 13)).size(); }
static void fwht(float* x, int k, int rows) {
  if (k == 0 || rows == 0) return;
  long long total = (long long)rows << k;
  int tl = std::min(k, 13);
  lv_fwht_tile<<<(int)((total + 8191) >> 13), 256>>>(x, total, tl);
  int h = tl;
  for (int r : passStages(k - tl)) { passPlain(r, x, h, (int)(total >> 13)); h += r; }
}
static void hostFwht(float* x, long long n) {
  for (long long h = 1; h < n; h <<= 1)
    for (long long i = 0; i < n; i += h << 1)
      for (long long j = i; j < i + h; j++) { float a = x[j], b = x[j + h]; x[j] = a + b; x[j + h] = a - b; }
}

struct FF {
  int D, d, L, logL, m, logM;
  int *perm, *inv; float *gc, *gcInv, *sgn, *table, *u, *v;
};
static void ffApply(FF& f, const float* x, const float* t0, float* out, std::vector<cudaEvent_t>* ev) {
  auto mark = [&] { if (ev) { cudaEvent_t e; cudaEventCreate(&e); cudaEventRecord(e); ev->push_back(e); } };
  mark();
  lv_ff_sign_pad<<<gridFor(f.m), 256>>>(x, f.sgn, f.d, f.table, f.m);
  fwht(f.table, f.logM, 1);
  mark();
  int tl = std::min(f.logL, 13);
  auto passes = passStages(f.logL - tl);
  int single = passes.empty() ? 1 : 0;
  int tiles = (int)(((long long)f.L + 8191) >> 13), blocks = (int)((long long)f.L >> 13);
  lv_ff_tile_table<<<tiles, 256>>>(f.perm, f.gc, f.table, f.m, f.L, tl, f.v, t0, out, f.D, single);
  mark();
  int h = tl;
  for (size_t i = 0; i < passes.size(); i++) {
    if (i + 1 == passes.size()) passOut(passes[i], f.v, h, t0, out, f.D, blocks);
    else passPlain(passes[i], f.v, h, blocks);
    h += passes[i];
    mark();
  }
}
static void ffTranspose(FF& f, const float* g, float* outT, std::vector<cudaEvent_t>* ev) {
  auto mark = [&] { if (ev) { cudaEvent_t e; cudaEventCreate(&e); cudaEventRecord(e); ev->push_back(e); } };
  mark();
  int tl = std::min(f.logL, 13);
  int tiles = (int)(((long long)f.L + 8191) >> 13), blocks = (int)((long long)f.L >> 13);
  lv_ff_tile_pad<<<tiles, 256>>>(g, f.D, f.u, f.L, tl);
  mark();
  int h = tl;
  for (int r : passStages(f.logL - tl)) { passPlain(r, f.u, h, blocks); h += r; mark(); }
  bool compact = f.logM <= tl;
  lv_ff_tile_gather<<<tiles, 256>>>(f.inv, f.gcInv, f.u, f.v, f.L, tl, f.m, compact ? 1 : 0);
  mark();
  int nbLog;
  if (compact) nbLog = f.logL - tl;
  else { h = tl; for (int r : passStages(f.logM - tl)) { passPlain(r, f.v, h, blocks); h += r; } nbLog = f.logL - f.logM; }
  float* in = f.v; float* other = f.u;
  if (nbLog == 0) tree(0, in, f.m, 1, outT, f.sgn, f.d, gridFor(f.d));
  while (nbLog > 0) {
    int r = std::min(5, nbLog); nbLog -= r; long long ob = 1LL << nbLog;
    if (nbLog == 0) tree(r, in, f.m, 1, outT, f.sgn, f.d, gridFor(f.d));
    else { tree(r, in, f.m, ob, other, nullptr, 0, gridFor(ob * f.m)); std::swap(in, other); }
  }
  mark();
}
static FF ffMake(int D, int d, std::mt19937& g, std::vector<int>& perm, std::vector<float>& gc, std::vector<float>& sgn) {
  FF f;
  f.D = D; f.d = d;
  long long L = 1; while (L < std::max(D, d)) L <<= 1;
  f.L = (int)L; f.logL = lg(L);
  f.m = 1; while (f.m < d) f.m <<= 1; f.logM = lg(f.m);
  perm.resize(L); for (long long i = 0; i < L; i++) perm[i] = (int)i;
  std::shuffle(perm.begin(), perm.end(), g);
  std::uniform_real_distribution<float> u(-1, 1);
  gc.resize(L); for (auto& x : gc) x = u(g) * 1e-4f;
  sgn.resize(d); for (auto& s : sgn) s = (g() & 1) ? -1.f : 1.f;
  CK(cudaMalloc(&f.perm, 4 * L)); CK(cudaMalloc(&f.inv, 4 * L)); CK(cudaMalloc(&f.gc, 4 * L)); CK(cudaMalloc(&f.gcInv, 4 * L));
  CK(cudaMalloc(&f.sgn, 4 * d)); CK(cudaMalloc(&f.table, 4 * f.m)); CK(cudaMalloc(&f.u, 4 * L)); CK(cudaMalloc(&f.v, 4 * L));
  CK(cudaMemcpy(f.perm, perm.data(), 4 * L, cudaMemcpyHostToDevice));
  CK(cudaMemcpy(f.gc, gc.data(), 4 * L, cudaMemcpyHostToDevice));
  CK(cudaMemcpy(f.sgn, sgn.data(), 4 * d, cudaMemcpyHostToDevice));
  lv_ff_invert<<<gridFor(L), 256>>>(f.perm, f.gc, f.L, f.inv, f.gcInv);
  CK(cudaDeviceSynchronize());
  return f;
}
static void ffFree(FF& f) { cudaFree(f.perm); cudaFree(f.inv); cudaFree(f.gc); cudaFree(f.gcInv); cudaFree(f.sgn); cudaFree(f.table); cudaFree(f.u); cudaFree(f.v); }

static int fails = 0;
static void cmp(const std::vector<float>& want, const float* dptr, size_t n, const char* what, long a, long b) {
  std::vector<float> got(n);
  CK(cudaMemcpy(got.data(), dptr, 4 * n, cudaMemcpyDeviceToHost));
  for (size_t i = 0; i < n; i++) if (memcmp(&want[i], &got[i], 4)) { printf("FAIL %s (%ld,%ld) at %zu: want %.9g got %.9g\n", what, a, b, i, want[i], got[i]); fails++; return; }
  printf("ok %s (%ld,%ld)\n", what, a, b);
}

static void checkFfDefinition(int D, int d, std::mt19937& g) {
  std::vector<int> perm; std::vector<float> gc, sgn;
  FF f = ffMake(D, d, g, perm, gc, sgn);
  long long L = f.L;
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> x(d), t0(D), gg(D);
  for (auto& v : x) v = u(g); for (auto& v : t0) v = u(g); for (auto& v : gg) v = u(g);
  std::vector<float> w(L), w2(L), want(D), wantT(d);
  for (long long i = 0; i < L; i++) w[i] = i < d ? (sgn[i] < 0 ? -x[i] : x[i]) : 0.f;
  hostFwht(w.data(), L);
  for (long long k = 0; k < L; k++) w2[k] = gc[k] * w[perm[k]];
  hostFwht(w2.data(), L);
  for (int i = 0; i < D; i++) want[i] = t0[i] + w2[i];
  std::vector<int> inv(L); for (long long k = 0; k < L; k++) inv[perm[k]] = (int)k;
  for (long long i = 0; i < L; i++) w[i] = i < D ? gg[i] : 0.f;
  hostFwht(w.data(), L);
  for (long long k = 0; k < L; k++) w2[k] = gc[inv[k]] * w[inv[k]];
  hostFwht(w2.data(), L);
  for (int j = 0; j < d; j++) wantT[j] = sgn[j] < 0 ? -w2[j] : w2[j];
  float *dx, *dt0, *dg, *dout, *doutT;
  CK(cudaMalloc(&dx, 4 * d)); CK(cudaMalloc(&dt0, 4 * D)); CK(cudaMalloc(&dg, 4 * D)); CK(cudaMalloc(&dout, 4 * D)); CK(cudaMalloc(&doutT, 4 * d));
  CK(cudaMemcpy(dx, x.data(), 4 * d, cudaMemcpyHostToDevice)); CK(cudaMemcpy(dt0, t0.data(), 4 * D, cudaMemcpyHostToDevice)); CK(cudaMemcpy(dg, gg.data(), 4 * D, cudaMemcpyHostToDevice));
  ffApply(f, dx, dt0, dout, nullptr);
  ffTranspose(f, dg, doutT, nullptr);
  CK(cudaDeviceSynchronize());
  cmp(want, dout, D, "ff apply", D, d);
  cmp(wantT, doutT, d, "ff transpose", D, d);
  cudaFree(dx); cudaFree(dt0); cudaFree(dg); cudaFree(dout); cudaFree(doutT);
  ffFree(f);
}

static void check(bool small) {
  std::mt19937 g(11);
  std::uniform_real_distribution<float> u(-1, 1);
  int cases[][2] = {{3, 1001}, {12, 3}, {13, 2}, {15, 1}, {19, 1}, {21, 1}, {22, 1}};
  for (auto& c : cases) {
    if (small && c[0] > 19) continue;
    int k = c[0], rows = c[1]; long long n = (long long)rows << k;
    std::vector<float> x(n + 7); for (auto& v : x) v = u(g);
    float* dx; CK(cudaMalloc(&dx, 4 * (n + 7)));
    CK(cudaMemcpy(dx, x.data(), 4 * (n + 7), cudaMemcpyHostToDevice));
    fwht(dx + 3, k, rows);
    CK(cudaDeviceSynchronize());
    for (int r = 0; r < rows; r++) hostFwht(x.data() + 3 + ((long long)r << k), 1LL << k);
    cmp(x, dx, n + 7, "fwht k,rows", k, rows);
    cudaFree(dx);
  }
  checkFfDefinition(20000, 1000, g);
  checkFfDefinition(4099, 9000, g);
  checkFfDefinition(7, 3, g);
  if (!small) checkFfDefinition(100003, 10000, g);
  // sparse: small random CSR/CSC
  {
    int D = 5000, d = 300; std::bernoulli_distribution nz(0.02);
    std::vector<int> rowPtr(D + 1), col, colPtr(d + 1), row; std::vector<float> val, cval;
    std::vector<std::vector<std::pair<int, float>>> cols(d);
    for (int i = 0; i < D; i++) { for (int j = 0; j < d; j++) if (nz(g)) { float v = u(g); col.push_back(j); val.push_back(v); cols[j].push_back({i, v}); } rowPtr[i + 1] = (int)col.size(); }
    for (int j = 0; j < d; j++) { for (auto& e : cols[j]) { row.push_back(e.first); cval.push_back(e.second); } colPtr[j + 1] = (int)row.size(); }
    std::vector<float> x(d), t0(D), gg(D), want(D), wantT(d);
    for (auto& v : x) v = u(g); for (auto& v : t0) v = u(g); for (auto& v : gg) v = u(g);
    for (int i = 0; i < D; i++) { float s = 0; for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) s = s + val[k] * x[col[k]]; want[i] = t0[i] + s; }
    for (int j = 0; j < d; j++) { float s = 0; for (int k = colPtr[j]; k < colPtr[j + 1]; k++) s = s + cval[k] * gg[row[k]]; wantT[j] = s; }
    int *drp, *dc, *dcp, *dr; float *dv, *dcv, *dx, *dt0, *dg, *dout, *doutT;
    int nnz = (int)col.size();
    CK(cudaMalloc(&drp, 4 * (D + 1))); CK(cudaMalloc(&dc, 4 * nnz)); CK(cudaMalloc(&dv, 4 * nnz));
    CK(cudaMalloc(&dcp, 4 * (d + 1))); CK(cudaMalloc(&dr, 4 * nnz)); CK(cudaMalloc(&dcv, 4 * nnz));
    CK(cudaMalloc(&dx, 4 * d)); CK(cudaMalloc(&dt0, 4 * D)); CK(cudaMalloc(&dg, 4 * D)); CK(cudaMalloc(&dout, 4 * D)); CK(cudaMalloc(&doutT, 4 * d));
    cudaMemcpy(drp, rowPtr.data(), 4 * (D + 1), cudaMemcpyHostToDevice); cudaMemcpy(dc, col.data(), 4 * nnz, cudaMemcpyHostToDevice); cudaMemcpy(dv, val.data(), 4 * nnz, cudaMemcpyHostToDevice);
    cudaMemcpy(dcp, colPtr.data(), 4 * (d + 1), cudaMemcpyHostToDevice); cudaMemcpy(dr, row.data(), 4 * nnz, cudaMemcpyHostToDevice); cudaMemcpy(dcv, cval.data(), 4 * nnz, cudaMemcpyHostToDevice);
    cudaMemcpy(dx, x.data(), 4 * d, cudaMemcpyHostToDevice); cudaMemcpy(dt0, t0.data(), 4 * D, cudaMemcpyHostToDevice); cudaMemcpy(dg, gg.data(), 4 * D, cudaMemcpyHostToDevice);
    lv_sp_apply<<<gridFor(D), 256>>>(drp, dc, dv, dx, dt0, dout, D);
    lv_sp_transpose<<<gridFor(32LL * d), 256>>>(dcp, dr, dcv, dg, doutT, d);
    CK(cudaDeviceSynchronize());
    cmp(want, dout, D, "sparse apply", D, d);
    cmp(wantT, doutT, d, "sparse transpose", D, d);
  }
  printf(fails ? "CHECK FAILURES %d\n" : "CHECK OK\n", fails);
}

static float timeIt(int reps, const std::function<void()>& f) {
  cudaEvent_t a, b; cudaEventCreate(&a); cudaEventCreate(&b);
  f(); CK(cudaDeviceSynchronize());
  cudaEventRecord(a);
  for (int i = 0; i < reps; i++) f();
  cudaEventRecord(b); CK(cudaEventSynchronize(b));
  float ms; cudaEventElapsedTime(&ms, a, b);
  return ms / reps;
}

static void bench(bool withFastfood) {
  const long long N = 1LL << 27;
  float *a, *b;
  CK(cudaMalloc(&a, 4 * N)); CK(cudaMalloc(&b, 4 * N));
  std::vector<float> h(N); std::mt19937 g(3); std::uniform_real_distribution<float> u(-1, 1);
  for (auto& v : h) v = u(g);
  CK(cudaMemcpy(a, h.data(), 4 * N, cudaMemcpyHostToDevice));
  float copyMs = timeIt(10, [&] { cudaMemcpyAsync(b, a, 4 * N, cudaMemcpyDeviceToDevice); });
  double copyBW = 8.0 * N / copyMs / 1e6;
  printf("copy D2D 2^27 floats: %.3f ms, %.0f GB/s (read+write)\n", copyMs, copyBW);
  for (int k : {10, 13, 16, 20, 22, 24, 25, 26, 27}) {
    for (int single : {1, 0}) {
      if (single && k < 20) continue;
      long long n = single ? (1LL << k) : N;
      int rows = (int)(n >> k);
      int reps = n >= (1LL << 25) ? 10 : 30;
      float ms = timeIt(reps, [&] { fwht(a, k, rows); });
      int passes = fwhtPasses(k);
      double bytes = 8.0 * n * (1 + passes);
      double bw = bytes / ms / 1e6;
      printf("fwht k=%d rows=%d (%lld floats): %.4f ms, %d kernels, %.0f GB/s = %.0f%% of copy\n", k, rows, n, ms, 1 + passes, bw, 100 * bw / copyBW);
    }
  }
  // tile kernel alone at 2^27 and each pass radix alone
  {
    float ms = timeIt(10, [&] { lv_fwht_tile<<<(int)(N >> 13), 256>>>(a, N, 13); });
    printf("  lv_fwht_tile 2^27: %.4f ms, %.0f GB/s\n", ms, 8.0 * N / ms / 1e6);
    for (int r = 1; r <= 8; r++) {
      float ms2 = timeIt(10, [&] { passPlain(r, a, 13, (int)(N >> 13)); });
      printf("  lv_fwht_pass%d (h=2^13) 2^27: %.4f ms, %.0f GB/s\n", r, ms2, 8.0 * N / ms2 / 1e6);
    }
    float ms3 = timeIt(10, [&] { passPlain(7, a, 20, (int)(N >> 13)); });
    printf("  lv_fwht_pass7 (h=2^20) 2^27: %.4f ms, %.0f GB/s\n", ms3, 8.0 * N / ms3 / 1e6);
  }
  CK(cudaFree(a)); CK(cudaFree(b));
  h.clear(); h.shrink_to_fit();
  // Fastfood D = 1e8, d = 1000
  if (withFastfood) {
    int D = 100000000, d = 1000;
    std::vector<int> perm; std::vector<float> gc, sgn;
    FF f = ffMake(D, d, g, perm, gc, sgn);
    float *dx, *dt0, *dout, *dg, *doutT;
    CK(cudaMalloc(&dx, 4 * d)); CK(cudaMalloc(&dt0, 4LL * D)); CK(cudaMalloc(&dout, 4LL * D)); CK(cudaMalloc(&dg, 4LL * D)); CK(cudaMalloc(&doutT, 4 * d));
    CK(cudaMemset(dx, 0, 4 * d)); CK(cudaMemset(dt0, 0, 4LL * D)); CK(cudaMemset(dg, 0, 4LL * D));
    float ms = timeIt(10, [&] { ffApply(f, dx, dt0, dout, nullptr); });
    double L = f.L;
    double bytesA = 24 * L + 8.0 * D;
    printf("fastfood apply D=1e8 d=1000 L=2^27: %.4f ms, counted %.2f GB -> %.0f GB/s\n", ms, bytesA / 1e9, bytesA / ms / 1e6);
    float mt = timeIt(10, [&] { ffTranspose(f, dg, doutT, nullptr); });
    double bytesT = 4.0 * D + 32 * L + 12 * L * 1024 / 8192.0;
    printf("fastfood transpose: %.4f ms, counted %.2f GB -> %.0f GB/s\n", mt, bytesT / 1e9, bytesT / mt / 1e6);
    for (int which = 0; which < 2; which++) {
      std::vector<cudaEvent_t> ev;
      if (which == 0) ffApply(f, dx, dt0, dout, &ev); else ffTranspose(f, dg, doutT, &ev);
      CK(cudaDeviceSynchronize());
      printf("  %s stages (ms):", which == 0 ? "apply" : "transpose");
      for (size_t i = 1; i < ev.size(); i++) { float t; cudaEventElapsedTime(&t, ev[i - 1], ev[i]); printf(" %.4f", t); }
      printf("\n");
    }
    ffFree(f);
  }
}

int main(int argc, char** argv) {
  cudaDeviceProp p; CK(cudaGetDeviceProperties(&p, 0));
  printf("device %s, %d SMs, LV_FWHT_MIN_BLOCKS=%d\n", p.name, p.multiProcessorCount, LV_FWHT_MIN_BLOCKS);
  const char* mode = argc > 1 ? argv[1] : "bench";
  if (!strcmp(mode, "check")) check(false);
  else if (!strcmp(mode, "small")) check(true);
  else bench(strcmp(mode, "fwht") != 0);
  return fails != 0;
}
