package io.langevin.kernels.elementwise;

/**
 * The element-wise spec: one plain loop per operation, single-threaded, never tuned.
 *
 * <p>Float arithmetic ({@code + - * /}, {@code max}, negation) is done exactly as written, so the
 * SIMD implementation must match these maps bit for bit. Transcendental functions are evaluated
 * with {@link Math} in double and rounded once to float (so they are within about half an ulp of
 * the true value). Reductions accumulate in double in index order and round once at the end.
 *
 * <p>It also holds the argument checks every implementation shares. Oracle of {@link
 * SimdElementwise}; tested by {@code SimdElementwiseTest}.
 */
public final class ScalarElementwise implements ElementwiseKernel {

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    checkBinary("add", a, aOff, b, bOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  @Override
  public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    checkBinary("sub", a, aOff, b, bOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] - b[bOff + i];
    }
  }

  @Override
  public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    checkBinary("mul", a, aOff, b, bOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    checkBinary("div", a, aOff, b, bOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] / b[bOff + i];
    }
  }

  @Override
  public void scale(float alpha, float[] a, int aOff, float[] out, int outOff, int n) {
    checkUnary("scale", a, aOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = alpha * a[aOff + i];
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    checkUnary("axpy", x, xOff, y, yOff, n);
    for (int i = 0; i < n; i++) {
      y[yOff + i] = alpha * x[xOff + i] + y[yOff + i];
    }
  }

  @Override
  public void addScalar(float s, float[] a, int aOff, float[] out, int outOff, int n) {
    checkUnary("addScalar", a, aOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] + s;
    }
  }

  @Override
  public void addRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols) {
    checkRows("addRowVector", a, aOff, row, rowOff, out, outOff, rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[outOff + r * cols + c] = a[aOff + r * cols + c] + row[rowOff + c];
      }
    }
  }

  @Override
  public void mulRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols) {
    checkRows("mulRowVector", a, aOff, row, rowOff, out, outOff, rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[outOff + r * cols + c] = a[aOff + r * cols + c] * row[rowOff + c];
      }
    }
  }

  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("relu", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  @Override
  public void reluBackward(
      float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    checkBinary("reluBackward", x, xOff, dy, dyOff, dx, dxOff, n);
    for (int i = 0; i < n; i++) {
      dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
    }
  }

  @Override
  public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("tanh", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (float) Math.tanh(x[xOff + i]);
    }
  }

  @Override
  public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("sigmoid", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      // In double, exp(-x) overflows only to +Inf (giving 0), never to NaN.
      out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
    }
  }

  @Override
  public void exp(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("exp", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (float) Math.exp(x[xOff + i]);
    }
  }

  @Override
  public void log(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("log", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (float) Math.log(x[xOff + i]);
    }
  }

  @Override
  public void softplus(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("softplus", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      double v = x[xOff + i];
      out[outOff + i] = (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
    }
  }

  @Override
  public void neg(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("neg", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = -x[xOff + i];
    }
  }

  @Override
  public void square(float[] x, int xOff, float[] out, int outOff, int n) {
    checkUnary("square", x, xOff, out, outOff, n);
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      out[outOff + i] = v * v;
    }
  }

  @Override
  public float sum(float[] x, int xOff, int n) {
    checkReduce("sum", x, xOff, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[xOff + i];
    }
    return (float) s;
  }

  @Override
  public float sumOfSquares(float[] x, int xOff, int n) {
    checkReduce("sumOfSquares", x, xOff, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
      double v = x[xOff + i];
      s += v * v;
    }
    return (float) s;
  }

  @Override
  public float max(float[] x, int xOff, int n) {
    checkReduce("max", x, xOff, n);
    float m = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, x[xOff + i]);
    }
    return m;
  }

  @Override
  public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    checkLength("dot", n);
    checkSpan("dot", "x", x, xOff, n);
    checkSpan("dot", "y", y, yOff, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) x[xOff + i] * y[yOff + i];
    }
    return (float) s;
  }

  // ---- argument checks shared with SimdElementwise ----

  static void checkBinary(
      String op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    checkLength(op, n);
    checkSpan(op, "first input", a, aOff, n);
    checkSpan(op, "second input", b, bOff, n);
    checkSpan(op, "output", out, outOff, n);
  }

  static void checkUnary(String op, float[] a, int aOff, float[] out, int outOff, int n) {
    checkLength(op, n);
    checkSpan(op, "input", a, aOff, n);
    checkSpan(op, "output", out, outOff, n);
  }

  static void checkReduce(String op, float[] x, int xOff, int n) {
    checkLength(op, n);
    checkSpan(op, "input", x, xOff, n);
  }

  static void checkRows(
      String op,
      float[] a,
      int aOff,
      float[] row,
      int rowOff,
      float[] out,
      int outOff,
      int rows,
      int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(op + ": negative shape rows=" + rows + " cols=" + cols);
    }
    long size = (long) rows * cols;
    checkSpan(op, "matrix input (" + rows + "x" + cols + ")", a, aOff, size);
    checkSpan(op, "row vector", row, rowOff, rows == 0 ? 0 : cols);
    checkSpan(op, "output (" + rows + "x" + cols + ")", out, outOff, size);
  }

  static void checkLength(String op, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(op + ": negative length n=" + n);
    }
  }

  static void checkSpan(String op, String what, float[] x, int off, long len) {
    if (x == null) {
      throw new IllegalArgumentException(op + ": " + what + " array is null");
    }
    if (off < 0 || off + len > x.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " at offset "
              + off
              + " with length "
              + len
              + " needs "
              + (off + len)
              + " floats but the array holds "
              + x.length);
    }
  }
}
