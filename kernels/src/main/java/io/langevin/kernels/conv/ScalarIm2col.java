package io.langevin.kernels.conv;

/**
 * The im2col / col2im spec (Caffe's definition, see {@link Im2colKernel}): six nested loops over
 * (image, channel, ki, kj, oh, ow) with a bounds test per element; single-threaded, never tuned.
 * col2im adds in float in that loop order. {@link SimdIm2col} must match it bit for bit; tested by
 * {@code SimdIm2colTest}. It also holds the argument checks every implementation shares.
 */
public final class ScalarIm2col implements Im2colKernel {

  @Override
  public void im2col(
      Geometry g, int batch, BatchLayout layout, float[] x, int xOff, float[] cols, int colsOff) {
    check("im2col", g, batch, layout, x, xOff, cols, colsOff);
    int outH = g.outH();
    int outW = g.outW();
    int ld = rowStride(g, batch, layout);
    for (int b = 0; b < batch; b++) {
      int xBase = xOff + b * g.imageSize();
      int cBase = imageBase(g, batch, layout, colsOff, b);
      for (int c = 0; c < g.channels(); c++) {
        for (int ki = 0; ki < g.kernelH(); ki++) {
          for (int kj = 0; kj < g.kernelW(); kj++) {
            int r = (c * g.kernelH() + ki) * g.kernelW() + kj;
            for (int oh = 0; oh < outH; oh++) {
              for (int ow = 0; ow < outW; ow++) {
                int ih = oh * g.strideH() - g.padH() + ki;
                int iw = ow * g.strideW() - g.padW() + kj;
                boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
                cols[cBase + r * ld + oh * outW + ow] =
                    inside ? x[xBase + (c * g.height() + ih) * g.width() + iw] : 0f;
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void col2im(
      Geometry g, int batch, BatchLayout layout, float[] cols, int colsOff, float[] x, int xOff) {
    check("col2im", g, batch, layout, x, xOff, cols, colsOff);
    int outH = g.outH();
    int outW = g.outW();
    int ld = rowStride(g, batch, layout);
    for (int b = 0; b < batch; b++) {
      int xBase = xOff + b * g.imageSize();
      int cBase = imageBase(g, batch, layout, colsOff, b);
      for (int c = 0; c < g.channels(); c++) {
        for (int ki = 0; ki < g.kernelH(); ki++) {
          for (int kj = 0; kj < g.kernelW(); kj++) {
            int r = (c * g.kernelH() + ki) * g.kernelW() + kj;
            for (int oh = 0; oh < outH; oh++) {
              for (int ow = 0; ow < outW; ow++) {
                int ih = oh * g.strideH() - g.padH() + ki;
                int iw = ow * g.strideW() - g.padW() + kj;
                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                  x[xBase + (c * g.height() + ih) * g.width() + iw] +=
                      cols[cBase + r * ld + oh * outW + ow];
                }
              }
            }
          }
        }
      }
    }
  }

  /** Row stride of the column matrices in {@code layout}. */
  static int rowStride(Geometry g, int batch, BatchLayout layout) {
    return layout == BatchLayout.WIDE ? batch * g.outSize() : g.outSize();
  }

  /** Index of element (row 0, column 0) of image {@code b}'s column matrix. */
  static int imageBase(Geometry g, int batch, BatchLayout layout, int colsOff, int b) {
    return colsOff + (layout == BatchLayout.WIDE ? b * g.outSize() : b * g.colSize());
  }

  static void check(
      String op,
      Geometry g,
      int batch,
      BatchLayout layout,
      float[] x,
      int xOff,
      float[] cols,
      int colsOff) {
    if (g == null || layout == null || x == null || cols == null) {
      throw new IllegalArgumentException(op + ": null geometry, layout or array");
    }
    if (batch < 0) {
      throw new IllegalArgumentException(op + ": negative batch=" + batch);
    }
    long xEnd = xOff + (long) batch * g.imageSize();
    if (xOff < 0 || xEnd > x.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + batch
              + " image(s) of "
              + g.channels()
              + "x"
              + g.height()
              + "x"
              + g.width()
              + " at offset "
              + xOff
              + " need "
              + xEnd
              + " floats but the image array holds "
              + x.length);
    }
    long colsEnd = colsOff + (long) batch * g.colSize();
    if (colsOff < 0 || colsEnd > cols.length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + batch
              + " column matrix(es) of "
              + g.colRows()
              + "x"
              + g.outSize()
              + " at offset "
              + colsOff
              + " need "
              + colsEnd
              + " floats but the column array holds "
              + cols.length);
    }
  }
}
