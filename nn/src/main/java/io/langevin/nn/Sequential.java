package io.langevin.nn;

import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;
import java.util.ArrayList;
import java.util.List;

/** Layers applied in order; declares and initialises its layers' parameters in that order. */
public final class Sequential implements Layer {
  private final List<Layer> layers;

  public Sequential(List<? extends Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential: needs at least one layer");
    }
    this.layers = List.copyOf(layers);
  }

  public Sequential(Layer... layers) {
    this(List.of(layers));
  }

  public List<Layer> layers() {
    return layers;
  }

  @Override
  public void declare(ParameterArena.Builder builder) {
    for (Layer l : layers) {
      l.declare(builder);
    }
  }

  @Override
  public void init(ParameterArena arena, long seed) {
    for (Layer l : layers) {
      l.init(arena, seed);
    }
  }

  @Override
  public Var forward(Pass pass, Var x) {
    Var h = x;
    for (Layer l : layers) {
      h = l.forward(pass, h);
    }
    return h;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    int[] s = inputShape;
    for (Layer l : layers) {
      s = l.outputShape(s);
    }
    return s;
  }

  @Override
  public long parameterCount() {
    long n = 0;
    for (Layer l : layers) {
      n += l.parameterCount();
    }
    return n;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Layer l : layers) {
      parts.add(l.toString());
    }
    return "Sequential" + parts;
  }
}
