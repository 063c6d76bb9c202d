package io.langevin.kernels.autodiff;

import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode automatic differentiation on a tape, in the spirit of llm.c and micrograd: every op
 * in {@link Ops} computes its forward value at once and records one node (its output and a
 * hand-written backward closure); {@link #backward(Var)} seeds {@code d(loss) = 1} and runs the
 * closures in reverse order of recording.
 *
 * <p><b>Gradient rule.</b> Parameter gradients use {@code +=}: they accumulate across backward
 * passes straight into the buffer the parameter was bound to, normally its view of a {@link
 * ParameterArena}'s flat gradient array (parallel to θ), so a sampler step reads them where they
 * land; clear them with {@link ParameterArena#zeroGrad()}. Activation gradients are accumulated
 * into buffers that are freshly zeroed at the start of each backward pass.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Var w1 = tape.param(arena.param("fc1.w")), b1 = tape.param(arena.param("fc1.b"));
 * Var w2 = tape.param(arena.param("fc2.w")), b2 = tape.param(arena.param("fc2.b"));
 * for (Batch batch : batches) {
 *   tape.reset();                                  // drop last step's nodes
 *   arena.zeroGrad();
 *   Var x = tape.constant(batch.images());         // [n, 784]
 *   Var h = Ops.relu(Ops.linear(x, w1, b1));       // [n, 100]
 *   Var loss = Ops.softmaxCrossEntropy(Ops.linear(h, w2, b2), batch.labels());
 *   tape.backward(loss);                           // arena.grad() now holds dLoss/dθ
 * }
 * }</pre>
 *
 * <p>A tape is used by one thread at a time (the kernels it calls may use many).
 */
public final class Tape {

  /**
   * One recorded op: its output and the closure that pushes the output's gradient to its inputs.
   */
  private record Node(Var out, Runnable backward) {}

  private final List<Node> nodes = new ArrayList<>();
  private int generation;

  /** Scratch arrays lent to ops in the current pass, returned to {@link #spare} by reset. */
  private final List<float[]> lent = new ArrayList<>();

  /** Scratch arrays from earlier passes, by length. */
  private final Map<Integer, ArrayDeque<float[]>> spare = new HashMap<>();

  /** A constant leaf: no gradient flows into it. The tensor is used as is (not copied). */
  public Var constant(Tensor value) {
    return new Var(this, Var.Kind.CONSTANT, -1, value, null, false);
  }

  /** A constant leaf wrapping {@code data} (not copied) with {@code shape}. */
  public Var constant(float[] data, int... shape) {
    return constant(Tensor.of(data, shape));
  }

  /**
   * A parameter leaf bound to an arena parameter: its gradient accumulates into the arena's grad.
   */
  public Var param(ParameterArena.Param p) {
    return param(p.value(), p.grad());
  }

  /** Same as {@code param(arena.param(name))}. */
  public Var param(ParameterArena arena, String name) {
    return param(arena.param(name));
  }

  /** A parameter leaf whose gradient accumulates (+=) into {@code grad} (same shape as value). */
  public Var param(Tensor value, Tensor grad) {
    value.requireSameShape(grad, "param: value vs gradient");
    return new Var(this, Var.Kind.PARAMETER, -1, value, grad, true);
  }

  /** A parameter leaf with its own zeroed gradient buffer (an input whose gradient you want). */
  public Var variable(Tensor value) {
    return param(value, Tensor.zeros(value.shape()));
  }

  /** Back-propagates from a scalar loss (size 1): seeds {@code d(loss) = 1}. */
  public void backward(Var loss) {
    owned(loss, "backward");
    if (loss.size() != 1) {
      throw new IllegalArgumentException(
          "backward needs a scalar loss, found shape "
              + Arrays.toString(loss.shape())
              + "; use backward(output, seed) for a vector-Jacobian product");
    }
    Tensor one = Tensor.zeros(loss.shape());
    one.put(0, 1f);
    backward(loss, one);
  }

  /**
   * Back-propagates {@code seed} (same shape as {@code output}) as the gradient of {@code output}:
   * a vector-Jacobian product. Parameter gradients accumulate; activation gradients start from
   * zero.
   */
  public void backward(Var output, Tensor seed) {
    owned(output, "backward");
    output.value().requireSameShape(seed, "backward: output vs seed");
    if (!output.requiresGrad()) {
      throw new IllegalArgumentException(
          "backward: the output does not depend on any parameter (shape "
              + Arrays.toString(output.shape())
              + ")");
    }
    for (Node n : nodes) {
      n.out().clearGrad();
    }
    Tensor g = output.gradForAccumulate();
    float[] gd = g.data();
    for (int i = 0; i < seed.size(); i++) {
      gd[g.offset() + i] += seed.data()[seed.offset() + i];
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      if (n.out().gradLive()) {
        n.backward().run();
      }
    }
  }

  /**
   * Forgets every recorded node so the tape can record the next step; activations of earlier passes
   * become invalid. Constants and parameters stay usable.
   */
  public void reset() {
    nodes.clear();
    generation++;
    for (float[] a : lent) {
      spare.computeIfAbsent(a.length, len -> new ArrayDeque<>()).push(a);
    }
    lent.clear();
  }

  /**
   * A scratch array of {@code size} floats for an op's internal buffers (a convolution's column
   * matrices), valid until the next {@link #reset()}, which takes it back for later passes: the
   * same sizes every step then allocate nothing. Its contents are <b>unspecified</b> (left over from
   * an earlier pass): the op must write every element it reads. Never hand it out as an
   * activation's value.
   */
  float[] scratch(int size) {
    ArrayDeque<float[]> q = spare.get(size);
    float[] a = q == null ? null : q.poll();
    if (a == null) {
      a = new float[size];
    }
    lent.add(a);
    return a;
  }

  /** Number of nodes recorded since the last {@link #reset()}. */
  public int size() {
    return nodes.size();
  }

  /** A fresh zero-filled activation of {@code shape}; it needs a gradient if any input does. */
  Var activation(int[] shape, Var... inputs) {
    return activation(Tensor.zeros(shape), inputs);
  }

  /** An activation holding {@code value} (which may view an input's data, as reshape does). */
  Var activation(Tensor value, Var... inputs) {
    boolean needs = false;
    for (Var v : inputs) {
      needs |= v.requiresGrad();
    }
    return new Var(this, Var.Kind.ACTIVATION, generation, value, null, needs);
  }

  /** Records {@code out}'s backward closure, unless no gradient can flow through it. */
  void record(Var out, Runnable backward) {
    if (out.requiresGrad()) {
      nodes.add(new Node(out, backward));
    }
  }

  /** Throws unless {@code v} belongs to this tape and, if an activation, to its current pass. */
  void owned(Var v, String op) {
    if (v == null) {
      throw new IllegalArgumentException(op + ": null input");
    }
    if (v.tape() != this) {
      throw new IllegalArgumentException(op + ": input " + v + " belongs to another tape");
    }
    if (v.kind() == Var.Kind.ACTIVATION && v.generation() != generation) {
      throw new IllegalStateException(
          op
              + ": activation of shape "
              + Arrays.toString(v.shape())
              + " is from pass "
              + v.generation()
              + " but the tape was reset and is at pass "
              + generation);
    }
  }
}
