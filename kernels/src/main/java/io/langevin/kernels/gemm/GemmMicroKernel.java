package io.langevin.kernels.gemm;

import io.langevin.kernels.cpu.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernel: one MR×NR tile (MR = 8 rows, NR = 2 vectors of {@link
 * Species#F}, i.e. 8×32 at 512 bits) of a packed C block, from a packed A panel (kc steps of MR
 * floats) and a packed B panel (kc steps of NR floats). Per step: 2 vector loads of B, 8
 * broadcasts of A, 16 FMAs into 16 accumulators held in registers (19 vector registers in all).
 *
 * <p>The C tile is contiguous (MR rows of NR floats), so it is read and written as 2·MR whole
 * vectors with no masks and no cache-set conflicts; the caller copies packed C into the real C at
 * the end ({@code alpha}, {@code beta}, ragged edges). {@code first} overwrites the tile instead of
 * adding to it, so the packed C block is never cleared.
 *
 * <p>8×2L was measured against 6×2L, 12×2L, 4×3L and 8×3L on the 2-core AVX-512 reference
 * machine: 6×2L was ~10% slower, the others within noise; 8×2L leaves the most registers free.
 * Bytes per step from L1: NR·4 = 128 B of B and 32 B of A at 512 bits for 512 FLOPs. On a
 * 16-register ISA (AVX2) the 19 live vectors spill three registers.
 *
 * <p>Tested through {@code SimdGemmTest} against {@link ScalarGemm}.
 */
final class GemmMicroKernel {
  private static final VectorSpecies<Float> F = Species.F;
  static final int L = F.length();
  static final int MR = 8;
  static final int NR = 2 * L;

  private GemmMicroKernel() {}

  /**
   * {@code cp[cIdx + ii·NR + jj] (+)= Σ_p ap[aIdx + p·MR + ii] · bp[bIdx + p·NR + jj]} for ii &lt;
   * MR, jj &lt; NR: overwritten when {@code first}, accumulated otherwise.
   */
  static void tile(
      int kc, float[] ap, int aIdx, float[] bp, int bIdx, float[] cp, int cIdx, boolean first) {
    FloatVector c00 = FloatVector.zero(F);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    for (int p = 0; p < kc; p++) {
      int bi = bIdx + p * NR;
      int ai = aIdx + p * MR;
      FloatVector b0 = FloatVector.fromArray(F, bp, bi);
      FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
      FloatVector a0 = FloatVector.broadcast(F, ap[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(F, ap[ai + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(F, ap[ai + 5]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
      FloatVector a6 = FloatVector.broadcast(F, ap[ai + 6]);
      c60 = a6.fma(b0, c60);
      c61 = a6.fma(b1, c61);
      FloatVector a7 = FloatVector.broadcast(F, ap[ai + 7]);
      c70 = a7.fma(b0, c70);
      c71 = a7.fma(b1, c71);
    }
    if (!first) {
      c00 = c00.add(FloatVector.fromArray(F, cp, cIdx));
      c01 = c01.add(FloatVector.fromArray(F, cp, cIdx + 1 * L));
      c10 = c10.add(FloatVector.fromArray(F, cp, cIdx + 2 * L));
      c11 = c11.add(FloatVector.fromArray(F, cp, cIdx + 3 * L));
      c20 = c20.add(FloatVector.fromArray(F, cp, cIdx + 4 * L));
      c21 = c21.add(FloatVector.fromArray(F, cp, cIdx + 5 * L));
      c30 = c30.add(FloatVector.fromArray(F, cp, cIdx + 6 * L));
      c31 = c31.add(FloatVector.fromArray(F, cp, cIdx + 7 * L));
      c40 = c40.add(FloatVector.fromArray(F, cp, cIdx + 8 * L));
      c41 = c41.add(FloatVector.fromArray(F, cp, cIdx + 9 * L));
      c50 = c50.add(FloatVector.fromArray(F, cp, cIdx + 10 * L));
      c51 = c51.add(FloatVector.fromArray(F, cp, cIdx + 11 * L));
      c60 = c60.add(FloatVector.fromArray(F, cp, cIdx + 12 * L));
      c61 = c61.add(FloatVector.fromArray(F, cp, cIdx + 13 * L));
      c70 = c70.add(FloatVector.fromArray(F, cp, cIdx + 14 * L));
      c71 = c71.add(FloatVector.fromArray(F, cp, cIdx + 15 * L));
    }
    c00.intoArray(cp, cIdx);
    c01.intoArray(cp, cIdx + 1 * L);
    c10.intoArray(cp, cIdx + 2 * L);
    c11.intoArray(cp, cIdx + 3 * L);
    c20.intoArray(cp, cIdx + 4 * L);
    c21.intoArray(cp, cIdx + 5 * L);
    c30.intoArray(cp, cIdx + 6 * L);
    c31.intoArray(cp, cIdx + 7 * L);
    c40.intoArray(cp, cIdx + 8 * L);
    c41.intoArray(cp, cIdx + 9 * L);
    c50.intoArray(cp, cIdx + 10 * L);
    c51.intoArray(cp, cIdx + 11 * L);
    c60.intoArray(cp, cIdx + 12 * L);
    c61.intoArray(cp, cIdx + 13 * L);
    c70.intoArray(cp, cIdx + 14 * L);
    c71.intoArray(cp, cIdx + 15 * L);
  }
}
