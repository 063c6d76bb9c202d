package io.langevin.kernels.nnops;

import io.langevin.kernels.cpu.KernelMode;

/**
 * Entry point for softmax cross-entropy and log-softmax: the implementation chosen once by {@link
 * KernelMode} ({@link SimdSoftmaxCrossEntropy} or the spec {@link ScalarSoftmaxCrossEntropy}). See
 * {@link SoftmaxCrossEntropyKernel} for the math.
 */
public final class SoftmaxCrossEntropy {
  private static final SoftmaxCrossEntropyKernel KERNEL =
      KernelMode.select(SimdSoftmaxCrossEntropy::new, ScalarSoftmaxCrossEntropy::new);

  private SoftmaxCrossEntropy() {}

  /** The implementation in use. */
  public static SoftmaxCrossEntropyKernel kernel() {
    return KERNEL;
  }

  /** See {@link SoftmaxCrossEntropyKernel#forward}. */
  public static float forward(
      int rows,
      int cols,
      float[] logits,
      int logitsOff,
      int[] labels,
      int labelsOff,
      float[] probs,
      int probsOff) {
    return KERNEL.forward(rows, cols, logits, logitsOff, labels, labelsOff, probs, probsOff);
  }

  /** See {@link SoftmaxCrossEntropyKernel#backward}. */
  public static void backward(
      int rows,
      int cols,
      float[] probs,
      int probsOff,
      int[] labels,
      int labelsOff,
      float dloss,
      float[] dlogits,
      int dlogitsOff,
      boolean accumulate) {
    KERNEL.backward(
        rows, cols, probs, probsOff, labels, labelsOff, dloss, dlogits, dlogitsOff, accumulate);
  }

  /** See {@link SoftmaxCrossEntropyKernel#logSoftmaxForward}. */
  public static void logSoftmaxForward(
      int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    KERNEL.logSoftmaxForward(rows, cols, x, xOff, y, yOff);
  }

  /** See {@link SoftmaxCrossEntropyKernel#logSoftmaxBackward}. */
  public static void logSoftmaxBackward(
      int rows,
      int cols,
      float[] y,
      int yOff,
      float[] dy,
      int dyOff,
      float[] dx,
      int dxOff,
      boolean accumulate) {
    KERNEL.logSoftmaxBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff, accumulate);
  }
}
