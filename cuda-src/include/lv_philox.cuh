// lv_philox.cuh -- Philox4x32-10 and the counter layout of io.langevin.kernels.random.
// Spec: Philox.block and ScalarNoise.bitsBlock. Element i of step t in stream s under seed
// lies in block b = i >> 2 with counter (lo32(b), hi32(b), (uint32) t, s) and key
// (lo32(seed), hi32(seed)); its word is word i & 3 of the block's output.
#pragma once
#include "lv_ops.cuh"

#define LV_PHILOX_M0 0xD2511F53u
#define LV_PHILOX_M1 0xCD9E8D57u
#define LV_PHILOX_W0 0x9E3779B9u
#define LV_PHILOX_W1 0xBB67AE85u

struct lv_u4 {
  uint32_t x[4];
};

// Philox4x32-10 of counter (c0..c3) and key (k0, k1); bit-identical to Philox.block.
LV_HD lv_u4 lv_philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                      uint32_t k1) {
#ifdef __CUDA_ARCH__
#pragma unroll
#endif
  for (int r = 0; r < 10; r++) {
    uint32_t hi0 = lv_umulhi(LV_PHILOX_M0, c0), lo0 = LV_PHILOX_M0 * c0;
    uint32_t hi1 = lv_umulhi(LV_PHILOX_M1, c2), lo1 = LV_PHILOX_M1 * c2;
    uint32_t n0 = hi1 ^ c1 ^ k0;
    uint32_t n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += LV_PHILOX_W0;
    k1 += LV_PHILOX_W1;
  }
  lv_u4 o;
  o.x[0] = c0;
  o.x[1] = c1;
  o.x[2] = c2;
  o.x[3] = c3;
  return o;
}

// The four words of block `block` (elements 4*block .. 4*block+3): ScalarNoise.bitsBlock.
LV_HD lv_u4 lv_noise_bits(uint64_t seed, uint32_t step, int32_t stream, uint64_t block) {
  return lv_philox((uint32_t)block, (uint32_t)(block >> 32), step, (uint32_t)stream,
                   (uint32_t)seed, (uint32_t)(seed >> 32));
}
