package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Bad input is an {@link IllegalArgumentException} whose message has the numbers (wrong lengths,
 * bad dimensions, budgets, layer sizes, unknown kinds); {@link Subspace} starts at θ_0, copies it,
 * and delegates to its projection; {@code toString} names the kind and sizes.
 */
class ProjectionErrorsTest {

  private static void assertMessage(String expectedPart, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(
        e.getMessage().contains(expectedPart),
        "message '" + e.getMessage() + "' lacks '" + expectedPart + "'");
  }

  @Test
  void wrongLengthsNameTheNumbers() {
    for (String kind : Projections.KINDS) {
      Projection p = Projections.create(kind, 100, 7, 1);
      assertMessage("has length 6, expected 7", () -> p.apply(new float[6], null, new float[100]));
      assertMessage(
          "has length 99, expected 100",
          () -> p.apply(new float[7], new float[99], new float[100]));
      assertMessage(
          "has length 101, expected 100", () -> p.apply(new float[7], null, new float[101]));
      assertMessage("is null, expected length 7", () -> p.apply(null, null, new float[100]));
      assertMessage(
          "has length 10, expected 100", () -> p.applyTranspose(new float[10], new float[7]));
      assertMessage(
          "has length 8, expected 7", () -> p.applyTranspose(new float[100], new float[8]));
    }
  }

  @Test
  void badConstructionArguments() {
    assertMessage("D=0 d=5", () -> new DenseProjection(0, 5, 1));
    assertMessage("D=5 d=-1", () -> new SparseProjection(5, -1, 1));
    assertMessage("D=0 d=0", () -> new FastfoodProjection(0, 0, 1));
    assertMessage("-1", () -> new DenseProjection(5, 5, 1, -1));
    assertMessage("layer 1 has size 0", () -> SparseProjection.perLayer(new int[] {3, 0}, 2, 1));
    assertMessage("no layer sizes", () -> SparseProjection.perLayer(new int[0], 2, 1));
    assertMessage(
        "sum to 4294967294",
        () -> SparseProjection.perLayer(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE}, 2, 1));
    assertMessage("D=2000000000 d=3", () -> new FastfoodProjection(2_000_000_000, 3, 1));
  }

  @Test
  void unknownKindListsTheValidOnes() {
    assertMessage(
        "unknown projection kind 'gaussian'; valid kinds: dense, sparse, fastfood",
        () -> Projections.create("gaussian", 10, 2, 1));
    assertMessage("valid kinds", () -> Projections.create(null, 10, 2, 1));
    assertTrue(Projections.create(" FastFood ", 10, 2, 1) instanceof FastfoodProjection);
  }

  @Test
  void toStringNamesKindAndSizes() {
    for (String kind : Projections.KINDS) {
      String s = Projections.create(kind, 100, 7, 3).toString();
      assertTrue(s.contains("D=100") && s.contains("d=7") && s.contains("seed=3"), s);
    }
    assertTrue(new DenseProjection(100, 7, 3, 0).toString().contains("regenerated"));
    assertTrue(new DenseProjection(100, 7, 3).toString().contains("stored"));
  }

  @Test
  void subspaceStartsAtTheta0AndDelegates() {
    Projection p = Projections.create("fastfood", 300, 5, 2);
    float[] theta = TestVectors.random(1, 300);
    Subspace s = new Subspace(p, theta);
    float[] original = theta.clone();
    theta[0] = 42f;
    assertEquals(5, s.dim());
    assertEquals(300, s.fullDim());
    assertArrayEquals(new float[5], s.thetaSmall());
    float[] out = new float[300];
    s.expand(out);
    assertArrayEquals(original, out, "θ_d = 0 must give exactly θ_0");
    s.thetaSmall()[2] = 0.5f;
    s.expand(out);
    float[] expected = new float[300];
    p.apply(s.thetaSmall(), original, expected);
    assertArrayEquals(expected, out);
    float[] g = TestVectors.random(4, 300);
    float[] a = new float[5];
    float[] b = new float[5];
    s.pullBack(g, a);
    p.applyTranspose(g, b);
    assertArrayEquals(b, a);
    assertMessage("has length 299, expected 300", () -> new Subspace(p, new float[299]));
    assertMessage("projection is null", () -> new Subspace(null, new float[3]));
    assertTrue(s.toString().contains("d=5"));
  }
}
