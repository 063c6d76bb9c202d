package io.langevin.nn;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;

/**
 * 2-D convolution with a square kernel ({@link ConvOps#conv2d}): x {@code [N, C, H, W]} → {@code
 * [N, F, (H + 2·pad − k)/stride + 1, (W + 2·pad − k)/stride + 1]}; weight {@code name + ".w"} of
 * shape {@code [F, C, k, k]}, bias {@code name + ".b"} {@code [F]} (zero-initialised). Parameters:
 * {@code F·C·k² + F}.
 */
public final class Conv2d implements Layer {
  private final String name;
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int pad;
  private final Init init;

  public Conv2d(
      String name, int inChannels, int outChannels, int kernel, int stride, int pad, Init init) {
    String l = "Conv2d " + name;
    Shapes.positive(l, "inChannels", inChannels);
    Shapes.positive(l, "outChannels", outChannels);
    Shapes.positive(l, "kernel", kernel);
    Shapes.positive(l, "stride", stride);
    if (pad < 0) {
      throw new IllegalArgumentException(l + ": pad must be >= 0, got " + pad);
    }
    this.name = name;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
    this.init = init;
  }

  /** Stride 1, no padding. */
  public Conv2d(String name, int inChannels, int outChannels, int kernel, Init init) {
    this(name, inChannels, outChannels, kernel, 1, 0, init);
  }

  /** Kernel height and width. */
  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  /** Zero padding on each side. */
  public int pad() {
    return pad;
  }

  public String weightName() {
    return name + ".w";
  }

  public String biasName() {
    return name + ".b";
  }

  @Override
  public void declare(ParameterArena.Builder builder) {
    builder.add(weightName(), outChannels, inChannels, kernel, kernel).add(biasName(), outChannels);
  }

  @Override
  public void init(ParameterArena arena, long seed) {
    int k2 = kernel * kernel;
    init.fill(arena.value(weightName()), weightName(), inChannels * k2, outChannels * k2, seed);
    arena.value(biasName()).fill(0f);
  }

  @Override
  public Var forward(Pass pass, Var x) {
    return ConvOps.conv2d(x, pass.param(weightName()), pass.param(biasName()), stride, pad);
  }

  @Override
  public int[] outputShape(int... s) {
    Shapes.require(
        s.length == 3 && s[0] == inChannels && s[1] + 2 * pad >= kernel && s[2] + 2 * pad >= kernel,
        "Conv2d " + name,
        s,
        "[" + inChannels + ", H, W] with H, W + 2·" + pad + " >= " + kernel);
    return new int[] {
      outChannels, (s[1] + 2 * pad - kernel) / stride + 1, (s[2] + 2 * pad - kernel) / stride + 1
    };
  }

  @Override
  public long parameterCount() {
    return (long) outChannels * inChannels * kernel * kernel + outChannels;
  }

  @Override
  public String toString() {
    return "Conv2d "
        + name
        + " "
        + inChannels
        + "->"
        + outChannels
        + " k"
        + kernel
        + " s"
        + stride
        + " p"
        + pad;
  }
}
