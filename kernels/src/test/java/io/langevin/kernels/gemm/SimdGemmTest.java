package io.langevin.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdGemm} against the spec {@link ScalarGemm}: all four transpose combinations, ragged
 * sizes around the vector width, the MR×NR micro-tile and every cache block, offsets and leading
 * dimensions larger than the columns, alpha ∉ {0, 1}, beta ∈ {0, 0.5, 1}, NaN in C with beta = 0,
 * elements of C outside the m×n window untouched, the same bits on 1 and N threads, and argument
 * validation.
 *
 * <p>Tolerance. ScalarGemm sums each dot product in double and rounds once; SimdGemm sums in float
 * (an FMA chain per KC block, the blocks added in order) and scales by alpha at the end. The float
 * rounding of a k-term sum is bounded by {@code γ·Σ_p |a_ip·b_pj|} with γ a small multiple of
 * k·2⁻²⁴ in the worst case, and grows like √k·2⁻²⁴ (≈ 1.4e-6 at k = 513) for random data; so each
 * element must satisfy {@code |c − ref| ≤ 1e-5·(|alpha|·Σ_p |a_ip·b_pj| + |beta·c_old|) + 1e-30}.
 *
 * <p>The suite runs at the JVM's vector width; run it again with {@code -Dlangevin.simd.bits=256}
 * and {@code 128} to cover the narrower micro-kernels and transposes.
 */
class SimdGemmTest {
  private static final int MR = GemmMicroKernel.MR;
  private static final int NR = GemmMicroKernel.NR;
  private static final int L = Species.F.length();

  private final ScalarGemm ref = new ScalarGemm();

