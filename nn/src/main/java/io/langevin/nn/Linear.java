package io.langevin.nn;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;

/**
 * Fully connected layer {@code y = x · wᵀ + b}: x {@code [N, in]}, weight {@code name + ".w"} of
 * shape {@code [out, in]}, bias {@code name + ".b"} of shape {@code [out]} (zero-initialised).
 * Parameters: {@code out·in + out}.
 */
public final class Linear implements Layer {
  private final String name;
  private final int in;
  private final int out;
  private final Init init;

  public Linear(String name, int in, int out, Init init) {
    Shapes.positive("Linear " + name, "in", in);
    Shapes.positive("Linear " + name, "out", out);
    this.name = name;
    this.in = in;
    this.out = out;
    this.init = init;
  }

  public String name() {
    return name;
  }

  public String weightName() {
    return name + ".w";
  }

  public String biasName() {
    return name + ".b";
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  @Override
  public void declare(ParameterArena.Builder builder) {
    builder.add(weightName(), out, in).add(biasName(), out);
  }

  @Override
  public void init(ParameterArena arena, long seed) {
    init.fill(arena.value(weightName()), weightName(), in, out, seed);
    arena.value(biasName()).fill(0f);
  }

  @Override
  public Var forward(Pass pass, Var x) {
    return forwardWith(pass, x, pass.param(weightName()));
  }

  /** This layer with weight {@code w} in place of its own (DropConnect passes a masked copy). */
  Var forwardWith(Pass pass, Var x, Var w) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException(
          "Linear "
              + name
              + ": input "
              + java.util.Arrays.toString(x.shape())
              + " is not [N, "
              + in
              + "] (put a Flatten before it)");
    }
    return Ops.linear(x, w, pass.param(biasName()));
  }

  @Override
  public int[] outputShape(int... inputShape) {
    Shapes.require(
        inputShape.length == 1 && inputShape[0] == in,
        "Linear " + name,
        inputShape,
        "[" + in + "]");
    return new int[] {out};
  }

  @Override
  public long parameterCount() {
    return (long) out * in + out;
  }

  @Override
  public String toString() {
    return "Linear " + name + " " + in + "->" + out;
  }
}
