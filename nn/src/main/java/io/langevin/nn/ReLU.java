package io.langevin.nn;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Var;

/** {@code max(x, 0)} elementwise. */
public final class ReLU implements Layer {
  @Override
  public Var forward(Pass pass, Var x) {
    return Ops.relu(x);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
