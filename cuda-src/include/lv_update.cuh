// lv_update.cuh -- the per-element math of every fused rule of
// io.langevin.kernels.update.ScalarUpdate (the contract is UpdateKernel's Javadoc), operation for
// operation, and the loop over one Philox block of four elements that the CUDA kernels and the
// host check share.
//
// Noise: element i's normal is Gaussian (seed, step, stream, i) of io.langevin.kernels.random
// (lv_noise_gaussian of block i >> 2). ScalarUpdate draws it per 1024-element block only to keep
// the scratch small; the value depends on i alone, so one Philox block per four elements gives the
// same bits. The 1024-element blocks matter for ScalarUpdate's store-or-stop check only (see
// lv_update_quad for what the device does instead).
#pragma once
#include "lv_gaussian.cuh"
#include "lv_vmath.cuh"

// Rule ids: the ordinals of io.langevin.kernels.update.UpdateRule.
enum {
  LV_SGD = 0,
  LV_MOMENTUM = 1,
  LV_NESTEROV = 2,
  LV_RMSPROP = 3,
  LV_ADAGRAD = 4,
  LV_ADAM = 5,
  LV_SGLD = 6,
  LV_PSGLD = 7,
  LV_SGHMC = 8,
  LV_SGNHT = 9,
  LV_SANTA_EULER = 10,
  LV_SANTA_SSS = 11,
  LV_RULES = 12
};

// io.langevin.kernels.update.UpdateParams, packed as 80 little-endian bytes by
// io.langevin.kernels.cuda.CudaParams (offsets checked below and by CudaHostMathTest).
struct lv_params {
  float lr;                // 0
  float grad_scale;        // 4
  float prior;             // 8
  float decoupled_decay;   // 12
  float momentum;          // 16
  float decay;             // 20
  float beta1;             // 24
  float eps;               // 28
  float bias_correction1;  // 32
  float bias_correction2;  // 36
  float sigma;             // 40
  float anneal;            // 44
  float floor_;            // 48
  int32_t exploration;     // 52  (0 or 1)
  int32_t correction;      // 56  (0 or 1)
  int32_t stream;          // 60
  uint64_t seed;           // 64
  uint32_t step;           // 72  (0 <= t < 2^32)
  uint32_t pad_;           // 76
};
static_assert(sizeof(lv_params) == 80, "lv_params must be 80 bytes (CudaParams.BYTES)");
static_assert(offsetof(lv_params, seed) == 64, "lv_params.seed at 64");
static_assert(offsetof(lv_params, step) == 72, "lv_params.step at 72");

// UpdateRule.stateArrays().
LV_HD int lv_state_arrays(int rule) {
  switch (rule) {
    case LV_SGD:
    case LV_SGLD:
      return 0;
    case LV_ADAM:
      return 2;
    case LV_SANTA_EULER:
    case LV_SANTA_SSS:
      return 4;
    default:
      return 1;
  }
}

// ScalarUpdate.drawsNoise.
LV_HD int lv_draws_noise(int rule, const lv_params& p) {
  switch (rule) {
    case LV_SGLD:
    case LV_PSGLD:
    case LV_SGHMC:
    case LV_SGNHT:
      return p.sigma != 0.0f;
    case LV_SANTA_EULER:
    case LV_SANTA_SSS:
      return p.exploration && p.sigma != 0.0f;
    default:
      return 0;
  }
}

