package io.langevin.nn;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Var;

/** Average pooling over {@code k × k} windows, no padding ({@link ConvOps#avgPool2d}). */
public final class AvgPool2d implements Layer {
  private final int k;
  private final int stride;

  public AvgPool2d(int k, int stride) {
    Shapes.positive("AvgPool2d", "k", k);
    Shapes.positive("AvgPool2d", "stride", stride);
    this.k = k;
    this.stride = stride;
  }

  /** Non-overlapping windows: stride = k. */
  public AvgPool2d(int k) {
    this(k, k);
  }

  @Override
  public Var forward(Pass pass, Var x) {
    return ConvOps.avgPool2d(x, k, stride);
  }

  @Override
  public int[] outputShape(int... s) {
    return MaxPool2d.poolShape("AvgPool2d", s, k, stride);
  }

  @Override
  public String toString() {
    return "AvgPool2d k" + k + " s" + stride;
  }
}
