// projection_emulate.cpp -- runs ../kernels/projection.cuh on the host, no GPU or nvcc needed:
// every CUDA thread of a block is an OS thread, __syncthreads a std::barrier, __shared__ a static
// (blocks run one after another), __shfl_sync a per-warp exchange. Checks the kernels' index
// logic bit for bit against C++ ports of the Java specs, with the launch sequences of CudaFwht /
// CudaFastfood (about a minute; needs g++ with C++20):
//   g++ -std=c++20 -O2 -ffp-contract=off -w -o /tmp/pe cuda-src/test/projection_emulate.cpp -lpthread
//   /tmp/pe [fwht | ff | sp | all]
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <thread>
#include <vector>
#include <algorithm>
struct dim3s { unsigned x = 0, y = 0, z = 0; };
thread_local dim3s threadIdx;
dim3s blockIdx, blockDim, gridDim;
#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(...)
static std::barrier<>* g_bar;
static void __syncthreads() { g_bar->arrive_and_wait(); }
static float __fadd_rn(float a, float b) { volatile float r = a + b; return r; }
static float __fsub_rn(float a, float b) { volatile float r = a - b; return r; }
static float __fmul_rn(float a, float b) { volatile float r = a * b; return r; }
template <class T> static T __ldg(const T* p) { return *p; }
static unsigned __float_as_uint(float x) { unsigned u; memcpy(&u, &x, 4); return u; }
using std::min;
// warp shuffle: lanes of warp w exchange through slots; all 32 lanes must call it
static std::vector<std::barrier<>*> g_warpBar;
static float g_slots[8][32];
static float __shfl_sync(unsigned, float v, int src) {
  int w = threadIdx.x >> 5, l = threadIdx.x & 31;
  g_slots[w][l] = v;
  g_warpBar[w]->arrive_and_wait();
  float r = g_slots[w][src];
  g_warpBar[w]->arrive_and_wait();
  return r;
}
#include "../kernels/projection.cuh"

// launch: grid blocks of 256 threads, sequential blocks
template <class F>
static void launch(int grid, F f) {
  gridDim.x = grid; blockDim.x = 256;
  for (int b = 0; b < grid; b++) {
    blockIdx.x = b;
    std::barrier<> bar(256);
    g_bar = &bar;
    std::vector<std::barrier<>*> wb;
    for (int w = 0; w < 8; w++) wb.push_back(new std::barrier<>(32));
    g_warpBar = wb;
    std::vector<std::thread> ts;
    for (int t = 0; t < 256; t++) ts.emplace_back([&, t] { threadIdx.x = t; f(); });
    for (auto& t : ts) t.join();
    for (auto* p : wb) delete p;
  }
}
// grid-stride kernels: a small grid is enough
static const int GS = 3;

