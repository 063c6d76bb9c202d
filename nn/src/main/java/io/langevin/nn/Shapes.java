package io.langevin.nn;

import java.util.Arrays;

/** Shape checks shared by the layers. */
final class Shapes {
  private Shapes() {}

  static void require(boolean ok, String layer, int[] inputShape, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          layer + ": per-example input " + Arrays.toString(inputShape) + " is not " + expected);
    }
  }

  static void positive(String layer, String what, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(layer + ": " + what + " must be >= 1, got " + v);
    }
  }
}
