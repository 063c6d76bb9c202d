package io.langevin.nn;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Var;

/** {@code 1 / (1 + exp(−x))} elementwise. */
public final class Sigmoid implements Layer {
  @Override
  public Var forward(Pass pass, Var x) {
    return Ops.sigmoid(x);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return "Sigmoid";
  }
}
