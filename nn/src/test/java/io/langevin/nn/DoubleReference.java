package io.langevin.nn;

import io.langevin.kernels.random.Philox;
import io.langevin.kernels.tensor.ParameterArena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Float64 references of the layers of {@code io.langevin.nn}, for {@code
 * LayerFloat64GradientCheckTest}: plain double loops written from the layers' documented
 * definitions, sharing no code with the kernels (no im2col, no GEMM, no {@code Elementwise}):
 * convolution is the direct six-deep loop over {@code (n, f, oh, ow, c, ki, kj)} with zero padding,
 * pooling scans each window, activations call {@link Math}.
 *
 * <p>Noise masks are rebuilt from the noise stream's documented layout ({@code NoiseKernel}), not
 * by probing a layer: element {@code i} of a tensor (flat index, the whole batch) at {@code (seed,
 * step)} in stream {@code s = name.hashCode()} ({@code Init.stream}; {@code name} is the layer name
 * for {@link Dropout} and {@link GaussianDropout}, the weight name {@code name + ".w"} for {@link
 * DropConnect}) is word {@code i & 3} of Philox4x32-10 at counter {@code (low32(i>>>2),
 * high32(i>>>2), (int) step, s)}, key {@code (low32(seed), high32(seed))}. Bernoulli: kept iff
 * {@code u = ((w>>>8)+1)·2^-24 > p}, scaled by {@code 1/(1−p)}; Gaussian: Box–Muller in double on
 * the word pair {@code (4b, 4b+1)} or {@code (4b+2, 4b+3)}, {@code 1 + sqrt(p/(1−p))·ε}. Only the
 * Philox block function itself is shared with the library (it is checked against the Random123
 * known answers in {@code PhiloxTest}).
 *
 * <p>Besides its values, a reference activation carries, per element, a magnitude {@code mag}: an
 * upper bound on the sum of the absolute values of the terms that went into it, propagated through
 * the network ({@code Σ|w|·mag_in + |b|} for linear maps, {@code mag_in} through the 1-Lipschitz
 * ReLU/tanh, {@code mag_in/4 + y} through the sigmoid, the window maximum or mean through pooling,
 * {@code |m|·mag_in} through Bernoulli masks, {@code (1 + σ|ε|)·mag_in} through Gaussian ones), so
 * that the float32 value of an element whose path sums K terms in all is within about {@code
 * K·2⁻²⁴·mag} of the exact one; and the smallest distance to a kink met on the way ({@code |x|} at
 * a ReLU, the gap between the two largest values of a max-pooling window, ignoring all-zero windows
 * after a ReLU where every candidate has derivative 0), so a test can assert that finite
 * differences and float32 rounding cannot cross one.
 */
final class DoubleReference {
  private DoubleReference() {}

  /**
   * A batch in float64: values, per-element magnitude of the summed terms ({@code null} when not
   * tracked, as in the finite-difference passes, which need only the values), shape (batch first),
   * and the smallest distance to a kink met so far ({@code +∞} when none).
   */
  record Act(double[] v, double[] mag, int[] shape, double kink) {
    /** An input with its magnitudes {@code |x|} tracked. */
    static Act input(double[] x, int[] shape) {
      double[] m = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        m[i] = Math.abs(x[i]);
      }
      return new Act(x, m, shape.clone(), Double.POSITIVE_INFINITY);
    }

    /** An input whose magnitudes are not tracked (values only). */
    static Act values(double[] x, int[] shape) {
      return new Act(x, null, shape.clone(), Double.POSITIVE_INFINITY);
    }

