package io.langevin.kernels.nnops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdSoftmaxCrossEntropy} against the spec {@link ScalarSoftmaxCrossEntropy} on random
 * logits (uniform in ±3 and in ±80) with ragged shapes around the 16-lane vector width and the
 * two-vector unroll, plus fixed values, thread-count independence and label validation.
 *
 * <p>Tolerances: the SIMD forward forms {@code x − max} in float (the spec in double: an error of
 * half an ulp of |x − max| ≤ 160, i.e. ≤ 8e-6 absolute in the exponent), uses {@code
 * VectorMath.exp} (within an ulp of {@link Math#exp}, not bit-identical to it) and sums each row in
 * float over ≤ 1000 terms split across 32 lanes (≈ 32 roundings per lane). Hence relative 3e-5 on
 * probabilities, and {@code 1e-5·max(1, |ref|)} on losses and log-probabilities. The CE backward
 * performs the same float operations as the spec and must be bit-identical.
 */
class SimdSoftmaxCrossEntropyTest {
  private static final int[] ROWS = {1, 7, 13, 100};
  private static final int[] COLS = {1, 7, 10, 15, 16, 17, 31, 32, 33, 1000};

  private final SoftmaxCrossEntropyKernel simd = new SimdSoftmaxCrossEntropy();
  private final SoftmaxCrossEntropyKernel scalar = new ScalarSoftmaxCrossEntropy();

  private static float[] logits(SplittableRandom rnd, int n, float range, int pad) {
    float[] x = new float[n + pad];
    for (int i = 0; i < x.length; i++) {
      float v;
      do {
        v = (float) ((rnd.nextDouble() * 2 - 1) * range);
      } while (v == 0f);
      x[i] = v;
    }
    return x;
  }

  private static int[] labels(SplittableRandom rnd, int rows, int cols, int pad) {
    int[] y = new int[rows + pad];
    for (int i = 0; i < y.length; i++) {
      y[i] = rnd.nextInt(cols);
    }
    return y;
  }

  @Test
  void forwardMatchesSpecOnRaggedShapes() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (float range : new float[] {3f, 80f}) {
      for (int rows : ROWS) {
        for (int cols : COLS) {
          int pad = 3; // non-zero offsets into larger arrays
          float[] x = logits(rnd, rows * cols, range, pad);
          int[] y = labels(rnd, rows, cols, 2);
          float[] pRef = new float[rows * cols + pad];
          float[] pSimd = new float[rows * cols + pad];
          float lRef = scalar.forward(rows, cols, x, pad, y, 2, pRef, pad);
          float lSimd = simd.forward(rows, cols, x, pad, y, 2, pSimd, pad);
          String where = rows + "x" + cols + " range " + range;
          assertTrue(Float.isFinite(lRef), where);
          assertEquals(lRef, lSimd, 1e-5 * Math.max(1, Math.abs(lRef)), "loss " + where);
          for (int i = pad; i < pRef.length; i++) {
            assertEquals(
                pRef[i], pSimd[i], 1e-7 + 3e-5 * Math.abs(pRef[i]), "prob " + i + " " + where);
          }
        }
      }
    }
  }

  @Test
  void backwardIsBitIdenticalToSpec() {
    SplittableRandom rnd = new SplittableRandom(12);
    for (int rows : ROWS) {
      for (int cols : COLS) {
        float[] x = logits(rnd, rows * cols, 5f, 0);
        int[] y = labels(rnd, rows, cols, 0);
        float[] p = new float[rows * cols];
        scalar.forward(rows, cols, x, 0, y, 0, p, 0);
        for (boolean acc : new boolean[] {false, true}) {
          float[] start = logits(rnd, rows * cols + 1, 1f, 0);
          float[] dRef = start.clone();
          float[] dSimd = start.clone();
          scalar.backward(rows, cols, p, 0, y, 0, 0.7f, dRef, 1, acc);
          simd.backward(rows, cols, p, 0, y, 0, 0.7f, dSimd, 1, acc);
          assertArrayEquals(dRef, dSimd, rows + "x" + cols + " accumulate=" + acc);
          assertEquals(start[0], dSimd[0], "element before the offset untouched");
        }
      }
    }
  }

  @Test
  void logSoftmaxMatchesSpec() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (float range : new float[] {3f, 80f}) {
      for (int rows : ROWS) {
        for (int cols : COLS) {
          float[] x = logits(rnd, rows * cols, range, 0);
          float[] yRef = new float[rows * cols];
          float[] ySimd = new float[rows * cols];
          scalar.logSoftmaxForward(rows, cols, x, 0, yRef, 0);
          simd.logSoftmaxForward(rows, cols, x, 0, ySimd, 0);
          for (int i = 0; i < yRef.length; i++) {
            assertEquals(
                yRef[i], ySimd[i], 1e-5 * Math.max(1, Math.abs(yRef[i])), "y " + i + " " + cols);
          }
          float[] dy = logits(rnd, rows * cols, 1f, 0);
          for (boolean acc : new boolean[] {false, true}) {
            float[] start = logits(rnd, rows * cols, 1f, 0);
            float[] dRef = start.clone();
            float[] dSimd = start.clone();
            scalar.logSoftmaxBackward(rows, cols, yRef, 0, dy, 0, dRef, 0, acc);
            simd.logSoftmaxBackward(rows, cols, yRef, 0, dy, 0, dSimd, 0, acc);
            for (int r = 0; r < rows; r++) {
              // The row sum of dy is in float here, in double in the spec: error ∝ Σ|dy|.
              double sumAbs = 0;
              for (int c = 0; c < cols; c++) {
                sumAbs += Math.abs(dy[r * cols + c]);
              }
              for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                assertEquals(dRef[i], dSimd[i], 2e-6 * (1 + sumAbs), "dx " + i + " acc=" + acc);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void knownValuesAndStabilityAtLargeLogits() {
    for (SoftmaxCrossEntropyKernel k : new SoftmaxCrossEntropyKernel[] {scalar, simd}) {
      float[] p = new float[3];
      float loss = k.forward(1, 3, new float[] {1f, 2f, 3f}, 0, new int[] {2}, 0, p, 0);
      double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
      assertEquals(lse - 3, loss, 1e-6);
      assertEquals(Math.exp(1 - lse), p[0], 1e-6);
      float[] q = new float[4];
      // Without the max shift exp(800) overflows and the loss is NaN.
      float big =
          k.forward(2, 2, new float[] {800f, -800f, 400f, 401f}, 0, new int[] {1, 1}, 0, q, 0);
      assertEquals((1600 + Math.log1p(Math.exp(-1))) / 2, big, 1e-3);
      assertEquals(1f, q[0], 0f);
      assertEquals(0f, q[1], 0f);
    }
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    SplittableRandom rnd = new SplittableRandom(14);
    for (int[] shape : new int[][] {{1021, 33}, {1000, 1000}, {4099, 7}}) {
      int rows = shape[0];
      int cols = shape[1];
      float[] x = logits(rnd, rows * cols, 10f, 0);
      int[] y = labels(rnd, rows, cols, 0);
      float[] pPar = new float[rows * cols];
      float[] pSer = new float[rows * cols];
      float lPar = simd.forward(rows, cols, x, 0, y, 0, pPar, 0);
      float[] lSer = new float[1];
      CpuPool.serially(() -> lSer[0] = simd.forward(rows, cols, x, 0, y, 0, pSer, 0));
      assertEquals(lSer[0], lPar, 0f, rows + "x" + cols);
      assertArrayEquals(pSer, pPar);
      float lRef = scalar.forward(rows, cols, x, 0, y, 0, new float[rows * cols], 0);
      assertEquals(lRef, lPar, 1e-5 * Math.max(1, lRef));
    }
  }

  @Test
  void badLabelsAndSizesAreReported() {
    for (SoftmaxCrossEntropyKernel k : new SoftmaxCrossEntropyKernel[] {scalar, simd}) {
      float[] x = new float[40];
      float[] p = new float[40];
      int[] y = {0, 1, 2, 10};
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> k.forward(4, 10, x, 0, y, 0, p, 0));
      assertTrue(e.getMessage().contains("label 10 at row 3"), e.getMessage());
      assertTrue(e.getMessage().contains("[0, 10)"), e.getMessage());
      int[] neg = {0, -1, 2, 3};
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.backward(4, 10, p, 0, neg, 0, 1f, x, 0, false));
      assertTrue(e.getMessage().contains("label -1 at row 1"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> k.forward(5, 10, x, 0, new int[5], 0, p, 0));
      assertTrue(e.getMessage().contains("5x10"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.forward(0, 10, x, 0, y, 0, p, 0));
      assertTrue(e.getMessage().contains("rows=0"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.logSoftmaxForward(3, 0, x, 0, p, 0));
      assertTrue(e.getMessage().contains("cols=0"), e.getMessage());
    }
  }
}
