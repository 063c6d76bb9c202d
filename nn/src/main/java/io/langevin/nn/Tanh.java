package io.langevin.nn;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Var;

/** {@code tanh(x)} elementwise. */
public final class Tanh implements Layer {
  @Override
  public Var forward(Pass pass, Var x) {
    return Ops.tanh(x);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return "Tanh";
  }
}
