package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.random.Noise;
import org.junit.jupiter.api.Test;

/**
 * {@link FastfoodProjection} against its matrix built explicitly in double, {@code P_ij = c·Σ_k
 * H[i][k]·G_k·H[π(k)][j]·b_j} with {@code H[a][b] = (−1)^popcount(a & b)}, B and π read from the
 * projection, G regenerated from {@link Noise} ({@link FastfoodProjection#STREAM_G}) and {@code c =
 * 1/sqrt(D·ΣG²)} recomputed: every column {@code P·e_j} and every transpose row {@code Pᵀ·e_i}
 * within the normwise rounding bound of {@link ProjectionAdjointTest#fastfoodNormBound} per
 * element. Sizes D ∈ {1, 5, 100, 128, 300}, d ∈ {1, 3, 17}, plus d > D. Also: the block length, π
 * is a permutation, and the signs are balanced.
 */
class FastfoodProjectionTest {

  @Test
  void equalsItsMaterialisedMatrix() {
    int[][] sizes = {{1, 1}, {5, 3}, {100, 17}, {128, 3}, {300, 17}, {300, 1}, {6, 9}};
    for (int[] s : sizes) {
      int bigD = s[0];
      int d = s[1];
      FastfoodProjection p = new FastfoodProjection(bigD, d, 31L * bigD + d);
      int n = p.blockLength();
      assertEquals(FastfoodProjection.blockLength(Math.max(bigD, d)), n);
      float[] g = new float[n];
      Noise.gaussian(p.seed(), 0, FastfoodProjection.STREAM_G, 0, g, 0, n);
      double sumSq = 0;
      for (float v : g) {
        sumSq += (double) v * v;
      }
      double c = 1.0 / Math.sqrt(bigD * sumSq);
      assertEquals(c, p.scale(), 1e-12 * c);
      double[][] m = new double[bigD][d];
      for (int j = 0; j < d; j++) {
        double b = p.signFlipped(j) ? -1 : 1;
        for (int i = 0; i < bigD; i++) {
          double sum = 0;
          for (int k = 0; k < n; k++) {
            sum += hadamard(i, k) * g[k] * hadamard(p.permutation(k), j);
          }
          m[i][j] = c * sum * b;
        }
      }
      double tol = ProjectionAdjointTest.fastfoodNormBound(p);
      float[][] cols = TestVectors.columns(p);
      float[][] rows = TestVectors.transposeRows(p);
      for (int i = 0; i < bigD; i++) {
        for (int j = 0; j < d; j++) {
          if (!(Math.abs(cols[j][i] - m[i][j]) <= tol)) {
            fail(p + ": apply P[" + i + "][" + j + "]=" + cols[j][i] + " expected " + m[i][j]);
          }
          if (!(Math.abs(rows[i][j] - m[i][j]) <= tol)) {
            fail(p + ": transpose P[" + i + "][" + j + "]=" + rows[i][j] + " expected " + m[i][j]);
          }
        }
      }
    }
  }

  @Test
  void blockLengthPermutationAndSigns() {
    assertEquals(1, FastfoodProjection.blockLength(1));
    assertEquals(2, FastfoodProjection.blockLength(2));
    assertEquals(8, FastfoodProjection.blockLength(7));
    assertEquals(1 << 18, FastfoodProjection.blockLength(199_210));
    assertEquals(1 << 20, FastfoodProjection.blockLength(1 << 20));
    assertEquals(1 << 21, FastfoodProjection.blockLength((1 << 20) + 1));
    FastfoodProjection p = new FastfoodProjection(4099, 64, 8);
    int n = p.blockLength();
    assertEquals(8192, n);
    boolean[] seen = new boolean[n];
    int fixed = 0;
    int flips = 0;
    for (int k = 0; k < n; k++) {
      int v = p.permutation(k);
      if (seen[v]) {
        fail("permutation repeats " + v + " at k=" + k);
      }
      seen[v] = true;
      fixed += v == k ? 1 : 0;
      flips += p.signFlipped(k) ? 1 : 0;
    }
    // A uniform permutation has Poisson(1) fixed points; signs are Binomial(8192, 1/2) (sd 45).
    assertEquals(1, fixed, 8, "fixed points");
    assertEquals(n / 2.0, flips, 5 * Math.sqrt(n) / 2, "sign flips");
  }

  private static double hadamard(int a, int b) {
    return (Integer.bitCount(a & b) & 1) == 0 ? 1.0 : -1.0;
  }
}
