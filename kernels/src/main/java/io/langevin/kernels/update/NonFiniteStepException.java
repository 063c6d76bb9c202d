package io.langevin.kernels.update;

/**
 * A fused step met a NaN or infinity: in the gradient (found by the pre-check, before anything was
 * written) or in a new value (found in the pass, before the block holding it was written). The
 * message names the step, the element index, the output and the values.
 */
public final class NonFiniteStepException extends ArithmeticException {
  private final long step;
  private final int index;
  private final boolean partial;

  public NonFiniteStepException(String message, long step, int index, boolean partial) {
    super(message);
    this.step = step;
    this.index = index;
    this.partial = partial;
  }

  /** The step number t of the failed step. */
  public long step() {
    return step;
  }

  /** The first element index found with a non-finite value. */
  public int index() {
    return index;
  }

  /**
   * Whether some elements had already been updated when the value was found. False for a
   * non-finite gradient (always found before any write); see {@link Update} for when it can be
   * true.
   */
  public boolean partial() {
    return partial;
  }
}
