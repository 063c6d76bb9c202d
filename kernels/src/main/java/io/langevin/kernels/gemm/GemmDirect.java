package io.langevin.kernels.gemm;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unpacked GEMM paths for problems where packing would cost more than it saves: small problems and
 * shapes with one tiny dimension (an output layer with 10 classes, a mini-batch of a few rows,
 * matrix-vector products). All compute {@code C = alpha·op(A)·op(B) + beta·C} like {@link
 * ScalarGemm} (within float rounding of a k-term sum; C is not read when beta is 0) and write C
 * once.
 *
 * <ul>
 *   <li>{@link #dot}: {@code A·Bᵀ} with both operands row-major along k, as 4×4 blocks of dot
 *       products with vectors along k (8 vector loads for 16 FMAs per step), the 16 lane sums
 *       folded by a fixed permute tree. Reads A ⌈n/4⌉ times and B ⌈m/4⌉ times (from cache).
 *   <li>{@link #rows}: any op(A), op(B) row-major along n (a transposed B is first copied into a
 *       k×n scratch array): 4 rows × 2 vectors of C per register block, A broadcast in place.
 *   <li>{@link #gemv}: matrix times contiguous vector, 4 rows at a time with vectors along k (a
 *       product with one row or one column of C; memory-bound, A read once).
 * </ul>
 *
 * <p>Tested through {@code SimdGemmTest} against ScalarGemm.
 */
final class GemmDirect {
  private static final VectorSpecies<Float> F = Species.F;
  private static final int L = F.length();
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  /** Rows per parallel chunk (a multiple of the 4-row register block). */
  static final int ROW_GRAIN = 32;

  /*
   * Lane sums never use reduceLanes(ADD): its float summation order differs between the
   * interpreter, C1 and C2, so the same call could give different bits on different threads. The
   * 4×4 dot block folds its 16 accumulators with a fixed tree of two-vector permutes (combine);
   * gemv sums lanes in lane order.
   */

  /**
   * Where the fold of {@link #dotBlock} leaves the sum of accumulator q (= 4·row + col): the fold
   * rotates the 4-bit accumulator index left by (4 − log2 L) mod 4.
   */
  private static final int[] FOLDED = folded();

  private static int[] folded() {
    int r = (4 - Integer.numberOfTrailingZeros(L) % 4) % 4;
    int[] pos = new int[16];
    for (int f = 0; f < 16; f++) {
      int q = ((f << r) | (f >>> (4 - r))) & 15;
      pos[q] = f;
    }
    return pos;
  }

  /**
   * {@code lo(u,v) + hi(u,v)}: even lanes hold the pair sums of u's lanes i and i + L/2, odd
   * lanes those of v.
   */
  private static FloatVector combine(FloatVector u, FloatVector v) {
    return GemmTranspose.lo(u, v).add(GemmTranspose.hi(u, v));
  }

  /** The sum of the lanes of v in lane order. */
  private static float laneOrder(FloatVector v, float[] tmp) {
    v.intoArray(tmp, 0);
    float s = 0f;
    for (int i = 0; i < L; i++) {
      s += tmp[i];
    }
    return s;
  }

  private GemmDirect() {}

  /**
   * {@code C = alpha·A·Bᵀ + beta·C} with A (m×k) and B (n×k) row-major, for rows {@code [iFrom,
   * m)}.
   */
  static void dot(
      int iFrom,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    int kVec = k / L * L;
    float[] d = new float[16 * Math.max(1, L / 16)];
    for (int i0 = iFrom; i0 < m; i0 += 4) {
      // Rows and columns past the edge repeat the last one; their results are not stored.
      int[] ar = {i0, Math.min(i0 + 1, m - 1), Math.min(i0 + 2, m - 1), Math.min(i0 + 3, m - 1)};
      int rows = Math.min(4, m - i0);
      for (int j0 = 0; j0 < n; j0 += 4) {
        int b0 = bOff + j0 * ldb;
        int b1 = bOff + Math.min(j0 + 1, n - 1) * ldb;
        int b2 = bOff + Math.min(j0 + 2, n - 1) * ldb;
        int b3 = bOff + Math.min(j0 + 3, n - 1) * ldb;
        int cols = Math.min(4, n - j0);
        int a0 = aOff + ar[0] * lda;
        int a1 = aOff + ar[1] * lda;
        int a2 = aOff + ar[2] * lda;
        int a3 = aOff + ar[3] * lda;
        dotBlock(kVec, a, a0, a1, a2, a3, b, b0, b1, b2, b3, d);
        for (int r = 0; r < rows; r++) {
          int ai = aOff + ar[r] * lda;
          float d0 = d[FOLDED[4 * r]];
          float d1 = d[FOLDED[4 * r + 1]];
          float d2 = d[FOLDED[4 * r + 2]];
          float d3 = d[FOLDED[4 * r + 3]];
          for (int p = kVec; p < k; p++) {
            float x = a[ai + p];
            d0 = Math.fma(x, b[b0 + p], d0);
            d1 = Math.fma(x, b[b1 + p], d1);
            d2 = Math.fma(x, b[b2 + p], d2);
            d3 = Math.fma(x, b[b3 + p], d3);
          }
          int ci = cOff + (i0 + r) * ldc + j0;
          put(c, ci, alpha, d0, beta);
          if (cols > 1) {
            put(c, ci + 1, alpha, d1, beta);
          }
          if (cols > 2) {
            put(c, ci + 2, alpha, d2, beta);
          }
          if (cols > 3) {
            put(c, ci + 3, alpha, d3, beta);
          }
        }
      }
    }
  }

  /**
   * The 16 vector-part dot products of rows a0..a3 of A with rows b0..b3 of B over {@code [0,
   * kVec)} into {@code d[4·r + c]}. Only arrays and ints cross this call, so it is fast whether or
   * not C2 inlines it.
   */
  private static void dotBlock(
      int kVec,
      float[] a,
      int a0,
      int a1,
      int a2,
      int a3,
      float[] b,
      int b0,
      int b1,
      int b2,
      int b3,
      float[] d) {
    FloatVector s00 = FloatVector.zero(F);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s03 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s13 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s22 = s00;
    FloatVector s23 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    FloatVector s32 = s00;
    FloatVector s33 = s00;
    for (int p = 0; p < kVec; p += L) {
      FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
      FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
      FloatVector x2 = FloatVector.fromArray(F, a, a2 + p);
      FloatVector x3 = FloatVector.fromArray(F, a, a3 + p);
      FloatVector y = FloatVector.fromArray(F, b, b0 + p);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      s20 = x2.fma(y, s20);
      s30 = x3.fma(y, s30);
      y = FloatVector.fromArray(F, b, b1 + p);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      s21 = x2.fma(y, s21);
      s31 = x3.fma(y, s31);
      y = FloatVector.fromArray(F, b, b2 + p);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      s22 = x2.fma(y, s22);
      s32 = x3.fma(y, s32);
      y = FloatVector.fromArray(F, b, b3 + p);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
      s23 = x2.fma(y, s23);
      s33 = x3.fma(y, s33);
    }
    if (L > 16) {
      // Wider than the fold below: lane-order sums.
      FloatVector[] all = {
        s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33
      };
      float[] tmp = new float[L];
      for (int q = 0; q < 16; q++) {
        d[FOLDED[q]] = laneOrder(all[q], tmp);
      }
      return;
    }
    // Fold the 16 accumulators (index 4·row + col) pairwise, q with q + 8, then 4, 2, 1 apart:
    // after log2 L rounds every lane holds one complete sum (positions in FOLDED).
    FloatVector t0 = combine(s00, s20);
    FloatVector t1 = combine(s01, s21);
    FloatVector t2 = combine(s02, s22);
    FloatVector t3 = combine(s03, s23);
    FloatVector t4 = combine(s10, s30);
    FloatVector t5 = combine(s11, s31);
    FloatVector t6 = combine(s12, s32);
    FloatVector t7 = combine(s13, s33);
    FloatVector u0 = combine(t0, t4);
    FloatVector u1 = combine(t1, t5);
    FloatVector u2 = combine(t2, t6);
    FloatVector u3 = combine(t3, t7);
    if (L == 4) {
      u0.intoArray(d, 0);
      u1.intoArray(d, 4);
      u2.intoArray(d, 8);
      u3.intoArray(d, 12);
      return;
    }
    FloatVector w0 = combine(u0, u2);
    FloatVector w1 = combine(u1, u3);
    if (L == 8) {
      w0.intoArray(d, 0);
      w1.intoArray(d, 8);
      return;
    }
    combine(w0, w1).intoArray(d, 0);
  }

  /**
   * Matrix-vector rows {@code [iFrom, m)}: {@code y[yOff + i·incy] = alpha·Σ_p a[aOff + i·lda + p]
   * ·x[xOff + p] + beta·y[…]} (y not read when beta is 0). Four rows at a time, vectors along p;
   * A is streamed once.
   */
  static void gemv(
      int iFrom,
      int m,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] x,
      int xOff,
      float beta,
      float[] y,
      int yOff,
      int incy) {
    int kVec = k / L * L;
    float[] tmp = new float[L];
    int i = iFrom;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * lda;
      int a1 = a0 + lda;
      int a2 = a1 + lda;
      int a3 = a2 + lda;
      FloatVector s0 = FloatVector.zero(F);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      for (int p = 0; p < kVec; p += L) {
        FloatVector v = FloatVector.fromArray(F, x, xOff + p);
        s0 = FloatVector.fromArray(F, a, a0 + p).fma(v, s0);
        s1 = FloatVector.fromArray(F, a, a1 + p).fma(v, s1);
        s2 = FloatVector.fromArray(F, a, a2 + p).fma(v, s2);
        s3 = FloatVector.fromArray(F, a, a3 + p).fma(v, s3);
      }
      float d0 = laneOrder(s0, tmp);
      float d1 = laneOrder(s1, tmp);
      float d2 = laneOrder(s2, tmp);
      float d3 = laneOrder(s3, tmp);
      for (int p = kVec; p < k; p++) {
        float v = x[xOff + p];
        d0 = Math.fma(a[a0 + p], v, d0);
        d1 = Math.fma(a[a1 + p], v, d1);
        d2 = Math.fma(a[a2 + p], v, d2);
        d3 = Math.fma(a[a3 + p], v, d3);
      }
      int yi = yOff + i * incy;
      put(y, yi, alpha, d0, beta);
      put(y, yi + incy, alpha, d1, beta);
      put(y, yi + 2 * incy, alpha, d2, beta);
      put(y, yi + 3 * incy, alpha, d3, beta);
    }
    for (; i < m; i++) {
      int a0 = aOff + i * lda;
      FloatVector s0 = FloatVector.zero(F);
      for (int p = 0; p < kVec; p += L) {
        s0 = FloatVector.fromArray(F, a, a0 + p).fma(FloatVector.fromArray(F, x, xOff + p), s0);
      }
      float d0 = laneOrder(s0, tmp);
      for (int p = kVec; p < k; p++) {
        d0 = Math.fma(a[a0 + p], x[xOff + p], d0);
      }
      put(y, yOff + i * incy, alpha, d0, beta);
    }
  }

  private static void put(float[] c, int i, float alpha, float dot, float beta) {
    c[i] = beta == 0f ? alpha * dot : Math.fma(beta, c[i], alpha * dot);
  }

  /**
   * {@code C = alpha·op(A)·op(B) + beta·C} with C computed 4 rows × 2 vectors at a time from op(B)
   * rows (read in place when B is row-major, else from a transposed scratch copy).
   */
  static void rows(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      boolean parallel) {
    float[] bm = b;
    int bo = bOff;
    int lb = ldb;
    if (transB) {
      bm = SCRATCH.get();
      if (bm.length < k * n) {
        bm = new float[k * n];
        SCRATCH.set(bm);
      }
      for (int j = 0; j < n; j++) {
        int s = bOff + j * ldb;
        for (int p = 0; p < k; p++) {
          bm[p * n + j] = b[s + p];
        }
      }
      bo = 0;
      lb = n;
    }
    if (!parallel) {
      rowRange(transA, 0, m, n, k, alpha, a, aOff, lda, bm, bo, lb, beta, c, cOff, ldc);
      return;
    }
    float[] bmf = bm;
    int bof = bo;
    int lbf = lb;
    CpuPool.forRange(
        m,
        ROW_GRAIN,
        (from, to) ->
            rowRange(transA, from, to, n, k, alpha, a, aOff, lda, bmf, bof, lbf, beta, c, cOff,
                ldc));
  }

  /** Rows {@code [iFrom, m)} of {@link #rows}, with op(B) row-major in {@code bm}. */
  private static void rowRange(
      boolean transA,
      int iFrom,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] bm,
      int bo,
      int lb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    FloatVector va = FloatVector.broadcast(F, alpha);
    FloatVector vb = FloatVector.broadcast(F, beta);
    int n2 = n / (2 * L) * (2 * L);
    int n1 = n / L * L;
    int i0 = iFrom;
    for (; i0 + 4 <= m; i0 += 4) {
      int ai = aOff + i0 * aRow;
      int ci = cOff + i0 * ldc;
      for (int j = 0; j < n2; j += 2 * L) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < k; p++) {
          int bi = bo + p * lb + j;
          FloatVector y0 = FloatVector.fromArray(F, bm, bi);
          FloatVector y1 = FloatVector.fromArray(F, bm, bi + L);
          int ap = ai + p * aCol;
          FloatVector x = FloatVector.broadcast(F, a[ap]);
          c00 = x.fma(y0, c00);
          c01 = x.fma(y1, c01);
          x = FloatVector.broadcast(F, a[ap + aRow]);
          c10 = x.fma(y0, c10);
          c11 = x.fma(y1, c11);
          x = FloatVector.broadcast(F, a[ap + 2 * aRow]);
          c20 = x.fma(y0, c20);
          c21 = x.fma(y1, c21);
          x = FloatVector.broadcast(F, a[ap + 3 * aRow]);
          c30 = x.fma(y0, c30);
          c31 = x.fma(y1, c31);
        }
        write(c00, va, beta, vb, c, ci + j);
        write(c01, va, beta, vb, c, ci + j + L);
        write(c10, va, beta, vb, c, ci + ldc + j);
        write(c11, va, beta, vb, c, ci + ldc + j + L);
        write(c20, va, beta, vb, c, ci + 2 * ldc + j);
        write(c21, va, beta, vb, c, ci + 2 * ldc + j + L);
        write(c30, va, beta, vb, c, ci + 3 * ldc + j);
        write(c31, va, beta, vb, c, ci + 3 * ldc + j + L);
      }
    }
    // Remaining rows: one row × one vector at a time.
    for (int i = iFrom; i < m; i++) {
      int ai = aOff + i * aRow;
      int ci = cOff + i * ldc;
      for (int j = i < i0 ? n2 : 0; j < n1; j += L) {
        FloatVector acc = FloatVector.zero(F);
        for (int p = 0; p < k; p++) {
          FloatVector y = FloatVector.fromArray(F, bm, bo + p * lb + j);
          acc = FloatVector.broadcast(F, a[ai + p * aCol]).fma(y, acc);
        }
        write(acc, va, beta, vb, c, ci + j);
      }
      for (int j = n1; j < n; j++) {
        float dot = 0f;
        for (int p = 0; p < k; p++) {
          dot = Math.fma(a[ai + p * aCol], bm[bo + p * lb + j], dot);
        }
        put(c, ci + j, alpha, dot, beta);
      }
    }
  }

  private static void write(
      FloatVector acc, FloatVector va, float beta, FloatVector vb, float[] c, int i) {
    FloatVector r = acc.mul(va);
    if (beta != 0f) {
      r = FloatVector.fromArray(F, c, i).fma(vb, r);
    }
    r.intoArray(c, i);
  }
}
