package io.langevin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The builders' parameter counts, names and output shapes; initialisation statistics (Glorot / He
 * variance within Monte-Carlo tolerance) and determinism.
 */
class ModelsTest {

  @Test
  void mlpHasTheRightParametersAndShapes() {
    Model m = Models.mlp("784-400-400-10", Activation.RELU);
    assertEquals(478_410, m.parameterCount());
    assertEquals(478_410, m.net().parameterCount());
    assertArrayEquals(new int[] {10}, m.outputShape());
    assertArrayEquals(new int[] {400, 784}, m.arena().value("fc1.w").shape());
    assertArrayEquals(new int[] {10}, m.arena().value("fc3.b").shape());
    float[] x = new float[3 * 784];
    Arrays.fill(x, 0.5f);
    float[] logits = m.logits(x, 3);
    assertEquals(30, logits.length);
    for (float v : logits) {
      assertTrue(Float.isFinite(v));
    }
    Model drop = Models.mlp("10-8-8-2", Activation.TANH, 0.5f, 1);
    assertEquals(10 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2, drop.parameterCount());
    assertEquals(5 + 2, ((Sequential) drop.net()).layers().size()); // 3 linear, 2 tanh, 2 dropout
  }

  /** The intrinsic-dimension authors' LeNet: D = 44,426 as their notebook. */
  @Test
  void lenetSmallHasTheAuthorsParameterCount() {
    Model m = Models.lenetSmall(3);
    assertEquals(44_426, m.parameterCount());
    assertArrayEquals(new int[] {16, 6, 5, 5}, m.arena().value("conv2.w").shape());
    assertArrayEquals(new int[] {120, 256}, m.arena().value("fc1.w").shape());
    assertArrayEquals(new int[] {10}, m.outputShape());
  }

