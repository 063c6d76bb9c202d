package io.langevin.kernels.gemm;

import static io.langevin.kernels.gemm.GemmMicroKernel.MR;
import static io.langevin.kernels.gemm.GemmMicroKernel.NR;

import io.langevin.kernels.cpu.Species;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing of GEMM operands into the contiguous panels that {@link GemmMicroKernel} streams.
 *
 * <p>A block of op(A) (mc×kc) becomes ⌈mc/MR⌉ panels, panel {@code ir/MR} at {@code ir·kc}, each kc
 * steps of MR consecutive floats ({@code op(A)[i0+ir+ii][p0+p]} at {@code ir·kc + p·MR + ii}; rows
 * past mc are zero). A block of op(B) (kc×nc) becomes ⌈nc/NR⌉ panels of kc steps of NR
 * consecutive floats (columns past nc are zero). Packing absorbs both transposes: a row-major A
 * and a transposed B go through {@link GemmTranspose} (in-register transposes; the rows of a
 * ragged last panel are first copied to a zero-padded scratch block so that they take the same
 * path), a transposed A and a row-major B are plain copies. Every element is read once and written once (4 + 4 bytes), plus
 * the zero padding of a ragged last panel.
 *
 * <p>Tested through {@code SimdGemmTest} (ragged sizes, all transposes, offsets and leading
 * dimensions, at 128, 256 and 512 bits).
 */
final class GemmPack {
  private static final VectorSpecies<Float> F = Species.F;
  private static final int L = F.length();

  /** Per-thread scratch for the rows of a ragged panel (zero-padded to a full one). */
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  private GemmPack() {}

  private static float[] scratch(int size) {
    float[] buf = SCRATCH.get();
    if (buf.length < size) {
      buf = new float[size];
      SCRATCH.set(buf);
    }
    return buf;
  }

  /**
   * Packs {@code op(A)[i0 .. i0+mc)[p0 .. p0+kc)} into {@code dst} from {@code dstOff}: the panel
   * of rows {@code [i0+ir, i0+ir+MR)} at {@code dstOff + ir·kc}.
   */
  static void packA(
      boolean transA,
      float[] a,
      int aOff,
      int lda,
      int i0,
      int mc,
      int p0,
      int kc,
      float[] dst,
      int dstOff) {
    for (int ir = 0; ir < mc; ir += MR) {
      int rows = Math.min(MR, mc - ir);
      int base = dstOff + ir * kc;
      if (transA) {
        // op(A)[i][p] = a[p*lda + i]: MR consecutive floats per step.
        int src = aOff + p0 * lda + i0 + ir;
        for (int p = 0; p < kc; p++) {
          int s = src + p * lda;
          int d = base + p * MR;
          for (int ii = 0; ii < rows; ii++) {
            dst[d + ii] = a[s + ii];
          }
          for (int ii = rows; ii < MR; ii++) {
            dst[d + ii] = 0f;
          }
        }
      } else {
        // op(A)[i][p] = a[i*lda + p]: rows are contiguous along p; transpose MR×L blocks.
        int src = aOff + (i0 + ir) * lda + p0;
        int p = 0;
        if (kc >= L) {
          float[] from = a;
          int s = src;
          int ld = lda;
          if (rows < MR) {
            // A ragged last panel: its rows, then zero rows, in scratch; transposed from there.
            from = scratch(MR * kc);
            for (int ii = 0; ii < rows; ii++) {
              System.arraycopy(a, src + ii * lda, from, ii * kc, kc);
            }
            Arrays.fill(from, rows * kc, MR * kc, 0f);
            s = 0;
            ld = kc;
          }
          for (; p + L <= kc; p += L) {
            GemmTranspose.zip8(from, s + p, ld, dst, base + p * MR, L);
          }
        }
        for (; p < kc; p++) {
          int d = base + p * MR;
          for (int ii = 0; ii < rows; ii++) {
            dst[d + ii] = a[src + ii * lda + p];
          }
          for (int ii = rows; ii < MR; ii++) {
            dst[d + ii] = 0f;
          }
        }
      }
    }
  }

  /**
   * Packs panels {@code [panelFrom, panelTo)} of {@code op(B)[p0 .. p0+kc)[j0 .. j0+nc)} into
   * {@code dst}: panel {@code jp} (columns {@code [j0 + jp·NR, …)}) at {@code dstOff + (jp -
   * panelFrom)·kc·NR}.
   */
  static void packB(
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int p0,
      int kc,
      int j0,
      int nc,
      int panelFrom,
      int panelTo,
      float[] dst,
      int dstOff) {
    if (!transB) {
      // Row by row over the full panels, so that each row of B is read in one contiguous run.
      int full = Math.min(panelTo, nc / NR);
      if (full > panelFrom) {
        for (int p = 0; p < kc; p++) {
          int s = bOff + (p0 + p) * ldb + j0 + panelFrom * NR;
          int d = dstOff + p * NR;
          for (int jp = panelFrom; jp < full; jp++, s += NR, d += kc * NR) {
            FloatVector.fromArray(F, b, s).intoArray(dst, d);
            FloatVector.fromArray(F, b, s + L).intoArray(dst, d + L);
          }
        }
        dstOff += (full - panelFrom) * kc * NR;
        panelFrom = full;
      }
    }
    for (int jp = panelFrom; jp < panelTo; jp++) {
      int jr = jp * NR;
      int cols = Math.min(NR, nc - jr);
      int base = dstOff + (jp - panelFrom) * kc * NR;
      if (!transB) {
        // The ragged last panel: op(B)[p][j] = b[p*ldb + j], zero past nc.
        int src = bOff + p0 * ldb + j0 + jr;
        for (int p = 0; p < kc; p++) {
          int s = src + p * ldb;
          int d = base + p * NR;
          for (int jj = 0; jj < cols; jj++) {
            dst[d + jj] = b[s + jj];
          }
          for (int jj = cols; jj < NR; jj++) {
            dst[d + jj] = 0f;
          }
        }
      } else {
        // op(B)[p][j] = b[j*ldb + p]: rows of b are contiguous along p; transpose L×L blocks.
        int src = bOff + (j0 + jr) * ldb + p0;
        int p = 0;
        if (kc >= L && GemmTranspose.hasSquare()) {
          float[] from = b;
          int s = src;
          int ld = ldb;
          if (cols < NR) {
            // A ragged last panel: its rows, then zero rows, in scratch; transposed from there.
            from = scratch(NR * kc);
            for (int jj = 0; jj < cols; jj++) {
              System.arraycopy(b, src + jj * ldb, from, jj * kc, kc);
            }
            Arrays.fill(from, cols * kc, NR * kc, 0f);
            s = 0;
            ld = kc;
          }
          // L rows of b at a time, each read as one run along p (kind to the prefetcher).
          int pEnd = kc / L * L;
          for (int h = 0; h < NR; h += L) {
            for (int q = 0; q < pEnd; q += L) {
              GemmTranspose.square(from, s + h * ld + q, ld, dst, base + q * NR + h, NR);
            }
          }
          p = pEnd;
        }
        for (; p < kc; p++) {
          int d = base + p * NR;
          for (int jj = 0; jj < cols; jj++) {
            dst[d + jj] = b[src + jj * ldb + p];
          }
          for (int jj = cols; jj < NR; jj++) {
            dst[d + jj] = 0f;
          }
        }
      }
    }
  }
}
