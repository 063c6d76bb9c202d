package io.langevin.nn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.ScalarUpdate;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.nn.Activation;
import io.langevin.nn.Mode;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainPass} — the device passes' wiring: GEMM arguments, layouts, offsets, which gradients
 * are computed — run on the CPU through {@link HostTrainOps}, a Java mirror of the device kernels,
 * against {@link Model#lossAndGradient}. With the CPU GEMM the forward values are the CPU's own, so
 * loss and gradient must agree to a few float roundings (tolerance 1e-6); with the mirror of the
 * device GEMM (one float fma chain per output) the rounding is what the device will have, and the
 * tolerances are those of {@code CudaNetTest}, so the device test's seeds are checked here for
 * ReLU/pooling decisions that rounding would flip. Also: 5 SGD steps, the logits, poisoned buffers
 * (NaN until written) and bad batches.
 */
class TrainPassHostTest {

  private static void compare(
      Model model, int batch, long seed, boolean naive, double tol, double tensorTol) {
    NetComparison.withRandomBiases(model, seed);
    float[] x = NetComparison.inputs(model, batch, seed);
    int[] y = NetComparison.labels(model, batch, seed);
    String what = model.toString().split(":")[0] + " batch " + batch + (naive ? " naive" : " cpu");
    double want = model.lossAndGradient(new Tape(), x, y, batch, Mode.TRAIN, 0, 0);
    float[] gWant = model.arena().grad().clone();
    float[] logitsWant = model.logits(x, batch);
    HostTrainOps ops = new HostTrainOps(naive);
    try (TrainPass<float[]> pass = new TrainPass<>(ops, model, NetPlan.of(model), batch + 3)) {
      System.arraycopy(model.arena().theta(), 0, pass.theta, 0, model.parameterCount());
      pass.setBatch(x, y, batch);
      double got = pass.lossAndGradient(batch);
      assertEquals(want, got, Math.abs(want) * 1e-5, what + ": loss");
      NetComparison.assertClose(model, gWant, pass.grad, tol, tensorTol, what + " gradient");
      float[] logits = pass.logits(batch);
      double e = NetComparison.relNorm(logitsWant, logits, 0, logitsWant.length);
      assertTrue(e <= tol, what + ": logits rel " + e);
    }
  }

  @Test
  void mlpWiringWithTheCpuGemm() {
    compare(Models.mlp("784-100-10", Activation.RELU, 5), 7, 1, false, 1e-6, 1e-6);
  }

  @Test
  void lenetSmallWiringWithTheCpuGemm() {
    compare(Models.lenetSmall(6), 7, 2, false, 1e-6, 1e-6);
  }

  @Test
  void oddNetWiringWithTheCpuGemm() {
    compare(NetComparison.oddNet(7), 7, 3, false, 1e-6, 1e-6);
    compare(NetComparison.oddNet(7), 32, 4, false, 1e-6, 1e-6);
  }

  /** The seeds and models of CudaNetTest with the device's rounding (its naive GEMM). */
  @Test
  void deviceTestCasesWithTheDeviceRounding() {
    for (int batch : CudaNetTest.BATCHES) {
      compare(CudaNetTest.mlp(), batch, CudaNetTest.DATA_SEED + batch, true, 1e-5, 1e-4);
      compare(CudaNetTest.lenetSmall(), batch, CudaNetTest.DATA_SEED + batch, true, 1e-5, 1e-4);
      compare(CudaNetTest.lenet5(), batch, CudaNetTest.DATA_SEED + batch, true, 1e-5, 1e-4);
      compare(CudaNetTest.odd(), batch, CudaNetTest.DATA_SEED + batch, true, 1e-5, 1e-4);
    }
  }

  @Test
  void fiveSgdStepsFollowTheCpu() {
    Model model = NetComparison.withRandomBiases(Models.lenetSmall(8), 9);
    int batch = 7;
    float[] x = NetComparison.inputs(model, batch, 10);
    int[] y = NetComparison.labels(model, batch, 10);
    float[] theta0 = model.arena().theta().clone();
    UpdateParams p = NetComparison.sgdParams();
    float[] want = NetComparison.cpuSgdSteps(model, x, y, batch, p, 5);
    int d = model.parameterCount();
    RangeResult result = new RangeResult();
    ScalarUpdate update = new ScalarUpdate();
    try (TrainPass<float[]> pass =
        new TrainPass<>(new HostTrainOps(true), model, NetPlan.of(model), batch)) {
      System.arraycopy(theta0, 0, pass.theta, 0, d);
      pass.setBatch(x, y, batch);
      for (int s = 0; s < 5; s++) {
        pass.lossAndGradient(batch);
        update.range(UpdateRule.SGD, p, pass.theta, pass.grad, new float[0][], 0, d, true, result);
        assertEquals(-1, result.badIndex, "step " + s);
      }
      NetComparison.assertClose(model, want, pass.theta, 1e-5, 1e-4, "theta after 5 SGD steps");
      float[] dWant = new float[d];
      float[] dGot = new float[d];
      for (int i = 0; i < d; i++) {
        dWant[i] = want[i] - theta0[i];
        dGot[i] = pass.theta[i] - theta0[i];
      }
      double e = NetComparison.relNorm(dWant, dGot, 0, d);
      assertTrue(e < 1e-3, "change of theta over 5 steps: rel " + e);
    }
  }

  @Test
  void badBatchesAreRejected() {
    Model model = Models.mlp("6-4-3", Activation.RELU, 1);
    try (TrainPass<float[]> pass =
        new TrainPass<>(new HostTrainOps(false), model, NetPlan.of(model), 4)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> pass.lossAndGradient(1));
      assertTrue(e.getMessage().contains("0 examples uploaded"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> pass.setBatch(new float[30], new int[5], 5));
      assertTrue(e.getMessage().contains("batch 5 outside [1, maxBatch 4]"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> pass.setBatch(new float[11], new int[2], 2));
      assertTrue(e.getMessage().contains("needs 12 inputs"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> pass.setBatch(new float[12], new int[] {0, 3}, 2));
      assertTrue(e.getMessage().contains("label 3 of row 1 outside [0, 3)"), e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainPass<>(new HostTrainOps(false), model, NetPlan.of(model), 0));
  }
}
