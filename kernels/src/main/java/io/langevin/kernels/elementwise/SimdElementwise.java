package io.langevin.kernels.elementwise;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import io.langevin.kernels.cpu.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link ElementwiseKernel}: one vector loop ({@code loopBound}) plus
 * a scalar tail per operation, on {@link Species#F}. Calls longer than {@link #GRAIN} elements are
 * cut into chunks of {@code GRAIN} and run on {@link CpuPool}; chunk boundaries depend only on
 * {@code n}, so every result is the same on 1 or N threads.
 *
 * <p>Bytes per element are listed in {@link ElementwiseKernel}. What must match {@link
 * ScalarElementwise}, as checked by {@code SimdElementwiseTest}:
 *
 * <ul>
 *   <li>add, sub, mul, div, scale, axpy (product then sum, no FMA), addScalar, the row broadcasts,
 *       relu, reluBackward, neg, square and max: <b>bit-identical</b>.
 *   <li>tanh, exp, log, softplus, sigmoid: {@link VectorMath} in float (IEEE-exact operations only,
 *       so the same bits in the interpreter, C1 and C2, never {@code lanewise(EXP/…)}, whose bits
 *       change when C2 compiles it); within a few ulp of the spec's {@link Math} in double. The
 *       scalar tail calls {@link VectorMath}'s scalar twins, which give the same bits as the vector
 *       lanes, so every element's value is the same whatever {@code n} and its position are (and
 *       each loop has a single vector call site, which C2 inlines; see {@link VectorMath}).
 *   <li>sum, sumOfSquares, dot: per chunk, four float vector accumulators, combined as {@code
 *       (a0+a1)+(a2+a3)}, then the lanes and the scalar tail in double, the chunks in chunk order
 *       in double, rounded once. The error is bounded by about {@code (chunkLength/lanes +
 *       3)·2^-24·Σ|terms|}. Lanes are summed by explicit code, not {@code reduceLanes}, whose order
 *       is unspecified and could differ between the interpreter and C2.
 * </ul>
 */
public final class SimdElementwise implements ElementwiseKernel {

  /** Elements per chunk of a multi-threaded call (and the size above which calls go parallel). */
  static final int GRAIN = 1 << 16;

  private static final VectorSpecies<Float> S = Species.F;
  private static final int L = S.length();

