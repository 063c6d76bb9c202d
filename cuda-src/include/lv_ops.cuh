// lv_ops.cuh -- the IEEE-754 float32 operations every reproducible kernel is written in.
//
// Each function is one correctly rounded operation (round to nearest even), so a kernel written
// only in these gets the same bits as the Java scalar references (io.langevin.kernels.random,
// .update, .cpu.VectorMath), which use plain float + - * /, Math.fma and (float) Math.sqrt.
//   device: __fadd_rn/__fsub_rn/__fmul_rn/__fdiv_rn/__fsqrt_rn/__fmaf_rn, which nvcc never
//           contracts or approximates (also compile with --fmad=false and without
//           --use_fast_math, so that no plain expression elsewhere is contracted either);
//   host:   plain operators with -ffp-contract=off (x86-64 SSE: FLT_EVAL_METHOD 0, no x87),
//           fmaf and sqrtf from libm (correctly rounded in glibc).
// Denormals are kept on both sides (no -ftz=true on device, no -ffast-math on host).
#pragma once

#include <stdint.h>
#include <string.h>
#ifndef __CUDA_ARCH__
#include <math.h>
#endif

#if defined(__CUDACC__)
#define LV_HD __host__ __device__ __forceinline__
#else
#define LV_HD static inline
#endif

#ifdef __CUDA_ARCH__
LV_HD float lv_add(float a, float b) { return __fadd_rn(a, b); }
LV_HD float lv_sub(float a, float b) { return __fsub_rn(a, b); }
LV_HD float lv_mul(float a, float b) { return __fmul_rn(a, b); }
LV_HD float lv_div(float a, float b) { return __fdiv_rn(a, b); }
LV_HD float lv_sqrt(float a) { return __fsqrt_rn(a); }
LV_HD float lv_fma(float a, float b, float c) { return __fmaf_rn(a, b, c); }
LV_HD uint32_t lv_bits(float x) { return __float_as_uint(x); }
LV_HD float lv_float(uint32_t b) { return __uint_as_float(b); }
LV_HD uint32_t lv_umulhi(uint32_t a, uint32_t b) { return __umulhi(a, b); }
LV_HD int lv_isfinite(float x) { return isfinite(x); }
#else
LV_HD float lv_add(float a, float b) { return a + b; }
LV_HD float lv_sub(float a, float b) { return a - b; }
LV_HD float lv_mul(float a, float b) { return a * b; }
LV_HD float lv_div(float a, float b) { return a / b; }
LV_HD float lv_sqrt(float a) { return sqrtf(a); }
LV_HD float lv_fma(float a, float b, float c) { return fmaf(a, b, c); }
LV_HD uint32_t lv_bits(float x) {
  uint32_t b;
  memcpy(&b, &x, 4);
  return b;
}
LV_HD float lv_float(uint32_t b) {
  float x;
  memcpy(&x, &b, 4);
  return x;
}
LV_HD uint32_t lv_umulhi(uint32_t a, uint32_t b) {
  return (uint32_t)(((uint64_t)a * (uint64_t)b) >> 32);
}
LV_HD int lv_isfinite(float x) { return (lv_bits(x) & 0x7f800000u) != 0x7f800000u; }
#endif

// Java's (float) of a small int: exact for |i| <= 2^24, which is all it is used for.
LV_HD float lv_i2f(int32_t i) { return (float)i; }

// Java's Math.abs(float): clears the sign bit.
LV_HD float lv_abs(float x) { return lv_float(lv_bits(x) & 0x7fffffffu); }