    int dim(int d) {
      return shape[d];
    }
  }

  /**
   * What a reference reads besides its input: θ in double, where each parameter starts, the mode,
   * the noise coordinates, and a cache of the masks already drawn at those coordinates (a mask does
   * not depend on θ or x, so the finite-difference passes reuse it).
   */
  record Ctx(
      double[] theta,
      ParameterArena arena,
      Mode mode,
      long seed,
      long step,
      Map<String, double[]> masks) {
    Ctx(double[] theta, ParameterArena arena, Mode mode, long seed, long step) {
      this(theta, arena, mode, seed, step, new HashMap<>());
    }

    int at(String name) {
      return arena.param(name).offset();
    }

    /** The Bernoulli mask of {@code n} elements in {@code stream}, drawn once. */
    double[] bernoulli(int stream, int n, float p) {
      return masks.computeIfAbsent(
          "b " + stream + " " + n + " " + p, k -> bernoulliMask(seed, step, stream, n, p));
    }

    /** The Gaussian-dropout mask of {@code n} elements in {@code stream}, drawn once. */
    double[] gaussian(int stream, int n, float p) {
      return masks.computeIfAbsent(
          "g " + stream + " " + n + " " + p, k -> gaussianMask(seed, step, stream, n, p));
    }

    boolean training() {
      return mode == Mode.TRAIN;
    }
  }

  /** A reference forward pass. */
  @FunctionalInterface
  interface Fn {
    Act apply(Ctx c, Act x);
  }

  /** A layer under test and its float64 reference. */
  record Spec(String label, Layer layer, Fn fn) {}

  // ---------------------------------------------------------------- specs

  static Spec linear(String name, int in, int out) {
    return new Spec(
        "Linear " + name + " " + in + "->" + out,
        new Linear(name, in, out, Init.HE_NORMAL),
        (c, x) -> linear(c, x, name, in, out, null));
  }

  static Spec conv2d(String name, int inC, int outC, int k, int stride, int pad) {
    return new Spec(
        "Conv2d " + name + " " + inC + "->" + outC + " k" + k + " s" + stride + " p" + pad,
        new Conv2d(name, inC, outC, k, stride, pad, Init.HE_NORMAL),
        (c, x) -> conv2d(x, c.theta(), c.at(name + ".w"), c.at(name + ".b"), outC, k, stride, pad));
  }

  static Spec maxPool(int k, int stride) {
    return new Spec(
        "MaxPool2d k" + k + " s" + stride,
        new MaxPool2d(k, stride),
        (c, x) -> pool(x, k, stride, true));
  }

  static Spec avgPool(int k, int stride) {
    return new Spec(
        "AvgPool2d k" + k + " s" + stride,
        new AvgPool2d(k, stride),
        (c, x) -> pool(x, k, stride, false));
  }

  static Spec relu() {
    return new Spec("ReLU", new ReLU(), (c, x) -> relu(x));
  }

  static Spec tanh() {
    return new Spec("Tanh", new Tanh(), (c, x) -> tanh(x));
  }

  static Spec sigmoid() {
    return new Spec("Sigmoid", new Sigmoid(), (c, x) -> sigmoid(x));
  }

  static Spec flatten() {
    return new Spec(
        "Flatten",
        new Flatten(),
        (c, x) -> {
          int rest = x.v().length / x.dim(0);
          return new Act(x.v(), x.mag(), new int[] {x.dim(0), rest}, x.kink());
        });
  }

  /** Inverted Bernoulli dropout, stream {@code name.hashCode()}, identity in EVAL or at p = 0. */
  static Spec dropout(String name, float p) {
    return new Spec(
        "Dropout " + name + " p=" + p,
        new Dropout(name, p),
        (c, x) ->
            c.training() && p > 0f
                ? times(x, c.bernoulli(name.hashCode(), x.v().length, p), false)
                : x);
  }

  /** Gaussian dropout, stream {@code name.hashCode()}, identity in EVAL or at p = 0. */
  static Spec gaussianDropout(String name, float p) {
    return new Spec(
        "GaussianDropout " + name + " p=" + p,
        new GaussianDropout(name, p),
        (c, x) ->
            c.training() && p > 0f
                ? times(x, c.gaussian(name.hashCode(), x.v().length, p), true)
                : x);
  }

  /**
   * DropConnect on a linear layer: in TRAIN the weight times the Bernoulli mask of stream {@code
   * (name + ".w").hashCode()} over the weight's flat index (one mask for the batch); the bias is
   * not masked; the plain linear layer in EVAL.
   */
  static Spec dropConnect(String name, int in, int out, float p) {
    return new Spec(
        "DropConnect p=" + p + " on " + name + " " + in + "->" + out,
        new DropConnect(new Linear(name, in, out, Init.GLOROT_UNIFORM), p),
        (c, x) ->
            linear(
                c,
                x,
                name,
                in,
                out,
                c.training() && p > 0f
                    ? c.bernoulli((name + ".w").hashCode(), in * out, p)
                    : null));
  }

  static Spec sequential(Spec... parts) {
    List<Layer> layers = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Spec s : parts) {
      layers.add(s.layer());
      labels.add(s.label());
    }
    Spec[] ps = parts.clone();
    return new Spec(
        "Sequential" + labels,
        new Sequential(layers),
        (c, x) -> {
          Act h = x;
          for (Spec s : ps) {
            h = s.fn().apply(c, h);
          }
          return h;
        });
  }

  // ---------------------------------------------------------------- plain double loops

  /** {@code y[i,o] = b[o] + Σ_k W[o,k]·m[o,k]·x[i,k]}, m the DropConnect mask or 1. */
  static Act linear(Ctx c, Act x, String name, int in, int out, double[] mask) {
    if (x.shape().length != 2 || x.dim(1) != in) {
      throw new IllegalArgumentException(
          "reference linear "
              + name
              + ": input "
              + Arrays.toString(x.shape())
              + " is not [N, "
              + in
              + "]");
    }
    double[] th = c.theta();
    int wo = c.at(name + ".w");
    int bo = c.at(name + ".b");
    int n = x.dim(0);
    double[] xv = x.v();
    double[] xm = x.mag();
    double[] y = new double[n * out];
    double[] m = xm == null ? null : new double[n * out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double s = th[bo + o];
        double a = Math.abs(s);
        for (int k = 0; k < in; k++) {
          double w = th[wo + o * in + k] * (mask == null ? 1.0 : mask[o * in + k]);
          s += w * xv[i * in + k];
          if (xm != null) {
            a += Math.abs(w) * xm[i * in + k];
          }
        }
        y[i * out + o] = s;
        if (m != null) {
          m[i * out + o] = a;
        }
      }
    }
    return new Act(y, m, new int[] {n, out}, x.kink());
  }

  /**
   * Direct 2-D cross-correlation, x {@code [N, C, H, W]}, weight {@code [F, C, k, k]} at {@code
   * th[wo..]}, bias {@code [F]} at {@code th[bo..]}: {@code y[n,f,oh,ow] = b[f] + Σ_{c,ki,kj}
   * w[f,c,ki,kj]·x[n, c, oh·stride − pad + ki, ow·stride − pad + kj]}, zero outside the image.
   */
  static Act conv2d(Act x, double[] th, int wo, int bo, int f, int k, int stride, int pad) {
    if (x.shape().length != 4) {
      throw new IllegalArgumentException(
          "reference conv2d: input " + Arrays.toString(x.shape()) + " is not [N, C, H, W]");
    }
    int n = x.dim(0);
    int ch = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int oh = (h + 2 * pad - k) / stride + 1;
    int ow = (wd + 2 * pad - k) / stride + 1;
    double[] y = new double[n * f * oh * ow];
    double[] xv = x.v();
    double[] xm = x.mag();
    double[] m = xm == null ? null : new double[y.length];
    for (int i = 0; i < n; i++) {
      for (int ff = 0; ff < f; ff++) {
        for (int r = 0; r < oh; r++) {
          for (int q = 0; q < ow; q++) {
            double s = th[bo + ff];
            double a = Math.abs(s);
            for (int cc = 0; cc < ch; cc++) {
              for (int ki = 0; ki < k; ki++) {
                int ih = r * stride - pad + ki;
                if (ih < 0 || ih >= h) {
                  continue;
                }
                for (int kj = 0; kj < k; kj++) {
                  int iw = q * stride - pad + kj;
                  if (iw < 0 || iw >= wd) {
                    continue;
                  }
                  double w = th[wo + ((ff * ch + cc) * k + ki) * k + kj];
                  int xi = ((i * ch + cc) * h + ih) * wd + iw;
                  s += w * xv[xi];
                  if (xm != null) {
                    a += Math.abs(w) * xm[xi];
                  }
                }
              }
            }
            int yi = ((i * f + ff) * oh + r) * ow + q;
            y[yi] = s;
            if (m != null) {
              m[yi] = a;
            }
          }
        }
      }
    }
    return new Act(y, m, new int[] {n, f, oh, ow}, x.kink());
  }

  /** Max or average pooling over {@code k × k} windows moved by {@code stride}, no padding. */
  static Act pool(Act x, int k, int stride, boolean max) {
    int n = x.dim(0);
    int ch = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int oh = (h - k) / stride + 1;
    int ow = (wd - k) / stride + 1;
    double[] y = new double[n * ch * oh * ow];
    double[] xm = x.mag();
    double[] m = xm == null ? null : new double[y.length];
    double kink = x.kink();
    for (int pl = 0; pl < n * ch; pl++) {
      for (int r = 0; r < oh; r++) {
        for (int q = 0; q < ow; q++) {
          double best = Double.NEGATIVE_INFINITY;
          double second = Double.NEGATIVE_INFINITY;
          double sum = 0;
          double magMax = 0;
          double magSum = 0;
          for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
              int xi = (pl * h + r * stride + a) * wd + q * stride + b;
              double v = x.v()[xi];
              sum += v;
              if (xm != null) {
                magSum += xm[xi];
                magMax = Math.max(magMax, xm[xi]);
              }
              if (v > best) {
                second = best;
                best = v;
              } else if (v > second) {
                second = v;
              }
            }
          }
          int yi = (pl * oh + r) * ow + q;
          if (max) {
            y[yi] = best;
            if (k > 1 && !(best == 0.0 && second == 0.0)) {
              kink = Math.min(kink, best - second);
            }
          } else {
            y[yi] = sum / (k * k);
          }
          if (m != null) {
            m[yi] = max ? magMax : magSum / (k * k);
          }
        }
      }
    }
    return new Act(y, m, new int[] {n, ch, oh, ow}, kink);
  }

  static Act relu(Act x) {
    double[] y = new double[x.v().length];
    double kink = x.kink();
    for (int i = 0; i < y.length; i++) {
      double v = x.v()[i];
      y[i] = v > 0 ? v : 0.0;
      kink = Math.min(kink, Math.abs(v));
    }
    return new Act(y, x.mag(), x.shape(), kink);
  }

  static Act tanh(Act x) {
    double[] y = new double[x.v().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.tanh(x.v()[i]);
    }
    return new Act(y, x.mag(), x.shape(), x.kink());
  }

  static Act sigmoid(Act x) {
    double[] y = new double[x.v().length];
    double[] m = x.mag() == null ? null : new double[y.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = 1.0 / (1.0 + Math.exp(-x.v()[i]));
      if (m != null) {
        m[i] = x.mag()[i] / 4 + y[i];
      }
    }
    return new Act(y, m, x.shape(), x.kink());
  }

  /**
   * {@code x ⊙ mask} (mask over the flat index of the whole batch tensor). The magnitude is scaled
   * by |m| for a Bernoulli mask, by the magnitude {@code 1 + |m − 1| = 1 + σ|ε|} of the terms of
   * the float sum {@code 1 + σ·ε} for a Gaussian one (that sum cancels when m is near 0).
   */
  static Act times(Act x, double[] mask, boolean gaussian) {
    double[] y = new double[x.v().length];
    double[] m = x.mag() == null ? null : new double[y.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = x.v()[i] * mask[i];
      if (m != null) {
        m[i] = x.mag()[i] * (gaussian ? 1 + Math.abs(mask[i] - 1) : Math.abs(mask[i]));
      }
    }
    return new Act(y, m, x.shape(), x.kink());
  }

  // ---------------------------------------------------------------- the noise stream

  /** Philox word of element {@code i} (see the class comment for the counter layout). */
  static int word(long seed, long step, int stream, long i) {
    long block = i >>> 2;
    int[] w = new int[4];
    Philox.block(
        (int) block, (int) (block >>> 32), (int) step, stream, (int) seed, (int) (seed >>> 32), w);
    return w[(int) (i & 3)];
  }

  /** The uniform {@code ((w >>> 8) + 1)·2^-24 ∈ (0, 1]} of element {@code i}. */
  static double uniform(long seed, long step, int stream, long i) {
    return ((word(seed, step, stream, i) >>> 8) + 1) * 0x1p-24;
  }

  /** The standard normal of element {@code i}, Box–Muller in double on its word pair. */
  static double gaussian(long seed, long step, int stream, long i) {
    long first = i & ~1L; // (4b, 4b+1) or (4b+2, 4b+3)
    int wa = word(seed, step, stream, first);
    int wb = word(seed, step, stream, first + 1);
    double u1 = ((wa >>> 8) + 1) * 0x1p-24;
    double u2 = (wb >>> 8) * 0x1p-24;
    double r = Math.sqrt(-2 * Math.log(u1));
    return (i & 1) == 0 ? r * Math.cos(2 * Math.PI * u2) : r * Math.sin(2 * Math.PI * u2);
  }

  /** Inverted Bernoulli mask of {@code n} elements: {@code 1/(1−p)} where {@code u > p}, else 0. */
  static double[] bernoulliMask(long seed, long step, int stream, int n, float p) {
    double keep = 1.0 / (1.0 - p);
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      m[i] = uniform(seed, step, stream, i) > p ? keep : 0.0;
    }
    return m;
  }

  /** Gaussian-dropout mask of {@code n} elements: {@code 1 + sqrt(p/(1−p))·ε_i}. */
  static double[] gaussianMask(long seed, long step, int stream, int n, float p) {
    double sigma = Math.sqrt(p / (1.0 - p));
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      m[i] = 1 + sigma * gaussian(seed, step, stream, i);
    }
    return m;
  }
}
