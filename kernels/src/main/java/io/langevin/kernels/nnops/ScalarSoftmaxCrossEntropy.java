package io.langevin.kernels.nnops;

/**
 * The softmax cross-entropy spec: plain loops, exponentials, logarithms and every sum in double,
 * each result rounded once to float. Single-threaded and never tuned; {@link
 * SimdSoftmaxCrossEntropy} is tested against it in {@code SimdSoftmaxCrossEntropyTest}.
 */
public final class ScalarSoftmaxCrossEntropy implements SoftmaxCrossEntropyKernel {

  @Override
  public float forward(
      int rows,
      int cols,
      float[] logits,
      int logitsOff,
      int[] labels,
      int labelsOff,
      float[] probs,
      int probsOff) {
    SoftmaxChecks.labels("softmaxCrossEntropy", rows, cols, labels, labelsOff);
    SoftmaxChecks.matrix("softmaxCrossEntropy", "logits", logits, logitsOff, rows, cols);
    SoftmaxChecks.matrix("softmaxCrossEntropy", "probs", probs, probsOff, rows, cols);
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      int x = logitsOff + r * cols;
      int p = probsOff + r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, logits[x + c]);
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += Math.exp(logits[x + c] - max);
      }
      for (int c = 0; c < cols; c++) {
        probs[p + c] = (float) (Math.exp(logits[x + c] - max) / sum);
      }
      loss += Math.log(sum) - (logits[x + labels[labelsOff + r]] - max);
    }
    return (float) (loss / rows);
  }

  @Override
  public void backward(
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
    SoftmaxChecks.backward(rows, cols, probs, probsOff, labels, labelsOff, dlogits, dlogitsOff);
    float scale = dloss / rows;
    for (int r = 0; r < rows; r++) {
      int label = labels[labelsOff + r];
      for (int c = 0; c < cols; c++) {
        float g = (probs[probsOff + r * cols + c] - (c == label ? 1f : 0f)) * scale;
        int i = dlogitsOff + r * cols + c;
        dlogits[i] = accumulate ? dlogits[i] + g : g;
      }
    }
  }

  @Override
  public void logSoftmaxForward(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    SoftmaxChecks.sizes("logSoftmax", rows, cols);
    SoftmaxChecks.matrix("logSoftmax", "x", x, xOff, rows, cols);
    SoftmaxChecks.matrix("logSoftmax", "y", y, yOff, rows, cols);
    for (int r = 0; r < rows; r++) {
      int xi = xOff + r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, x[xi + c]);
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += Math.exp(x[xi + c] - max);
      }
      double logSum = Math.log(sum);
      for (int c = 0; c < cols; c++) {
        y[yOff + r * cols + c] = (float) (x[xi + c] - max - logSum);
      }
    }
  }

  @Override
  public void logSoftmaxBackward(
      int rows,
      int cols,
      float[] y,
      int yOff,
      float[] dy,
      int dyOff,
      float[] dx,
      int dxOff,
      boolean accumulate) {
    SoftmaxChecks.sizes("logSoftmax backward", rows, cols);
    SoftmaxChecks.matrix("logSoftmax backward", "y", y, yOff, rows, cols);
    SoftmaxChecks.matrix("logSoftmax backward", "dy", dy, dyOff, rows, cols);
    SoftmaxChecks.matrix("logSoftmax backward", "dx", dx, dxOff, rows, cols);
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += dy[dyOff + r * cols + c];
      }
      for (int c = 0; c < cols; c++) {
        double g = dy[dyOff + r * cols + c] - Math.exp(y[yOff + r * cols + c]) * sum;
        int i = dxOff + r * cols + c;
        dx[i] = (float) (accumulate ? dx[i] + g : g);
      }
    }
  }
}