  @Test
  void lenet5HasTheRightParametersAndShapes() {
    Model m = Models.lenet5(3);
    // conv1 20·1·25+20, conv2 50·20·25+50, fc1 500·800+500, fc2 10·500+10
    assertEquals(520 + 25_050 + 400_500 + 5_010, m.parameterCount());
    assertEquals(431_080, m.parameterCount());
    assertArrayEquals(new int[] {1, 28, 28}, m.inputShape());
    assertArrayEquals(new int[] {10}, m.outputShape());
    assertArrayEquals(new int[] {50, 20, 5, 5}, m.arena().value("conv2.w").shape());
    assertArrayEquals(new int[] {500, 800}, m.arena().value("fc1.w").shape());
    int[] s = {1, 28, 28};
    int[][] expected = {
      {20, 24, 24},
      {20, 24, 24},
      {20, 12, 12},
      {50, 8, 8},
      {50, 8, 8},
      {50, 4, 4},
      {800},
      {500},
      {500},
      {10}
    };
    int i = 0;
    for (Layer l : ((Sequential) m.net()).layers()) {
      s = l.outputShape(s);
      assertArrayEquals(expected[i++], s, "after " + l);
    }
    SplittableRandom rnd = new SplittableRandom(2);
    float[] x = new float[2 * 784];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) rnd.nextDouble();
    }
    Tape tape = new Tape();
    int[] labels = {3, 7};
    double loss = m.lossAndGradient(tape, x, labels, 2, Mode.TRAIN, 0, 0);
    assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
    double g2 = 0;
    for (float g : m.arena().grad()) {
      assertTrue(Float.isFinite(g));
      g2 += g * g;
    }
    assertTrue(g2 > 0, "some gradient");
    for (String p : new String[] {"conv1.w", "conv2.w", "fc1.w", "fc2.b"}) {
      Tensor g = m.arena().gradient(p);
      double s2 = 0;
      for (int j = 0; j < g.size(); j++) {
        s2 += g.at(j) * g.at(j);
      }
      assertTrue(s2 > 0, "gradient reaches " + p);
    }
  }

  @Test
  void specErrors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Models.mlp("784-x-10", Activation.RELU));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Models.mlp("784", Activation.RELU));
    assertTrue(e.getMessage().contains("784"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Models.mlp("784-0-10", Activation.RELU));
    assertTrue(e.getMessage().contains("size 0"), e.getMessage());
  }

  private static double[] meanVar(Tensor t) {
    double s = 0;
    double s2 = 0;
    for (int i = 0; i < t.size(); i++) {
      s += t.at(i);
      s2 += (double) t.at(i) * t.at(i);
    }
    double mean = s / t.size();
    return new double[] {mean, s2 / t.size() - mean * mean};
  }

  @Test
  void glorotAndHeVariances() {
    // Glorot uniform on fc1 of 784-400-10 (tanh): var 2/(784+400), |w| ≤ sqrt(6/1184)
    Model g = Models.mlp("784-400-10", Activation.TANH, 11);
    Tensor w = g.arena().value("fc1.w");
    int n = w.size();
    double want = 2.0 / (784 + 400);
    double[] mv = meanVar(w);
    assertEquals(0, mv[0], 5 * Math.sqrt(want / n), "Glorot mean");
    // SE of a sample variance: var·sqrt((κ − 1)/n), kurtosis κ = 9/5 for a uniform
    assertEquals(want, mv[1], 5 * want * Math.sqrt(0.8 / n), "Glorot variance");
    double a = Math.sqrt(6.0 / 1184);
    for (int i = 0; i < n; i++) {
      assertTrue(Math.abs(w.at(i)) <= a * (1 + 1e-6), "inside ±a");
    }
    // He normal on LeNet's conv2 (fanIn 20·25 = 500) and fc1 (fanIn 800): var 2/fanIn, κ = 3
    Model l = Models.lenet5(12);
    for (String[] p : new String[][] {{"conv2.w", "500"}, {"fc1.w", "800"}}) {
      Tensor t = l.arena().value(p[0]);
      double v = 2.0 / Integer.parseInt(p[1]);
      double[] m = meanVar(t);
      assertEquals(0, m[0], 5 * Math.sqrt(v / t.size()), p[0] + " mean");
      assertEquals(v, m[1], 5 * v * Math.sqrt(2.0 / t.size()), p[0] + " variance");
    }
    for (String b : new String[] {"conv1.b", "conv2.b", "fc1.b", "fc2.b"}) {
      for (float v : l.arena().value(b).toArray()) {
        assertEquals(0f, v, b + " starts at 0");
      }
    }
  }

  @Test
  void initialisationIsAPureFunctionOfSeedAndName() {
    Model a = Models.mlp("20-400-400-10", Activation.RELU, 5);
    Model b = Models.mlp("20-400-400-10", Activation.RELU, 5);
    assertArrayEquals(a.arena().theta(), b.arena().theta(), "same seed");
    Model c = Models.mlp("20-400-400-10", Activation.RELU, 6);
    assertFalse(Arrays.equals(a.arena().theta(), c.arena().theta()), "another seed");
    // fc2.w [400, 400] does not depend on the other layers' sizes
    Model d = Models.mlp("7-400-400-3", Activation.RELU, 5);
    assertArrayEquals(a.arena().value("fc2.w").toArray(), d.arena().value("fc2.w").toArray());
    // re-initialising restores the same θ
    float[] before = a.arena().theta().clone();
    Arrays.fill(a.arena().theta(), 1f);
    a.initialize(5);
    assertArrayEquals(before, a.arena().theta(), "initialize(seed) again");
    // and a parameter's values are Init.fill of its tensor alone
    ParameterArena.Param p = a.arena().param("fc1.w");
    Tensor alone = Tensor.zeros(p.value().shape());
    Init.HE_NORMAL.fill(alone, "fc1.w", 20, 400, 5);
    assertArrayEquals(alone.toArray(), p.value().toArray());
  }

  @Test
  void lenet5GradientIsTheSameOnOneOrManyThreads() {
    Model m = Models.lenet5(4);
    int n = 16;
    SplittableRandom rnd = new SplittableRandom(9);
    float[] x = new float[n * 784];
    int[] y = new int[n];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) rnd.nextDouble();
    }
    for (int j = 0; j < n; j++) {
      y[j] = j % 10;
    }
    Tape tape = new Tape();
    double[] loss = new double[2];
    CpuPool.serially(() -> loss[0] = m.lossAndGradient(tape, x, y, n, Mode.TRAIN, 1, 2));
    float[] serial = m.arena().grad().clone();
    loss[1] = m.lossAndGradient(tape, x, y, n, Mode.TRAIN, 1, 2);
    assertEquals(loss[0], loss[1], 0, "loss");
    assertArrayEquals(serial, m.arena().grad(), "gradient bits, 1 thread vs " + CpuPool.threads());
  }
}
