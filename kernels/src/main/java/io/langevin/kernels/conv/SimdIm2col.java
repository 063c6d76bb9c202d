package io.langevin.kernels.conv;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast im2col / col2im (definition and layouts in {@link Im2colKernel}), bit-identical to {@link
 * ScalarIm2col}.
 *
 * <p>Instead of a bounds test per element, the in-image range of each kernel offset (ki, kj) is
 * computed once: output rows {@code [ohLo, ohHi)} and columns {@code [owLo, owHi)} read pixels, the
 * rest is padding and is zero-filled. With {@code strideW == 1} the pixel runs are contiguous and
 * are copied (im2col) or accumulated (col2im) with {@link Species#F} vectors, one half-width vector
 * and a short scalar tail; other strides use a plain strided loop. col2im adds into each pixel in the spec's
 * (ki, kj) order, one addition per (ki, kj), so it rounds identically.
 *
 * <p>Threads: the (image, channel) pairs are split over {@link CpuPool} when a call writes more
 * than 2^15 column entries; each pair writes its own column rows (im2col) or its own image plane
 * (col2im), so results do not depend on the thread count. In the {@code WIDE} layout the pairs are
 * taken channel by channel, and within a channel kernel offset (ki, kj) by offset with the images
 * innermost, so that each column row is written (read) along the batch as one run instead of in
 * short pieces 4·batch·outSize bytes apart; each pixel still receives its (ki, kj) contributions
 * in the spec's order. Tested by {@code SimdIm2colTest}.
 */
public final class SimdIm2col implements Im2colKernel {

  private static final VectorSpecies<Float> S = Species.F;
  private static final int L = S.length();
  private static final VectorSpecies<Float> HALF = Species.F_HALF;
  private static final int H = HALF.length();

  /** Column entries per pool chunk (and the size above which a call goes parallel). */
  private static final int CHUNK = 1 << 15;

  @Override
  public void im2col(
      Geometry g, int batch, BatchLayout layout, float[] x, int xOff, float[] cols, int colsOff) {
    ScalarIm2col.check("im2col", g, batch, layout, x, xOff, cols, colsOff);
    run(g, batch, (u0, u1) -> im2colUnits(g, batch, layout, x, xOff, cols, colsOff, u0, u1));
  }

  @Override
  public void col2im(
      Geometry g, int batch, BatchLayout layout, float[] cols, int colsOff, float[] x, int xOff) {
    ScalarIm2col.check("col2im", g, batch, layout, x, xOff, cols, colsOff);
    run(g, batch, (u0, u1) -> col2imUnits(g, batch, layout, cols, colsOff, x, xOff, u0, u1));
  }

  /** Runs {@code body} over the (image, channel) units, in parallel when the call is large. */
  private static void run(Geometry g, int batch, CpuPool.RangeBody body) {
    int units = batch * g.channels();
    long perUnit = (long) g.kernelH() * g.kernelW() * g.outSize();
    if (units <= 1 || perUnit * units <= CHUNK) {
      body.run(0, units);
    } else {
      CpuPool.forRange(units, (int) Math.max(1, CHUNK / perUnit), body);
    }
  }

  private static void im2colUnits(
      Geometry g,
      int batch,
      BatchLayout layout,
      float[] x,
      int xOff,
      float[] cols,
      int colsOff,
      int u0,
      int u1) {
    int outH = g.outH();
    int outW = g.outW();
    int ld = ScalarIm2col.rowStride(g, batch, layout);
    int h = g.height();
    int w = g.width();
    int sh = g.strideH();
    int sw = g.strideW();
    boolean wide = layout == BatchLayout.WIDE;
    int[] run = new int[3];
    for (int u = u0; u < u1; ) {
      unitRun(u, u1, wide, batch, g.channels(), run);
      int c = run[0];
      int bLo = run[1];
      int bHi = run[2];
      u += bHi - bLo;
      for (int ki = 0; ki < g.kernelH(); ki++) {
        int ohLo = firstInside(g.padH() - ki, sh, outH);
        int ohHi = Math.max(ohLo, endInside(h - 1 + g.padH() - ki, sh, outH));
        for (int kj = 0; kj < g.kernelW(); kj++) {
          int owLo = firstInside(g.padW() - kj, sw, outW);
          int owHi = Math.max(owLo, endInside(w - 1 + g.padW() - kj, sw, outW));
          int r = (c * g.kernelH() + ki) * g.kernelW() + kj;
          for (int b = bLo; b < bHi; b++) {
            int plane = xOff + b * g.imageSize() + c * h * w;
            int row = ScalarIm2col.imageBase(g, batch, layout, colsOff, b) + r * ld;
            zero(cols, row, row + ohLo * outW);
            zero(cols, row + ohHi * outW, row + outH * outW);
            if (sw == 1 && owLo == 0 && owHi == outW && outW == H) {
              // Unpadded rows of one half-width vector each (e.g. 8 of 16 lanes).
              for (int oh = ohLo; oh < ohHi; oh++) {
                int src = plane + (oh * sh - g.padH() + ki) * w - g.padW() + kj;
                FloatVector.fromArray(HALF, x, src).intoArray(cols, row + oh * outW);
              }
              continue;
            }
            for (int oh = ohLo; oh < ohHi; oh++) {
              int d = row + oh * outW;
              int src = plane + (oh * sh - g.padH() + ki) * w + owLo * sw - g.padW() + kj;
              for (int ow = 0; ow < owLo; ow++) {
                cols[d + ow] = 0f;
              }
              if (sw == 1) {
                copy(x, src, cols, d + owLo, owHi - owLo);
              } else {
                for (int ow = owLo, s = src; ow < owHi; ow++, s += sw) {
                  cols[d + ow] = x[s];
                }
              }
              for (int ow = owHi; ow < outW; ow++) {
                cols[d + ow] = 0f;
              }
            }
          }
        }
      }
    }
  }

  private static void col2imUnits(
      Geometry g,
      int batch,
      BatchLayout layout,
      float[] cols,
      int colsOff,
      float[] x,
      int xOff,
      int u0,
      int u1) {
    int outH = g.outH();
    int outW = g.outW();
    int ld = ScalarIm2col.rowStride(g, batch, layout);
    int h = g.height();
    int w = g.width();
    int sh = g.strideH();
    int sw = g.strideW();
    boolean wide = layout == BatchLayout.WIDE;
    int[] run = new int[3];
    for (int u = u0; u < u1; ) {
      unitRun(u, u1, wide, batch, g.channels(), run);
      int c = run[0];
      int bLo = run[1];
      int bHi = run[2];
      u += bHi - bLo;
      for (int ki = 0; ki < g.kernelH(); ki++) {
        int ohLo = firstInside(g.padH() - ki, sh, outH);
        int ohHi = Math.max(ohLo, endInside(h - 1 + g.padH() - ki, sh, outH));
        for (int kj = 0; kj < g.kernelW(); kj++) {
          int owLo = firstInside(g.padW() - kj, sw, outW);
          int owHi = Math.max(owLo, endInside(w - 1 + g.padW() - kj, sw, outW));
          int r = (c * g.kernelH() + ki) * g.kernelW() + kj;
          for (int b = bLo; b < bHi; b++) {
            int plane = xOff + b * g.imageSize() + c * h * w;
            int row = ScalarIm2col.imageBase(g, batch, layout, colsOff, b) + r * ld;
            int len = owHi - owLo;
            if (sw == 1 && len == H) { // one half-width vector per output row (e.g. 8 of 16 lanes)
              for (int oh = ohLo; oh < ohHi; oh++) {
                int d = row + oh * outW + owLo;
                int dst = plane + (oh * sh - g.padH() + ki) * w + owLo - g.padW() + kj;
                FloatVector v = FloatVector.fromArray(HALF, x, dst);
                v.add(FloatVector.fromArray(HALF, cols, d)).intoArray(x, dst);
              }
              continue;
            }
            for (int oh = ohLo; oh < ohHi; oh++) {
              int d = row + oh * outW;
              int dst = plane + (oh * sh - g.padH() + ki) * w + owLo * sw - g.padW() + kj;
              if (sw == 1) {
                accumulate(cols, d + owLo, x, dst, len);
              } else {
                for (int ow = owLo, t = dst; ow < owHi; ow++, t += sw) {
                  x[t] += cols[d + ow];
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * First output index {@code o >= 0} with {@code o·stride >= before} (the first one inside the
   * image when {@code before} = padding − kernel offset), at most {@code out}.
   */
  /**
   * The units of one channel c from unit u on (at most up to u1): images [bLo, bHi), written to
   * {@code run = {c, bLo, bHi}}. The WIDE layout numbers the units channel-major, so that a column
   * row is written (or read) along the batch in one run; the other layout has one image per unit.
   */
  private static void unitRun(int u, int u1, boolean wide, int batch, int channels, int[] run) {
    if (wide) {
      int c = u / batch;
      int bLo = u - c * batch;
      run[0] = c;
      run[1] = bLo;
      run[2] = Math.min(batch, bLo + (u1 - u));
    } else {
      int bLo = u / channels;
      run[0] = u - bLo * channels;
      run[1] = bLo;
      run[2] = bLo + 1;
    }
  }

  private static int firstInside(int before, int stride, int out) {
    if (before <= 0) {
      return 0;
    }
    return Math.min(out, (before + stride - 1) / stride);
  }

  /**
   * One past the last output index {@code o < out} with {@code o·stride <= last} (the last one
   * inside when {@code last} = size − 1 + padding − kernel offset); 0 when {@code last < 0}.
   */
  private static int endInside(int last, int stride, int out) {
    if (last < 0) {
      return 0;
    }
    return Math.min(out, last / stride + 1);
  }

  /** Zeroes {@code a[from, to)}: a plain loop, cheaper than {@link Arrays#fill} on short runs. */
  private static void zero(float[] a, int from, int to) {
    if (to - from > 256) {
      Arrays.fill(a, from, to, 0f);
      return;
    }
    for (int i = from; i < to; i++) {
      a[i] = 0f;
    }
  }

  /**
   * {@code dst[d + i] = src[s + i]} for {@code i < len}: full vectors, then one half-width vector
   * ({@link Species#F_HALF}) and a scalar tail of fewer than half a vector. No masks: masked
   * accesses of short runs (an 8-wide output row at 16 lanes) cost several times more.
   */
  private static void copy(float[] src, int s, float[] dst, int d, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
    }
    if (len - i >= H) {
      FloatVector.fromArray(HALF, src, s + i).intoArray(dst, d + i);
      i += H;
    }
    for (; i < len; i++) {
      dst[d + i] = src[s + i];
    }
  }

  /** {@code dst[d + i] += src[s + i]} for {@code i < len}, vectors as in {@link #copy}. */
  private static void accumulate(float[] src, int s, float[] dst, int d, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, dst, d + i);
      v.add(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
    }
    if (len - i >= H) {
      FloatVector v = FloatVector.fromArray(HALF, dst, d + i);
      v.add(FloatVector.fromArray(HALF, src, s + i)).intoArray(dst, d + i);
      i += H;
    }
    for (; i < len; i++) {
      dst[d + i] += src[s + i];
    }
  }
}
