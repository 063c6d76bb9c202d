package io.langevin.kernels.nnops;

/**
 * Argument validation shared by every softmax cross-entropy implementation; messages carry numbers.
 */
final class SoftmaxChecks {
  private SoftmaxChecks() {}

  /**
   * Sizes ({@code rows, cols ≥ 1}), the labels array bounds, and each label in {@code [0, cols)}.
   */
  static void labels(String op, int rows, int cols, int[] labels, int labelsOff) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          op + ": needs rows ≥ 1 and cols ≥ 1, found rows=" + rows + " cols=" + cols);
    }
    if (labelsOff < 0 || (long) labelsOff + rows > labels.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + rows
              + " labels at offset "
              + labelsOff
              + " do not fit an array of "
              + labels.length);
    }
    for (int r = 0; r < rows; r++) {
      int label = labels[labelsOff + r];
      if (label < 0 || label >= cols) {
        throw new IllegalArgumentException(
            op + ": label " + label + " at row " + r + " is outside [0, " + cols + ") classes");
      }
    }
  }

  static void sizes(String op, int rows, int cols) {
    if (rows < 0 || cols < 1) {
      throw new IllegalArgumentException(
          op + ": needs rows ≥ 0 and cols ≥ 1, found rows=" + rows + " cols=" + cols);
    }
  }

  static void matrix(String op, String name, float[] x, int off, int rows, int cols) {
    long end = (long) off + (long) rows * cols;
    if (off < 0 || end > x.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " ("
              + rows
              + "x"
              + cols
              + " at offset "
              + off
              + ") needs "
              + end
              + " floats but the array holds "
              + x.length);
    }
  }

  /** The checks of a softmax-cross-entropy backward call. */
  static void backward(
      int rows,
      int cols,
      float[] probs,
      int probsOff,
      int[] labels,
      int labelsOff,
      float[] dlogits,
      int dlogitsOff) {
    String op = "softmaxCrossEntropy backward";
    labels(op, rows, cols, labels, labelsOff);
    matrix(op, "probs", probs, probsOff, rows, cols);
    matrix(op, "dlogits", dlogits, dlogitsOff, rows, cols);
  }
}
