package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * {@link SimdDenseRows} against the spec {@link ScalarDenseRows} on ragged row lengths d = 1, 7,
 * 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1021 (around 16 lanes and the 64-float four-accumulator
 * step) and row counts 1, 3, 4, 5, 9 (around the four-row block), at an offset into z:
 *
 * <ul>
 *   <li>{@code accumulate}: <b>bit-identical</b> (same per-element order, product then sum).
 *   <li>{@code project}: float accumulators against the spec's double sum, within {@code (d +
 *       4)·2^-24·Σ_j|z_j·u_j| + 2^-24·|result|} per row: each float accumulator adds at most one
 *       rounding per term it holds, the fixed lane tree log₂(lanes) more, the final conversion one;
 *       {@code d + 4} covers every width from 4 lanes up.
 * </ul>
 */
class SimdDenseRowsTest {

  private static final int[] DS = {1, 7, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1021};
  private static final int[] ROWS = {1, 3, 4, 5, 9};

  private final DenseRowsKernel simd = new SimdDenseRows();
  private final DenseRowsKernel spec = new ScalarDenseRows();

  @Test
  void accumulateIsBitIdentical() {
    for (int d : DS) {
      for (int rows : ROWS) {
        float[] z = TestVectors.random(d * 31L + rows, 5 + rows * d);
        float[] g = TestVectors.random(d + 7L * rows, rows + 2);
        float[] a = TestVectors.random(3, d);
        float[] b = a.clone();
        spec.accumulate(z, 5, rows, d, g, 2, a);
        simd.accumulate(z, 5, rows, d, g, 2, b);
        for (int j = 0; j < d; j++) {
          if (Float.floatToRawIntBits(a[j]) != Float.floatToRawIntBits(b[j])) {
            fail("accumulate d=" + d + " rows=" + rows + " j=" + j + ": " + a[j] + " vs " + b[j]);
          }
        }
      }
    }
  }

  @Test
  void projectIsWithinTheFloatAccumulationBound() {
    for (int d : DS) {
      for (int rows : ROWS) {
        float[] z = TestVectors.random(d * 17L + rows, 3 + rows * d);
        float[] u = TestVectors.random(d + 11L, d);
        float[] t0 = TestVectors.random(rows, rows + 1);
        for (float[] theta0 : new float[][] {t0, null}) {
          float[] a = new float[rows + 1];
          float[] b = new float[rows + 1];
          spec.project(z, 3, rows, d, u, theta0, a, 1);
          simd.project(z, 3, rows, d, u, theta0, b, 1);
          for (int r = 0; r < rows; r++) {
            double abs = 0;
            for (int j = 0; j < d; j++) {
              abs += Math.abs((double) z[3 + r * d + j] * u[j]);
            }
            double tol = (d + 4) * TestVectors.U * abs + TestVectors.U * 2 * Math.abs(a[1 + r]);
            if (!(Math.abs(a[1 + r] - b[1 + r]) <= tol)) {
              fail("project d=" + d + " row " + r + ": " + a[1 + r] + " vs " + b[1 + r]);
            }
          }
        }
      }
    }
  }
}
