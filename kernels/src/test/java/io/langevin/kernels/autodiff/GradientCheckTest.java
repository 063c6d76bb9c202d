package io.langevin.kernels.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.OpGradientCheck.Input;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every op of {@link Ops} against a float64 reference: the test writes each op's forward pass as
 * plain double loops (the spec), forms {@code L = Σ_i w_i · op(x)_i} with fixed random weights w
 * (so every output element matters) and compares the tape's gradient with central differences of L
 * in double, {@code h = 1e-5·max(1, |x|)} (truncation and rounding error of the difference ≈
 * 1e-10).
 *
 * <p>Tolerances: gradients {@code |g − fd| ≤ 1e-3·max(1, |fd|)}, forward values {@code 1e-4·max(1,
 * |ref|)}. The backward runs in float32 (relative rounding ≈ 6e-8 per operation, sums of ≤ 35 terms
 * here, plus lanewise EXP within an ulp or two), so its error is ≈ 1e-5 at worst; 1e-3 leaves room
 * for a GEMM that accumulates in float while still catching any wrong term or factor, which moves
 * the gradient by O(1).
 *
 * <p>Inputs live in a {@link ParameterArena} behind a padding parameter, so every operand is a view
 * at a non-zero offset, and the arena's gradient is pre-filled with random values: the check is on
 * {@code grad − grad_before}, which also proves parameter gradients accumulate (+=). Inputs stay
 * away from kinks and singularities: |x| ≥ 0.1 for relu, x ∈ [0.5, 3] for log.
 */
class GradientCheckTest {

  /** Draws one input element. */
  @FunctionalInterface
  private interface Init {
    float next(SplittableRandom rnd);
  }

