package io.langevin.kernels.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.OpGradientCheck.Input;
import io.langevin.kernels.random.Noise;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every op of {@link ConvOps} against a float64 reference written as plain loops here (naive direct
 * convolution, naive pooling, masks recomputed from {@link Noise}), with the approach of {@code
 * GradientCheckTest}: {@code L = Σ_i w_i · op(x)_i} with fixed random weights, tape gradient vs
 * central differences of L in double with {@code h = 1e-5·max(1, |x|)}; inputs are arena views at
 * non-zero offsets with pre-filled gradients (so the check is on {@code grad − grad_before}, which
 * also proves accumulation).
 *
 * <p>Tolerances: gradients {@code 1e-3·max(1, |fd|)}, forward {@code 1e-4·max(1, |ref|)}: the
 * float32 sums here have at most a few hundred terms of size ≤ 4 (relative error ≲ 1e-5), while a
 * wrong index or factor moves a value by O(0.1). Max pooling inputs are distinct values at least
 * 1e-2 apart, so no window has a tie within the difference step. The dropout keep rate is checked
 * within 5 binomial standard errors.
 */
class ConvOpsGradientCheckTest {

  private static Input in(int... shape) {
    return new Input(
        (theta, off, n, rnd) -> {
          for (int i = 0; i < n; i++) {
            theta[off + i] = OpGradientCheck.sym(rnd);
          }
        },
        shape);
  }

  /** A shuffled ladder of distinct values 0.0625 apart (max pooling without ties). */
  private static Input distinct(int... shape) {
    return new Input(
        (theta, off, n, rnd) -> {
          int[] perm = shuffled(n, rnd);
          for (int i = 0; i < n; i++) {
            theta[off + i] = (float) ((perm[i] - n / 2.0) * 0.0625 + 0.03125);
          }
        },
        shape);
  }

  private static void check(
      String name, Input[] inputs, Function<Var[], Var> op, Function<double[][], double[]> ref) {
    OpGradientCheck.check(name, inputs, op, ref);
  }

  private static int[] shuffled(int n, SplittableRandom r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }


  // ------------------------------------------------------------- float64 references

