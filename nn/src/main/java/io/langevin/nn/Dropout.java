package io.langevin.nn;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Var;

/**
 * Inverted Bernoulli dropout with drop rate p ({@link ConvOps#dropout}): in {@link Mode#TRAIN} each
 * element is kept with probability {@code 1 − p} and scaled by {@code 1/(1 − p)}, the mask a
 * function of {@code (pass.noiseSeed(), pass.step(), stream(name), element index)}; identity in
 * {@link Mode#EVAL}. The stream is {@link Init#stream(String)} of the layer's name, so two dropout
 * layers with different names draw independent masks.
 */
public final class Dropout implements Layer {
  private final String name;
  private final float p;

  public Dropout(String name, float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("Dropout " + name + ": p must be in [0, 1), got " + p);
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
    return ConvOps.dropout(x, p, pass.noiseSeed(), pass.step(), Init.stream(name));
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return "Dropout " + name + " p=" + p;
  }
}
