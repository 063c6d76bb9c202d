package io.langevin.kernels.nnops;

/**
 * Softmax cross-entropy and log-softmax over the rows of a row-major matrix (rows × cols, rows
 * contiguous, leading dimension = cols).
 *
 * <ul>
 *   <li>{@link #forward}: {@code probs[r,:] = softmax(logits[r,:])} and the mean loss {@code
 *       (1/rows) Σ_r −log probs[r, labels[r]]}, computed stably as {@code log Σ_c exp(x[r,c] − m_r)
 *       − (x[r, label] − m_r)} with {@code m_r} the row maximum. Reads 4 bytes, writes 4 bytes per
 *       element.
 *   <li>{@link #backward}: {@code dlogits[r,c] (=|+=) (probs[r,c] − [c == labels[r]]) · dloss /
 *       rows}. Reads 4 (8 when accumulating), writes 4 bytes per element.
 *   <li>{@link #logSoftmaxForward}: {@code y[r,c] = x[r,c] − m_r − log Σ_c' exp(x[r,c'] − m_r)}.
 *   <li>{@link #logSoftmaxBackward}: {@code dx[r,c] (=|+=) dy[r,c] − exp(y[r,c]) · Σ_c' dy[r,c']}.
 * </ul>
 *
 * <p>Labels must lie in {@code [0, cols)}; a bad label throws {@link IllegalArgumentException}
 * naming the row, the label and the class count. Implementations: {@link ScalarSoftmaxCrossEntropy}
 * (the spec) and {@link SimdSoftmaxCrossEntropy}; {@link SoftmaxCrossEntropy} picks one at
 * start-up.
 */
public interface SoftmaxCrossEntropyKernel {

  /**
   * Writes the row softmax of {@code logits} to {@code probs} and returns the mean cross-entropy
   * over the rows. Needs {@code rows ≥ 1}, {@code cols ≥ 1}.
   */
  float forward(
      int rows,
      int cols,
      float[] logits,
      int logitsOff,
      int[] labels,
      int labelsOff,
      float[] probs,
      int probsOff);

  /**
   * Gradient of {@code dloss · meanLoss} with respect to the logits, from the probabilities written
   * by {@link #forward}. Overwrites {@code dlogits} unless {@code accumulate}, when it adds to it.
   */
  void backward(
      int rows,
      int cols,
      float[] probs,
      int probsOff,
      int[] labels,
      int labelsOff,
      float dloss,
      float[] dlogits,
      int dlogitsOff,
      boolean accumulate);

  /** Row-wise log-softmax of {@code x} into {@code y} (which may not overlap {@code x}). */
  void logSoftmaxForward(int rows, int cols, float[] x, int xOff, float[] y, int yOff);

  /**
   * Gradient of the row-wise log-softmax from its output {@code y} and upstream gradient {@code
   * dy}. Overwrites {@code dx} unless {@code accumulate}, when it adds to it.
   */
  void logSoftmaxBackward(
      int rows,
      int cols,
      float[] y,
      int yOff,
      float[] dy,
      int dyOff,
      float[] dx,
      int dxOff,
      boolean accumulate);
}
