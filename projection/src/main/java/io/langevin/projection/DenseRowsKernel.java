package io.langevin.projection;

/**
 * The two row-block loops of {@link DenseProjection}, over a row-major block {@code z} of {@code
 * rows × d} floats (row {@code r} at {@code z[zOff + r·d .. zOff + (r+1)·d)}), the raw Gaussian
 * matrix Z before column scaling:
 *
 * <ul>
 *   <li>{@link #project}: {@code out[outOff + r] = base_r + Σ_j z[r][j]·u[j]} with {@code base_r =
 *       theta0[outOff + r]} (0 when {@code theta0} is null). Reads {@code 4·d} bytes per row (plus
 *       {@code u}, L1-resident), writes 4; {@code 2·d} FLOPs per row.
 *   <li>{@link #accumulate}: {@code acc[j] += g[gOff + r]·z[r][j]} for {@code r = 0, 1, …, rows-1}
 *       in that order, each term the float product then the float sum (no FMA). Reads {@code 4·d}
 *       bytes per row; {@code 2·d} FLOPs per row.
 * </ul>
 *
 * <p>Unchecked (callers are {@link DenseProjection}'s already checked, already split loops),
 * single-threaded. Implementations: {@link ScalarDenseRows} (spec: {@code project} in double,
 * rounded once), {@link SimdDenseRows} ({@code accumulate} bit-identical to the spec, {@code
 * project} with float accumulators within the bound stated there). Test: {@code SimdDenseRowsTest}.
 */
interface DenseRowsKernel {

  /** {@code out[outOff + r] = base_r + z[r]·u} for {@code r < rows}. */
  void project(
      float[] z, int zOff, int rows, int d, float[] u, float[] theta0, float[] out, int outOff);

  /** {@code acc[j] += g[gOff + r]·z[r][j]}, rows in order. */
  void accumulate(float[] z, int zOff, int rows, int d, float[] g, int gOff, float[] acc);
}
