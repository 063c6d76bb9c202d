package io.langevin.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.gemm.ScalarGemm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaGemm} on a real device against the double-accumulating spec {@link ScalarGemm}, on
 * random inputs (never zeros): every transpose combination, every tile kernel (128, 64, 32) and the
 * tile the class picks itself, ragged shapes (1, 7, 13, 31, 63/64/65, 127/128/129, 100x800x500,
 * 1021 in each dimension, k = 0), leading dimensions above the column count, odd and 16-byte
 * aligned offsets (scalar and float4 paths), {@code α ≠ 1}, {@code β = 0} with C's matrix poisoned
 * with NaN (it must be neither read nor left unwritten) and {@code β ≠ 0}. Per element {@code |got −
 * ref| ≤ 4·k·2^-24·|α|·Σ_p|a_ip·b_pj| + 2^-22·|ref| + 1e-30} (a float fma chain of k terms,
 * 4x margin, plus the final roundings), the relative norm error over the matrix at most 1e-5, and
 * every float of C's storage outside the matrix (offset, ld padding) bit-unchanged. Also the
 * argument checks (IllegalArgumentException with the numbers). Skipped, with the reason, without a
 * CUDA device and fatbin.
 */
class CudaGemmTest {
  private static CudaKernels cuda;
  private static CudaGemm gemm;
  private static final ScalarGemm SPEC = new ScalarGemm();
  private static final double EPS = Math.scalb(1.0, -24);

