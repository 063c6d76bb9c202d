package io.langevin.nn;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;

/**
 * DropConnect (Wan et al. 2013) on a {@link Linear} layer's weight: in {@link Mode#TRAIN} the layer
 * uses {@code w ⊙ m}, m an inverted Bernoulli mask (kept with probability {@code 1 − p}, scaled by
 * {@code 1/(1 − p)}; {@link ConvOps#dropConnect}) drawn from {@code (pass.noiseSeed(), pass.step(),
 * stream(name + ".w"), weight index)}, one mask shared by the whole batch; the weight's gradient is
 * masked the same way. The bias is not masked. In {@link Mode#EVAL} it is the plain linear layer
 * (the mean weight). Parameters are the wrapped layer's.
 */
public final class DropConnect implements Layer {
  private final Linear linear;
  private final float p;

  public DropConnect(Linear linear, float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException(
          "DropConnect on " + linear.name() + ": p must be in [0, 1), got " + p);
    }
    this.linear = linear;
    this.p = p;
  }

  public Linear linear() {
    return linear;
  }

  @Override
  public void declare(ParameterArena.Builder builder) {
    linear.declare(builder);
  }

  @Override
  public void init(ParameterArena arena, long seed) {
    linear.init(arena, seed);
  }

  @Override
  public Var forward(Pass pass, Var x) {
    Var w = pass.param(linear.weightName());
    if (pass.training() && p > 0f) {
      w =
          ConvOps.dropConnect(
              w, p, pass.noiseSeed(), pass.step(), Init.stream(linear.weightName()));
    }
    return linear.forwardWith(pass, x, w);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return linear.outputShape(inputShape);
  }

  @Override
  public long parameterCount() {
    return linear.parameterCount();
  }

  @Override
  public String toString() {
    return "DropConnect p=" + p + " on " + linear;
  }
}
