package io.langevin.kernels.elementwise;

import io.langevin.kernels.cpu.KernelMode;

/**
 * Entry point for element-wise kernels: the implementation chosen once by {@link KernelMode}
 * ({@link SimdElementwise} or the spec {@link ScalarElementwise}). Each method delegates to the
 * {@link ElementwiseKernel} method of the same name; see there for semantics and bytes per element.
 */
public final class Elementwise {
  private static final ElementwiseKernel KERNEL =
      KernelMode.select(SimdElementwise::new, ScalarElementwise::new);

  private Elementwise() {}

  /** The implementation in use. */
  public static ElementwiseKernel kernel() {
    return KERNEL;
  }

  public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    KERNEL.add(a, aOff, b, bOff, out, outOff, n);
  }

  public static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    KERNEL.sub(a, aOff, b, bOff, out, outOff, n);
  }

  public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    KERNEL.mul(a, aOff, b, bOff, out, outOff, n);
  }

  public static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    KERNEL.div(a, aOff, b, bOff, out, outOff, n);
  }

  public static void scale(float alpha, float[] a, int aOff, float[] out, int outOff, int n) {
    KERNEL.scale(alpha, a, aOff, out, outOff, n);
  }

  public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    KERNEL.axpy(alpha, x, xOff, y, yOff, n);
  }

  public static void addScalar(float s, float[] a, int aOff, float[] out, int outOff, int n) {
    KERNEL.addScalar(s, a, aOff, out, outOff, n);
  }

  public static void addRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols) {
    KERNEL.addRowVector(a, aOff, row, rowOff, out, outOff, rows, cols);
  }

  public static void mulRowVector(
      float[] a, int aOff, float[] row, int rowOff, float[] out, int outOff, int rows, int cols) {
    KERNEL.mulRowVector(a, aOff, row, rowOff, out, outOff, rows, cols);
  }

  public static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.relu(x, xOff, out, outOff, n);
  }

  public static void reluBackward(
      float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    KERNEL.reluBackward(x, xOff, dy, dyOff, dx, dxOff, n);
  }

  public static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.tanh(x, xOff, out, outOff, n);
  }

  public static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.sigmoid(x, xOff, out, outOff, n);
  }

  public static void exp(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.exp(x, xOff, out, outOff, n);
  }

  public static void log(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.log(x, xOff, out, outOff, n);
  }

  public static void softplus(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.softplus(x, xOff, out, outOff, n);
  }

  public static void neg(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.neg(x, xOff, out, outOff, n);
  }

  public static void square(float[] x, int xOff, float[] out, int outOff, int n) {
    KERNEL.square(x, xOff, out, outOff, n);
  }

  public static float sum(float[] x, int xOff, int n) {
    return KERNEL.sum(x, xOff, n);
  }

  public static float sumOfSquares(float[] x, int xOff, int n) {
    return KERNEL.sumOfSquares(x, xOff, n);
  }

  public static float max(float[] x, int xOff, int n) {
    return KERNEL.max(x, xOff, n);
  }

  public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    return KERNEL.dot(x, xOff, y, yOff, n);
  }
}