static void scalarFwht(float* x, int64_t n) {
  for (int64_t h = 1; h < n; h <<= 1)
    for (int64_t i = 0; i < n; i += h << 1)
      for (int64_t j = i; j < i + h; j++) { float a = x[j], b = x[j + h]; x[j] = __fadd_rn(a, b); x[j + h] = __fsub_rn(a, b); }
}
static std::vector<int> passStages(int stages) {  // port of CudaFwht.passStages
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
static void gpuFwht(float* x, int k, int rows) {  // port of CudaFwht.fwht
  if (k == 0 || rows == 0) return;
  int64_t total = (int64_t)rows << k;
  int tl = std::min(k, 13);
  launch((int)((total + 8191) >> 13), [&] { lv_fwht_tile(x, total, tl); });
  int h = tl;
  for (int r : passStages(k - tl)) {
    int blocks = (int)(total >> 13);
    switch (r) {
      case 1: launch(blocks, [&] { lv_fwht_pass1(x, h); }); break;
      case 2: launch(blocks, [&] { lv_fwht_pass2(x, h); }); break;
      case 3: launch(blocks, [&] { lv_fwht_pass3(x, h); }); break;
      case 4: launch(blocks, [&] { lv_fwht_pass4(x, h); }); break;
      case 5: launch(blocks, [&] { lv_fwht_pass5(x, h); }); break;
      case 6: launch(blocks, [&] { lv_fwht_pass6(x, h); }); break;
      case 7: launch(blocks, [&] { lv_fwht_pass7(x, h); }); break;
      case 8: launch(blocks, [&] { lv_fwht_pass8(x, h); }); break;
    }
    h += r;
  }
}
static void passOut(int r, const float* x, int h, const float* t0, float* out, int D, int blocks) {
  switch (r) {
    case 1: launch(blocks, [&] { lv_ff_pass_out1(x, h, t0, out, D); }); break;
    case 2: launch(blocks, [&] { lv_ff_pass_out2(x, h, t0, out, D); }); break;
    case 3: launch(blocks, [&] { lv_ff_pass_out3(x, h, t0, out, D); }); break;
    case 4: launch(blocks, [&] { lv_ff_pass_out4(x, h, t0, out, D); }); break;
    case 5: launch(blocks, [&] { lv_ff_pass_out5(x, h, t0, out, D); }); break;
    case 6: launch(blocks, [&] { lv_ff_pass_out6(x, h, t0, out, D); }); break;
    case 7: launch(blocks, [&] { lv_ff_pass_out7(x, h, t0, out, D); }); break;
    case 8: launch(blocks, [&] { lv_ff_pass_out8(x, h, t0, out, D); }); break;
  }
}
static void passPlain(int r, float* x, int h, int blocks) {
  switch (r) {
    case 1: launch(blocks, [&] { lv_fwht_pass1(x, h); }); break;
    case 2: launch(blocks, [&] { lv_fwht_pass2(x, h); }); break;
    case 3: launch(blocks, [&] { lv_fwht_pass3(x, h); }); break;
    case 4: launch(blocks, [&] { lv_fwht_pass4(x, h); }); break;
    case 5: launch(blocks, [&] { lv_fwht_pass5(x, h); }); break;
    case 6: launch(blocks, [&] { lv_fwht_pass6(x, h); }); break;
    case 7: launch(blocks, [&] { lv_fwht_pass7(x, h); }); break;
    case 8: launch(blocks, [&] { lv_fwht_pass8(x, h); }); break;
  }
}
static void tree(int r, const float* in, int m, int64_t ob, float* out, const float* sgn, int d) {
  switch (r) {
    case 0: launch(GS, [&] { lv_ff_tree0(in, m, ob, out, sgn, d); }); break;
    case 1: launch(GS, [&] { lv_ff_tree1(in, m, ob, out, sgn, d); }); break;
    case 2: launch(GS, [&] { lv_ff_tree2(in, m, ob, out, sgn, d); }); break;
    case 3: launch(GS, [&] { lv_ff_tree3(in, m, ob, out, sgn, d); }); break;
    case 4: launch(GS, [&] { lv_ff_tree4(in, m, ob, out, sgn, d); }); break;
    case 5: launch(GS, [&] { lv_ff_tree5(in, m, ob, out, sgn, d); }); break;
  }
}
static int lg(int64_t n) { int k = 0; while ((1LL << k) < n) k++; return k; }

static int fails = 0;
static void same(const float* want, const float* got, int64_t n, const char* what, long a, long b) {
  for (int64_t i = 0; i < n; i++) {
    if (memcmp(&want[i], &got[i], 4) != 0) {
      printf("FAIL %s (%ld, %ld): element %ld want %.9g got %.9g\n", what, a, b, (long)i, want[i], got[i]);
      fails++;
      return;
    }
  }
  printf("ok   %s (%ld, %ld)\n", what, a, b);
}

static void testFwht(std::mt19937& g, int k, int rows, int off) {
  int64_t n = 1LL << k, len = off + rows * n + 9;
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> x(len);
  for (auto& v : x) v = u(g);
  std::vector<float> want = x;
  for (int r = 0; r < rows; r++) scalarFwht(want.data() + off + r * n, n);
  gpuFwht(x.data() + off, k, rows);
  same(want.data(), x.data(), len, "fwht k,rows", k, rows);
}

// Fastfood: definition on the host vs the CudaFastfood orchestration (ported from the Java)
static void testFastfood(std::mt19937& g, int D, int d) {
  int64_t L = 1; while (L < std::max(D, d)) L <<= 1;
  int logL = lg(L);
  int m = 1; while (m < d) m <<= 1;
  int logM = lg(m);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<int> perm(L), inv(L);
  for (int i = 0; i < L; i++) perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), g);
  std::vector<float> gc(L), gcInv(L), sgn(d);
  for (auto& v : gc) v = u(g);
  std::vector<int> flip(L);
  for (auto& f : flip) f = g() & 1;
  for (int i = 0; i < d; i++) sgn[i] = flip[i] ? -1.f : 1.f;
  std::vector<float> x(d), t0(D), gD(D);
  for (auto& v : x) v = u(g);
  for (auto& v : t0) v = u(g);
  for (auto& v : gD) v = u(g);
  for (int k = 0; k < L; k++) inv[perm[k]] = k;
  for (int k = 0; k < L; k++) gcInv[k] = gc[inv[k]];
  // definition
  std::vector<float> w(L), w2(L), wantOut(D), wantT(d);
  for (int i = 0; i < L; i++) w[i] = i < d ? (flip[i] ? -x[i] : x[i]) : 0.f;
  scalarFwht(w.data(), L);
  for (int k = 0; k < L; k++) w2[k] = __fmul_rn(gc[k], w[perm[k]]);
  scalarFwht(w2.data(), L);
  for (int i = 0; i < D; i++) wantOut[i] = __fadd_rn(t0[i], w2[i]);
  for (int i = 0; i < L; i++) w[i] = i < D ? gD[i] : 0.f;
  scalarFwht(w.data(), L);
  for (int k = 0; k < L; k++) w2[k] = __fmul_rn(gcInv[k], w[inv[k]]);
  scalarFwht(w2.data(), L);
  for (int j = 0; j < d; j++) wantT[j] = flip[j] ? -w2[j] : w2[j];
  // device orchestration
  std::vector<int> dinv(L); std::vector<float> dgcInv(L);
  launch(GS, [&] { lv_ff_invert(perm.data(), gc.data(), (int)L, dinv.data(), dgcInv.data()); });
  if (dinv != inv || memcmp(dgcInv.data(), gcInv.data(), 4 * L)) { printf("FAIL invert\n"); fails++; }
  std::vector<float> table(m), U(L), V(L), out(D + 3, NAN), outT(d + 3, NAN);
  launch(GS, [&] { lv_ff_sign_pad(x.data(), sgn.data(), d, table.data(), m); });
  gpuFwht(table.data(), logM, 1);
  int tl = std::min(logL, 13);
  auto passes = passStages(logL - tl);
  int single = passes.empty() ? 1 : 0;
  int tiles = (int)((L + 8191) >> 13), blocks = (int)(L >> 13);
  launch(tiles, [&] { lv_ff_tile_table(perm.data(), gc.data(), table.data(), m, (int)L, tl, V.data(), t0.data(), out.data(), D, single); });
  int h = tl;
  for (size_t i = 0; i < passes.size(); i++) {
    if (i + 1 == passes.size()) passOut(passes[i], V.data(), h, t0.data(), out.data(), D, blocks);
    else passPlain(passes[i], V.data(), h, blocks);
    h += passes[i];
  }
  same(wantOut.data(), out.data(), D, "ff apply D,d", D, d);
  for (int i = D; i < D + 3; i++) if (!std::isnan(out[i])) { printf("FAIL apply wrote past D\n"); fails++; }
  // transpose
  launch(tiles, [&] { lv_ff_tile_pad(gD.data(), D, U.data(), (int)L, tl); });
  h = tl;
  for (int r : passStages(logL - tl)) { passPlain(r, U.data(), h, blocks); h += r; }
  bool compact = logM <= tl;
  launch(tiles, [&] { lv_ff_tile_gather(dinv.data(), dgcInv.data(), U.data(), V.data(), (int)L, tl, m, compact ? 1 : 0); });
  int nbLog;
  if (compact) nbLog = logL - tl;
  else { h = tl; for (int r : passStages(logM - tl)) { passPlain(r, V.data(), h, blocks); h += r; } nbLog = logL - logM; }
  float* in = V.data(); float* other = U.data();
  if (nbLog == 0) tree(0, in, m, 1, outT.data(), sgn.data(), d);
  while (nbLog > 0) {
    int r = std::min(5, nbLog); nbLog -= r; int64_t ob = 1LL << nbLog;
    if (nbLog == 0) tree(r, in, m, 1, outT.data(), sgn.data(), d);
    else { tree(r, in, m, ob, other, nullptr, 0); std::swap(in, other); }
  }
  same(wantT.data(), outT.data(), d, "ff transpose D,d", D, d);
  for (int i = d; i < d + 3; i++) if (!std::isnan(outT[i])) { printf("FAIL transpose wrote past d\n"); fails++; }
}

