package io.langevin.projection;

import io.langevin.kernels.cpu.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link DenseRowsKernel} on {@link Species#F}:
 *
 * <ul>
 *   <li>{@code project}: per row four float vector accumulators over {@code 4·lanes} columns at a
 *       time, then single vectors, combined as {@code (a0+a1)+(a2+a3)}; the lanes are summed
 *       pairwise in float by a fixed tree of lane swaps ({@code i ↦ i^h}, h = lanes/2 … 1), the
 *       scalar tail is added in double and the sum rounded once, then added to {@code θ_0} in
 *       float. The tree is explicit code, not {@code reduceLanes} (whose order is unspecified and
 *       may change when C2 compiles), so a row's value never depends on the JIT state. Error
 *       against the spec: at most about {@code (d/lanes + 3 + log₂ lanes)·2^-24·Σ_j|z_j·u_j|} plus
 *       one rounding of the result.
 *   <li>{@code accumulate}: <b>bit-identical</b> to the spec: four rows at a time with the
 *       accumulator kept in a register, {@code acc = ((((acc + g0·z0) + g1·z1) + g2·z2) + g3·z3)},
 *       product then sum (no FMA), exactly the spec's per-element order.
 * </ul>
 *
 * Tested against {@link ScalarDenseRows} by {@code SimdDenseRowsTest}.
 */
final class SimdDenseRows implements DenseRowsKernel {
  private static final VectorSpecies<Float> S = Species.F;
  private static final int L = S.length();

  /** Lane swaps {@code i ↦ i ^ h} for h = L/2, L/4, …, 1: a fixed-order pairwise lane sum. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final VectorShuffle<Float>[] HALVES =
      new VectorShuffle[Integer.numberOfTrailingZeros(L)];

  static {
    for (int s = 0, h = L / 2; h >= 1; s++, h /= 2) {
      int hh = h;
      HALVES[s] = VectorShuffle.fromOp(S, i -> i ^ hh);
    }
  }

  @Override
  public void project(
      float[] z, int zOff, int rows, int d, float[] u, float[] theta0, float[] out, int outOff) {
    int bound4 = d - d % (4 * L);
    int bound1 = S.loopBound(d);
    for (int r = 0; r < rows; r++) {
      int row = zOff + r * d;
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = FloatVector.zero(S);
      FloatVector a2 = FloatVector.zero(S);
      FloatVector a3 = FloatVector.zero(S);
      int j = 0;
      for (; j < bound4; j += 4 * L) {
        a0 = FloatVector.fromArray(S, z, row + j).fma(FloatVector.fromArray(S, u, j), a0);
        a1 = FloatVector.fromArray(S, z, row + j + L).fma(FloatVector.fromArray(S, u, j + L), a1);
        a2 =
            FloatVector.fromArray(S, z, row + j + 2 * L)
                .fma(FloatVector.fromArray(S, u, j + 2 * L), a2);
        a3 =
            FloatVector.fromArray(S, z, row + j + 3 * L)
                .fma(FloatVector.fromArray(S, u, j + 3 * L), a3);
      }
      for (; j < bound1; j += L) {
        a0 = FloatVector.fromArray(S, z, row + j).fma(FloatVector.fromArray(S, u, j), a0);
      }
      FloatVector a = a0.add(a1).add(a2.add(a3));
      for (VectorShuffle<Float> swap : HALVES) {
        a = a.add(a.rearrange(swap));
      }
      double s = a.lane(0);
      for (; j < d; j++) {
        s += (double) z[row + j] * u[j];
      }
      float base = theta0 == null ? 0f : theta0[outOff + r];
      out[outOff + r] = base + (float) s;
    }
  }

  @Override
  public void accumulate(float[] z, int zOff, int rows, int d, float[] g, int gOff, float[] acc) {
    int bound = S.loopBound(d);
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int row0 = zOff + r * d;
      int row1 = row0 + d;
      int row2 = row1 + d;
      int row3 = row2 + d;
      float g0 = g[gOff + r];
      float g1 = g[gOff + r + 1];
      float g2 = g[gOff + r + 2];
      float g3 = g[gOff + r + 3];
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector a = FloatVector.fromArray(S, acc, j);
        a = a.add(FloatVector.fromArray(S, z, row0 + j).mul(g0));
        a = a.add(FloatVector.fromArray(S, z, row1 + j).mul(g1));
        a = a.add(FloatVector.fromArray(S, z, row2 + j).mul(g2));
        a = a.add(FloatVector.fromArray(S, z, row3 + j).mul(g3));
        a.intoArray(acc, j);
      }
      for (; j < d; j++) {
        float a = acc[j];
        a += g0 * z[row0 + j];
        a += g1 * z[row1 + j];
        a += g2 * z[row2 + j];
        a += g3 * z[row3 + j];
        acc[j] = a;
      }
    }
    for (; r < rows; r++) {
      int row = zOff + r * d;
      float gr = g[gOff + r];
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector a = FloatVector.fromArray(S, acc, j);
        a.add(FloatVector.fromArray(S, z, row + j).mul(gr)).intoArray(acc, j);
      }
      for (; j < d; j++) {
        acc[j] += gr * z[row + j];
      }
    }
  }
}
