package io.langevin.kernels.elementwise;

/**
 * Element-wise maps, row broadcasts and reductions over float32 arrays, each operand given as an
 * {@code (array, offset)} pair plus a shared length {@code n}: element {@code i} of operand {@code
 * a} is {@code a[aOff + i]}.
 *
 * <p>An output may be the very same region as an input ({@code out == a && outOff == aOff}: in
 * place); any other overlap between an output and an input is undefined. Bad lengths or offsets
 * throw {@link IllegalArgumentException} with the numbers in the message; nothing is written then.
 *
 * <p>Memory traffic per element (for GB/s): binary maps and {@code axpy} read 8 and write 4 bytes;
 * unary maps, {@code scale} and {@code addScalar} read 4 and write 4; {@code reluBackward} reads 8
 * and writes 4; {@code sum}, {@code sumOfSquares} and {@code max} read 4; {@code dot} reads 8.
 *
 * <p>Implementations: {@link ScalarElementwise} (the spec: plain loops, reductions and
 * transcendental functions in double) and {@link SimdElementwise} (Vector API, multi-threaded above
 * 2^16 elements); {@link Elementwise} picks one at start-up. Tested by {@code SimdElementwiseTest}.
 */
public interface ElementwiseKernel {

  // ---- binary maps: out[i] = a[i] op b[i] ----

  /** {@code out[i] = a[i] + b[i]}. */
  void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /** {@code out[i] = a[i] - b[i]}. */
  void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /** {@code out[i] = a[i] * b[i]}. */
  void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /** {@code out[i] = a[i] / b[i]} (IEEE: x/0 is ±Inf or NaN, never an exception). */
  void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  // ---- scalar forms ----

  /** {@code out[i] = alpha * a[i]}. */
  void scale(float alpha, float[] a, int aOff, float[] out, int outOff, int n);

  /** {@code y[i] = alpha * x[i] + y[i]}, rounded twice (a product, then a sum; no FMA). */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  /** {@code out[i] = a[i] + s}. */
  void addScalar(float s, float[] a, int aOff, float[] out, int outOff, int n);

  // ---- row broadcasts over a rows×cols row-major matrix with row stride cols ----

  /** {@code out[r·cols + c] = a[r·cols + c] + row[c]} (e.g. adding a bias to every row). */
  void addRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols);

  /** {@code out[r·cols + c] = a[r·cols + c] * row[c]}. */
  void mulRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols);

  // ---- unary maps: out[i] = f(x[i]) ----

  /**
   * {@code out[i] = max(x[i], 0)} with {@link Math#max(float, float)} semantics (NaN stays NaN).
   */
  void relu(float[] x, int xOff, float[] out, int outOff, int n);

  /**
   * Back-propagation through relu: {@code dx[i] = x[i] > 0 ? dy[i] : 0} ({@code x} is the relu
   * input; where {@code x <= 0} or is NaN the gradient is exactly +0, whatever {@code dy} holds).
   */
  void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

  /** {@code out[i] = tanh(x[i])}. */
  void tanh(float[] x, int xOff, float[] out, int outOff, int n);

  /** {@code out[i] = 1 / (1 + exp(-x[i]))}, without overflow for any input. */
  void sigmoid(float[] x, int xOff, float[] out, int outOff, int n);

  /** {@code out[i] = exp(x[i])}. */
  void exp(float[] x, int xOff, float[] out, int outOff, int n);

  /** {@code out[i] = log(x[i])} (natural log; -Inf at 0, NaN below 0). */
  void log(float[] x, int xOff, float[] out, int outOff, int n);

  /**
   * {@code out[i] = log(1 + exp(x[i]))}, computed stably as {@code max(x,0) + log1p(exp(-|x|))}.
   */
  void softplus(float[] x, int xOff, float[] out, int outOff, int n);

  /** {@code out[i] = -x[i]}. */
  void neg(float[] x, int xOff, float[] out, int outOff, int n);

  /** {@code out[i] = x[i] * x[i]}. */
  void square(float[] x, int xOff, float[] out, int outOff, int n);

  // ---- reductions ----

  /** {@code Σ x[i]}; 0 when {@code n == 0}. */
  float sum(float[] x, int xOff, int n);

  /** {@code Σ x[i]²}; 0 when {@code n == 0}. */
  float sumOfSquares(float[] x, int xOff, int n);

  /**
   * {@code max x[i]} with {@link Math#max(float, float)} semantics (any NaN gives NaN, +0 beats
   * -0); {@link Float#NEGATIVE_INFINITY} when {@code n == 0}. Exact: every implementation returns
   * the same bits.
   */
  float max(float[] x, int xOff, int n);

  /** {@code Σ x[i]·y[i]}; 0 when {@code n == 0}. */
  float dot(float[] x, int xOff, float[] y, int yOff, int n);
}
