package io.langevin.nn;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;

/**
 * The training losses, each a scalar {@link Var} averaged over the batch (thin wrappers of {@link
 * Ops}, whose fused backward passes they use).
 */
public final class Losses {
  private Losses() {}

  /** Mean over rows of {@code −log softmax(logits[r])[labels[r]]}; logits {@code [N, K]}. */
  public static Var softmaxCrossEntropy(Var logits, int[] labels) {
    return Ops.softmaxCrossEntropy(logits, labels);
  }

  /** {@code mean((pred − target)²)} over all elements. */
  public static Var mse(Var pred, Var target) {
    return Ops.mseLoss(pred, target);
  }

  /** {@code mean((pred − target)²)} against a constant target array of pred's shape. */
  public static Var mse(Tape tape, Var pred, float[] target) {
    return Ops.mseLoss(pred, tape.constant(target, pred.shape()));
  }

  /** Mean binary cross-entropy on logits against targets in [0, 1] (numerically stable). */
  public static Var bceWithLogits(Var logits, Var targets) {
    return Ops.bceWithLogits(logits, targets);
  }

  /** {@link #bceWithLogits(Var, Var)} against a constant target array of the logits' shape. */
  public static Var bceWithLogits(Tape tape, Var logits, float[] targets) {
    return Ops.bceWithLogits(logits, tape.constant(targets, logits.shape()));
  }
}