  @BeforeEach
  void device() {
    Assumptions.assumeTrue(CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    if (cuda == null) {
      cuda = CudaKernels.get();
      gemm = new CudaGemm(cuda);
      System.out.println("[cuda] CudaGemmTest on " + cuda.deviceName());
    }
  }

  /** Shapes m x n x k. */
  private static final int[][] SHAPES = {
    {1, 1, 1},
    {7, 13, 31},
    {13, 7, 1},
    {31, 63, 64},
    {63, 64, 65},
    {64, 65, 63},
    {65, 31, 127},
    {127, 128, 129},
    {128, 129, 127},
    {129, 127, 128},
    {100, 800, 500},
    {1021, 13, 65},
    {7, 1021, 129},
    {33, 65, 1021},
    {64, 64, 0},
  };

  @Test
  void everyTileAndTransposeMatchesScalarGemm() {
    SplittableRandom r = new SplittableRandom(31);
    for (int[] s : SHAPES) {
      for (int t = 0; t < 4; t++) {
        boolean ta = t >= 2;
        boolean tb = (t & 1) == 1;
        // plain: α 1, β 0, no offsets, ld = columns
        Case plain = new Case(r, ta, tb, s[0], s[1], s[2], 1f, 0f, 0, 0, 0, 0, 0, 0, false);
        // odd offsets, ld > columns, α and β away from 0 and 1: scalar loads and stores
        Case odd = new Case(r, ta, tb, s[0], s[1], s[2], -1.5f, 0.25f, 3, 1, 7, 1, 2, 3, false);
        // 16-byte aligned offsets and ld (float4 loads and stores) at ragged sizes, β 0
        Case vec = new Case(r, ta, tb, s[0], s[1], s[2], 0.5f, 0f, 4, 8, 12, 4, 0, 8, true);
        for (Case c : new Case[] {plain, odd, vec}) {
          for (int tile : CudaGemm.TILES) {
            c.runAndCheck(tile);
          }
          c.runAndCheck(0);
        }
      }
    }
  }

  @Test
  void chosenTileFillsTheDeviceAndMatchesScalarGemm() {
    int sms = cuda.maxBlocks() / CudaKernels.BLOCKS_PER_SM;
    int[][] shapes = {{1536, 1536, 33}, {1024, 1024, 17}, {100, 400, 784}, {400, 784, 100}};
    SplittableRandom r = new SplittableRandom(32);
    for (int[] s : shapes) {
      int tile = gemm.tile(s[0], s[1]);
      for (int t : CudaGemm.TILES) {
        long blocks = (long) ((s[0] + t - 1) / t) * ((s[1] + t - 1) / t);
        if (t > tile) {
          assertTrue(blocks < sms, "tile " + t + " has " + blocks + " >= " + sms + " blocks");
        } else if (t == tile && t != 32) {
          assertTrue(blocks >= sms, "tile " + t + " has only " + blocks + " blocks");
        }
      }
      for (int tr = 0; tr < 4; tr++) {
        new Case(r, tr >= 2, (tr & 1) == 1, s[0], s[1], s[2], 1.25f, -0.5f, 1, 2, 3, 3, 2, 1,
                false)
            .runAndCheck(0);
      }
    }
  }

  @Test
  void kZeroScalesCAndNeverTouchesAOrB() {
    SplittableRandom r = new SplittableRandom(33);
    for (int tile : CudaGemm.TILES) {
      new Case(r, false, false, 37, 29, 0, 2f, 0.75f, 0, 0, 5, 0, 0, 3, false).runAndCheck(tile);
      new Case(r, true, true, 37, 29, 0, 2f, 0f, 0, 0, 5, 0, 0, 3, false).runAndCheck(tile);
    }
    // k = 0: A and B are empty, their offsets are not checked and may lie past the arrays' ends
    try (DeviceArray a = cuda.alloc(1);
        DeviceArray b = cuda.alloc(1);
        DeviceArray c = cuda.upload(new float[] {1f, 2f, 3f, 4f, 5f, 6f})) {
      gemm.sgemm(false, false, 2, 3, 0, 1f, a, 9, 1, b, 9, 3, -2f, c, 0, 3);
      float[] got = c.toFloats();
      assertEquals("[-2.0, -4.0, -6.0, -8.0, -10.0, -12.0]", Arrays.toString(got));
    }
  }

  @Test
  void badArgumentsThrowWithTheNumbers() {
    try (DeviceArray a = cuda.alloc(6);
        DeviceArray b = cuda.alloc(6);
        DeviceArray c = cuda.alloc(4)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> gemm.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
      assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
      assertTrue(e.getMessage().contains("ldA=2 < columns 3"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> gemm.sgemm(true, false, 2, 2, 3, 1f, a, 1, 2, b, 0, 2, 0f, c, 0, 2));
      assertTrue(e.getMessage().contains("needs 7 floats but the array holds 6"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> gemm.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 3, 0f, c, 1, 2));
      assertTrue(e.getMessage().contains("C (2x2, ld=2, offset=1) needs 5"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> gemm.sgemm(48, false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
      assertTrue(e.getMessage().contains("tile 48"), e.getMessage());
    }
  }

  /** One product: host operands laid out for (ta, tb), the spec's result and the error bounds. */
  private static final class Case {
    final boolean ta;
    final boolean tb;
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float beta;
    final int aOff;
    final int bOff;
    final int cOff;
    final int lda;
    final int ldb;
    final int ldc;
    final float[] a;
    final float[] b;
    final float[] c0;
    final float[] ref;
    final float[] absProduct;

    Case(
        SplittableRandom r,
        boolean ta,
        boolean tb,
        int m,
        int n,
        int k,
        float alpha,
        float beta,
        int aOff,
        int bOff,
        int cOff,
        int padA,
        int padB,
        int padC,
        boolean alignLd) {
      this.ta = ta;
      this.tb = tb;
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = alpha;
      this.beta = beta;
      this.aOff = aOff;
      this.bOff = bOff;
      this.cOff = cOff;
      int aRows = ta ? k : m;
      int bRows = tb ? n : k;
      lda = ld(ta ? m : k, padA, alignLd);
      ldb = ld(tb ? k : n, padB, alignLd);
      ldc = ld(n, padC, alignLd);
      a = random(r, aOff + aRows * lda + 1);
      b = random(r, bOff + bRows * ldb + 1);
      c0 = random(r, cOff + m * ldc + 1);
      if (beta == 0f) { // poison: must be neither read nor left unwritten
        for (int i = 0; i < m; i++) {
          Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
        }
      }
      ref = c0.clone();
      SPEC.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ref, cOff, ldc);
      float[] absA = abs(a);
      float[] absB = abs(b);
      absProduct = new float[c0.length];
      SPEC.sgemm(
          ta, tb, m, n, k, 1f, absA, aOff, lda, absB, bOff, ldb, 0f, absProduct, cOff, ldc);
    }

    /** Runs the device product with kernel {@code tile} (0: the tile CudaGemm picks) and checks. */
    void runAndCheck(int tile) {
      float[] got;
      try (DeviceArray da = cuda.upload(a);
          DeviceArray db = cuda.upload(b);
          DeviceArray dc = cuda.upload(c0)) {
        if (tile == 0) {
          gemm.sgemm(ta, tb, m, n, k, alpha, da, aOff, lda, db, bOff, ldb, beta, dc, cOff, ldc);
        } else {
          gemm.sgemm(
              tile, ta, tb, m, n, k, alpha, da, aOff, lda, db, bOff, ldb, beta, dc, cOff, ldc);
        }
        got = dc.toFloats();
      }
      String what =
          String.format(
              "tile %s %s%s m=%d n=%d k=%d alpha=%s beta=%s off=%d,%d,%d ld=%d,%d,%d",
              tile == 0 ? "auto(" + gemm.tile(m, n) + ")" : tile,
              ta ? "T" : "N",
              tb ? "T" : "N",
              m,
              n,
              k,
              alpha,
              beta,
              aOff,
              bOff,
              cOff,
              lda,
              ldb,
              ldc);
      double diff2 = 0;
      double ref2 = 0;
      for (int e = 0; e < got.length; e++) {
        int row = e < cOff ? -1 : (e - cOff) / ldc;
        int col = e < cOff ? -1 : (e - cOff) % ldc;
        if (row < 0 || row >= m || col >= n) {
          if (Float.floatToRawIntBits(got[e]) != Float.floatToRawIntBits(c0[e])) {
            fail(what + ": element " + e + " outside C changed from " + c0[e] + " to " + got[e]);
          }
          continue;
        }
        double want = ref[e];
        double bound =
            4.0 * k * EPS * Math.abs(alpha) * absProduct[e] + 4 * EPS * Math.abs(want) + 1e-30;
        double d = Math.abs((double) got[e] - want);
        if (!(d <= bound)) {
          fail(
              what + ": C[" + row + "][" + col + "] = " + got[e] + ", spec " + want + ", |diff| "
                  + d + " > bound " + bound);
        }
        diff2 += d * d;
        ref2 += want * want;
      }
      double rel = ref2 > 0 ? Math.sqrt(diff2 / ref2) : Math.sqrt(diff2);
      assertTrue(rel <= 1e-5, what + ": relative norm error " + rel + " > 1e-5");
    }

    private static int ld(int cols, int pad, boolean align) {
      int ld = align ? (cols + 3) / 4 * 4 + pad : cols + pad;
      return Math.max(1, ld);
    }

    private static float[] random(SplittableRandom r, int len) {
      float[] x = new float[len];
      for (int i = 0; i < len; i++) {
        float v;
        do {
          v = (float) (2 * r.nextDouble() - 1);
        } while (v == 0f);
        x[i] = v;
      }
      return x;
    }

    private static float[] abs(float[] x) {
      float[] y = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = Math.abs(x[i]);
      }
      return y;
    }
  }
}
