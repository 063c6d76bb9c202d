package io.langevin.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.cpu.CpuPool;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdIm2col} against the spec {@link ScalarIm2col}: bit-identical im2col (a copy) and
 * col2im (the same float additions in the same order per pixel) on ragged shapes — 1×1 images,
 * widths around the vector width, padding (including padding ≥ kernel and kernels larger than the
 * image), strides 2 and 3 and unequal strides — for single images and batches in both layouts, at
 * non-zero offsets, with the output arrays pre-filled with garbage (im2col must overwrite every
 * entry; col2im must add). Also: a hand-computed example of the spec, the adjoint identity {@code
 * ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩} in double (tolerance {@code kh·kw·2^-24·⟨|im2col(x)|, |y|⟩}:
 * each pixel of col2im(y) is a float sum of at most kh·kw terms), 1 vs N threads, and the argument
 * checks.
 */
class SimdIm2colTest {

  private final Im2colKernel simd = new SimdIm2col();
  private final Im2colKernel spec = new ScalarIm2col();

  /** channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW. */
  private static final int[][] SHAPES = {
    {1, 1, 1, 1, 1, 1, 1, 0, 0},
    {3, 7, 5, 3, 3, 1, 1, 1, 1},
    {2, 13, 17, 5, 3, 2, 2, 2, 1},
    {1, 5, 33, 3, 3, 1, 1, 1, 1},
    {1, 3, 15, 3, 3, 1, 1, 0, 0},
    {2, 4, 16, 3, 3, 1, 1, 1, 1},
    {2, 4, 17, 2, 2, 1, 1, 0, 0},
    {4, 9, 16, 3, 3, 2, 2, 1, 1},
    {2, 8, 31, 1, 1, 1, 1, 0, 0},
    {1, 4, 4, 5, 5, 1, 1, 2, 2},
    {3, 11, 7, 2, 4, 1, 3, 0, 2},
    {2, 6, 6, 3, 3, 3, 3, 0, 0},
    {1, 3, 3, 3, 3, 1, 1, 3, 3},
    {2, 10, 40, 7, 7, 2, 2, 3, 3},
    {5, 32, 32, 3, 3, 1, 1, 1, 1},
    // Output rows of exactly half a vector (8, 4 or 2 lanes at 512, 256, 128 bits), unpadded
    // (LeNet-5's conv2) and padded, which take the half-vector paths.
    {20, 12, 12, 5, 5, 1, 1, 0, 0},
    {3, 9, 10, 3, 3, 1, 1, 0, 0},
    {2, 8, 8, 3, 3, 1, 1, 1, 1},
    {2, 6, 6, 3, 3, 1, 1, 0, 0},
    {2, 6, 4, 3, 3, 1, 1, 1, 1},
    {2, 5, 4, 3, 3, 1, 1, 0, 0},
  };

  private static Geometry geometry(int[] s) {
    return new Geometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
  }

