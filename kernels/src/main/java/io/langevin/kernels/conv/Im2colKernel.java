package io.langevin.kernels.conv;

/**
 * im2col / col2im for 2-D convolution as a GEMM, on NCHW float32 images (Caffe's layout).
 *
 * <p>One image {@code x} is {@code channels × height × width}, element {@code (c, i, j)} at {@code
 * x[xOff + (c·height + i)·width + j]}. Its <b>column matrix</b> has {@link Geometry#colRows()} =
 * {@code channels·kernelH·kernelW} rows and {@link Geometry#outSize()} = {@code outH·outW} columns:
 *
 * <pre>
 * row  r = (c·kernelH + ki)·kernelW + kj,   column p = oh·outW + ow,
 * cols[r][p] = x(c, oh·strideH − padH + ki, ow·strideW − padW + kj)   (0 outside the image)
 * outH = (height + 2·padH − kernelH) / strideH + 1,   outW likewise.
 * </pre>
 *
 * so that the convolution with weights {@code W} (outChannels × colRows, row-major) is the GEMM
 * {@code Y = W · cols} (outChannels × outH·outW), i.e. directly the NCHW output of one image.
 * {@code col2im} is the adjoint: it <b>adds</b> each column entry back into the pixel it came from
 * ({@code x += col2im(cols)}), which is how the input gradient {@code dX = col2im(Wᵀ·dY)} is
 * formed; zero {@code x} first for a plain result. For every image, the contributions to one pixel
 * are added in the order (ki, kj) row by row, so every implementation gives the same bits.
 *
 * <p>Batches of {@code batch} consecutive images ({@code x} image b at {@code xOff + b·imageSize})
 * use one of two {@link BatchLayout}s for the column matrices. Memory: im2col reads each pixel
 * about {@code kernelH·kernelW / (strideH·strideW)} times and writes {@code 4·colRows·outSize}
 * bytes per image; col2im reads that and read-modify-writes the image.
 *
 * <p>Bad geometry or ranges outside the arrays throw {@link IllegalArgumentException} with the
 * numbers. Implementations: {@link ScalarIm2col} (spec), {@link SimdIm2col}; {@link Im2col} picks
 * one. Tested by {@code SimdIm2colTest}.
 */
public interface Im2colKernel {

  /** How the column matrices of a batch are laid out in the {@code cols} array. */
  enum BatchLayout {
    /**
     * {@code batch} column matrices one after another, each {@code colRows × outSize} (Caffe: one
     * GEMM per image). Image b, element (r, p) at {@code colsOff + (b·colRows + r)·outSize + p}.
     */
    STACKED,
    /**
     * One wide {@code colRows × (batch·outSize)} matrix, image b in columns {@code [b·outSize,
     * (b+1)·outSize)}: one GEMM for the whole batch, whose output is then channel-major ({@code
     * outChannels × batch × outH × outW}). Element (b, r, p) at {@code colsOff + r·batch·outSize +
     * b·outSize + p}.
     */
    WIDE
  }

  /**
   * Convolution geometry of one NCHW image. Validated on construction: sizes and strides ≥ 1,
   * padding ≥ 0, the padded image at least as large as the kernel, all sizes within int range.
   */
  record Geometry(
      int channels,
      int height,
      int width,
      int kernelH,
      int kernelW,
      int strideH,
      int strideW,
      int padH,
      int padW) {

    public Geometry {
      if (channels < 1 || height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "im2col: image must be at least 1x1x1, got channels="
                + channels
                + " height="
                + height
                + " width="
                + width);
      }
      if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
        throw new IllegalArgumentException(
            "im2col: need kernel >= 1, stride >= 1, pad >= 0; got kernel="
                + kernelH
                + "x"
                + kernelW
                + " stride="
                + strideH
                + "x"
                + strideW
                + " pad="
                + padH
                + "x"
                + padW);
      }
      if (height + 2L * padH < kernelH || width + 2L * padW < kernelW) {
        throw new IllegalArgumentException(
            "im2col: kernel "
                + kernelH
                + "x"
                + kernelW
                + " is larger than the padded image "
                + (height + 2L * padH)
                + "x"
                + (width + 2L * padW));
      }
      long image = (long) channels * height * width;
      long rows = (long) channels * kernelH * kernelW;
      long out =
          ((height + 2L * padH - kernelH) / strideH + 1)
              * ((width + 2L * padW - kernelW) / strideW + 1);
      if (image > Integer.MAX_VALUE
          || rows * out > Integer.MAX_VALUE
          || height + 2L * padH > Integer.MAX_VALUE
          || width + 2L * padW > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "im2col: image of "
                + image
                + " floats or column matrix of "
                + rows
                + "x"
                + out
                + " floats exceeds the int range");
      }
    }

    /** Square kernel, stride and padding. */
    public static Geometry square(
        int channels, int height, int width, int kernel, int stride, int pad) {
      return new Geometry(channels, height, width, kernel, kernel, stride, stride, pad, pad);
    }

    /** Output height {@code (height + 2·padH − kernelH) / strideH + 1}. */
    public int outH() {
      return (height + 2 * padH - kernelH) / strideH + 1;
    }

    /** Output width {@code (width + 2·padW − kernelW) / strideW + 1}. */
    public int outW() {
      return (width + 2 * padW - kernelW) / strideW + 1;
    }

    /** Columns of the column matrix: {@code outH·outW}. */
    public int outSize() {
      return outH() * outW();
    }

    /** Rows of the column matrix: {@code channels·kernelH·kernelW}. */
    public int colRows() {
      return channels * kernelH * kernelW;
    }

    /** Floats in one image: {@code channels·height·width}. */
    public int imageSize() {
      return channels * height * width;
    }

    /** Floats in one column matrix: {@code colRows·outSize}. */
    public int colSize() {
      return colRows() * outSize();
    }
  }

  /**
   * Writes the column matrix of {@code batch} images (all of it: padding entries become 0) in the
   * given layout.
   */
  void im2col(
      Geometry g, int batch, BatchLayout layout, float[] x, int xOff, float[] cols, int colsOff);

  /** Adds the column matrices of {@code batch} images back into the images ({@code x +=}). */
  void col2im(
      Geometry g, int batch, BatchLayout layout, float[] cols, int colsOff, float[] x, int xOff);

  /** The column matrix ({@code colRows × outSize}) of one image. */
  default void im2col(Geometry g, float[] x, int xOff, float[] cols, int colsOff) {
    im2col(g, 1, BatchLayout.STACKED, x, xOff, cols, colsOff);
  }

  /** Adds one image's column matrix back into the image ({@code x +=}). */
  default void col2im(Geometry g, float[] cols, int colsOff, float[] x, int xOff) {
    col2im(g, 1, BatchLayout.STACKED, cols, colsOff, x, xOff);
  }
}
