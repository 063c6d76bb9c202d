package io.langevin.experiments.alice;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.nn.Init;
import io.langevin.nn.Layer;
import io.langevin.nn.Linear;
import io.langevin.nn.Mode;
import io.langevin.nn.Model;
import io.langevin.nn.Pass;
import io.langevin.nn.ReLU;
import io.langevin.nn.Sequential;
import io.langevin.nn.Tanh;
import java.util.ArrayList;
import java.util.List;

/**
 * One network of the toy games: {@code in → width (×depth, ReLU) → out}, Glorot-uniform weights
 * and zero biases (the slim {@code fully_connected} defaults), a {@link Model} of its own with its
 * own arena. {@link #forward} either records the parameters as tape parameters (their gradient
 * accumulates into the arena) or, {@code frozen}, as constants: the other player's network in a
 * game step then costs no weight-gradient GEMMs, while the gradient still flows through its input.
 */
final class Mlp {
  private final Model model;
  private final List<Layer> layers;
  private final String name;

  Mlp(String name, int in, int width, int depth, int out, long seed) {
    this(name, in, width, depth, out, seed, false);
  }

  /**
   * With {@code smooth}, tanh in place of ReLU: for gradient checks of the losses, where a ReLU
   * kink inside a finite-difference step would blur the comparison.
   */
  Mlp(String name, int in, int width, int depth, int out, long seed, boolean smooth) {
    if (width < 1 || depth < 1) {
      throw new IllegalArgumentException(
          "network " + name + ": width and depth must be >= 1, got " + width + " and " + depth);
    }
    List<Layer> ls = new ArrayList<>();
    int prev = in;
    for (int d = 0; d < depth; d++) {
      ls.add(new Linear("fc" + (d + 1), prev, width, Init.GLOROT_UNIFORM));
      ls.add(smooth ? new Tanh() : new ReLU());
      prev = width;
    }
    ls.add(new Linear("fc" + (depth + 1), prev, out, Init.GLOROT_UNIFORM));
    this.layers = List.copyOf(ls);
    this.model = new Model(new Sequential(ls), seed, in);
    this.name = name;
  }

  String name() {
    return name;
  }

  ParameterArena arena() {
    return model.arena();
  }

  int parameterCount() {
    return model.parameterCount();
  }

  /** The network on {@code x [n, in]}: trainable parameters, or constants when {@code frozen}. */
  Var forward(Tape tape, Var x, boolean frozen) {
    if (!frozen) {
      return model.forward(new Pass(tape, model.arena(), Mode.TRAIN, 0, 0), x);
    }
    ParameterArena a = model.arena();
    Var h = x;
    for (Layer l : layers) {
      if (l instanceof Linear lin) {
        h =
            Ops.linear(
                h, tape.constant(a.value(lin.weightName())), tape.constant(a.value(lin.biasName())));
      } else if (l instanceof Tanh) {
        h = Ops.tanh(h);
      } else {
        h = Ops.relu(h);
      }
    }
    return h;
  }

  @Override
  public String toString() {
    return name + " " + model;
  }
}