  // ---- binary maps ----

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkBinary("add", a, aOff, b, bOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> addRange(a, aOff, b, bOff, out, outOff, f, t));
  }

  private static void addRange(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector va = FloatVector.fromArray(S, a, aOff + i);
      va.add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  @Override
  public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkBinary("sub", a, aOff, b, bOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> subRange(a, aOff, b, bOff, out, outOff, f, t));
  }

  private static void subRange(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector va = FloatVector.fromArray(S, a, aOff + i);
      va.sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = a[aOff + i] - b[bOff + i];
    }
  }

  @Override
  public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkBinary("mul", a, aOff, b, bOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> mulRange(a, aOff, b, bOff, out, outOff, f, t));
  }

  private static void mulRange(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector va = FloatVector.fromArray(S, a, aOff + i);
      va.mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkBinary("div", a, aOff, b, bOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> divRange(a, aOff, b, bOff, out, outOff, f, t));
  }

  private static void divRange(
      float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector va = FloatVector.fromArray(S, a, aOff + i);
      va.div(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = a[aOff + i] / b[bOff + i];
    }
  }

  // ---- scalar forms ----

  @Override
  public void scale(float alpha, float[] a, int aOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("scale", a, aOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> scaleRange(alpha, a, aOff, out, outOff, f, t));
  }

  private static void scaleRange(
      float alpha, float[] a, int aOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i).mul(alpha).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = alpha * a[aOff + i];
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    ScalarElementwise.checkUnary("axpy", x, xOff, y, yOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> axpyRange(alpha, x, xOff, y, yOff, f, t));
  }

  private static void axpyRange(
      float alpha, float[] x, int xOff, float[] y, int yOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector vx = FloatVector.fromArray(S, x, xOff + i);
      vx.mul(alpha).add(FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < to; i++) {
      y[yOff + i] = alpha * x[xOff + i] + y[yOff + i];
    }
  }

  @Override
  public void addScalar(float s, float[] a, int aOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("addScalar", a, aOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> addScalarRange(s, a, aOff, out, outOff, f, t));
  }

  private static void addScalarRange(
      float s, float[] a, int aOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i).add(s).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = a[aOff + i] + s;
    }
  }

  // ---- row broadcasts ----

  @Override
  public void addRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols) {
    ScalarElementwise.checkRows("addRowVector", a, aOff, row, rowOff, out, outOff, rows, cols);
    if ((long) rows * cols <= GRAIN || rows == 1) {
      rowsRange(false, a, aOff, row, rowOff, out, outOff, cols, 0, rows);
    } else {
      CpuPool.forRange(
          rows,
          rowGrain(cols),
          (f, t) -> rowsRange(false, a, aOff, row, rowOff, out, outOff, cols, f, t));
    }
  }

  @Override
  public void mulRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols) {
    ScalarElementwise.checkRows("mulRowVector", a, aOff, row, rowOff, out, outOff, rows, cols);
    if ((long) rows * cols <= GRAIN || rows == 1) {
      rowsRange(true, a, aOff, row, rowOff, out, outOff, cols, 0, rows);
    } else {
      CpuPool.forRange(
          rows,
          rowGrain(cols),
          (f, t) -> rowsRange(true, a, aOff, row, rowOff, out, outOff, cols, f, t));
    }
  }

  private static int rowGrain(int cols) {
    return Math.max(1, GRAIN / Math.max(1, cols));
  }

  private static void rowsRange(
      boolean multiply,
      float[] a,
      int aOff,
      float[] row,
      int rowOff,
      float[] out,
      int outOff,
      int cols,
      int fromRow,
      int toRow) {
    for (int r = fromRow; r < toRow; r++) {
      int base = r * cols;
      if (multiply) {
        mulRange(a, aOff + base, row, rowOff, out, outOff + base, 0, cols);
      } else {
        addRange(a, aOff + base, row, rowOff, out, outOff + base, 0, cols);
      }
    }
  }

  // ---- unary maps ----

  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("relu", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> reluRange(x, xOff, out, outOff, f, t));
  }

  private static void reluRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  @Override
  public void reluBackward(
      float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    ScalarElementwise.checkBinary("reluBackward", x, xOff, dy, dyOff, dx, dxOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> reluBackwardRange(x, xOff, dy, dyOff, dx, dxOff, f, t));
  }

  private static void reluBackwardRange(
      float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      VectorMask<Float> positive =
          FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
      FloatVector.zero(S)
          .blend(FloatVector.fromArray(S, dy, dyOff + i), positive)
          .intoArray(dx, dxOff + i);
    }
    for (; i < to; i++) {
      dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
    }
  }

  @Override
  public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("tanh", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> tanhRange(x, xOff, out, outOff, f, t));
  }

  private static void tanhRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = VectorMath.tanh(x[xOff + i]);
    }
  }

  @Override
  public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("sigmoid", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> sigmoidRange(x, xOff, out, outOff, f, t));
  }

  private static void sigmoidRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = VectorMath.sigmoid(x[xOff + i]);
    }
  }

  @Override
  public void exp(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("exp", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> expRange(x, xOff, out, outOff, f, t));
  }

  private static void expRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      VectorMath.exp(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = VectorMath.exp(x[xOff + i]);
    }
  }

  @Override
  public void log(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("log", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> logRange(x, xOff, out, outOff, f, t));
  }

  private static void logRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      VectorMath.log(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = VectorMath.log(x[xOff + i]);
    }
  }

  @Override
  public void softplus(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("softplus", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> softplusRange(x, xOff, out, outOff, f, t));
  }

  private static void softplusRange(
      float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      VectorMath.softplus(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = VectorMath.softplus(x[xOff + i]);
    }
  }

  @Override
  public void neg(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("neg", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> negRange(x, xOff, out, outOff, f, t));
  }

  private static void negRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, x, xOff + i).neg().intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      out[outOff + i] = -x[xOff + i];
    }
  }

  @Override
  public void square(float[] x, int xOff, float[] out, int outOff, int n) {
    ScalarElementwise.checkUnary("square", x, xOff, out, outOff, n);
    CpuPool.forRange(n, GRAIN, (f, t) -> squareRange(x, xOff, out, outOff, f, t));
  }

  private static void squareRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      v.mul(v).intoArray(out, outOff + i);
    }
    for (; i < to; i++) {
      float v = x[xOff + i];
      out[outOff + i] = v * v;
    }
  }

  // ---- reductions ----

  @Override
  public float sum(float[] x, int xOff, int n) {
    ScalarElementwise.checkReduce("sum", x, xOff, n);
    if (n <= GRAIN) {
      return (float) sumRange(x, xOff, 0, n);
    }
    double[] partial = new double[chunks(n)];
    CpuPool.forRange(n, GRAIN, (f, t) -> partial[f / GRAIN] = sumRange(x, xOff, f, t));
    return (float) inOrder(partial);
  }

  private static double sumRange(float[] x, int xOff, int from, int to) {
    // Accumulators start from a local zero: a static final vector constant as the initial value of
    // a
    // loop-carried vector defeats C2's box elimination (measured ~5x slower).
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = from;
    for (int bound = from + ((to - from) & -(4 * L)); i < bound; i += 4 * L) {
      a0 = a0.add(FloatVector.fromArray(S, x, xOff + i));
      a1 = a1.add(FloatVector.fromArray(S, x, xOff + i + L));
      a2 = a2.add(FloatVector.fromArray(S, x, xOff + i + 2 * L));
      a3 = a3.add(FloatVector.fromArray(S, x, xOff + i + 3 * L));
    }
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      a0 = a0.add(FloatVector.fromArray(S, x, xOff + i));
    }
    double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
    for (; i < to; i++) {
      s += x[xOff + i];
    }
    return s;
  }

  @Override
  public float sumOfSquares(float[] x, int xOff, int n) {
    ScalarElementwise.checkReduce("sumOfSquares", x, xOff, n);
    if (n <= GRAIN) {
      return (float) sumOfSquaresRange(x, xOff, 0, n);
    }
    double[] partial = new double[chunks(n)];
    CpuPool.forRange(n, GRAIN, (f, t) -> partial[f / GRAIN] = sumOfSquaresRange(x, xOff, f, t));
    return (float) inOrder(partial);
  }

  private static double sumOfSquaresRange(float[] x, int xOff, int from, int to) {
    // Accumulators start from a local zero: a static final vector constant as the initial value of
    // a
    // loop-carried vector defeats C2's box elimination (measured ~5x slower).
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = from;
    for (int bound = from + ((to - from) & -(4 * L)); i < bound; i += 4 * L) {
      FloatVector v0 = FloatVector.fromArray(S, x, xOff + i);
      FloatVector v1 = FloatVector.fromArray(S, x, xOff + i + L);
      FloatVector v2 = FloatVector.fromArray(S, x, xOff + i + 2 * L);
      FloatVector v3 = FloatVector.fromArray(S, x, xOff + i + 3 * L);
      a0 = v0.fma(v0, a0);
      a1 = v1.fma(v1, a1);
      a2 = v2.fma(v2, a2);
      a3 = v3.fma(v3, a3);
    }
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      a0 = v.fma(v, a0);
    }
    double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
    for (; i < to; i++) {
      double v = x[xOff + i];
      s += v * v;
    }
    return s;
  }

  @Override
  public float max(float[] x, int xOff, int n) {
    ScalarElementwise.checkReduce("max", x, xOff, n);
    if (n <= GRAIN) {
      return maxRange(x, xOff, 0, n);
    }
    float[] partial = new float[chunks(n)];
    CpuPool.forRange(n, GRAIN, (f, t) -> partial[f / GRAIN] = maxRange(x, xOff, f, t));
    float m = Float.NEGATIVE_INFINITY;
    for (float p : partial) {
      m = Math.max(m, p);
    }
    return m;
  }

  private static float maxRange(float[] x, int xOff, int from, int to) {
    FloatVector lowest = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector a0 = lowest;
    FloatVector a1 = lowest;
    FloatVector a2 = lowest;
    FloatVector a3 = lowest;
    int i = from;
    for (int bound = from + ((to - from) & -(4 * L)); i < bound; i += 4 * L) {
      a0 = a0.max(FloatVector.fromArray(S, x, xOff + i));
      a1 = a1.max(FloatVector.fromArray(S, x, xOff + i + L));
      a2 = a2.max(FloatVector.fromArray(S, x, xOff + i + 2 * L));
      a3 = a3.max(FloatVector.fromArray(S, x, xOff + i + 3 * L));
    }
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      a0 = a0.max(FloatVector.fromArray(S, x, xOff + i));
    }
    float[] lanes = a0.max(a1).max(a2.max(a3)).toArray();
    float m = Float.NEGATIVE_INFINITY;
    for (float v : lanes) {
      m = Math.max(m, v);
    }
    for (; i < to; i++) {
      m = Math.max(m, x[xOff + i]);
    }
    return m;
  }

  @Override
  public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    ScalarElementwise.checkLength("dot", n);
    ScalarElementwise.checkSpan("dot", "x", x, xOff, n);
    ScalarElementwise.checkSpan("dot", "y", y, yOff, n);
    if (n <= GRAIN) {
      return (float) dotRange(x, xOff, y, yOff, 0, n);
    }
    double[] partial = new double[chunks(n)];
    CpuPool.forRange(n, GRAIN, (f, t) -> partial[f / GRAIN] = dotRange(x, xOff, y, yOff, f, t));
    return (float) inOrder(partial);
  }

  private static double dotRange(float[] x, int xOff, float[] y, int yOff, int from, int to) {
    // Accumulators start from a local zero: a static final vector constant as the initial value of
    // a
    // loop-carried vector defeats C2's box elimination (measured ~5x slower).
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = from;
    for (int bound = from + ((to - from) & -(4 * L)); i < bound; i += 4 * L) {
      a0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), a0);
      a1 =
          FloatVector.fromArray(S, x, xOff + i + L)
              .fma(FloatVector.fromArray(S, y, yOff + i + L), a1);
      a2 =
          FloatVector.fromArray(S, x, xOff + i + 2 * L)
              .fma(FloatVector.fromArray(S, y, yOff + i + 2 * L), a2);
      a3 =
          FloatVector.fromArray(S, x, xOff + i + 3 * L)
              .fma(FloatVector.fromArray(S, y, yOff + i + 3 * L), a3);
    }
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      a0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), a0);
    }
    double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
    for (; i < to; i++) {
      s += (double) x[xOff + i] * y[yOff + i];
    }
    return s;
  }

  private static int chunks(int n) {
    return (int) ((n + (long) GRAIN - 1) / GRAIN);
  }

  /** Sums the lanes of {@code v} in lane order, in double: fixed order, unlike reduceLanes. */
  private static double lanesInOrder(FloatVector v) {
    float[] lanes = v.toArray();
    double s = 0;
    for (float f : lanes) {
      s += f;
    }
    return s;
  }

  private static double inOrder(double[] partial) {
    double s = 0;
    for (double p : partial) {
      s += p;
    }
    return s;
  }
}