// The new values of one element: out[0] = θ', out[1 + k] = state k'. `st` holds the element's
// state values (only the first lv_state_arrays(RULE) are read), xi its normal (read only when
// `noise`). The per-call constants (1 − α, 1/bc, −lr·w, ...) are recomputed here with the same
// single float operation as ScalarUpdate, so they have the same bits.
template <int RULE>
LV_HD void lv_update_elem(const lv_params& p, int noise, float th, float gr, const float* st,
                          float xi, float* out) {
  const float s = p.grad_scale;
  const float lambda = p.prior;
  const float nlr = -p.lr;
  if (RULE == LV_SGD) {
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    out[0] = lv_fma(nlr, g, th);
  } else if (RULE == LV_MOMENTUM || RULE == LV_NESTEROV) {
    float mu = p.momentum;
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    float vn = lv_fma(nlr, g, lv_mul(mu, st[0]));
    out[1] = vn;
    out[0] = RULE == LV_MOMENTUM ? lv_add(th, vn) : lv_add(th, lv_fma(mu, vn, lv_mul(nlr, g)));
  } else if (RULE == LV_RMSPROP || RULE == LV_PSGLD) {
    float alpha = p.decay;
    float oneMinusAlpha = lv_sub(1.0f, alpha);
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    float vn = lv_fma(alpha, st[0], lv_mul(oneMinusAlpha, lv_mul(g, g)));
    float pre = lv_div(1.0f, lv_add(p.eps, lv_sqrt(vn)));
    float tn = lv_fma(nlr, lv_mul(pre, g), th);
    if (RULE == LV_PSGLD && noise) {
      tn = lv_fma(lv_mul(p.sigma, lv_sqrt(pre)), xi, tn);
    }
    out[1] = vn;
    out[0] = tn;
  } else if (RULE == LV_ADAGRAD) {
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    float vn = lv_fma(g, g, st[0]);
    float pre = lv_div(1.0f, lv_add(p.eps, lv_sqrt(vn)));
    out[1] = vn;
    out[0] = lv_fma(nlr, lv_mul(pre, g), th);
  } else if (RULE == LV_ADAM) {
    float b1 = p.beta1;
    float b2 = p.decay;
    float oneMinusB1 = lv_sub(1.0f, b1);
    float oneMinusB2 = lv_sub(1.0f, b2);
    float r1 = lv_div(1.0f, p.bias_correction1);
    float r2 = lv_div(1.0f, p.bias_correction2);
    float nd = -lv_mul(p.lr, p.decoupled_decay);
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    float mn = lv_fma(b1, st[0], lv_mul(oneMinusB1, g));
    float vn = lv_fma(b2, st[1], lv_mul(oneMinusB2, lv_mul(g, g)));
    float step = lv_div(lv_mul(mn, r1), lv_add(lv_sqrt(lv_mul(vn, r2)), p.eps));
    out[1] = mn;
    out[2] = vn;
    out[0] = lv_fma(nlr, step, lv_fma(nd, th, th));
  } else if (RULE == LV_SGLD) {
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    float tn = lv_fma(nlr, g, th);
    if (noise) tn = lv_fma(p.sigma, xi, tn);
    out[0] = tn;
  } else if (RULE == LV_SGHMC || RULE == LV_SGNHT) {
    float g = lv_fma(s, gr, lv_mul(lambda, th));
    float pn = lv_fma(nlr, g, lv_mul(p.momentum, st[0]));
    if (noise) pn = lv_fma(p.sigma, xi, pn);
    out[1] = pn;
    out[0] = lv_add(th, pn);
  } else if (RULE == LV_SANTA_EULER || RULE == LV_SANTA_SSS) {
    const float neta = nlr;
    const float sr = p.decay;
    const float oneMinusSr = lv_sub(1.0f, sr);
    const float a = p.anneal;
    const float delta = p.floor_;
    const int explore = p.exploration != 0;
    const int corr = p.correction != 0 && explore;
    float f = lv_fma(s, gr, lv_mul(lambda, th));
    float vn = lv_fma(sr, st[0], lv_mul(oneMinusSr, lv_mul(f, f)));
    float g = lv_div(1.0f, lv_sqrt(lv_add(p.eps, lv_sqrt(vn))));
    float ui = st[1];
    float ai = st[2];
    float qi = st[3];
    float cr = 0.0f;
    if (corr) {
      // Math.abs(ui) >= delta ? ui : (ui < 0 ? -delta : delta); a NaN ui gives +delta.
      float uf = lv_abs(ui) >= delta ? ui : (ui < 0.0f ? -delta : delta);
      cr = lv_mul(a, lv_div(lv_sub(1.0f, lv_div(qi, g)), uf));
    }
    float un, an, tn;
    if (RULE == LV_SANTA_EULER) {
      float w = 0.0f;
      if (explore) {
        an = lv_add(ai, lv_sub(lv_mul(ui, ui), a));
        if (noise) w = lv_mul(lv_mul(p.sigma, lv_sqrt(qi)), xi);
        if (corr) w = lv_add(w, cr);
      } else {
        an = ai;
      }
      un = lv_fma(neta, lv_mul(g, f), lv_fma(lv_sub(1.0f, an), ui, w));
      tn = lv_fma(g, un, th);
    } else {
      if (explore) {
        float ah = lv_fma(0.5f, lv_sub(lv_mul(ui, ui), a), ai);
        float e = lv_exp(lv_mul(-0.5f, ah));
        float u2 = lv_fma(neta, lv_mul(g, f), lv_mul(e, ui));
        if (noise) u2 = lv_fma(lv_mul(p.sigma, lv_sqrt(qi)), xi, u2);
        if (corr) u2 = lv_add(u2, cr);
        un = lv_mul(e, u2);
        an = lv_fma(0.5f, lv_sub(lv_mul(un, un), a), ah);
      } else {
        an = ai;
        float e = lv_exp(lv_mul(-0.5f, ai));
        un = lv_mul(e, lv_fma(neta, lv_mul(g, f), lv_mul(e, ui)));
      }
      tn = lv_fma(g, un, th);
    }
    out[0] = tn;
    out[1] = vn;
    out[2] = un;
    out[3] = an;
    out[4] = g;
  }
}

// One Philox block of the pass: elements 4q .. 4q+3 that lie in [base, base + n). Arrays are
// indexed from `base` (array index j is element base + j). For each element: compute every new
// value; if one is not finite, lower *bad to the element index and store nothing of it;
// otherwise store (when `write`) and, for SGNHT, add p'·p' (in double, in index order) to *sum.
// The CPU spec instead stops at the first bad 1024-element block and stores none of it or later;
// with a parallel pass the device stores every finite element and reports the first bad index,
// which is the same index the CPU reports.
template <int RULE>
LV_HD void lv_update_quad(const lv_params& p, int noise, int64_t q, int64_t base, int64_t n,
                          float* theta, const float* grad, float* s0, float* s1, float* s2,
                          float* s3, int write, int64_t* bad, double* sum) {
  float* state[4] = {s0, s1, s2, s3};
  const int ns = lv_state_arrays(RULE);
  lv_f4 xi;
  xi.x[0] = xi.x[1] = xi.x[2] = xi.x[3] = 0.0f;
  if (noise) xi = lv_noise_gaussian(p.seed, p.step, p.stream, (uint64_t)q);
  for (int k = 0; k < 4; k++) {
    int64_t idx = 4 * q + k;
    if (idx < base || idx >= base + n) continue;
    int64_t j = idx - base;
    float st[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int a = 0; a < ns; a++) st[a] = state[a][j];
    float out[5];
    lv_update_elem<RULE>(p, noise, theta[j], grad[j], st, xi.x[k], out);
    int finite = 1;
    for (int o = 0; o <= ns; o++) finite &= lv_isfinite(out[o]);
    if (!finite) {
      if (idx < *bad) *bad = idx;
      continue;
    }
    if (RULE == LV_SGNHT) *sum += (double)out[1] * (double)out[1];
    if (write) {
      theta[j] = out[0];
      for (int a = 0; a < ns; a++) state[a][j] = out[1 + a];
    }
  }
}