  /** Default blocking, with sizes around the micro-tile and the vector width. */
  @Test
  void matchesScalarOnRaggedGridDefaultBlocking() {
    SimdGemm simd = new SimdGemm();
    int[] sizes = sizes(1, 2, 5, 7, 13, 31, 65, 100, MR - 1, MR, MR + 1, NR - 1, NR, NR + 1,
        L - 1, L + 1);
    SplittableRandom rnd = new SplittableRandom(11);
    int cases = 0;
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : sizes) {
          int combo = cases++ % 4;
          compare(simd, rnd, combo >= 2, (combo & 1) == 1, m, n, k, cases);
        }
      }
    }
    assertTrue(cases > 1000, "cases " + cases);
  }

  /**
   * Tiny blocks (KC = 16, MC = 2·MR, NC = 2·NR, B block of 3·NR·16 floats, A block of 2·MR·32
   * floats) so that sizes up to 100 cross every block edge several times: several k blocks, depth
   * chunks, row blocks, B blocks and C sub-blocks, each with a ragged last one.
   */
  @Test
  void matchesScalarAcrossEveryBlockEdge() {
    SimdGemm simd = new SimdGemm(16, 2 * MR, 2 * NR, 3 * NR * 16, 2 * MR * 32);
    int[] sizes = sizes(1, 3, 15, 16, 17, 2 * MR - 1, 2 * MR, 2 * MR + 1, 2 * NR + 1, 3 * NR + 1,
        33, 47, 100);
    SplittableRandom rnd = new SplittableRandom(12);
    int cases = 0;
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : sizes) {
          for (int t = 0; t < 4; t++) {
            compare(simd, rnd, (t & 2) != 0, (t & 1) != 0, m, n, k, cases++);
          }
        }
      }
    }
    assertTrue(cases > 1000, "cases " + cases);
  }

  /** Sizes just below and above the default KC, MC and NC (and the packed-path threshold). */
  @Test
  void matchesScalarAroundDefaultBlockSizes() {
    SimdGemm simd = new SimdGemm();
    int kc = SimdGemm.DEFAULT_KC;
    int mc = SimdGemm.DEFAULT_MC;
    int nc = SimdGemm.DEFAULT_NC;
    int[][] shapes = {
      {mc, 40, kc}, {mc + 1, 70, kc + 1}, {mc - 1, 33, kc - 1}, {2 * mc + 3, 37, 2 * kc + 5},
      {20, nc + 1, kc + 1}, {mc + 5, nc - 1, 30}, {9, nc + NR + 3, 2 * kc}, {100, 400, 10},
      {100, 10, 400}, {10, 400, 100}, {31, 33, 32}, {32, 32, 32}, {33, 31, 33}
    };
    SplittableRandom rnd = new SplittableRandom(13);
    int cases = 0;
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        compare(simd, rnd, (t & 2) != 0, (t & 1) != 0, s[0], s[1], s[2], cases++);
      }
    }
    assertEquals(shapes.length * 4, cases);
  }

  /**
   * One row or one column of C (matrix-vector products), with contiguous vectors (tight leading
   * dimensions: the vector paths) and strided ones (the general paths).
   */
  @Test
  void matchesScalarOnMatrixVectorShapes() {
    SimdGemm simd = new SimdGemm();
    int[][] shapes = {
      {300, 1, 200}, {1, 300, 200}, {70, 1, 5}, {1, 1, 50}, {1, 70, 1000}, {3, 1, 40}
    };
    SplittableRandom rnd = new SplittableRandom(15);
    int cases = 0;
    for (int[] sh : shapes) {
      for (int t = 0; t < 4; t++) {
        for (boolean tight : new boolean[] {true, false}) {
          compare(simd, rnd, (t & 2) != 0, (t & 1) != 0, sh[0], sh[1], sh[2], cases++, tight);
        }
      }
    }
    assertEquals(shapes.length * 8, cases);
  }

  /**
   * C rows a multiple of 256 floats apart (tight leading dimensions, as in a convolution's
   * channel-major output): the copy-out of packed C over rows that share cache sets.
   */
  @Test
  void matchesScalarWithPowerOfTwoRowStrides() {
    SimdGemm simd = new SimdGemm();
    int[][] shapes = {{100, 256, 300}, {37, 512, 130}, {400, 256, 100}, {13, 1024, 40}};
    SplittableRandom rnd = new SplittableRandom(17);
    int cases = 0;
    for (int[] sh : shapes) {
      for (int t = 0; t < 4; t++) {
        compare(simd, rnd, (t & 2) != 0, (t & 1) != 0, sh[0], sh[1], sh[2], cases++, true);
      }
    }
    assertEquals(shapes.length * 4, cases);
  }

  /**
   * Deep products with a small output, cut along k (a depth chunk of 24 here, so that small sizes
   * give several chunks and a ragged last one): every transpose combination, the dot-product and
   * the packed chunk paths, and two default-blocking convolution weight-gradient shapes.
   */
  @Test
  void matchesScalarWhenSplitAlongDepth() {
    SimdGemm tiny = new SimdGemm(16, 2 * MR, 2 * NR, 3 * NR * 16, 2 * MR * 32, 24);
    int[] sizes = sizes(1, 3, 7, 17, 33, 70);
    int[] depths = {48, 49, 71, 257};
    SplittableRandom rnd = new SplittableRandom(16);
    int cases = 0;
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : depths) {
          for (int t = 0; t < 4; t++) {
            compare(tiny, rnd, (t & 2) != 0, (t & 1) != 0, m, n, k, cases++);
          }
        }
      }
    }
    SimdGemm simd = new SimdGemm();
    int[][] shapes = {{20, 25, 3 * SimdGemm.DEFAULT_DEPTH_CHUNK + 7}, {50, 70, 2100}};
    for (int[] sh : shapes) {
      for (int t = 0; t < 4; t++) {
        compare(simd, rnd, (t & 2) != 0, (t & 1) != 0, sh[0], sh[1], sh[2], cases++);
      }
    }
    assertEquals(sizes.length * sizes.length * depths.length * 4 + 8, cases);
  }

  /**
   * Pooled and single-thread runs give the same bits: both packed paths (one row block; several
   * row blocks), the unpacked paths split by rows (few columns of A·Bᵀ, tiny depth), products split
   * along the depth (default and tiny depth chunks), default and tiny blocks.
   */
  @Test
  void sameBitsOnOneAndManyThreads() {
    int[][] shapes = {
      {100, 400, 300}, {300, 130, 270}, {2 * SimdGemm.DEFAULT_MC + 9, 600, 140}, {301, 10, 400},
      {300, 200, 12}, {500, 1, 300}, {20, 25, 5000}, {50, 300, 2100}, {9, 40, 3000}
    };
    SplittableRandom rnd = new SplittableRandom(14);
    SimdGemm tiny = new SimdGemm(16, 2 * MR, 2 * NR, 4096, 2 * MR * 48);
    SimdGemm tinyDepth = new SimdGemm(16, 2 * MR, 2 * NR, 4096, 2 * MR * 48, 100);
    for (SimdGemm simd : new SimdGemm[] {new SimdGemm(), tiny, tinyDepth}) {
      for (int[] s : shapes) {
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 2) != 0;
          boolean tb = (t & 1) != 0;
          Problem p = new Problem(rnd, ta, tb, s[0], s[1], s[2], 0.5f, true);
          float[] pooled = p.c.clone();
          float[] serial = p.c.clone();
          p.run(simd, pooled);
          CpuPool.serially(() -> p.run(simd, serial));
          for (int i = 0; i < pooled.length; i++) {
            if (Float.floatToRawIntBits(pooled[i]) != Float.floatToRawIntBits(serial[i])) {
              fail(String.format("m=%d n=%d k=%d tA=%b tB=%b: element %d pooled %s serial %s"
                  + " (threads=%d)", s[0], s[1], s[2], ta, tb, i, pooled[i], serial[i],
                  CpuPool.threads()));
            }
          }
        }
      }
    }
  }

  @Test
  void emptyAndZeroDepthProblems() {
    SimdGemm simd = new SimdGemm();
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {4, 5, 6, 7, 8, 9};
    float[] c = {1, 2, 3, 4};
    simd.sgemm(false, false, 0, 2, 3, 2f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
    simd.sgemm(false, false, 2, 0, 3, 2f, a, 0, 3, b, 0, 1, 0f, c, 0, 1);
    assertEquals("[1.0, 2.0, 3.0, 4.0]", Arrays.toString(c));
    simd.sgemm(false, false, 2, 2, 0, 2f, a, 0, 1, b, 0, 2, 0.5f, c, 0, 2);
    assertEquals("[0.5, 1.0, 1.5, 2.0]", Arrays.toString(c));
    c[1] = Float.NaN;
    simd.sgemm(false, false, 2, 2, 0, 2f, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
    assertEquals("[0.0, 0.0, 0.0, 0.0]", Arrays.toString(c));
  }

  @Test
  void rejectsBadArgumentsWithTheNumbers() {
    SimdGemm simd = new SimdGemm();
    float[] a = new float[6];
    float[] b = new float[6];
    float[] c = new float[4];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> simd.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
    assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> simd.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
    assertTrue(e.getMessage().contains("ldA=2 < columns 3"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> simd.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 1, 3, 0f, c, 0, 2));
    assertTrue(e.getMessage().contains("needs 7 floats but the array holds 6"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> simd.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2));
    assertTrue(e.getMessage().contains("C (2x2, ld=2, offset=1)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new SimdGemm(128, MR + 1, NR, 1024, 1024));
    assertTrue(e.getMessage().contains("mc=" + (MR + 1)), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------

  /** Sorted distinct positive sizes. */
  private static int[] sizes(int... s) {
    TreeSet<Integer> set = new TreeSet<>();
    for (int x : s) {
      if (x > 0) {
        set.add(x);
      }
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  private void compare(
      SimdGemm simd, SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, int id) {
    compare(simd, rnd, ta, tb, m, n, k, id, false);
  }

  /**
   * Runs one random problem through SimdGemm and ScalarGemm and checks every element of C (and that
   * nothing outside C changed). {@code tight}: leading dimensions equal to the columns.
   */
  private void compare(
      SimdGemm simd,
      SplittableRandom rnd,
      boolean ta,
      boolean tb,
      int m,
      int n,
      int k,
      int id,
      boolean tight) {
    float beta = new float[] {0f, 0.5f, 1f}[id % 3];
    Problem p = new Problem(rnd, ta, tb, m, n, k, beta, tight);
    if (beta == 0f) {
      // C is not read when beta is 0: NaN inside the window must not propagate.
      for (int i = 0; i < m; i++) {
        Arrays.fill(p.c, p.cOff + i * p.ldc, p.cOff + i * p.ldc + n, Float.NaN);
      }
    }
    float[] got = p.c.clone();
    float[] want = p.c.clone();
    p.run(simd, got);
    p.run(ref, want);
    for (int idx = 0; idx < got.length; idx++) {
      int rel = idx - p.cOff;
      int i = rel >= 0 ? rel / p.ldc : -1;
      int j = rel >= 0 ? rel % p.ldc : -1;
      boolean inside = rel >= 0 && i < m && j < n;
      if (!inside) {
        if (Float.floatToRawIntBits(got[idx]) != Float.floatToRawIntBits(p.c[idx])) {
          fail(p + ": element " + idx + " outside C was changed to " + got[idx]);
        }
        continue;
      }
      double old = beta == 0f ? 0 : Math.abs((double) beta * p.c[idx]);
      double tol = 1e-5 * (Math.abs(p.alpha) * p.absDot(i, j) + old) + 1e-30;
      double err = Math.abs((double) got[idx] - want[idx]);
      if (!(err <= tol)) {
        fail(String.format("%s: C[%d][%d] = %s, spec %s, |diff| %.3g > tol %.3g",
            p, i, j, got[idx], want[idx], err, tol));
      }
    }
  }

  /** A random problem with offsets and leading dimensions larger than the columns. */
  private static final class Problem {
    final boolean ta;
    final boolean tb;
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float beta;
    final float[] a;
    final float[] b;
    final float[] c;
    final int aOff;
    final int bOff;
    final int cOff;
    final int lda;
    final int ldb;
    final int ldc;

    Problem(
        SplittableRandom rnd,
        boolean ta,
        boolean tb,
        int m,
        int n,
        int k,
        float beta,
        boolean tight) {
      this.ta = ta;
      this.tb = tb;
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = rnd.nextBoolean() ? -1.25f : 0.7f;
      this.beta = beta;
      int aRows = ta ? k : m;
      int aCols = ta ? m : k;
      int bRows = tb ? n : k;
      int bCols = tb ? k : n;
      lda = Math.max(1, aCols) + (tight ? 0 : rnd.nextInt(4));
      ldb = Math.max(1, bCols) + (tight ? 0 : rnd.nextInt(4));
      ldc = n + (tight ? 0 : rnd.nextInt(4));
      aOff = rnd.nextInt(5);
      bOff = rnd.nextInt(5);
      cOff = rnd.nextInt(5);
      a = random(rnd, aOff + aRows * lda + rnd.nextInt(3));
      b = random(rnd, bOff + bRows * ldb + rnd.nextInt(3));
      c = random(rnd, cOff + m * ldc + rnd.nextInt(3));
    }

    private static float[] random(SplittableRandom rnd, int len) {
      float[] x = new float[len];
      for (int i = 0; i < len; i++) {
        x[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      return x;
    }

    void run(GemmKernel g, float[] out) {
      g.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
    }

    /** {@code Σ_p |op(A)[i][p]·op(B)[p][j]|}. */
    double absDot(int i, int j) {
      double s = 0;
      for (int p = 0; p < k; p++) {
        float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        s += Math.abs((double) av * bv);
      }
      return s;
    }

    @Override
    public String toString() {
      return String.format("m=%d n=%d k=%d tA=%b tB=%b alpha=%s beta=%s lda=%d ldb=%d ldc=%d"
          + " offsets=%d/%d/%d", m, n, k, ta, tb, alpha, beta, lda, ldb, ldc, aOff, bOff, cOff);
    }
  }
}