  /** Naive direct convolution, straight from the definition. */
  static double[] convRef(
      double[] x,
      double[] w,
      double[] b,
      int n,
      int c,
      int h,
      int wd,
      int f,
      int kh,
      int kw,
      int stride,
      int pad) {
    int oh = (h + 2 * pad - kh) / stride + 1;
    int ow = (wd + 2 * pad - kw) / stride + 1;
    double[] y = new double[n * f * oh * ow];
    for (int i = 0; i < n; i++) {
      for (int ff = 0; ff < f; ff++) {
        for (int a = 0; a < oh; a++) {
          for (int bb = 0; bb < ow; bb++) {
            double s = b == null ? 0 : b[ff];
            for (int cc = 0; cc < c; cc++) {
              for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                  int r = a * stride - pad + ki;
                  int q = bb * stride - pad + kj;
                  if (r >= 0 && r < h && q >= 0 && q < wd) {
                    s +=
                        w[((ff * c + cc) * kh + ki) * kw + kj] * x[((i * c + cc) * h + r) * wd + q];
                  }
                }
              }
            }
            y[((i * f + ff) * oh + a) * ow + bb] = s;
          }
        }
      }
    }
    return y;
  }

  static double[] poolRef(double[] x, int planes, int h, int wd, int k, int stride, boolean max) {
    int oh = (h - k) / stride + 1;
    int ow = (wd - k) / stride + 1;
    double[] y = new double[planes * oh * ow];
    for (int pl = 0; pl < planes; pl++) {
      for (int a = 0; a < oh; a++) {
        for (int bb = 0; bb < ow; bb++) {
          double m = Double.NEGATIVE_INFINITY;
          double s = 0;
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              double v = x[(pl * h + a * stride + i) * wd + bb * stride + j];
              m = Math.max(m, v);
              s += v;
            }
          }
          y[(pl * oh + a) * ow + bb] = max ? m : s / (k * k);
        }
      }
    }
    return y;
  }

  // ------------------------------------------------------------- tests

  @Test
  void conv2dGradientsMatchFiniteDifferences() {
    int[][] cases = { // n, c, h, w, f, kh, kw, stride, pad, bias
      {2, 3, 5, 6, 4, 3, 2, 1, 1, 1},
      {1, 2, 7, 5, 3, 3, 3, 2, 0, 0},
      {2, 1, 6, 6, 2, 2, 2, 2, 1, 1},
      {1, 2, 4, 4, 2, 4, 4, 1, 0, 1},
    };
    for (int[] cs : cases) {
      int n = cs[0], c = cs[1], h = cs[2], wd = cs[3], f = cs[4], kh = cs[5], kw = cs[6];
      int stride = cs[7], pad = cs[8];
      boolean bias = cs[9] == 1;
      Input[] ins =
          bias
              ? new Input[] {in(n, c, h, wd), in(f, c, kh, kw), in(f)}
              : new Input[] {in(n, c, h, wd), in(f, c, kh, kw)};
      check(
          "conv2d " + Arrays.toString(cs),
          ins,
          v -> ConvOps.conv2d(v[0], v[1], bias ? v[2] : null, stride, pad),
          d -> convRef(d[0], d[1], bias ? d[2] : null, n, c, h, wd, f, kh, kw, stride, pad));
    }
  }

  @Test
  void conv2dForwardMatchesNaiveConvolution() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[][] cases = { // n, c, h, w, f, k, stride, pad
      {3, 1, 28, 28, 5, 5, 1, 0},
      {2, 3, 13, 11, 7, 3, 2, 1},
      {1, 4, 17, 9, 3, 5, 3, 2},
      {4, 2, 8, 8, 6, 1, 1, 0},
      {2, 5, 9, 10, 4, 3, 1, 1},
    };
    for (int[] cs : cases) {
      int n = cs[0], c = cs[1], h = cs[2], wd = cs[3], f = cs[4], k = cs[5];
      float[] x = new float[n * c * h * wd];
      float[] w = new float[f * c * k * k];
      float[] b = new float[f];
      double[] xd = new double[x.length];
      double[] wdd = new double[w.length];
      double[] bd = new double[f];
      for (int i = 0; i < x.length; i++) {
        xd[i] = x[i] = OpGradientCheck.sym(rnd);
      }
      for (int i = 0; i < w.length; i++) {
        wdd[i] = w[i] = OpGradientCheck.sym(rnd);
      }
      for (int i = 0; i < f; i++) {
        bd[i] = b[i] = OpGradientCheck.sym(rnd);
      }
      Tape tape = new Tape();
      Var y =
          ConvOps.conv2d(
              tape.constant(x, n, c, h, wd),
              tape.constant(w, f, c, k, k),
              tape.constant(b, f),
              cs[6],
              cs[7]);
      double[] ref = convRef(xd, wdd, bd, n, c, h, wd, f, k, k, cs[6], cs[7]);
      int oh = (h + 2 * cs[7] - k) / cs[6] + 1;
      int ow = (wd + 2 * cs[7] - k) / cs[6] + 1;
      assertArrayEquals(new int[] {n, f, oh, ow}, y.shape(), Arrays.toString(cs));
      for (int i = 0; i < ref.length; i++) {
        assertEquals(ref[i], y.value().at(i), 1e-4 * Math.max(1, Math.abs(ref[i])), "elem " + i);
      }
    }
  }

  @Test
  void poolingGradientsMatchFiniteDifferences() {
    int[][] cases = { // n, c, h, w, k, stride
      {2, 3, 6, 6, 2, 2}, {1, 2, 7, 5, 3, 2}, {2, 1, 5, 5, 2, 1}, {1, 1, 4, 6, 3, 3},
    };
    for (int[] cs : cases) {
      int planes = cs[0] * cs[1];
      check(
          "maxPool2d " + Arrays.toString(cs),
          new Input[] {distinct(cs[0], cs[1], cs[2], cs[3])},
          v -> ConvOps.maxPool2d(v[0], cs[4], cs[5]),
          d -> poolRef(d[0], planes, cs[2], cs[3], cs[4], cs[5], true));
      check(
          "avgPool2d " + Arrays.toString(cs),
          new Input[] {in(cs[0], cs[1], cs[2], cs[3])},
          v -> ConvOps.avgPool2d(v[0], cs[4], cs[5]),
          d -> poolRef(d[0], planes, cs[2], cs[3], cs[4], cs[5], false));
    }
  }

  @Test
  void noiseOpsGradientsMatchFiniteDifferences() {
    long seed = 42;
    long step = 3;
    int n = 3 * 37;
    for (float p : new float[] {0f, 0.3f, 0.5f}) {
      float[] u = new float[n];
      Noise.uniform(seed, step, 5, 0, u, 0, n);
      check(
          "dropout p=" + p,
          new Input[] {in(3, 37)},
          v -> ConvOps.dropout(v[0], p, seed, step, 5),
          d -> {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
              y[i] = u[i] > p ? d[0][i] / (1.0 - p) : 0;
            }
            return y;
          });
      float[] e = new float[n];
      Noise.gaussian(seed, step, 6, 0, e, 0, n);
      check(
          "gaussianDropout p=" + p,
          new Input[] {in(3, 37)},
          v -> ConvOps.gaussianDropout(v[0], p, seed, step, 6),
          d -> {
            double[] y = new double[n];
            double s = Math.sqrt(p / (1.0 - p));
            for (int i = 0; i < n; i++) {
              y[i] = d[0][i] * (1 + s * e[i]);
            }
            return y;
          });
    }
    // DropConnect: y = x · (w ⊙ m)ᵀ + b, w [5, 7]
    float p = 0.4f;
    float[] u = new float[35];
    Noise.uniform(seed, step, 9, 0, u, 0, 35);
    check(
        "dropConnect+linear",
        new Input[] {in(4, 7), in(5, 7), in(5)},
        v -> Ops.linear(v[0], ConvOps.dropConnect(v[1], p, seed, step, 9), v[2]),
        d -> {
          double[] y = new double[4 * 5];
          for (int r = 0; r < 4; r++) {
            for (int o = 0; o < 5; o++) {
              double s = d[2][o];
              for (int i = 0; i < 7; i++) {
                double m = u[o * 7 + i] > p ? 1.0 / (1.0 - p) : 0;
                s += d[0][r * 7 + i] * d[1][o * 7 + i] * m;
              }
              y[r * 5 + o] = s;
            }
          }
          return y;
        });
  }

  private static float[] dropoutOfOnes(int n, float p, long seed, long step, int stream) {
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    Tape tape = new Tape();
    return ConvOps.dropout(tape.constant(ones, n), p, seed, step, stream).value().toArray();
  }

  @Test
  void dropoutMaskIsDeterministicWithTheRightKeepRate() {
    int n = 100_000;
    for (float p : new float[] {0.1f, 0.5f, 0.8f}) {
      float[] a = dropoutOfOnes(n, p, 11, 4, 2);
      assertArrayEquals(a, dropoutOfOnes(n, p, 11, 4, 2), "same (seed, step, stream)");
      assertFalse(Arrays.equals(a, dropoutOfOnes(n, p, 11, 5, 2)), "another step");
      assertFalse(Arrays.equals(a, dropoutOfOnes(n, p, 11, 4, 3)), "another stream");
      assertFalse(Arrays.equals(a, dropoutOfOnes(n, p, 12, 4, 2)), "another seed");
      int kept = 0;
      float scale = (float) (1.0 / (1.0 - p));
      for (float v : a) {
        assertTrue(v == 0f || v == scale, "mask value " + v);
        kept += v == 0f ? 0 : 1;
      }
      double se = Math.sqrt(n * p * (1 - p));
      assertEquals(n * (1 - p), kept, 5 * se, "kept count at p=" + p);
      // a prefix of a longer input gets the same mask (element i uses noise index i)
      float[] shorter = dropoutOfOnes(1001, p, 11, 4, 2);
      assertArrayEquals(Arrays.copyOf(a, 1001), shorter, "prefix");
    }
  }

  @Test
  void gaussianDropoutNoiseHasMeanOneAndVariancePOverOneMinusP() {
    int n = 100_000;
    float p = 0.3f;
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    Tape tape = new Tape();
    float[] m = ConvOps.gaussianDropout(tape.constant(ones, n), p, 1, 2, 3).value().toArray();
    double s = 0;
    double s2 = 0;
    for (float v : m) {
      s += v;
      s2 += v * v;
    }
    double mean = s / n;
    double var = s2 / n - mean * mean;
    double want = p / (1.0 - p);
    assertEquals(1.0, mean, 5 * Math.sqrt(want / n), "mean");
    assertEquals(want, var, 5 * want * Math.sqrt(2.0 / n), "variance");
  }

  @Test
  void badInputsThrowWithShapes() {
    Tape tape = new Tape();
    Var x = tape.constant(new float[2 * 3 * 5 * 5], 2, 3, 5, 5);
    Var w = tape.constant(new float[4 * 2 * 3 * 3], 4, 2, 3, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w, null, 1, 0));
    assertTrue(e.getMessage().contains("[2, 3, 5, 5]"), e.getMessage());
    Var w7 = tape.constant(new float[4 * 3 * 7 * 7], 4, 3, 7, 7);
    e = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w7, null, 1, 0));
    assertTrue(e.getMessage().contains("7x7"), e.getMessage());
    Var w3 = tape.constant(new float[4 * 3 * 3 * 3], 4, 3, 3, 3);
    e = assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w3, null, 0, 0));
    assertTrue(e.getMessage().contains("stride=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConvOps.maxPool2d(x, 6, 1));
    assertTrue(e.getMessage().contains("k=6"), e.getMessage());
    Var flat = tape.constant(new float[6], 2, 3);
    e = assertThrows(IllegalArgumentException.class, () -> ConvOps.avgPool2d(flat, 2, 2));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConvOps.dropout(flat, 1f, 0, 0, 0));
    assertTrue(e.getMessage().contains("got 1.0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> ConvOps.gaussianDropout(flat, -0.1f, 0, 0, 0));
    assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
  }
}