static void testSparse(std::mt19937& g, int D, int d, double p) {
  std::uniform_real_distribution<float> u(-1, 1);
  std::bernoulli_distribution nz(p);
  std::vector<int> rowPtr(D + 1), col, colPtr(d + 1), row; std::vector<float> val, cval;
  std::vector<std::vector<std::pair<int,float>>> cols(d);
  for (int i = 0; i < D; i++) { for (int j = 0; j < d; j++) if (nz(g)) { float v = u(g); col.push_back(j); val.push_back(v); cols[j].push_back({i, v}); } rowPtr[i + 1] = (int)col.size(); }
  for (int j = 0; j < d; j++) { for (auto& e : cols[j]) { row.push_back(e.first); cval.push_back(e.second); } colPtr[j + 1] = (int)row.size(); }
  std::vector<float> x(d), t0(D), gg(D), want(D), wantT(d), out(D, NAN), outT(d, NAN);
  for (auto& v : x) v = u(g); for (auto& v : t0) v = u(g); for (auto& v : gg) v = u(g);
  for (int i = 0; i < D; i++) { float s = 0; for (int k = rowPtr[i]; k < rowPtr[i+1]; k++) s = __fadd_rn(s, __fmul_rn(val[k], x[col[k]])); want[i] = __fadd_rn(t0[i], s); }
  for (int j = 0; j < d; j++) { float s = 0; for (int k = colPtr[j]; k < colPtr[j+1]; k++) s = __fadd_rn(s, __fmul_rn(cval[k], gg[row[k]])); wantT[j] = s; }
  launch(GS, [&] { lv_sp_apply(rowPtr.data(), col.data(), val.data(), x.data(), t0.data(), out.data(), D); });
  launch(GS, [&] { lv_sp_transpose(colPtr.data(), row.data(), cval.data(), gg.data(), outT.data(), d); });
  same(want.data(), out.data(), D, "sparse apply D,d", D, d);
  same(wantT.data(), outT.data(), d, "sparse transpose D,d", D, d);
}

