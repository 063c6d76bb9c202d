package io.langevin.nn;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Var;

/**
 * Gaussian dropout ({@link ConvOps#gaussianDropout}): in {@link Mode#TRAIN} each element is
 * multiplied by {@code 1 + sqrt(p/(1−p))·ε}, ε standard normal, a function of {@code
 * (pass.noiseSeed(), pass.step(), stream(name), element index)}: multiplicative noise of mean 1 and
 * the variance {@code p/(1−p)} of Bernoulli dropout with rate p. Identity in {@link Mode#EVAL}.
 */
public final class GaussianDropout implements Layer {
  private final String name;
  private final float p;

  public GaussianDropout(String name, float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException(
          "GaussianDropout " + name + ": p must be in [0, 1), got " + p);
    }
    this.name = name;
    this.p = p;
  }

  public float p() {
    return p;
  }

  @Override
  public Var forward(Pass pass, Var x) {
    if (!pass.training() || p == 0f) {
      return x;
    }
    return ConvOps.gaussianDropout(x, p, pass.noiseSeed(), pass.step(), Init.stream(name));
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return "GaussianDropout " + name + " p=" + p;
  }
}
