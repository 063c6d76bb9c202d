package io.langevin.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The GEMM spec itself, on tiny cases computed by hand (all four transposes, alpha, beta, offsets,
 * leading dimensions, beta = 0 ignoring NaN in C) and its argument validation. Small integers keep
 * every result exact in float.
 */
class ScalarGemmTest {
  private final ScalarGemm gemm = new ScalarGemm();

  // A = [1 2 3; 4 5 6] (2×3), B = [7 8; 9 10; 11 12] (3×2), A·B = [58 64; 139 154].
  private static final float[] A = {1, 2, 3, 4, 5, 6};
  private static final float[] AT = {1, 4, 2, 5, 3, 6}; // Aᵀ stored 3×2
  private static final float[] B = {7, 8, 9, 10, 11, 12};
  private static final float[] BT = {7, 9, 11, 8, 10, 12}; // Bᵀ stored 2×3
  private static final float[] AB = {58, 64, 139, 154};

  @Test
  void plainProductAllTransposes() {
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 2) != 0;
      boolean tb = (t & 1) != 0;
      float[] c = new float[4];
      gemm.sgemm(ta, tb, 2, 2, 3, 1f, ta ? AT : A, 0, ta ? 2 : 3, tb ? BT : B, 0, tb ? 3 : 2, 0f,
          c, 0, 2);
      assertArrayEquals(AB, c, "tA=" + ta + " tB=" + tb);
    }
  }

  @Test
  void alphaAndBeta() {
    float[] c = {1, 2, 3, 4};
    gemm.sgemm(false, false, 2, 2, 3, 2f, A, 0, 3, B, 0, 2, 0.5f, c, 0, 2);
    // 2·AB + 0.5·C
    assertArrayEquals(new float[] {116.5f, 129f, 279.5f, 310f}, c);
  }

  @Test
  void betaZeroIgnoresNanInC() {
    float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    gemm.sgemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(AB, c);
  }

  @Test
  void offsetsAndLeadingDimensions() {
    // A at offset 2 with lda 4 (one padding column), B at offset 1 with ldb 3, C at offset 3
    // with ldc 5: padding must stay untouched.
    float[] a = {-9, -9, 1, 2, 3, -9, 4, 5, 6};
    float[] b = {-9, 7, 8, -9, 9, 10, -9, 11, 12};
    float[] c = new float[3 + 5 + 2 + 1];
    java.util.Arrays.fill(c, -1f);
    gemm.sgemm(false, false, 2, 2, 3, 1f, a, 2, 4, b, 1, 3, 0f, c, 3, 5);
    assertArrayEquals(new float[] {-1, -1, -1, 58, 64, -1, -1, -1, 139, 154, -1}, c);
  }

  @Test
  void rowTimesColumnAndOuterProduct() {
    float[] row = {1, 2, 3};
    float[] col = {4, 5, 6};
    float[] dot = {10};
    gemm.sgemm(false, false, 1, 1, 3, 1f, row, 0, 3, col, 0, 1, 1f, dot, 0, 1);
    assertEquals(10 + 32, dot[0]);
    float[] outer = new float[9];
    gemm.sgemm(true, false, 3, 3, 1, -1f, row, 0, 3, col, 0, 3, 0f, outer, 0, 3);
    assertArrayEquals(new float[] {-4, -5, -6, -8, -10, -12, -12, -15, -18}, outer);
  }

  @Test
  void zeroDepthScalesC() {
    float[] c = {2, 4};
    gemm.sgemm(false, false, 1, 2, 0, 3f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
    assertArrayEquals(new float[] {1, 2}, c);
  }

  @Test
  void rejectsBadArgumentsWithTheNumbers() {
    float[] c = new float[4];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gemm.sgemm(false, false, 2, 2, -3, 1f, A, 0, 3, B, 0, 2, 0f, c, 0, 2));
    assertTrue(e.getMessage().contains("k=-3"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gemm.sgemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 0, 1, 0f, c, 0, 2));
    assertTrue(e.getMessage().contains("ldB=1 < columns 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gemm.sgemm(true, false, 2, 2, 3, 1f, A, 1, 2, B, 0, 2, 0f, c, 0, 2));
    assertTrue(
        e.getMessage().contains("A (3x2, ld=2, offset=1) needs 7 floats but the array holds 6"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gemm.sgemm(false, false, 2, 2, 3, 1f, A, -1, 3, B, 0, 2, 0f, c, 0, 2));
    assertTrue(e.getMessage().contains("offset=-1"), e.getMessage());
  }
}
