package io.langevin.projection;

/**
 * The spec of {@link DenseRowsKernel}: plain loops. {@code project} sums each row's dot product in
 * double and rounds it once to float before adding {@code θ_0} (in float); {@code accumulate} does
 * {@code acc[j] += g·z} in float, row by row. {@link SimdDenseRows} is compared with it by {@code
 * SimdDenseRowsTest}.
 */
final class ScalarDenseRows implements DenseRowsKernel {

  @Override
  public void project(
      float[] z, int zOff, int rows, int d, float[] u, float[] theta0, float[] out, int outOff) {
    for (int r = 0; r < rows; r++) {
      int row = zOff + r * d;
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += (double) z[row + j] * u[j];
      }
      float base = theta0 == null ? 0f : theta0[outOff + r];
      out[outOff + r] = base + (float) s;
    }
  }

  @Override
  public void accumulate(float[] z, int zOff, int rows, int d, float[] g, int gOff, float[] acc) {
    for (int r = 0; r < rows; r++) {
      int row = zOff + r * d;
      float gr = g[gOff + r];
      for (int j = 0; j < d; j++) {
        acc[j] += gr * z[row + j];
      }
    }
  }
}
