package io.langevin.kernels.autodiff;

import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;

/**
 * A value on a {@link Tape}: a float32 {@link Tensor} and, when it needs one, a gradient buffer of
 * the same shape.
 *
 * <p>Three kinds:
 *
 * <ul>
 *   <li><b>constant</b> ({@link Tape#constant}): data; no gradient.
 *   <li><b>parameter</b> ({@link Tape#param}, {@link Tape#variable}): a leaf whose gradient buffer
 *       is fixed when it is created, usually the parameter's view of a {@link
 *       io.langevin.kernels.tensor.ParameterArena}'s flat gradient array. Backward passes ADD (+=)
 *       into it and never clear it; zero it yourself ({@code arena.zeroGrad()}, {@link #zeroGrad}).
 *   <li><b>activation</b>: the output of an op in {@link Ops}. Its gradient buffer is allocated on
 *       first use and zeroed at the start of each backward pass before anything accumulates into
 *       it.
 * </ul>
 *
 * Constants and parameters outlive {@link Tape#reset()}; activations belong to one pass of the tape
 * and using one after a reset throws {@link IllegalStateException}.
 */
public final class Var {
  enum Kind {
    CONSTANT,
    PARAMETER,
    ACTIVATION
  }

  private final Tape tape;
  private final Kind kind;
  private final int generation;
  private final Tensor value;
  private final boolean requiresGrad;
  private Tensor grad;
  private boolean gradLive;

  Var(Tape tape, Kind kind, int generation, Tensor value, Tensor grad, boolean requiresGrad) {
    this.tape = tape;
    this.kind = kind;
    this.generation = generation;
    this.value = value;
    this.grad = grad;
    this.requiresGrad = requiresGrad;
  }

  /** The value (for an activation, valid until the tape is reset). */
  public Tensor value() {
    return value;
  }

  /** A copy of the value's shape. */
  public int[] shape() {
    return value.shape();
  }

  public int rank() {
    return value.rank();
  }

  public int size() {
    return value.size();
  }

  /** The single element of a value of size 1 (a loss). */
  public float item() {
    if (value.size() != 1) {
      throw new IllegalArgumentException(
          "item() needs a single-element value, found shape " + Arrays.toString(value.shape()));
    }
    return value.at(0);
  }

  /** True when a gradient flows into this value: parameters, and activations computed from them. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** True for a leaf created by {@link Tape#param} or {@link Tape#variable}. */
  public boolean isParameter() {
    return kind == Kind.PARAMETER;
  }

  /**
   * The gradient: a parameter's accumulation buffer; for an activation, its gradient from the last
   * backward pass, or {@code null} when that pass did not reach it; {@code null} for a constant.
   */
  public Tensor grad() {
    return switch (kind) {
      case CONSTANT -> null;
      case PARAMETER -> grad;
      case ACTIVATION -> gradLive ? grad : null;
    };
  }

  /** Sets a parameter's gradient buffer to zero. */
  public void zeroGrad() {
    if (kind != Kind.PARAMETER) {
      throw new IllegalStateException(
          "zeroGrad() is for parameters; activation gradients are cleared by every backward pass");
    }
    Arrays.fill(grad.data(), grad.offset(), grad.offset() + grad.size(), 0f);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase() + " " + value;
  }

  Tape tape() {
    return tape;
  }

  Kind kind() {
    return kind;
  }

  int generation() {
    return generation;
  }

  /**
   * The buffer a backward pass adds this value's gradient into: a parameter's fixed buffer, or the
   * activation's buffer, allocated or zeroed on first use in the pass.
   */
  Tensor gradForAccumulate() {
    switch (kind) {
      case CONSTANT -> throw new IllegalStateException("a constant has no gradient");
      case PARAMETER -> {
        return grad;
      }
      default -> {
        if (!gradLive) {
          if (grad == null) {
            grad = Tensor.zeros(value.shape());
          } else {
            Arrays.fill(grad.data(), 0f);
          }
          gradLive = true;
        }
        return grad;
      }
    }
  }

  /**
   * For an activation not yet reached by the current backward pass: its gradient buffer, marked
   * reached, with unspecified contents that the caller must overwrite entirely (saving the zero
   * fill and the read of a {@code +=}). {@code null} for a parameter, a constant or an activation
   * that already holds gradient: use {@link #gradForAccumulate()} then.
   */
  Tensor gradForOverwrite() {
    if (kind != Kind.ACTIVATION || gradLive) {
      return null;
    }
    if (grad == null) {
      grad = Tensor.zeros(value.shape());
    }
    gradLive = true;
    return grad;
  }

  /** True when an activation received gradient in the current backward pass. */
  boolean gradLive() {
    return gradLive;
  }

  /** Marks an activation's gradient as not yet reached by the backward pass starting now. */
  void clearGrad() {
    gradLive = false;
  }
}