  private static float[] random(long seed, int len) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  @Test
  void specMatchesAHandComputedExample() {
    // 1 channel, 3x3 image 1..9, 2x2 kernel, stride 1, no padding: 4 rows x 4 columns.
    Geometry g = Geometry.square(1, 3, 3, 2, 1, 0);
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] cols = new float[16];
    spec.im2col(g, x, 0, cols, 0);
    assertArrayEquals(new float[] {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}, cols);
    // col2im of all ones counts how many windows cover each pixel.
    float[] counts = new float[9];
    java.util.Arrays.fill(cols, 1f);
    spec.col2im(g, cols, 0, counts, 0);
    assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, counts);
    // padding 1, stride 2: outH = outW = (3 + 2 - 2) / 2 + 1 = 2; kernel offset (0,0) reads
    // pixels (-1,-1) (-1,1) (1,-1) (1,1) -> 0 0 0 5.
    Geometry p = Geometry.square(1, 3, 3, 2, 2, 1);
    assertEquals(2, p.outH());
    float[] pc = new float[p.colSize()];
    spec.im2col(p, x, 0, pc, 0);
    assertArrayEquals(new float[] {0, 0, 0, 5}, java.util.Arrays.copyOf(pc, 4));
  }

  @Test
  void bitIdenticalToTheSpecOnRaggedShapes() {
    for (int[] shape : SHAPES) {
      Geometry g = geometry(shape);
      for (int batch : new int[] {1, 3}) {
        for (BatchLayout layout : BatchLayout.values()) {
          String what = java.util.Arrays.toString(shape) + " batch=" + batch + " " + layout;
          int xOff = 3;
          int colsOff = 5;
          float[] x = random(shape[1] * 101L + batch, xOff + batch * g.imageSize() + 2);
          float[] colsE = random(7, colsOff + batch * g.colSize() + 4);
          float[] colsS = colsE.clone();
          spec.im2col(g, batch, layout, x, xOff, colsE, colsOff);
          simd.im2col(g, batch, layout, x, xOff, colsS, colsOff);
          assertBits(colsE, colsS, "im2col " + what);

          float[] y = random(shape[2] * 13L + batch, colsE.length);
          float[] xE = random(9, x.length);
          float[] xS = xE.clone();
          spec.col2im(g, batch, layout, y, colsOff, xE, xOff);
          simd.col2im(g, batch, layout, y, colsOff, xS, xOff);
          assertBits(xE, xS, "col2im " + what);
        }
      }
    }
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    for (int[] shape : SHAPES) {
      Geometry g = geometry(shape);
      int batch = 2;
      for (BatchLayout layout : BatchLayout.values()) {
        float[] x = random(shape[0] * 7L + shape[1], batch * g.imageSize());
        float[] y = random(shape[2] * 11L + shape[3], batch * g.colSize());
        float[] cols = new float[y.length];
        simd.im2col(g, batch, layout, x, 0, cols, 0);
        float[] back = new float[x.length];
        simd.col2im(g, batch, layout, y, 0, back, 0);
        double lhs = 0;
        double scale = 0;
        for (int i = 0; i < y.length; i++) {
          lhs += (double) cols[i] * y[i];
          scale += Math.abs((double) cols[i] * y[i]);
        }
        double rhs = 0;
        for (int i = 0; i < x.length; i++) {
          rhs += (double) x[i] * back[i];
        }
        double tol = g.kernelH() * g.kernelW() * 0x1p-24 * scale + 1e-12;
        assertTrue(
            Math.abs(lhs - rhs) <= tol,
            java.util.Arrays.toString(shape) + " " + layout + ": " + lhs + " vs " + rhs);
      }
    }
  }

  @Test
  void sameBitsOnOneThreadAndOnThePool() {
    Geometry g = new Geometry(6, 33, 29, 3, 3, 1, 2, 1, 1);
    int batch = 4;
    float[] x = random(1, batch * g.imageSize());
    float[] y = random(2, batch * g.colSize());
    for (BatchLayout layout : BatchLayout.values()) {
      float[] pooled = new float[y.length];
      float[] serial = new float[y.length];
      simd.im2col(g, batch, layout, x, 0, pooled, 0);
      CpuPool.serially(() -> simd.im2col(g, batch, layout, x, 0, serial, 0));
      assertBits(serial, pooled, "im2col " + layout);
      float[] xp = x.clone();
      float[] xs = x.clone();
      simd.col2im(g, batch, layout, y, 0, xp, 0);
      CpuPool.serially(() -> simd.col2im(g, batch, layout, y, 0, xs, 0));
      assertBits(xs, xp, "col2im " + layout);
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheNumbers() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Geometry.square(1, 3, 3, 7, 1, 1));
    assertTrue(e.getMessage().contains("7x7") && e.getMessage().contains("5x5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Geometry(1, 4, 4, 3, 3, 0, 1, 0, 0));
    assertTrue(e.getMessage().contains("stride=0x1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Geometry(0, 4, 4, 3, 3, 1, 1, 0, 0));
    assertTrue(e.getMessage().contains("channels=0"), e.getMessage());
    Geometry g = Geometry.square(2, 5, 5, 3, 1, 1); // cols: 18 x 25 = 450 floats per image
    float[] x = new float[50];
    for (Im2colKernel k : new Im2colKernel[] {simd, spec}) {
      e = assertThrows(IllegalArgumentException.class, () -> k.im2col(g, x, 0, new float[449], 0));
      assertTrue(e.getMessage().contains("450") && e.getMessage().contains("449"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.col2im(g, 2, BatchLayout.WIDE, new float[900], 0, x, 0));
      assertTrue(e.getMessage().contains("100") && e.getMessage().contains("50"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.im2col(g, -1, BatchLayout.STACKED, x, 0, new float[900], 0));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
  }
}
