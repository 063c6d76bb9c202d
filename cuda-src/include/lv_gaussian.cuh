// lv_gaussian.cuh -- uniforms and the IEEE-exact Box-Muller of
// io.langevin.kernels.random.GaussianMath, operation for operation (see that class for the
// derivation and the error bounds). Java evaluates a + b + c left to right; so does every
// chain of lv_* calls below. Do not "simplify".
#pragma once
#include "lv_philox.cuh"

// musl logf constants (GaussianMath.LN2_HI .. LG4), as bit patterns.
#define LV_LN2_HI 0x3f317180u
#define LV_LN2_LO 0x3717f7d1u
#define LV_LG1 0x3f2aaaaau
#define LV_LG2 0x3eccce13u
#define LV_LG3 0x3e91e9eeu
#define LV_LG4 0x3e789e26u
#define LV_LOG_SHIFT (0x3f800000 - 0x3f3504f3)
#define LV_SQRT_HALF_BITS 0x3f3504f3
// sin(2πy) and cos(2πy) polynomials (GaussianMath.S1..S7, C2..C8).
#define LV_S1 0x40c90fdau
#define LV_S3 0xc2255dbdu
#define LV_S5 0x42a3281du
#define LV_S7 0xc295d1e4u
#define LV_C2 0xc19de9e6u
#define LV_C4 0x4281e0dbu
#define LV_C6 0xc2aadb41u
#define LV_C8 0x426b0e8bu
#define LV_RINT 0x1p23f
#define LV_TWO_M24 0x1p-24f

// GaussianMath.log: natural log of a positive normal float.
LV_HD float lv_gauss_log(float x) {
  int32_t ix = (int32_t)(lv_bits(x) + (uint32_t)LV_LOG_SHIFT);
  int32_t k = (ix >> 23) - 0x7f;
  ix = (ix & 0x007fffff) + LV_SQRT_HALF_BITS;
  float m = lv_float((uint32_t)ix);
  float f = lv_sub(m, 1.0f);
  float s = lv_div(f, lv_add(2.0f, f));
  float z = lv_mul(s, s);
  float w = lv_mul(z, z);
  float t1 = lv_mul(w, lv_fma(w, lv_float(LV_LG4), lv_float(LV_LG2)));
  float t2 = lv_mul(z, lv_fma(w, lv_float(LV_LG3), lv_float(LV_LG1)));
  float r = lv_add(t2, t1);
  float hfsq = lv_mul(lv_mul(0.5f, f), f);
  float dk = lv_i2f(k);
  // s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI, left to right
  float y = lv_add(lv_mul(s, lv_add(hfsq, r)), lv_mul(dk, lv_float(LV_LN2_LO)));
  y = lv_sub(y, hfsq);
  y = lv_add(y, f);
  return lv_add(y, lv_mul(dk, lv_float(LV_LN2_HI)));
}

// Shared reduction of cos2pi/sin2pi: quadrant qi and the two polynomials at y = u - qi/4.
LV_HD void lv_sincos2pi_core(float u, int32_t* qi, float* sp, float* cp) {
  float q = lv_sub(lv_add(lv_mul(4.0f, u), LV_RINT), LV_RINT);
  *qi = (int32_t)q;
  float y = lv_fma(q, -0.25f, u);
  float z = lv_mul(y, y);
  *sp = lv_mul(y, lv_fma(z, lv_fma(z, lv_fma(z, lv_float(LV_S7), lv_float(LV_S5)),
                                   lv_float(LV_S3)),
                         lv_float(LV_S1)));
  *cp = lv_fma(z, lv_fma(z, lv_fma(z, lv_fma(z, lv_float(LV_C8), lv_float(LV_C6)),
                                   lv_float(LV_C4)),
                         lv_float(LV_C2)),
               1.0f);
}

// GaussianMath.cos2pi, u in [0, 1).
LV_HD float lv_cos2pi(float u) {
  int32_t qi;
  float sp, cp;
  lv_sincos2pi_core(u, &qi, &sp, &cp);
  float c = (qi & 1) ? sp : cp;
  return lv_float(lv_bits(c) ^ ((uint32_t)((qi + 1) & 2) << 30));
}

// GaussianMath.sin2pi, u in [0, 1).
LV_HD float lv_sin2pi(float u) {
  int32_t qi;
  float sp, cp;
  lv_sincos2pi_core(u, &qi, &sp, &cp);
  float s = (qi & 1) ? cp : sp;
  return lv_float(lv_bits(s) ^ ((uint32_t)(qi & 2) << 30));
}

// GaussianMath.openClosed: ((w >>> 8) + 1) * 2^-24 in (0, 1], exact.
LV_HD float lv_open_closed(uint32_t w) { return lv_mul((float)((w >> 8) + 1u), LV_TWO_M24); }

// GaussianMath.closedOpen: (w >>> 8) * 2^-24 in [0, 1), exact.
LV_HD float lv_closed_open(uint32_t w) { return lv_mul((float)(w >> 8), LV_TWO_M24); }

// GaussianMath.boxMuller: r·cos(2πu2) into *z0, r·sin(2πu2) into *z1.
LV_HD void lv_box_muller(uint32_t wa, uint32_t wb, float* z0, float* z1) {
  float r = lv_sqrt(lv_mul(-2.0f, lv_gauss_log(lv_open_closed(wa))));
  float u = lv_closed_open(wb);
  int32_t qi;
  float sp, cp;
  lv_sincos2pi_core(u, &qi, &sp, &cp);
  int swap = (qi & 1) != 0;
  float c = swap ? sp : cp;
  float s = swap ? cp : sp;
  c = lv_float(lv_bits(c) ^ ((uint32_t)((qi + 1) & 2) << 30));
  s = lv_float(lv_bits(s) ^ ((uint32_t)(qi & 2) << 30));
  *z0 = lv_mul(r, c);
  *z1 = lv_mul(r, s);
}

struct lv_f4 {
  float x[4];
};

// The four uniforms in (0, 1] of block `block`: ScalarNoise.uniformBlock.
LV_HD lv_f4 lv_noise_uniform(uint64_t seed, uint32_t step, int32_t stream, uint64_t block) {
  lv_u4 w = lv_noise_bits(seed, step, stream, block);
  lv_f4 o;
  for (int k = 0; k < 4; k++) o.x[k] = lv_open_closed(w.x[k]);
  return o;
}

// The four standard normals of block `block`: ScalarNoise.gaussianBlock.
LV_HD lv_f4 lv_noise_gaussian(uint64_t seed, uint32_t step, int32_t stream, uint64_t block) {
  lv_u4 w = lv_noise_bits(seed, step, stream, block);
  lv_f4 o;
  lv_box_muller(w.x[0], w.x[1], &o.x[0], &o.x[1]);
  lv_box_muller(w.x[2], w.x[3], &o.x[2], &o.x[3]);
  return o;
}
