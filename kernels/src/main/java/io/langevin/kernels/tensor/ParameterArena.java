package io.langevin.kernels.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters as one flat float32 vector θ, with a parallel gradient vector g of the same
 * length. Every parameter is a named view (offset, shape) into both, so an optimiser or sampler step
 * is a single pass over {@link #theta()} and {@link #grad()}, and a checkpoint is two arrays.
 *
 * <pre>{@code
 * ParameterArena.Builder b = ParameterArena.builder();
 * b.add("fc1.w", 400, 784);   // (out, in)
 * b.add("fc1.b", 400);
 * ParameterArena arena = b.build();
 * Tensor w = arena.value("fc1.w"), dw = arena.gradient("fc1.w");
 * }</pre>
 */
public final class ParameterArena {

  /** One parameter: its name, where it starts in θ, and its value and gradient views. */
  public record Param(String name, int offset, Tensor value, Tensor grad) {
    public int size() {
      return value.size();
    }
  }

  /** Collects parameter declarations in order; {@link #build()} lays them out back to back. */
  public static final class Builder {
    private final Map<String, int[]> shapes = new LinkedHashMap<>();

    /** Declares parameter {@code name} with {@code shape}; names must be unique. */
    public Builder add(String name, int... shape) {
      if (shapes.containsKey(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' declared twice");
      }
      Tensor.sizeOf(shape);
      shapes.put(name, shape.clone());
      return this;
    }

    public ParameterArena build() {
      return new ParameterArena(shapes);
    }
  }

  private final float[] theta;
  private final float[] grad;
  private final Map<String, Param> params = new LinkedHashMap<>();

  private ParameterArena(Map<String, int[]> shapes) {
    long total = 0;
    for (int[] s : shapes.values()) {
      total += Tensor.sizeOf(s);
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("arena of " + total + " floats exceeds a Java array");
    }
    theta = new float[(int) total];
    grad = new float[(int) total];
    int off = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      int[] s = e.getValue();
      Param p = new Param(e.getKey(), off, Tensor.view(theta, off, s), Tensor.view(grad, off, s));
      params.put(e.getKey(), p);
      off += Tensor.sizeOf(s);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The flat parameter vector θ (length {@link #size()}); views alias it. */
  public float[] theta() {
    return theta;
  }

  /** The flat gradient vector g, parallel to θ. */
  public float[] grad() {
    return grad;
  }

  /** Total number of parameters D. */
  public int size() {
    return theta.length;
  }

  /** Parameters in declaration (= layout) order. */
  public List<Param> params() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  public Param param(String name) {
    Param p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "no parameter '" + name + "'; the arena holds " + params.keySet());
    }
    return p;
  }

  public Tensor value(String name) {
    return param(name).value();
  }

  public Tensor gradient(String name) {
    return param(name).grad();
  }

  /** Sets every gradient to zero (before accumulating a new backward pass). */
  public void zeroGrad() {
    Arrays.fill(grad, 0f);
  }
}
