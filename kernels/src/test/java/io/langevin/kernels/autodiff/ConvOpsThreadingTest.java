package io.langevin.kernels.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvOps} pooling and convolution on LeNet-5-sized batches (large enough that the plane
 * loops split over {@link CpuPool}): forward values and all gradients computed inside {@link
 * CpuPool#serially} must equal, bit for bit, those computed on the pool. Inputs are random (never
 * zeros) with deliberate ties in the max-pooling input (values rounded to a coarse grid), so the
 * first-element-wins tie rule is exercised; pre-filled input gradients check accumulation. A small
 * hand-made case pins the tie rule itself.
 */
class ConvOpsThreadingTest {

  /** Values, input gradients and output of one forward + backward pass. */
  private record Result(float[] y, float[][] grads) {}

  private static Tensor random(SplittableRandom rnd, boolean coarse, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      double v = rnd.nextDouble(-2, 2);
      d[i] = coarse ? (float) (Math.rint(v * 4) / 4 + 0.125) : (float) v;
    }
    return t;
  }

  /**
   * Runs {@code op} on parameters holding copies of {@code inputs} (gradients pre-filled with
   * {@code gradInit}), back-propagates {@code seed}, returns y and the gradients.
   */
  private static Result run(
      Tensor[] inputs, float[][] gradInit, Tensor seed, Function<Var[], Var> op) {
    Tape t = new Tape();
    Var[] vars = new Var[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      Tensor v = Tensor.of(inputs[k].data().clone(), inputs[k].shape());
      Tensor g = Tensor.of(gradInit[k].clone(), inputs[k].shape());
      vars[k] = t.param(v, g);
    }
    Var y = op.apply(vars);
    t.backward(y, seed);
    float[][] grads = new float[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      grads[k] = vars[k].grad().data().clone();
    }
    return new Result(y.value().data().clone(), grads);
  }

  private static void checkSerialVsPool(
      String name, long seed, int[][] shapes, boolean coarse, Function<Var[], Var> op) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Tensor[] inputs = new Tensor[shapes.length];
    float[][] gradInit = new float[shapes.length][];
    for (int k = 0; k < shapes.length; k++) {
      inputs[k] = random(rnd, coarse && k == 0, shapes[k]);
      gradInit[k] = random(rnd, false, shapes[k]).data();
    }
    // Output shape from a throwaway pass, then a random seed gradient.
    int[] yShape = op.apply(probe(inputs)).shape();
    Tensor dy = random(rnd, false, yShape);

    Result[] serial = new Result[1];
    CpuPool.serially(() -> serial[0] = run(inputs, gradInit, dy, op));
    Result pooled = run(inputs, gradInit, dy, op);

    assertArrayEquals(serial[0].y(), pooled.y(), name + ": forward differs on 1 vs " + threads());
    for (int k = 0; k < shapes.length; k++) {
      assertArrayEquals(
          serial[0].grads()[k],
          pooled.grads()[k],
          name + ": gradient of input " + k + " differs on 1 vs " + threads());
      assertTrue(
          differs(gradInit[k], pooled.grads()[k]), name + ": no gradient reached input " + k);
    }
  }

  private static Var[] probe(Tensor[] inputs) {
    Tape t = new Tape();
    Var[] v = new Var[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      v[k] = t.variable(inputs[k]);
    }
    return v;
  }

  private static String threads() {
    return CpuPool.threads() + " threads";
  }

  private static boolean differs(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return true;
      }
    }
    return false;
  }

  @Test
  void maxPoolLeNetSizesBitIdentical() {
    checkSerialVsPool(
        "maxPool 64x20x24x24",
        1,
        new int[][] {{64, 20, 24, 24}},
        true,
        v -> ConvOps.maxPool2d(v[0], 2, 2));
    checkSerialVsPool(
        "maxPool 64x50x8x8",
        2,
        new int[][] {{64, 50, 8, 8}},
        true,
        v -> ConvOps.maxPool2d(v[0], 2, 2));
    // Overlapping windows: several outputs of a plane add into the same input gradient.
    checkSerialVsPool(
        "maxPool 64x20x24x24 k3 s1",
        3,
        new int[][] {{64, 20, 24, 24}},
        true,
        v -> ConvOps.maxPool2d(v[0], 3, 1));
  }

  @Test
  void avgPoolLeNetSizesBitIdentical() {
    checkSerialVsPool(
        "avgPool 64x20x24x24",
        4,
        new int[][] {{64, 20, 24, 24}},
        false,
        v -> ConvOps.avgPool2d(v[0], 2, 2));
    checkSerialVsPool(
        "avgPool 64x50x8x8",
        5,
        new int[][] {{64, 50, 8, 8}},
        false,
        v -> ConvOps.avgPool2d(v[0], 2, 2));
    checkSerialVsPool(
        "avgPool 61x7x13x13 k3 s2",
        6,
        new int[][] {{61, 7, 13, 13}},
        false,
        v -> ConvOps.avgPool2d(v[0], 3, 2));
  }

  @Test
  void conv2dLeNetSizesBitIdentical() {
    checkSerialVsPool(
        "conv2d 64x1x28x28 * 20x1x5x5",
        7,
        new int[][] {{64, 1, 28, 28}, {20, 1, 5, 5}, {20}},
        false,
        v -> ConvOps.conv2d(v[0], v[1], v[2], 1, 0));
    checkSerialVsPool(
        "conv2d 64x20x12x12 * 50x20x5x5",
        8,
        new int[][] {{64, 20, 12, 12}, {50, 20, 5, 5}, {50}},
        false,
        v -> ConvOps.conv2d(v[0], v[1], v[2], 1, 0));
  }

  /**
   * The input gradient is formed block by block of images ({@link ConvOps#imagesPerBlock}): on a
   * batch of two blocks (5 + a ragged 4 images of 100 × 256 columns) it must match the float64
   * sum {@code dX[b,c,y,x] = Σ_{f,ki,kj} W[f,c,ki,kj]·dY[b,f,y−ki,x−kj]} within float rounding
   * ({@code 1e-5·Σ|terms|}), and be the same on 1 thread and on the pool.
   */
  @Test
  void conv2dInputGradientOverImageBlocksMatchesFloat64() {
    int n = 9;
    int c = 4;
    int h = 20;
    int f = 3;
    int k = 5;
    int o = h - k + 1;
    assertEquals(5, ConvOps.imagesPerBlock(n, (long) c * k * k * o * o), "images per block");
    checkSerialVsPool(
        "conv2d 9x4x20x20 * 3x4x5x5",
        9,
        new int[][] {{n, c, h, h}, {f, c, k, k}, {f}},
        false,
        v -> ConvOps.conv2d(v[0], v[1], v[2], 1, 0));
    SplittableRandom rnd = new SplittableRandom(10);
    Tensor x = random(rnd, false, n, c, h, h);
    Tensor w = random(rnd, false, f, c, k, k);
    Tensor dy = random(rnd, false, n, f, o, o);
    Tape t = new Tape();
    Var xv = t.variable(x);
    Var y = ConvOps.conv2d(xv, t.constant(w), null, 1, 0);
    t.backward(y, dy);
    float[] got = xv.grad().data();
    float[] wd = w.data();
    float[] dyd = dy.data();
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int yy = 0; yy < h; yy++) {
          for (int xx = 0; xx < h; xx++) {
            double sum = 0;
            double abs = 0;
            for (int ff = 0; ff < f; ff++) {
              for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++) {
                  int oy = yy - ki;
                  int ox = xx - kj;
                  if (oy < 0 || oy >= o || ox < 0 || ox >= o) {
                    continue;
                  }
                  double term =
                      (double) wd[((ff * c + ch) * k + ki) * k + kj]
                          * dyd[((b * f + ff) * o + oy) * o + ox];
                  sum += term;
                  abs += Math.abs(term);
                }
              }
            }
            int i = ((b * c + ch) * h + yy) * h + xx;
            assertTrue(
                Math.abs(got[i] - sum) <= 1e-5 * abs + 1e-30,
                "dX[" + b + "," + ch + "," + yy + "," + xx + "] = " + got[i] + ", float64 " + sum);
          }
        }
      }
    }
  }

  @Test
  void maxPoolTiesGoToFirstElementOnThePool() {
    // 64 x 8 planes of 4x4, all equal: every 2x2 window's gradient goes to its top-left element.
    int n = 64;
    int c = 8;
    float[] x = new float[n * c * 16];
    java.util.Arrays.fill(x, 0.75f);
    Tape t = new Tape();
    Var xv = t.variable(Tensor.of(x, n, c, 4, 4));
    Var y = ConvOps.maxPool2d(xv, 2, 2);
    Tensor seed = Tensor.zeros(y.shape());
    java.util.Arrays.fill(seed.data(), 1.5f);
    t.backward(y, seed);
    float[] g = xv.grad().data();
    for (int i = 0; i < g.length; i++) {
      int r = (i / 4) % 4;
      int col = i % 4;
      float want = (r % 2 == 0 && col % 2 == 0) ? 1.5f : 0f;
      assertEquals(want, g[i], "gradient at " + i + " (row " + r + ", col " + col + ")");
    }
  }

  @Test
  void planeGrainDependsOnlyOnSizes() {
    assertEquals(1, ConvOps.planeGrain(1, 1 << 20), "one plane: one chunk");
    assertEquals(64 * 50, ConvOps.planeGrain(64 * 50, 4), "12800 elements: one chunk");
    assertEquals(56, ConvOps.planeGrain(64 * 20, 144), "64x20 planes of 12x12");
    assertEquals(512, ConvOps.planeGrain(64 * 50, 16), "64x50 planes of 4x4");
    assertEquals(1, ConvOps.planeGrain(2, 1 << 20), "huge planes: one a chunk");
  }
}