  /** ±[0.1, 2]: never zero, away from the relu kink. */
  private static final Init SYM =
      r -> (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + 1.9 * r.nextDouble()));

  /** ±[0.1, 8]: saturating region of sigmoid/softplus/BCE. */
  private static final Init WIDE =
      r -> (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + 7.9 * r.nextDouble()));

  /** [0.5, 3]: away from log's singularity. */
  private static final Init POS = r -> (float) (0.5 + 2.5 * r.nextDouble());

  /** [0.05, 0.95]: soft targets for BCE. */
  private static final Init PROB = r -> (float) (0.05 + 0.9 * r.nextDouble());

  private static Input in(Init init, int... shape) {
    return new Input(
        (theta, off, n, rnd) -> {
          for (int i = 0; i < n; i++) {
            theta[off + i] = init.next(rnd);
          }
        },
        shape);
  }

  private static void check(
      String name,
      Input[] inputs,
      Function<Var[], Var> op,
      Function<double[][], double[]> ref) {
    OpGradientCheck.check(name, inputs, op, ref);
  }

  // ------------------------------------------------------------- float64 references (the spec)

  private static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  /** Elementwise f(a, b) with a row vector of length cols on either side, as {@link Ops#add}. */
  private static double[] broadcast(double[] a, double[] b, int cols, DoubleBinaryOperator f) {
    int n = Math.max(a.length, b.length);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double av = a.length == n ? a[i] : a[i % cols];
      double bv = b.length == n ? b[i] : b[i % cols];
      y[i] = f.applyAsDouble(av, bv);
    }
    return y;
  }

  /** op(a)·op(b), op(a) m×k, op(b) k×n, row-major storage. */
  private static double[] matmulRef(
      double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n) {
    double[] y = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        }
        y[i * n + j] = s;
      }
    }
    return y;
  }

  private static double[] linearRef(double[] x, double[] w, double[] b, int n, int in, int out) {
    double[] y = matmulRef(x, false, w, true, n, in, out);
    if (b != null) {
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < out; j++) {
          y[r * out + j] += b[j];
        }
      }
    }
    return y;
  }

  private static double[] logSoftmaxRef(double[] x, int rows, int cols) {
    double[] y = new double[x.length];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, x[r * cols + c]);
      }
      double s = 0;
      for (int c = 0; c < cols; c++) {
        s += Math.exp(x[r * cols + c] - max);
      }
      for (int c = 0; c < cols; c++) {
        y[r * cols + c] = x[r * cols + c] - max - Math.log(s);
      }
    }
    return y;
  }

  private static double crossEntropyRef(double[] logits, int[] labels, int cols) {
    int rows = labels.length;
    double[] ls = logSoftmaxRef(logits, rows, cols);
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      loss -= ls[r * cols + labels[r]];
    }
    return loss / rows;
  }

  private static double sigmoidRef(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double softplusRef(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  private static double[] scalar(double v) {
    return new double[] {v};
  }

  // ------------------------------------------------------------- op by op

  @Test
  void addSubMulSameShapeAndBroadcast() {
    DoubleBinaryOperator plus = Double::sum;
    DoubleBinaryOperator minus = (a, b) -> a - b;
    DoubleBinaryOperator times = (a, b) -> a * b;
    Input[] same = {in(SYM, 3, 5), in(SYM, 3, 5)};
    Input[] rowRight = {in(SYM, 3, 5), in(SYM, 5)};
    Input[] rowLeft = {in(SYM, 5), in(SYM, 3, 5)};
    Input[] rank3 = {in(SYM, 2, 3, 4), in(SYM, 4)};
    for (Input[] shapes : new Input[][] {same, rowRight, rowLeft, rank3}) {
      String s = Arrays.toString(shapes[0].shape()) + Arrays.toString(shapes[1].shape());
      int cols = shapes[0].shape()[shapes[0].shape().length - 1];
      check("add " + s, shapes, v -> Ops.add(v[0], v[1]), x -> broadcast(x[0], x[1], cols, plus));
      check("sub " + s, shapes, v -> Ops.sub(v[0], v[1]), x -> broadcast(x[0], x[1], cols, minus));
      check("mul " + s, shapes, v -> Ops.mul(v[0], v[1]), x -> broadcast(x[0], x[1], cols, times));
    }
  }

  @Test
  void anInputUsedTwiceAccumulatesBothPaths() {
    Input[] one = {in(SYM, 4, 3)};
    check("mul(x, x)", one, v -> Ops.mul(v[0], v[0]), x -> map(x[0], a -> a * a));
    check("sub(x, x)+x", one, v -> Ops.add(Ops.sub(v[0], v[0]), v[0]), x -> x[0].clone());
    // An activation feeding two consumers: t = tanh(x); t ⊙ exp(t).
    check(
        "tanh(x)*exp(tanh(x))",
        one,
        v -> {
          Var t = Ops.tanh(v[0]);
          return Ops.mul(t, Ops.exp(t));
        },
        x -> map(x[0], a -> Math.tanh(a) * Math.exp(Math.tanh(a))));
  }

  @Test
  void scale() {
    check(
        "scale",
        new Input[] {in(SYM, 3, 4)},
        v -> Ops.scale(v[0], -1.75f),
        x -> map(x[0], a -> -1.75 * a));
  }

  @Test
  void matmulInAllFourTranspositions() {
    int m = 3;
    int k = 4;
    int n = 5;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        Input[] shapes = {
          in(SYM, ta ? new int[] {k, m} : new int[] {m, k}),
          in(SYM, tb ? new int[] {n, k} : new int[] {k, n})
        };
        check(
            "matmul ta=" + ta + " tb=" + tb,
            shapes,
            v -> Ops.matmul(v[0], ta, v[1], tb),
            x -> matmulRef(x[0], ta, x[1], tb, m, k, n));
      }
    }
    check(
        "matmul default",
        new Input[] {in(SYM, 2, 7), in(SYM, 7, 3)},
        v -> Ops.matmul(v[0], v[1]),
        x -> matmulRef(x[0], false, x[1], false, 2, 7, 3));
  }

  @Test
  void linearWithAndWithoutBias() {
    int n = 4;
    int inF = 3;
    int outF = 5;
    check(
        "linear",
        new Input[] {in(SYM, n, inF), in(SYM, outF, inF), in(SYM, outF)},
        v -> Ops.linear(v[0], v[1], v[2]),
        x -> linearRef(x[0], x[1], x[2], n, inF, outF));
    check(
        "linear no bias",
        new Input[] {in(SYM, n, inF), in(SYM, outF, inF)},
        v -> Ops.linear(v[0], v[1], null),
        x -> linearRef(x[0], x[1], null, n, inF, outF));
  }

  @Test
  void unaryOps() {
    Input[] sym = {in(SYM, 3, 7)};
    Input[] wide = {in(WIDE, 3, 7)};
    check("relu", sym, v -> Ops.relu(v[0]), x -> map(x[0], a -> Math.max(a, 0)));
    check("tanh", sym, v -> Ops.tanh(v[0]), x -> map(x[0], Math::tanh));
    check("sigmoid", wide, v -> Ops.sigmoid(v[0]), x -> map(x[0], GradientCheckTest::sigmoidRef));
    check("exp", sym, v -> Ops.exp(v[0]), x -> map(x[0], Math::exp));
    check("log", new Input[] {in(POS, 3, 7)}, v -> Ops.log(v[0]), x -> map(x[0], Math::log));
    check(
        "softplus", wide, v -> Ops.softplus(v[0]), x -> map(x[0], GradientCheckTest::softplusRef));
  }

  @Test
  void reductions() {
    Input[] x3 = {in(SYM, 3, 4, 2)};
    check("sum", x3, v -> Ops.sum(v[0]), x -> scalar(Arrays.stream(x[0]).sum()));
    check("mean", x3, v -> Ops.mean(v[0]), x -> scalar(Arrays.stream(x[0]).sum() / 24));
  }

  @Test
  void reshapeFlattenConcat() {
    check(
        "reshape",
        new Input[] {in(SYM, 2, 6)},
        v -> Ops.tanh(Ops.reshape(v[0], 3, 4)),
        x -> map(x[0], Math::tanh));
    check(
        "flatten",
        new Input[] {in(SYM, 2, 3, 2)},
        v -> {
          Var f = Ops.flatten(v[0]);
          assertArrayEquals(new int[] {2, 6}, f.shape());
          assertSame(v[0].value().data(), f.value().data(), "flatten is a view");
          return f;
        },
        x -> x[0].clone());
    check(
        "concat",
        new Input[] {in(SYM, 3, 2), in(SYM, 3, 4), in(SYM, 3, 1)},
        v -> Ops.concat(v[0], v[1], v[2]),
        x -> {
          double[] y = new double[21];
          for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 7; c++) {
              y[r * 7 + c] = c < 2 ? x[0][r * 2 + c] : c < 6 ? x[1][r * 4 + c - 2] : x[2][r];
            }
          }
          return y;
        });
  }

  @Test
  void softmaxFamilyAndLosses() {
    check(
        "logSoftmax",
        new Input[] {in(SYM, 4, 7)},
        v -> Ops.logSoftmax(v[0]),
        x -> logSoftmaxRef(x[0], 4, 7));
    int[] labels = {3, 0, 6, 6, 1};
    check(
        "softmaxCrossEntropy",
        new Input[] {in(SYM, 5, 7)},
        v -> Ops.softmaxCrossEntropy(v[0], labels),
        x -> scalar(crossEntropyRef(x[0], labels, 7)));
    check(
        "mseLoss",
        new Input[] {in(SYM, 3, 4), in(SYM, 3, 4)},
        v -> Ops.mseLoss(v[0], v[1]),
        x -> {
          double s = 0;
          for (int i = 0; i < 12; i++) {
            s += (x[0][i] - x[1][i]) * (x[0][i] - x[1][i]);
          }
          return scalar(s / 12);
        });
    check(
        "bceWithLogits",
        new Input[] {in(WIDE, 3, 4), in(PROB, 3, 4)},
        v -> Ops.bceWithLogits(v[0], v[1]),
        x -> {
          double s = 0;
          for (int i = 0; i < 12; i++) {
            // The textbook form, −y·log σ(z) − (1−y)·log(1−σ(z)), safe for |z| ≤ 8.
            double p = sigmoidRef(x[0][i]);
            s += -x[1][i] * Math.log(p) - (1 - x[1][i]) * Math.log(1 - p);
          }
          return scalar(s / 12);
        });
  }

  @Test
  void lossesStayFiniteAtExtremeLogits() {
    Tape t = new Tape();
    Var z = t.variable(Tensor.of(new float[] {90f, -90f, 1000f, -1000f}, 2, 2));
    Var ce = Ops.softmaxCrossEntropy(z, new int[] {1, 0});
    // Row 0: label 1 scores 180 below the max; row 1: label 0 is the max by 2000 (loss ≈ 0).
    assertEquals(180 / 2.0, ce.item(), 1e-3);
    Var bce = Ops.bceWithLogits(z, t.constant(new float[] {0f, 1f, 1f, 0f}, 2, 2));
    assertEquals((90 + 90 + 0 + 0) / 4.0, bce.item(), 1e-3);
    Var sp = Ops.softplus(z);
    assertEquals(1000f, sp.value().at(2), 0f);
    assertEquals(0f, sp.value().at(3), 0f);
    Var sg = Ops.sigmoid(z);
    assertEquals(1f, sg.value().at(2), 0f);
    assertEquals(0f, sg.value().at(3), 0f);
    t.backward(Ops.add(ce, bce));
    for (int i = 0; i < 4; i++) {
      assertTrue(Float.isFinite(z.grad().at(i)), "finite gradient " + i);
    }
  }

  // ------------------------------------------------------------- composite: an MLP on an arena

  private static final int N = 6;
  private static final int IN = 5;
  private static final int HID = 7;
  private static final int CLS = 4;

  private static Var mlpLoss(Tape t, ParameterArena arena, Tensor x, int[] labels) {
    Var h = Ops.relu(Ops.linear(t.constant(x), t.param(arena, "fc1.w"), t.param(arena, "fc1.b")));
    Var logits = Ops.linear(h, t.param(arena, "fc2.w"), t.param(arena, "fc2.b"));
    return Ops.softmaxCrossEntropy(logits, labels);
  }

  /** The MLP loss in double over a flat θ laid out as the arena. */
  private static double mlpLossRef(
      ParameterArena arena, double[] th, double[] x, int[] labels, double[] minAbsPre) {
    double[] w1 = slice(th, arena.param("fc1.w"));
    double[] b1 = slice(th, arena.param("fc1.b"));
    double[] w2 = slice(th, arena.param("fc2.w"));
    double[] b2 = slice(th, arena.param("fc2.b"));
    double[] pre = linearRef(x, w1, b1, N, IN, HID);
    if (minAbsPre != null) {
      minAbsPre[0] = Arrays.stream(pre).map(Math::abs).min().orElseThrow();
    }
    double[] h = map(pre, a -> Math.max(a, 0));
    return crossEntropyRef(linearRef(h, w2, b2, N, HID, CLS), labels, CLS);
  }

  private static double[] slice(double[] th, ParameterArena.Param p) {
    return Arrays.copyOfRange(th, p.offset(), p.offset() + p.size());
  }

  @Test
  void mlpGradientsLandInTheArenaAndAccumulate() {
    ParameterArena arena =
        ParameterArena.builder()
            .add("fc1.w", HID, IN)
            .add("fc1.b", HID)
            .add("fc2.w", CLS, HID)
            .add("fc2.b", CLS)
            .build();
    SplittableRandom rnd = new SplittableRandom(2024);
    float[] theta = arena.theta();
    for (int i = 0; i < theta.length; i++) {
      theta[i] = (float) (rnd.nextDouble() * 1.6 - 0.8);
    }
    float[] xs = new float[N * IN];
    double[] xd = new double[N * IN];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = SYM.next(rnd);
      xd[i] = xs[i];
    }
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = rnd.nextInt(CLS);
    }
    double[] th = new double[theta.length];
    for (int i = 0; i < th.length; i++) {
      th[i] = theta[i];
    }
    double[] minPre = new double[1];
    double lossRef = mlpLossRef(arena, th, xd, labels, minPre);
    assertTrue(
        minPre[0] > 1e-3, "test setup: a pre-activation lies at the relu kink: " + minPre[0]);

    Tape tape = new Tape();
    Tensor x = Tensor.of(xs, N, IN);
    Var loss = mlpLoss(tape, arena, x, labels);
    assertEquals(lossRef, loss.item(), OpGradientCheck.FWD_TOL * Math.max(1, lossRef));
    tape.backward(loss);
    float[] g1 = arena.grad().clone();

    for (int i = 0; i < th.length; i++) {
      double t0 = th[i];
      double h = 1e-5 * Math.max(1, Math.abs(t0));
      th[i] = t0 + h;
      double lp = mlpLossRef(arena, th, xd, labels, null);
      th[i] = t0 - h;
      double lm = mlpLossRef(arena, th, xd, labels, null);
      th[i] = t0;
      double fd = (lp - lm) / (2 * h);
      assertEquals(fd, g1[i], OpGradientCheck.GRAD_TOL * Math.max(1, Math.abs(fd)), "dθ[" + i + "]");
    }

    // A second step on the reset tape, without zeroing: parameter gradients add up (+=).
    tape.reset();
    tape.backward(mlpLoss(tape, arena, x, labels));
    for (int i = 0; i < g1.length; i++) {
      assertEquals(2.0 * g1[i], arena.grad()[i], 1e-6 * Math.max(1, Math.abs(g1[i])), "2×g " + i);
    }
    // Backward twice on the same tape: activation gradients restart from zero, so exactly one
    // more copy of the gradient is added to the parameters.
    Var again = mlpLoss(tape, arena, x, labels);
    tape.backward(again);
    tape.backward(again);
    for (int i = 0; i < g1.length; i++) {
      assertEquals(4.0 * g1[i], arena.grad()[i], 2e-6 * Math.max(1, Math.abs(g1[i])), "4×g " + i);
    }
    arena.zeroGrad();
    tape.reset();
    tape.backward(mlpLoss(tape, arena, x, labels));
    assertEquals(g1[0], arena.grad()[0], 0f, "after zeroGrad the same gradient again");
  }

  // ------------------------------------------------------------- tape rules and errors

  @Test
  void constantsGetNoGradientAndRecordNothing() {
    Tape t = new Tape();
    Var c = t.constant(new float[] {1f, 2f}, 2);
    Var d = Ops.exp(Ops.mul(c, c));
    assertEquals(0, t.size(), "no node for ops on constants only");
    assertTrue(!d.requiresGrad());
    Var v = t.variable(Tensor.of(new float[] {3f, 4f}, 2));
    Var loss = Ops.sum(Ops.mul(c, v));
    assertEquals(2, t.size());
    t.backward(loss);
    assertNull(c.grad());
    assertEquals(1f, v.grad().at(0), 0f);
    assertEquals(2f, v.grad().at(1), 0f);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.backward(Ops.sum(d)));
    assertTrue(e.getMessage().contains("does not depend"), e.getMessage());
  }

  @Test
  void errorsNameTheShapes() {
    Tape t = new Tape();
    Var a = t.variable(Tensor.zeros(3, 4));
    Var b = t.variable(Tensor.zeros(4, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.add(a, b));
    assertTrue(
        e.getMessage().contains("[3, 4]") && e.getMessage().contains("[4, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, a));
    assertTrue(
        e.getMessage().contains("[3, 4]") && e.getMessage().contains("4 vs 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ops.linear(a, b, null));
    assertTrue(e.getMessage().contains("x [3, 4], w [4, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ops.mseLoss(a, b));
    assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Ops.concat(a, t.variable(Tensor.zeros(2, 4))));
    assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ops.reshape(a, 5, 2));
    assertTrue(e.getMessage().contains("[5, 2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.backward(Ops.tanh(a)));
    assertTrue(
        e.getMessage().contains("scalar loss") && e.getMessage().contains("[3, 4]"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Ops.softmaxCrossEntropy(a, new int[] {0, 9, 1}));
    assertTrue(e.getMessage().contains("label 9 at row 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ops.softmaxCrossEntropy(a, new int[2]));
    assertTrue(
        e.getMessage().contains("2 labels") && e.getMessage().contains("[3, 4]"), e.getMessage());

    Var y = Ops.relu(a);
    t.reset();
    IllegalStateException s = assertThrows(IllegalStateException.class, () -> Ops.exp(y));
    assertTrue(s.getMessage().contains("reset"), s.getMessage());
    Ops.exp(a); // parameters outlive a reset
    Tape other = new Tape();
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Ops.add(a, other.variable(Tensor.zeros(3, 4))));
    assertTrue(e.getMessage().contains("another tape"), e.getMessage());
  }
}