int main(int argc, char** argv) {
  std::mt19937 g(7);
  const char* what = argc > 1 ? argv[1] : "all";
  if (!strcmp(what, "all") || !strcmp(what, "fwht")) {
    for (int k = 0; k <= 17; k++) testFwht(g, k, 1, k % 2);
    testFwht(g, 3, 1001, 3); testFwht(g, 12, 3, 1); testFwht(g, 14, 2, 0); testFwht(g, 19, 1, 0);
    testFwht(g, 20, 1, 0); testFwht(g, 21, 1, 0); testFwht(g, 22, 1, 0);
  }
  if (!strcmp(what, "all") || !strcmp(what, "ff")) {
    int Ds[] = {1, 7, 1021, 4099, 100003}; int ds[] = {1, 3, 31, 257, 1000};
    for (int D : Ds) for (int d : ds) testFastfood(g, D, d);
    testFastfood(g, 100003, 10000); testFastfood(g, 4099, 9000); testFastfood(g, 9000, 8192);
    testFastfood(g, 7, 4099); testFastfood(g, 600000, 70000); testFastfood(g, 4200000, 1000);
  }
  if (!strcmp(what, "all") || !strcmp(what, "sp")) {
    testSparse(g, 1, 1, 1.0); testSparse(g, 7, 1000, 0.5); testSparse(g, 4099, 31, 0.02); testSparse(g, 1021, 600, 0.9);
  }
  printf(fails ? "FAILURES: %d\n" : "ALL OK\n", fails);
  return fails != 0;
}
