package io.langevin.nn.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cuda.Backend;
import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.nn.Activation;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's GPU example, as written (it compiles everywhere; it runs only with a device):
 * pSGLD on the device for a small MLP on one fixed minibatch whose labels a linear teacher gives,
 * so the loss must fall below 0.1 (from about 2.9) and θ must come back finite and changed.
 */
class CudaReadmeExampleTest {

  @Test
  void readmeGpuExampleTrains() {
    Assumptions.assumeTrue(CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    int batch = 64;
    int n = 60_000;
    int steps = 300;
    Model model = Models.mlp("784-100-10", Activation.RELU, 3);
    SplittableRandom rnd = new SplittableRandom(4);
    float[] images = new float[batch * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) rnd.nextDouble();
    }
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      double s = 0;
      for (int j = 0; j < 784; j += 7) {
        s += images[b * 784 + j] - 0.5;
      }
      labels[b] = s > 0 ? 1 : 0;
    }
    float[] before = model.arena().theta().clone();
    double first = Double.NaN;
    double loss = Double.NaN;

    // --- the README's example
    CudaKernels cuda = CudaKernels.get(); // throws, with the reason, without a device
    UpdateParams p = new UpdateParams(); // the fused pSGLD step's scalars (as Psgld sets them)
    p.lr = 1e-3f;
    p.gradScale = n;
    p.prior = 1f;
    p.decay = 0.99f;
    p.eps = 1e-5f;
    p.sigma = (float) Math.sqrt(2 * p.lr); // √(2h·T) at T = 1
    try (CudaNet net = new CudaNet(cuda, model, batch); // Linear/Conv2d/ReLU/MaxPool2d/Flatten
        DeviceArray v = cuda.alloc(model.parameterCount()).fill(0f)) {
      RangeResult r = new RangeResult();
      for (int t = 0; t < steps; t++) {
        net.setBatch(images, labels, batch); // minibatch t
        loss = net.lossAndGradient(batch);
        p.step = t;
        net.step(UpdateRule.PSGLD, p, new DeviceArray[] {v}, r);
        if (t == 0) {
          first = loss;
        }
        assertTrue(r.badIndex < 0, "non-finite value at step " + t + ", element " + r.badIndex);
      }
      net.downloadParameters(); // θ back into model.arena()
    }
    // --- end of the example

    // the same loop on the CPU: 2.86 -> 0.001 (0.0005-0.0023 over six noise seeds)
    assertTrue(loss < 0.1, "loss " + first + " -> " + loss + " after " + steps + " steps");
    float[] after = model.arena().theta();
    double moved = 0;
    for (int i = 0; i < after.length; i++) {
      assertTrue(Float.isFinite(after[i]), "theta[" + i + "] = " + after[i]);
      moved += Math.abs(after[i] - before[i]);
    }
    assertTrue(moved > 0, "theta did not change");
  }
}
