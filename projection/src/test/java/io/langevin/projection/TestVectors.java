package io.langevin.projection;

import java.util.SplittableRandom;

/** Seeded random vectors and matrix materialisation shared by the projection tests. */
final class TestVectors {
  /** Unit roundoff of float32. */
  static final double U = 0x1.0p-24;

  private TestVectors() {}

  /** Uniform in [-1, 1), never all zeros. */
  static float[] random(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  /** Column j of P as {@code P·e_j} with θ_0 = 0; result [j][i] (column-major). */
  static float[][] columns(Projection p, int[] js) {
    float[][] cols = new float[js.length][];
    float[] e = new float[p.sourceDim()];
    for (int c = 0; c < js.length; c++) {
      e[js[c]] = 1f;
      cols[c] = new float[p.targetDim()];
      p.apply(e, new float[p.targetDim()], cols[c]);
      e[js[c]] = 0f;
    }
    return cols;
  }

  /** All columns of P: [j][i]. */
  static float[][] columns(Projection p) {
    int[] js = new int[p.sourceDim()];
    for (int j = 0; j < js.length; j++) {
      js[j] = j;
    }
    return columns(p, js);
  }

  /** All rows of Pᵀ as {@code Pᵀ·e_i}: [i][j]. */
  static float[][] transposeRows(Projection p) {
    float[][] rows = new float[p.targetDim()][];
    float[] e = new float[p.targetDim()];
    for (int i = 0; i < rows.length; i++) {
      e[i] = 1f;
      rows[i] = new float[p.sourceDim()];
      p.applyTranspose(e, rows[i]);
      e[i] = 0f;
    }
    return rows;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }

  static Projection make(String kind, int bigD, int d, long seed) {
    return Projections.create(kind, bigD, d, seed);
  }
}
