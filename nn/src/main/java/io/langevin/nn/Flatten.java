package io.langevin.nn;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Var;

/** {@code [N, d1, d2, …]} viewed as {@code [N, d1·d2·…]} (no copy). */
public final class Flatten implements Layer {
  @Override
  public Var forward(Pass pass, Var x) {
    return Ops.flatten(x);
  }

  @Override
  public int[] outputShape(int... s) {
    Shapes.require(s.length >= 1, "Flatten", s, "of rank >= 1");
    long n = 1;
    for (int d : s) {
      n *= d;
    }
    return new int[] {Math.toIntExact(n)};
  }

  @Override
  public String toString() {
    return "Flatten";
  }
}
