package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Column norms, measured on materialised columns {@code P·e_j} (θ_0 = 0), norms in double:
 *
 * <ul>
 *   <li>dense and sparse normalise every column exactly: each norm is 1 within {@code 1e-5} (the
 *       scale is a float, and each entry one more float rounding: a few {@code 2^-24});
 *   <li>Fastfood normalises in expectation: the mean norm over the sampled columns is within 2 % of
 *       1 (each column's squared norm is a sum over D of the L rows; its relative spread is about
 *       {@code sqrt(2/D)·sqrt(1 − D/L)}, 2 % at D = 1000, so the mean of 64 columns is well inside
 *       2 %), and when D = L every column is exactly unit-norm (within 1e-5).
 * </ul>
 *
 * Sizes: D = 1000 and 4099 with d = 64 (all columns), and the 784-200-200-10 MLP (D = 199,210, d =
 * 750) with 16 sampled columns for sparse (global and per layer) and Fastfood (the dense matrix of
 * that size is regenerated per call and is left to the smaller sizes).
 */
class ProjectionColumnNormTest {

  private static final int MLP_D = 199_210;
  private static final int[] MLP_LAYERS = {784 * 200, 200, 200 * 200, 200, 200 * 10, 10};

  @Test
  void denseAndSparseColumnsHaveUnitNorm() {
    for (String kind : new String[] {"dense", "sparse"}) {
      for (int bigD : new int[] {1, 7, 1000, 4099}) {
        Projection p = TestVectors.make(kind, bigD, 64, 3 + bigD);
        float[][] cols = TestVectors.columns(p);
        for (int j = 0; j < cols.length; j++) {
          assertEquals(1.0, TestVectors.norm(cols[j]), 1e-5, p + " column " + j);
        }
      }
    }
  }

  @Test
  void fastfoodColumnsHaveUnitNormInExpectation() {
    for (int bigD : new int[] {1000, 4099}) {
      Projection p = TestVectors.make("fastfood", bigD, 64, 9 + bigD);
      float[][] cols = TestVectors.columns(p);
      double mean = 0;
      for (float[] c : cols) {
        mean += TestVectors.norm(c) / cols.length;
      }
      assertEquals(1.0, mean, 0.02, p + " mean column norm");
    }
  }

  @Test
  void fastfoodColumnsAreExactlyUnitWhenDIsAPowerOfTwo() {
    for (int bigD : new int[] {1, 2, 64, 1024}) {
      Projection p = TestVectors.make("fastfood", bigD, Math.min(bigD, 17), 21);
      float[][] cols = TestVectors.columns(p);
      for (int j = 0; j < cols.length; j++) {
        assertEquals(1.0, TestVectors.norm(cols[j]), 1e-5, p + " column " + j);
      }
    }
  }

  @Test
  void mlpSizedSparseAndFastfoodColumns() {
    int[] js = new int[16];
    for (int c = 0; c < js.length; c++) {
      js[c] = c * 47;
    }
    Projection[] ps = {
      new SparseProjection(MLP_D, 750, 1),
      SparseProjection.perLayer(MLP_LAYERS, 750, 1),
      new FastfoodProjection(MLP_D, 750, 1)
    };
    for (Projection p : ps) {
      float[][] cols = TestVectors.columns(p, js);
      double mean = 0;
      for (float[] c : cols) {
        double n = TestVectors.norm(c);
        assertTrue(n > 0.9 && n < 1.1, p + " column norm " + n);
        mean += n / cols.length;
      }
      double tol = p instanceof FastfoodProjection ? 0.02 : 1e-5;
      assertEquals(1.0, mean, tol, p + " mean column norm");
    }
  }
}
