package io.langevin.nn;

import static io.langevin.nn.DoubleReference.avgPool;
import static io.langevin.nn.DoubleReference.conv2d;
import static io.langevin.nn.DoubleReference.dropConnect;
import static io.langevin.nn.DoubleReference.dropout;
import static io.langevin.nn.DoubleReference.flatten;
import static io.langevin.nn.DoubleReference.gaussianDropout;
import static io.langevin.nn.DoubleReference.linear;
import static io.langevin.nn.DoubleReference.maxPool;
import static io.langevin.nn.DoubleReference.relu;
import static io.langevin.nn.DoubleReference.sequential;
import static io.langevin.nn.DoubleReference.sigmoid;
import static io.langevin.nn.DoubleReference.tanh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import io.langevin.nn.DoubleReference.Act;
import io.langevin.nn.DoubleReference.Ctx;
import io.langevin.nn.DoubleReference.Spec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every layer of {@code io.langevin.nn}, run through the layer API ({@link Model}, {@link Pass},
 * {@link Layer#forward}, {@link Tape#backward}) in float32, against a float64 reference forward
 * written independently as plain double loops ({@link DoubleReference}: direct convolution, not
 * im2col; noise masks rebuilt from the Philox stream's documented layout, not read off the layer).
 *
 * <p>For each case: θ, the input x and the loss weights w are random, ±[0.1, 1], never zero; the
 * layer's float32 output must match the reference, and the tape's gradient of {@code L = Σ_i
 * w_i·y_i} with respect to x and to every element of θ (every parameter of the arena) must match
 * central differences of the reference's L in float64, {@code h = 1e-6}. Noise layers run in TRAIN
 * at a fixed {@code (noiseSeed, step)} (then the mask is a fixed function) and in EVAL.
 *
 * <p>Error budget (u = 2⁻²⁴ ≈ 6e-8, the float32 unit roundoff):
 *
 * <ul>
 *   <li>Forward: a float32 sum of K products is within {@code K·u·Σ|terms|} of the exact sum
 *       (Higham's γ_K); errors of earlier layers pass through with the Lipschitz bounds built into
 *       the reference magnitude {@code mag_i} (≥ Σ|terms|, see {@link DoubleReference}); tanh and
 *       sigmoid add a few ulps, the float Box–Muller against the double one ≲ 1e-6·σ|ε|. K ≤ 75 for
 *       one layer (a 3-channel 5×5 convolution) and ≤ 62 summed along the LeNet stack's deepest
 *       path, so the worst case is ≲ 4.5e-6·mag_i and the tolerance is {@code 1e-5·mag_i}; a wrong,
 *       missing or misplaced term moves y_i by O(|term|) ≳ 1e-2·mag_i.
 *   <li>Finite differences in double: truncation {@code h²·|L'''|/6 ≲ 1e-11}, rounding {@code
 *       1e-16·Σ|w_i·y_i| / h ≲ 1e-8}: negligible.
 *   <li>Gradients: each tape gradient element is a float32 sum of K products, K ≤ N·OH·OW = 2048
 *       (the largest convolution's weight gradient). With random-sign terms of size t the exact sum
 *       is ≈ √K·t ≈ rms_T, the RMS of the gradient over the tensor T (x, or one parameter) the
 *       element belongs to, and recursive summation errs by ≈ u·t·K/√2 ≈ u·√K·rms_T ≲ 3e-6·rms_T
 *       with random roundings, ≤ (2/3)·u·K^{3/2}·t ≈ 8e-5·rms_T if every rounding went the same
 *       way; the backward also reuses float32 activations (tanh' = 1 − y², σ' = y(1 − y)), ≲ 1e-6
 *       relative per layer. Tolerance: {@code 1e-4·(|fd_j| + rms_T)}. A wrong, missing or misplaced
 *       term moves a gradient by ≈ rms_T/√K ≥ 2e-2·rms_T.
 *   <li>Observed (AVX-512, 2 threads): forward ≤ 2e-7·mag_i, gradients ≤ 7e-7·(|fd_j| + rms_T).
 *       Scaling the average-pooling input gradient by 1.001 or shifting dropout's step by one fails
 *       the class.
 * </ul>
 *
 * Kinks: ReLU inputs and max-pooling windows must stay {@link #KINK} = 1e-3 away from a kink (the
 * reference tracks the smallest distance met and the test asserts it; inputs are |x| ≥ 0.1, and
 * max-pooling inputs distinct values 1/16 apart), far beyond the FD step h and the float32 forward
 * error, so neither the differences nor the float32 argmax/sign can cross one.
 */
class LayerFloat64GradientCheckTest {
  private static final double H = 1e-6;
  private static final double FWD_REL = 1e-5;
  private static final double GRAD_REL = 1e-4;
  private static final double KINK = 1e-3;
  private static final long NOISE_SEED = 0x5DEECE66DL;
  private static final long STEP = 7;

  private static float sym(SplittableRandom r) {
    return (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + 0.9 * r.nextDouble()));
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double lossRef(Spec spec, Ctx c, double[] x, int[] shape, double[] w) {
    return dot(w, spec.fn().apply(c, Act.values(x, shape)).v());
  }

  /** How the input is filled. */
  private enum Fill {
    /** ±[0.1, 1]. */
    RANDOM,
    /** A random permutation of distinct values 1/16 apart (for max pooling). */
    DISTINCT
  }

  private static void check(Spec spec, Mode mode, Fill fill, int batch, int... inShape) {
    check(spec, mode, NOISE_SEED, STEP, fill, 1, 0, batch, inShape);
  }

  /**
   * The forward and gradient check of one layer; {@code inputEvery} > 1 checks the gradient of only
   * every {@code inputEvery}-th input element (all of θ is always checked); the random data come
   * from the case's name and {@code salt}.
   */
  private static void check(
      Spec spec,
      Mode mode,
      long noiseSeed,
      long step,
      Fill fill,
      int inputEvery,
      int salt,
      int batch,
      int... inShape) {
    String name = spec.label() + " " + mode + " batch " + batch + " " + Arrays.toString(inShape);
    SplittableRandom rnd = new SplittableRandom(name.hashCode() * 31L + salt);
    Model m = new Model(spec.layer(), 5, inShape);
    float[] theta = m.arena().theta();
    for (int i = 0; i < theta.length; i++) {
      theta[i] = sym(rnd);
    }
    int[] shape = new int[inShape.length + 1];
    shape[0] = batch;
    System.arraycopy(inShape, 0, shape, 1, inShape.length);
    float[] x = new float[Tensor.sizeOf(shape)];
    if (fill == Fill.DISTINCT) {
      int[] perm = new int[x.length];
      for (int i = 0; i < perm.length; i++) {
        perm[i] = i;
      }
      for (int i = perm.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) ((perm[i] - x.length / 2.0) * 0.0625 + 0.03125);
      }
    } else {
      for (int i = 0; i < x.length; i++) {
        x[i] = sym(rnd);
      }
    }

    // float32 through the layer API
    Tape tape = new Tape();
    Var xv = tape.variable(Tensor.of(x.clone(), shape));
    m.arena().zeroGrad();
    Var y = m.forward(new Pass(tape, m.arena(), mode, noiseSeed, step), xv);

    // float64 reference
    double[] xd = toDouble(x);
    double[] thd = toDouble(theta);
    Ctx ctx = new Ctx(thd, m.arena(), mode, noiseSeed, step);
    Act ref = spec.fn().apply(ctx, Act.input(xd, shape));

    int[] outShape = new int[m.outputShape().length + 1];
    outShape[0] = batch;
    System.arraycopy(m.outputShape(), 0, outShape, 1, outShape.length - 1);
    assertArrayEquals(outShape, y.shape(), name + ": forward shape vs [batch, outputShape()]");
    assertArrayEquals(ref.shape(), y.shape(), name + ": forward shape vs the reference");
    assertTrue(
        ref.kink() >= KINK,
        name + ": test data only " + ref.kink() + " from a kink (need " + KINK + "); change it");
    for (int i = 0; i < ref.v().length; i++) {
      assertEquals(
          ref.v()[i], y.value().at(i), FWD_REL * ref.mag()[i], name + ": forward element " + i);
    }

    double[] w = new double[y.size()];
    float[] wf = new float[y.size()];
    for (int i = 0; i < w.length; i++) {
      wf[i] = sym(rnd);
      w[i] = wf[i];
    }
    tape.backward(y, Tensor.of(wf, y.shape()));
    float[] gx = xv.grad().toArray();
    float[] gTheta = m.arena().grad().clone();

    // d/dx: every element, or every inputEvery-th from a name-dependent start
    int first = Math.floorMod(name.hashCode(), inputEvery);
    int nx = (x.length - first + inputEvery - 1) / inputEvery;
    int[] xs = new int[nx];
    double[] fdx = new double[nx];
    for (int q = 0; q < nx; q++) {
      xs[q] = first + q * inputEvery;
      fdx[q] = fd(spec, ctx, xd, shape, w, xd, xs[q]);
    }
    compare(name + ": d/dx", xs, fdx, gx);

    // d/dθ, parameter by parameter
    for (ParameterArena.Param p : m.arena().params()) {
      int[] js = new int[p.size()];
      double[] fdp = new double[p.size()];
      for (int q = 0; q < p.size(); q++) {
        js[q] = p.offset() + q;
        fdp[q] = fd(spec, ctx, xd, shape, w, thd, js[q]);
      }
      compare(name + ": d/d" + p.name(), js, fdp, gTheta);
    }
  }

  /** Central difference of the reference L in {@code v[j]} (v is x or θ). */
  private static double fd(
      Spec spec, Ctx c, double[] x, int[] shape, double[] w, double[] v, int j) {
    double v0 = v[j];
    v[j] = v0 + H;
    double lp = lossRef(spec, c, x, shape, w);
    v[j] = v0 - H;
    double lm = lossRef(spec, c, x, shape, w);
    v[j] = v0;
    return (lp - lm) / (2 * H);
  }

  /** {@code g[idx[q]]} against {@code fd[q]} within {@code GRAD_REL·(|fd| + rms(fd))}. */
  private static void compare(String what, int[] idx, double[] fd, float[] g) {
    double ss = 0;
    for (double d : fd) {
      ss += d * d;
    }
    double rms = Math.sqrt(ss / fd.length);
    assertTrue(rms > 0, what + ": the gradient is zero everywhere (the tensor is not used)");
    for (int q = 0; q < idx.length; q++) {
      assertEquals(
          fd[q], g[idx[q]], GRAD_REL * (Math.abs(fd[q]) + rms), what + " element " + idx[q]);
    }
  }

  // ---------------------------------------------------------------- cases

  @Test
  void linearLayers() {
    check(linear("fc", 7, 5), Mode.TRAIN, Fill.RANDOM, 3, 7);
    check(linear("fc", 13, 1), Mode.TRAIN, Fill.RANDOM, 1, 13);
    check(linear("fc", 1, 4), Mode.EVAL, Fill.RANDOM, 3, 1);
  }

  /**
   * Conv2d against the direct convolution, forward and gradients: odd and even sizes, channels 1
   * and 3, kernels 1, 2, 3, 5, stride 1 and 2 (also where it does not divide the padded size),
   * padding 0, 1, 2, batch 1 and 3.
   */
  @Test
  void conv2dMatchesDirectConvolution() {
    // {batch, C, H, W, F, k, stride, pad}
    int[][] cases = {
      {1, 1, 7, 5, 2, 3, 1, 0},
      {3, 3, 9, 7, 4, 3, 2, 1},
      {1, 3, 5, 6, 3, 5, 1, 2},
      {3, 1, 8, 11, 2, 3, 2, 2},
      {3, 3, 8, 8, 2, 2, 2, 1},
      {3, 3, 7, 7, 3, 1, 2, 1},
      {1, 1, 5, 5, 3, 5, 2, 0},
      {3, 3, 6, 9, 2, 3, 1, 1},
    };
    for (int[] k : cases) {
      check(
          conv2d("c", k[1], k[4], k[5], k[6], k[7]),
          Mode.TRAIN,
          Fill.RANDOM,
          k[0],
          k[1],
          k[2],
          k[3]);
    }
  }

  /**
   * A convolution large enough for the conv's plane loops to split over the pool ({@code N·F·OH·OW
   * ≥ 16384}); every parameter, every 37th input element.
   */
  @Test
  void conv2dLargeSplitOverPool() {
    check(
        conv2d("big", 1, 8, 3, 1, 1),
        Mode.TRAIN,
        NOISE_SEED,
        STEP,
        Fill.RANDOM,
        37,
        0,
        2,
        1,
        32,
        32);
  }

  @Test
  void pooling() {
    check(maxPool(2, 2), Mode.TRAIN, Fill.DISTINCT, 2, 3, 6, 6);
    check(maxPool(3, 2), Mode.TRAIN, Fill.DISTINCT, 1, 2, 7, 7);
    check(maxPool(2, 1), Mode.EVAL, Fill.DISTINCT, 3, 1, 5, 4);
    check(maxPool(2, 2), Mode.TRAIN, Fill.DISTINCT, 3, 3, 7, 5);
    check(avgPool(2, 2), Mode.TRAIN, Fill.RANDOM, 2, 3, 6, 6);
    check(avgPool(2, 1), Mode.TRAIN, Fill.RANDOM, 2, 2, 5, 4);
    check(avgPool(3, 2), Mode.EVAL, Fill.RANDOM, 1, 3, 7, 8);
  }

  @Test
  void activationsAndFlatten() {
    check(relu(), Mode.TRAIN, Fill.RANDOM, 4, 5);
    check(relu(), Mode.EVAL, Fill.RANDOM, 2, 3, 4, 5);
    check(tanh(), Mode.TRAIN, Fill.RANDOM, 4, 5);
    check(tanh(), Mode.TRAIN, Fill.RANDOM, 1, 2, 3, 3);
    check(sigmoid(), Mode.TRAIN, Fill.RANDOM, 4, 2, 3);
    check(flatten(), Mode.TRAIN, Fill.RANDOM, 2, 2, 3, 4);
    check(flatten(), Mode.EVAL, Fill.RANDOM, 3, 7);
  }

  /** Asserts that the reference Bernoulli mask both keeps and drops something. */
  private static void assertMixed(String what, double[] mask) {
    int dropped = 0;
    for (double v : mask) {
      dropped += v == 0 ? 1 : 0;
    }
    assertTrue(
        dropped > 0 && dropped < mask.length,
        what + ": the mask drops " + dropped + " of " + mask.length + "; pick other coordinates");
  }

  @Test
  void dropoutTrainAndEval() {
    assertMixed(
        "dropout", DoubleReference.bernoulliMask(NOISE_SEED, STEP, "d".hashCode(), 33, 0.4f));
    check(dropout("d", 0.4f), Mode.TRAIN, Fill.RANDOM, 3, 11);
    check(dropout("drop1", 0.5f), Mode.TRAIN, Fill.RANDOM, 2, 3, 5, 5);
    check(dropout("d", 0.4f), Mode.EVAL, Fill.RANDOM, 3, 11);
    check(dropout("d", 0f), Mode.TRAIN, Fill.RANDOM, 3, 11);
    // A seed with both halves set and a step ≥ 2^31: both key words and the unsigned step.
    long seed = 0x9E3779B97F4A7C15L;
    long step = 3_000_000_000L;
    assertMixed("dropout hi", DoubleReference.bernoulliMask(seed, step, "d".hashCode(), 33, 0.4f));
    check(dropout("d", 0.4f), Mode.TRAIN, seed, step, Fill.RANDOM, 1, 0, 3, 11);
  }

  @Test
  void gaussianDropoutTrainAndEval() {
    check(gaussianDropout("g", 0.3f), Mode.TRAIN, Fill.RANDOM, 3, 11);
    check(gaussianDropout("g2", 0.7f), Mode.TRAIN, Fill.RANDOM, 2, 3, 5, 5);
    check(gaussianDropout("g", 0.3f), Mode.EVAL, Fill.RANDOM, 3, 11);
    check(
        gaussianDropout("g", 0.3f),
        Mode.TRAIN,
        0x9E3779B97F4A7C15L,
        3_000_000_000L,
        Fill.RANDOM,
        1,
        0,
        3,
        11);
  }

  @Test
  void dropConnectTrainAndEval() {
    assertMixed(
        "dropconnect",
        DoubleReference.bernoulliMask(NOISE_SEED, STEP, "fc.w".hashCode(), 24, 0.5f));
    check(dropConnect("fc", 6, 4, 0.5f), Mode.TRAIN, Fill.RANDOM, 3, 6);
    check(dropConnect("fc", 9, 5, 0.3f), Mode.TRAIN, Fill.RANDOM, 1, 9);
    check(dropConnect("fc", 6, 4, 0.5f), Mode.EVAL, Fill.RANDOM, 3, 6);
  }

  @Test
  void sequentialMlpWithNoise() {
    Spec net =
        sequential(
            linear("fc1", 7, 6),
            tanh(),
            dropout("drop1", 0.25f),
            dropConnect("fc2", 6, 5, 0.4f),
            relu(),
            gaussianDropout("gd", 0.2f),
            linear("fc3", 5, 3),
            sigmoid());
    check(net, Mode.TRAIN, Fill.RANDOM, 3, 7);
    check(net, Mode.EVAL, Fill.RANDOM, 3, 7);
  }

  @Test
  void sequentialSmoothCnn() {
    Spec net =
        sequential(
            conv2d("c1", 1, 3, 3, 1, 1),
            tanh(),
            avgPool(2, 2),
            flatten(),
            dropout("d1", 0.25f),
            linear("fc", 3 * 3 * 3, 4),
            sigmoid());
    check(net, Mode.TRAIN, Fill.RANDOM, 2, 1, 6, 6);
  }

  /**
   * A small LeNet (conv → ReLU → max-pool, twice, then two linear layers), plain and with noise
   * layers in TRAIN and EVAL.
   */
  @Test
  void lenetLikeStack() {
    Spec plain =
        sequential(
            conv2d("conv1", 1, 3, 3, 1, 0),
            relu(),
            maxPool(2, 2),
            conv2d("conv2", 3, 4, 3, 1, 1),
            relu(),
            maxPool(2, 2),
            flatten(),
            linear("fc1", 16, 5),
            relu(),
            linear("fc2", 5, 3));
    check(plain, Mode.TRAIN, NOISE_SEED, STEP, Fill.RANDOM, 1, 1, 2, 1, 11, 11);
    Spec noisy =
        sequential(
            conv2d("conv1", 1, 3, 3, 1, 0),
            relu(),
            maxPool(2, 2),
            gaussianDropout("gd", 0.2f),
            conv2d("conv2", 3, 4, 3, 2, 1),
            relu(),
            maxPool(2, 1),
            flatten(),
            dropConnect("fc1", 4, 5, 0.3f),
            relu(),
            dropout("drop", 0.3f),
            linear("fc2", 5, 3));
    check(noisy, Mode.TRAIN, Fill.RANDOM, 3, 1, 11, 11);
    check(noisy, Mode.EVAL, NOISE_SEED, STEP, Fill.RANDOM, 1, 1, 3, 1, 11, 11);
  }
}
