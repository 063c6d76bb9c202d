package io.langevin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every layer through the layer API ({@link Model}, {@link Pass}, {@link Layer#forward}): the
 * tape's gradient of {@code L = Σ_i w_i · y_i} (fixed random weights w) with respect to the input
 * and to every parameter in the arena, against central differences of L.
 *
 * <p>The op-level float64 checks (against double references) are in the kernels module ({@code
 * GradientCheckTest}, {@code ConvOpsGradientCheckTest}); here the point is the wiring (names,
 * shapes, which parameter each gradient lands in, noise coordinates, modes), so the differences are
 * taken of the layer's own float32 forward pass with L summed in double, at step {@code h = 1e-2}.
 * Error budget: the forward rounding (≈ 1e-7 relative per output, |L| ≲ 30) gives ≲ 3e-4 after
 * dividing by 2h; the truncation error of tanh/sigmoid is ≈ h²·|f'''|/6 ≲ 2e-5; so the tolerance is
 * {@code 2e-3·max(1, |fd|)}, while a missing or misplaced term moves a gradient by O(0.1). Inputs
 * avoid kinks by more than h: |x| ≥ 0.1 for ReLU, distinct values 0.0625 apart for max pooling;
 * noise layers are checked in TRAIN mode at a fixed (seed, step), where the mask is a fixed
 * function.
 */
class LayerGradientCheckTest {
  private static final double H = 1e-2;
  private static final double TOL = 2e-3;
  private static final long NOISE_SEED = 99;
  private static final long STEP = 7;

  private static float sym(SplittableRandom r) {
    return (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + 0.9 * r.nextDouble()));
  }

  /** L = Σ w_i y_i of the model's forward pass on x, in double. */
  private static double loss(Model m, float[] x, int[] shape, double[] w, Mode mode) {
    Tape tape = new Tape();
    Var y =
        m.forward(
            new Pass(tape, m.arena(), mode, NOISE_SEED, STEP), tape.constant(Tensor.of(x, shape)));
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * y.value().at(i);
    }
    return s;
  }

  static void check(String name, Layer layer, int batch, boolean distinct, int... inShape) {
    check(name, layer, batch, distinct, Mode.TRAIN, inShape);
  }

  static void check(
      String name, Layer layer, int batch, boolean distinct, Mode mode, int... inShape) {
    SplittableRandom rnd = new SplittableRandom(name.hashCode());
    Model m = new Model(layer, 5, inShape);
    float[] theta = m.arena().theta();
    for (int i = 0; i < theta.length; i++) {
      theta[i] = sym(rnd);
    }
    int[] shape = new int[inShape.length + 1];
    shape[0] = batch;
    System.arraycopy(inShape, 0, shape, 1, inShape.length);
    float[] x = new float[Tensor.sizeOf(shape)];
    if (distinct) {
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
    Tape tape = new Tape();
    Var xv = tape.variable(Tensor.of(x.clone(), shape));
    m.arena().zeroGrad();
    Var y = m.forward(new Pass(tape, m.arena(), mode, NOISE_SEED, STEP), xv);
    int[] outShape = m.outputShape();
    assertEquals(batch, y.shape()[0], name + ": batch dimension");
    assertArrayEquals(
        outShape, Arrays.copyOfRange(y.shape(), 1, y.rank()), name + ": outputShape() vs forward");
    double[] w = new double[y.size()];
    float[] wf = new float[y.size()];
    for (int i = 0; i < w.length; i++) {
      wf[i] = sym(rnd);
      w[i] = wf[i];
    }
    tape.backward(y, Tensor.of(wf, y.shape()));
    float[] gx = xv.grad().toArray();
    float[] gTheta = m.arena().grad().clone();
    for (ParameterArena.Param p : m.arena().params()) { // every declared parameter is used
      double g2 = 0;
      for (int j = 0; j < p.size(); j++) {
        g2 += (double) p.grad().at(j) * p.grad().at(j);
      }
      assertTrue(g2 > 0, name + ": no gradient reaches " + p.name());
    }

    for (int j = 0; j < x.length; j++) {
      float x0 = x[j];
      x[j] = (float) (x0 + H);
      double lp = loss(m, x, shape, w, mode);
      x[j] = (float) (x0 - H);
      double lm = loss(m, x, shape, w, mode);
      x[j] = x0;
      double fd = (lp - lm) / (2 * H);
      assertEquals(fd, gx[j], TOL * Math.max(1, Math.abs(fd)), name + ": d/dx[" + j + "]");
    }
    for (int j = 0; j < theta.length; j++) {
      float t0 = theta[j];
      theta[j] = (float) (t0 + H);
      double lp = loss(m, x, shape, w, mode);
      theta[j] = (float) (t0 - H);
      double lm = loss(m, x, shape, w, mode);
      theta[j] = t0;
      double fd = (lp - lm) / (2 * H);
      assertEquals(fd, gTheta[j], TOL * Math.max(1, Math.abs(fd)), name + ": d/dθ[" + j + "]");
    }
  }

  @Test
  void linear() {
    check("linear", new Linear("fc", 7, 5, Init.GLOROT_UNIFORM), 3, false, 7);
  }

  @Test
  void conv2d() {
    check("conv s2 p1", new Conv2d("c", 2, 3, 3, 2, 1, Init.HE_NORMAL), 2, false, 2, 7, 6);
    check("conv s1 p0", new Conv2d("c", 3, 2, 2, Init.GLOROT_UNIFORM), 2, false, 3, 5, 5);
  }

  @Test
  void pooling() {
    check("maxpool 2", new MaxPool2d(2), 2, true, 2, 6, 6);
    check("maxpool 3/2", new MaxPool2d(3, 2), 1, true, 2, 7, 7);
    check("avgpool 2/1", new AvgPool2d(2, 1), 2, false, 2, 5, 4);
  }

  @Test
  void activationsAndFlatten() {
    check("relu", new ReLU(), 4, false, 5);
    check("tanh", new Tanh(), 4, false, 5);
    check("sigmoid", new Sigmoid(), 4, false, 2, 3);
    check("flatten", new Flatten(), 2, false, 2, 3, 4);
  }

  @Test
  void noiseLayersInTraining() {
    check("dropout", new Dropout("d", 0.4f), 3, false, 11);
    check("gaussian dropout", new GaussianDropout("g", 0.3f), 3, false, 11);
    check(
        "dropconnect", new DropConnect(new Linear("fc", 6, 4, Init.HE_NORMAL), 0.5f), 3, false, 6);
  }

  @Test
  void sequentialCnn() {
    Sequential net =
        new Sequential(
            new Conv2d("c1", 1, 3, 3, 1, 1, Init.HE_NORMAL),
            new Tanh(),
            new AvgPool2d(2),
            new Flatten(),
            new Dropout("d1", 0.25f),
            new Linear("fc", 3 * 3 * 3, 4, Init.GLOROT_UNIFORM),
            new Sigmoid());
    check("sequential", net, 2, false, 1, 6, 6);
  }

  /** Evaluation mode: every noise layer is the identity / the plain linear layer. */
  @Test
  void noiseLayersAreIdentityInEvaluation() {
    Linear fc = new Linear("fc", 6, 4, Init.HE_NORMAL);
    Model plain = new Model(fc, 3, 6);
    Model dc = new Model(new DropConnect(fc, 0.5f), 3, 6);
    Model drop =
        new Model(new Sequential(new Dropout("d", 0.5f), new GaussianDropout("g", 0.5f)), 3, 6);
    float[] x = new float[2 * 6];
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = sym(rnd);
    }
    assertArrayEquals(plain.logits(x, 2), dc.logits(x, 2), "DropConnect in EVAL");
    assertArrayEquals(x, drop.logits(x, 2), "dropouts in EVAL");
    Tape tape = new Tape();
    float[] train = drop.forward(tape, x, 2, Mode.TRAIN, 1, 0).value().toArray();
    float[] train2 = drop.forward(tape, x, 2, Mode.TRAIN, 1, 0).value().toArray();
    float[] next = drop.forward(tape, x, 2, Mode.TRAIN, 1, 1).value().toArray();
    assertFalse(Arrays.equals(x, train), "dropouts act in TRAIN");
    assertArrayEquals(train, train2, "same (seed, step): same masks");
    assertFalse(Arrays.equals(train, next), "next step: new masks");
    float[] dcTrain = dc.forward(tape, x, 2, Mode.TRAIN, 1, 0).value().toArray();
    assertFalse(Arrays.equals(plain.logits(x, 2), dcTrain), "DropConnect acts in TRAIN");
  }

  @Test
  void shapeErrorsNameTheShapes() {
    Model m = new Model(new Linear("fc", 7, 5, Init.HE_NORMAL), 1, 7);
    Tape tape = new Tape();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.forward(
                    new Pass(tape, m.arena(), Mode.EVAL, 0, 0),
                    tape.constant(new float[12], 2, 6)));
    assertTrue(e.getMessage().contains("[2, 6]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Model(new Conv2d("c", 3, 4, 5, Init.HE_NORMAL), 1, 3, 4, 4));
    assertTrue(e.getMessage().contains("[3, 4, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dropout("d", 1f));
    assertTrue(e.getMessage().contains("1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.logits(new float[13], 2));
    assertTrue(e.getMessage().contains("13"), e.getMessage());
  }
}
