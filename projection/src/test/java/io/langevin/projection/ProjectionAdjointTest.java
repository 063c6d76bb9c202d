package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.random.Noise;
import org.junit.jupiter.api.Test;

/**
 * {@code ⟨P·x, y⟩ = ⟨x, Pᵀ·y⟩} for every kind on ragged D ∈ {1, 7, 1000, 4099}, d ∈ {1, 3, 64}, and
 * D = 40,000, d = 3 (split into several chunks by every kind), random x, y in [-1, 1). Both sides
 * are float results summed in double. Tolerances:
 *
 * <ul>
 *   <li>dense, sparse: {@code 2·(D + d + 4)·u·A}, u = 2^-24, {@code A = Σ_i Σ_j |y_i|·|P_ij|·|x_j|}
 *       (P materialised column by column): the standard bound {@code γ_n ≈ n·u} of a float sum of n
 *       terms, where the apply sums at most d terms per row and the transpose at most D per column
 *       (plus the scale products), both directions together.
 *   <li>Fastfood: normwise, {@code 2·(2·log₂L + 4)·u·c·L·max|G|·‖x‖·‖y‖}: each of the 2·log₂L
 *       butterfly stages adds at most {@code u} relative error in the 2-norm, and {@code
 *       c·L·max|G|} bounds {@code ‖P‖₂} through the full L×L product; both directions.
 * </ul>
 *
 * Also: the matrix seen by {@code apply} (columns {@code P·e_j}) is the transpose of the matrix
 * seen by {@code applyTranspose} (rows {@code Pᵀ·e_i}) — exactly for dense and sparse (each element
 * is the same single rounded product in both directions), within the Fastfood bound above per
 * element; and {@code θ_0} is added in float ({@code out = θ_0 + P·x} bit for bit).
 */
class ProjectionAdjointTest {

  private static final int[] SMALL_DS = {1, 3, 64};

  @Test
  void adjointIdentityHoldsForEveryKindOnRaggedSizes() {
    for (String kind : Projections.KINDS) {
      for (int bigD : new int[] {1, 7, 1000, 4099, 40_000}) {
        for (int d : bigD == 40_000 ? new int[] {3} : SMALL_DS) {
          Projection p = TestVectors.make(kind, bigD, d, 1000L * bigD + d);
          float[] x = TestVectors.random(11 + d, d);
          float[] y = TestVectors.random(17 + bigD, bigD);
          float[] px = new float[bigD];
          float[] pty = new float[d];
          p.apply(x, null, px);
          p.applyTranspose(y, pty);
          double lhs = TestVectors.dot(px, y);
          double rhs = TestVectors.dot(x, pty);
          double tol = tolerance(kind, p, x, y);
          if (!(Math.abs(lhs - rhs) <= tol)) {
            fail(p + ": <Px,y>=" + lhs + " <x,P^T y>=" + rhs + " tolerance " + tol);
          }
          assertTrue(Math.abs(lhs) > 0 || bigD == 1, p + ": <Px,y> is zero");
        }
      }
    }
  }

  @Test
  void theta0IsAddedInFloat() {
    for (String kind : Projections.KINDS) {
      Projection p = TestVectors.make(kind, 1000, 64, 5);
      float[] x = TestVectors.random(1, 64);
      float[] t0 = TestVectors.random(2, 1000);
      float[] px = new float[1000];
      float[] out = new float[1000];
      p.apply(x, null, px);
      p.apply(x, t0, out);
      for (int i = 0; i < 1000; i++) {
        assertEquals(t0[i] + px[i], out[i], 0f, kind + " i=" + i);
      }
      float[] same = t0.clone();
      p.apply(x, same, same);
      for (int i = 0; i < 1000; i++) {
        assertEquals(out[i], same[i], 0f, kind + " aliased theta0/out, i=" + i);
      }
    }
  }

  @Test
  void applyAndTransposeSeeTransposedMatrices() {
    int[][] sizes = {{1, 1}, {7, 3}, {1000, 3}, {300, 64}};
    for (String kind : Projections.KINDS) {
      for (int[] s : sizes) {
        Projection p = TestVectors.make(kind, s[0], s[1], 77 + s[0]);
        float[][] cols = TestVectors.columns(p);
        float[][] rows = TestVectors.transposeRows(p);
        double tol = kind.equals("fastfood") ? fastfoodNormBound((FastfoodProjection) p) : 0.0;
        for (int i = 0; i < s[0]; i++) {
          for (int j = 0; j < s[1]; j++) {
            double diff = Math.abs((double) cols[j][i] - rows[i][j]);
            if (!(diff <= tol)) {
              fail(
                  p + ": P[" + i + "][" + j + "] apply " + cols[j][i] + " transpose " + rows[i][j]);
            }
          }
        }
      }
    }
  }

  private static double tolerance(String kind, Projection p, float[] x, float[] y) {
    if (kind.equals("fastfood")) {
      return fastfoodNormBound((FastfoodProjection) p) * TestVectors.norm(x) * TestVectors.norm(y);
    }
    float[][] cols = TestVectors.columns(p);
    double a = 0;
    for (int j = 0; j < x.length; j++) {
      for (int i = 0; i < y.length; i++) {
        a += Math.abs((double) y[i] * cols[j][i] * x[j]);
      }
    }
    return 2.0 * (p.targetDim() + p.sourceDim() + 4) * TestVectors.U * a;
  }

  /** {@code 2·(2·log₂L + 4)·u·c·L·max|G|}: a bound on the rounding of one call, per unit norms. */
  static double fastfoodNormBound(FastfoodProjection p) {
    int n = p.blockLength();
    float[] g = new float[n];
    Noise.gaussian(p.seed(), 0, FastfoodProjection.STREAM_G, 0, g, 0, n);
    double maxG = 0;
    for (float v : g) {
      maxG = Math.max(maxG, Math.abs(v));
    }
    int log2 = Integer.numberOfTrailingZeros(n);
    return 2.0 * (2 * log2 + 4) * TestVectors.U * p.scale() * n * maxG;
  }
}
