package io.langevin.nn;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Var;

/** Max pooling over {@code k × k} windows, no padding ({@link ConvOps#maxPool2d}). */
public final class MaxPool2d implements Layer {
  private final int k;
  private final int stride;

  public MaxPool2d(int k, int stride) {
    Shapes.positive("MaxPool2d", "k", k);
    Shapes.positive("MaxPool2d", "stride", stride);
    this.k = k;
    this.stride = stride;
  }

  /** Non-overlapping windows: stride = k. */
  public MaxPool2d(int k) {
    this(k, k);
  }

  /** Window height and width. */
  public int k() {
    return k;
  }

  public int stride() {
    return stride;
  }

  @Override
  public Var forward(Pass pass, Var x) {
    return ConvOps.maxPool2d(x, k, stride);
  }

  @Override
  public int[] outputShape(int... s) {
    return poolShape("MaxPool2d", s, k, stride);
  }

  static int[] poolShape(String layer, int[] s, int k, int stride) {
    Shapes.require(
        s.length == 3 && s[1] >= k && s[2] >= k, layer, s, "[C, H, W] with H, W >= " + k);
    return new int[] {s[0], (s[1] - k) / stride + 1, (s[2] - k) / stride + 1};
  }

  @Override
  public String toString() {
    return "MaxPool2d k" + k + " s" + stride;
  }
}
