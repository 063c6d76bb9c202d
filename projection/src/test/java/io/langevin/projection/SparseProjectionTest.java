package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SparseProjection}'s pattern: the number of nonzeros is within 5 standard deviations of its
 * expectation {@code d·Σ_l n_l·p_l} (variance {@code d·Σ_l n_l·p_l·(1−p_l)}), for the global
 * density at the MLP size (~335k) and the authors' per-layer density (~504k); per-layer entries
 * have magnitudes in the ratio {@code n_l^(1/4)} within a column; every column of a tiny D (where
 * empty columns are likely) has at least one entry.
 */
class SparseProjectionTest {

  private static final int[] MLP_LAYERS = {784 * 200, 200, 200 * 200, 200, 200 * 10, 10};

  @Test
  void nonzeroCountsMatchTheDensity() {
    SparseProjection global = new SparseProjection(199_210, 750, 3);
    SparseProjection layered = SparseProjection.perLayer(MLP_LAYERS, 750, 3);
    assertEquals(199_210, layered.targetDim());
    assertArrayEquals(MLP_LAYERS, layered.layerSizes());
    checkCount(global, new int[] {199_210});
    checkCount(layered, MLP_LAYERS);
  }

  private static void checkCount(SparseProjection p, int[] layers) {
    double mean = 0;
    double var = 0;
    for (int n : layers) {
      double q = SparseProjection.density(n);
      mean += p.sourceDim() * n * q;
      var += p.sourceDim() * n * q * (1 - q);
    }
    assertEquals(mean, p.nonZeros(), 5 * Math.sqrt(var) + 1, p.toString());
  }

  @Test
  void perLayerMagnitudesScaleAsTheFourthRootOfTheLayerSize() {
    int[] layers = {10_000, 16};
    SparseProjection p = SparseProjection.perLayer(layers, 40, 5);
    float[][] cols = TestVectors.columns(p);
    int checked = 0;
    for (float[] c : cols) {
      double big = 0;
      double small = 0;
      for (int i = 0; i < c.length; i++) {
        if (c[i] != 0) {
          if (i < layers[0]) {
            big = Math.abs(c[i]);
          } else {
            small = Math.abs(c[i]);
          }
        }
      }
      if (big > 0 && small > 0) {
        assertEquals(Math.pow(10_000.0 / 16, 0.25), big / small, 1e-5);
        checked++;
      }
    }
    assertTrue(checked > 10, "too few columns with entries in both layers: " + checked);
  }

  @Test
  void noColumnIsEmpty() {
    for (int bigD : new int[] {1, 2, 3, 7}) {
      SparseProjection p = new SparseProjection(bigD, 500, bigD);
      float[][] cols = TestVectors.columns(p);
      for (int j = 0; j < cols.length; j++) {
        assertEquals(1.0, TestVectors.norm(cols[j]), 1e-6, p + " column " + j);
      }
    }
  }
}
