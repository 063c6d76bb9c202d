package io.langevin.kernels.conv;

import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.cpu.KernelMode;

/**
 * Entry point for im2col / col2im: the implementation chosen once by {@link KernelMode} ({@link
 * SimdIm2col} or the spec {@link ScalarIm2col}; both give the same bits). Layout and semantics in
 * {@link Im2colKernel}.
 */
public final class Im2col {
  private static final Im2colKernel KERNEL = KernelMode.select(SimdIm2col::new, ScalarIm2col::new);

  private Im2col() {}

  /** The implementation in use. */
  public static Im2colKernel kernel() {
    return KERNEL;
  }

  /** Column matrix ({@code colRows × outSize}) of one NCHW image. */
  public static void im2col(Geometry g, float[] x, int xOff, float[] cols, int colsOff) {
    KERNEL.im2col(g, x, xOff, cols, colsOff);
  }

  /** Adds one image's column matrix back into the image ({@code x +=}). */
  public static void col2im(Geometry g, float[] cols, int colsOff, float[] x, int xOff) {
    KERNEL.col2im(g, cols, colsOff, x, xOff);
  }

  /** Column matrices of {@code batch} consecutive images in the given layout. */
  public static void im2col(
      Geometry g, int batch, BatchLayout layout, float[] x, int xOff, float[] cols, int colsOff) {
    KERNEL.im2col(g, batch, layout, x, xOff, cols, colsOff);
  }

  /** Adds {@code batch} column matrices back into their images ({@code x +=}). */
  public static void col2im(
      Geometry g, int batch, BatchLayout layout, float[] cols, int colsOff, float[] x, int xOff) {
    KERNEL.col2im(g, batch, layout, cols, colsOff, x, xOff);
  }
}
