// lv_vmath.cuh -- the scalar twins of io.langevin.kernels.cpu.VectorMath that kernels use
// (exp for Santa SSS), operation for operation.
#pragma once
#include "lv_ops.cuh"

#define LV_EXP_LO (-104.0f)
#define LV_EXP_HI 89.0f
#define LV_LOG2E 0x3fb8aa3bu       /* 1.44269504f */
#define LV_MAGIC 0x1.8p23f         /* 1.5·2^23 */
#define LV_MAGIC_BITS 0x4b400000u
#define LV_EXP_LN2_HI 0x3f318000u  /* 0.693359375f */
#define LV_EXP_LN2_LO 0xb95e8083u  /* -2.12194440e-4f */
#define LV_P0 0.5f
#define LV_P1 0x3e2aaaaau
#define LV_P2 0x3d2aaa47u
#define LV_P3 0x3c088938u
#define LV_P4 0x3ab6c681u
#define LV_P5 0x394f844du

// VectorMath.exp(float): e^x from IEEE-exact operations; NaN in, NaN out.
LV_HD float lv_exp(float x) {
  float c = x < LV_EXP_LO ? LV_EXP_LO : x;
  c = c > LV_EXP_HI ? LV_EXP_HI : c;
  float z = lv_fma(c, lv_float(LV_LOG2E), LV_MAGIC);
  float kf = lv_sub(z, LV_MAGIC);
  int32_t k = (int32_t)(lv_bits(z) - LV_MAGIC_BITS);
  float r = lv_fma(kf, -lv_float(LV_EXP_LN2_HI), c);
  r = lv_fma(kf, -lv_float(LV_EXP_LN2_LO), r);
  float p = lv_fma(
      lv_fma(lv_fma(lv_fma(lv_fma(r, lv_float(LV_P5), lv_float(LV_P4)), r, lv_float(LV_P3)), r,
                    lv_float(LV_P2)),
             r, lv_float(LV_P1)),
      r, LV_P0);
  float u = lv_add(lv_fma(lv_mul(r, r), p, r), 1.0f);
  int32_t k1 = k >> 1;
  float s1 = lv_float(((uint32_t)k1 + 127u) << 23);
  float s2 = lv_float(((uint32_t)k - (uint32_t)k1 + 127u) << 23);
  return lv_mul(lv_mul(u, s1), s2);
}
