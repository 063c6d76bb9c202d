package io.langevin.nn.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.cuda.Backend;
import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.ScalarUpdate;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.nn.Activation;
import io.langevin.nn.AvgPool2d;
import io.langevin.nn.Conv2d;
import io.langevin.nn.Flatten;
import io.langevin.nn.Init;
import io.langevin.nn.Linear;
import io.langevin.nn.Mode;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.nn.Sequential;
import io.langevin.nn.cuda.NetPlan.ConvStage;
import io.langevin.nn.cuda.NetPlan.LinearStage;
import io.langevin.nn.cuda.NetPlan.PoolStage;
import io.langevin.nn.cuda.NetPlan.ReluStage;
import io.langevin.nn.cuda.NetPlan.Stage;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaNet} on a device against the CPU {@link Model#lossAndGradient} (mode TRAIN) for
 * Models.mlp("784-100-10"), lenetSmall, lenet5 and a strided/padded/overlapping-pool net, with
 * random inputs, labels and biases, batches 7 and 32: the loss within 1e-5 relative, the gradient
 * within 1e-5 relative norm and every parameter tensor within 1e-4 (the report names each tensor
 * with its error), the logits within 1e-5, a second evaluation bit-identical to the first (the
 * device passes are deterministic), the gradient buffer poisoned with NaN before (zeroing checked);
 * 5 SGD steps on the device ({@link CudaNet#step}) against 5 on the CPU ({@link ScalarUpdate}) with
 * θ within 1e-5 relative norm and its change within 1e-3. The device tests are skipped, with the
 * reason, without a CUDA device; the plan tests (supported and unsupported layers, strides and
 * padding) need none. TrainPassHostTest runs the same cases through the Java mirror of
 * the kernels, so the chosen seeds are known to stay clear of rounding-flipped ReLU and pooling
 * decisions with the device GEMM's per-element fma chains.
 */
class CudaNetTest {
  static final int[] BATCHES = {7, 32};
  static final long DATA_SEED = 1000;
  private static final int MAX_BATCH = 32;
  private static CudaKernels cuda;

  static Model mlp() {
    return Models.mlp("784-100-10", Activation.RELU, 11);
  }

  static Model lenetSmall() {
    return Models.lenetSmall(12);
  }

  static Model lenet5() {
    return Models.lenet5(13);
  }

  static Model odd() {
    return NetComparison.oddNet(14);
  }

  private static void requireDevice() {
    Assumptions.assumeTrue(CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    if (cuda == null) {
      cuda = CudaKernels.get();
      System.out.println("[cuda] CudaNetTest on " + cuda.deviceName());
    }
  }

  // ---------------------------------------------------------------- device

  private static void matchesTheCpu(Supplier<Model> factory) {
    requireDevice();
    for (int batch : BATCHES) {
      Model model = NetComparison.withRandomBiases(factory.get(), DATA_SEED + batch);
      long seed = DATA_SEED + batch;
      float[] x = NetComparison.inputs(model, batch, seed);
      int[] y = NetComparison.labels(model, batch, seed);
      String what = model.toString().split(":")[0] + " batch " + batch;
      double want = model.lossAndGradient(new Tape(), x, y, batch, Mode.TRAIN, 0, 0);
      float[] gWant = model.arena().grad().clone();
      float[] logitsWant = model.logits(x, batch);
      try (CudaNet net = new CudaNet(cuda, model, MAX_BATCH)) {
        net.grad().fill(Float.NaN); // lossAndGradient must zero it
        net.setBatch(x, y, batch);
        double got = net.lossAndGradient(batch);
        assertEquals(want, got, Math.abs(want) * 1e-5, what + ": loss");
        float[] g = net.grad().toFloats();
        NetComparison.assertClose(model, gWant, g, 1e-5, 1e-4, what + " gradient");
        double again = net.lossAndGradient(batch);
        assertEquals(got, again, 0.0, what + ": loss of a second evaluation");
        assertArrayEquals(g, net.grad().toFloats(), what + ": gradient of a second evaluation");
        float[] logits = net.logits(batch);
        double e = NetComparison.relNorm(logitsWant, logits, 0, logitsWant.length);
        assertTrue(e <= 1e-5, what + ": logits rel " + e);
        net.downloadGradient();
        assertArrayEquals(g, model.arena().grad(), what + ": downloadGradient");
      }
    }
  }

  @Test
  void mlpMatchesTheCpu() {
    matchesTheCpu(CudaNetTest::mlp);
  }

  @Test
  void lenetSmallMatchesTheCpu() {
    matchesTheCpu(CudaNetTest::lenetSmall);
  }

  @Test
  void lenet5MatchesTheCpu() {
    matchesTheCpu(CudaNetTest::lenet5);
  }

  @Test
  void stridedPaddedNetWithOverlappingPoolingMatchesTheCpu() {
    matchesTheCpu(CudaNetTest::odd);
  }

  private static void sgdFollowsTheCpu(Model model, int batch) {
    requireDevice();
    NetComparison.withRandomBiases(model, 21);
    float[] x = NetComparison.inputs(model, batch, 22);
    int[] y = NetComparison.labels(model, batch, 22);
    int d = model.parameterCount();
    float[] theta0 = model.arena().theta().clone();
    UpdateParams p = NetComparison.sgdParams();
    float[] want = NetComparison.cpuSgdSteps(model, x, y, batch, p, 5);
    System.arraycopy(theta0, 0, model.arena().theta(), 0, d);
    RangeResult result = new RangeResult();
    try (CudaNet net = new CudaNet(cuda, model, batch)) {
      net.setBatch(x, y, batch);
      for (int s = 0; s < 5; s++) {
        double loss = net.lossAndGradient(batch);
        assertTrue(Double.isFinite(loss), "loss at step " + s + ": " + loss);
        net.step(UpdateRule.SGD, p, new io.langevin.kernels.cuda.DeviceArray[0], result);
        assertEquals(-1, result.badIndex, "non-finite value at step " + s);
      }
      net.downloadParameters();
    }
    float[] got = model.arena().theta();
    String what = model.toString().split(":")[0] + " after 5 SGD steps";
    NetComparison.assertClose(model, want, got, 1e-5, 1e-4, what);
    float[] dWant = new float[d];
    float[] dGot = new float[d];
    for (int i = 0; i < d; i++) {
      dWant[i] = want[i] - theta0[i];
      dGot[i] = got[i] - theta0[i];
    }
    double e = NetComparison.relNorm(dWant, dGot, 0, d);
    System.out.println("[cuda-net] " + what + ": change of theta rel " + e);
    assertTrue(e < 1e-3, what + ": change of theta rel " + e);
  }

  @Test
  void fiveSgdStepsFollowTheCpu() {
    sgdFollowsTheCpu(mlp(), 32);
    sgdFollowsTheCpu(lenetSmall(), 7);
  }

  @Test
  void badUseIsRejectedOnTheDevice() {
    requireDevice();
    Model model = Models.mlp("6-4-3", Activation.RELU, 1);
    CudaNet net = new CudaNet(cuda, model, 4);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.lossAndGradient(1));
    assertTrue(e.getMessage().contains("0 examples uploaded"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> net.setBatch(new float[12], new int[] {0, 3}, 2));
    assertTrue(e.getMessage().contains("label 3 of row 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> net.setBatch(new float[30], new int[5], 5));
    assertTrue(e.getMessage().contains("maxBatch 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CudaNet(cuda, model, 0));
    net.close();
    assertThrows(IllegalStateException.class, () -> net.lossAndGradient(1));
    net.close(); // twice is fine
  }

  // ---------------------------------------------------------------- plan (no device)

  @Test
  void lenet5PlanHasTheCaffeGeometryAndArenaOffsets() {
    Model m = Models.lenet5(1);
    CudaNet.checkSupported(m);
    List<Stage> s = NetPlan.of(m);
    int w1 = m.arena().param("conv1.w").offset();
    int b1 = m.arena().param("conv1.b").offset();
    int w2 = m.arena().param("conv2.w").offset();
    int b2 = m.arena().param("conv2.b").offset();
    assertEquals(
        List.of(
            new ConvStage(
                "Conv2d conv1 1->20 k5 s1 p0", Geometry.square(1, 28, 28, 5, 1, 0), 20, w1, b1),
            new ReluStage(20 * 24 * 24),
            new PoolStage(20, 24, 24, 2, 2),
            new ConvStage(
                "Conv2d conv2 20->50 k5 s1 p0", Geometry.square(20, 12, 12, 5, 1, 0), 50, w2, b2),
            new ReluStage(50 * 8 * 8),
            new PoolStage(50, 8, 8, 2, 2),
            new LinearStage(
                "fc1",
                800,
                500,
                m.arena().param("fc1.w").offset(),
                m.arena().param("fc1.b").offset()),
            new ReluStage(500),
            new LinearStage(
                "fc2",
                500,
                10,
                m.arena().param("fc2.w").offset(),
                m.arena().param("fc2.b").offset())),
        s);
    assertEquals(0, w1);
    assertEquals(431_080, m.parameterCount());
  }

  @Test
  void oddNetPlanRecoversStridePaddingAndOverlap() {
    List<Stage> s = NetPlan.of(NetComparison.oddNet(1));
    assertEquals(6, s.size()); // Flatten dropped, nested Sequential flattened
    assertEquals(Geometry.square(2, 13, 11, 3, 2, 1), ((ConvStage) s.get(0)).g());
    assertEquals(new PoolStage(4, 7, 6, 3, 2), s.get(2));
    assertEquals(Geometry.square(4, 3, 2, 2, 1, 1), ((ConvStage) s.get(3)).g());
    assertEquals(60, s.get(4).inSize());
    assertEquals(6, s.get(5).outSize());
  }

  @Test
  void unsupportedLayersAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CudaNet.checkSupported(Models.mlp("4-3-2", Activation.RELU, 0.5f, 1)));
    assertTrue(e.getMessage().contains("layer 2 (Dropout drop1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CudaNet.checkSupported(Models.mlp("4-3-2", Activation.TANH, 1)));
    assertTrue(e.getMessage().contains("class Tanh"), e.getMessage());
    Init he = Init.HE_NORMAL;
    Model avg =
        new Model(
            new Sequential(
                new Conv2d("c", 1, 2, 3, he),
                new AvgPool2d(2),
                new Flatten(),
                new Linear("fc", 18, 3, he)),
            1,
            1,
            8,
            8);
    e = assertThrows(IllegalArgumentException.class, () -> CudaNet.checkSupported(avg));
    assertTrue(e.getMessage().contains("AvgPool2d"), e.getMessage());
    Model noLogits = new Model(new Sequential(new Conv2d("c", 1, 2, 3, he)), 1, 1, 5, 5);
    e = assertThrows(IllegalArgumentException.class, () -> CudaNet.checkSupported(noLogits));
    assertTrue(e.getMessage().contains("[2, 3, 3] is not a vector of logits"), e.getMessage());
    Model single = new Model(new Linear("fc", 5, 3, he), 1, 5); // a bare layer is fine
    CudaNet.checkSupported(single);
    assertThrows(IllegalArgumentException.class, () -> CudaNet.checkSupported(null));
    e = assertThrows(IllegalArgumentException.class, () -> new CudaNet(null, single, 4));
    assertTrue(e.getMessage().contains("null CudaKernels"), e.getMessage());
    for (Model m : List.of(mlp(), lenetSmall(), lenet5(), odd())) {
      CudaNet.checkSupported(m);
    }
  }
}
