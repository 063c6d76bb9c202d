package io.langevin.kernels.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's library example, run as written, learns a learnable synthetic task. */
class ReadmeExampleTest {

  /** Labels are the argmax of a fixed linear map of the input, so plain SGD must cut the loss. */
  @Test
  void readmeMlpExampleTrains() {
    int batch = 64;
    int steps = 60;
    SplittableRandom rnd = new SplittableRandom(11);
    float[] images = new float[batch * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) rnd.nextDouble();
    }
    float[] teacher = new float[10 * 784];
    for (int i = 0; i < teacher.length; i++) {
      teacher[i] = (float) rnd.nextGaussian();
    }
    int[] labels = new int[batch];
    for (int r = 0; r < batch; r++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 10; c++) {
        double s = 0;
        for (int j = 0; j < 784; j++) {
          s += teacher[c * 784 + j] * (images[r * 784 + j] - 0.5);
        }
        if (s > best) {
          best = s;
          labels[r] = c;
        }
      }
    }

    ParameterArena arena = ParameterArena.builder()
        .add("fc1.w", 100, 784).add("fc1.b", 100)
        .add("fc2.w", 10, 100).add("fc2.b", 10)
        .build();
    float[] th = arena.theta();
    for (int i = 0; i < th.length; i++) {
      th[i] = (float) (rnd.nextGaussian() * 0.05);
    }
    Tape tape = new Tape();
    Var w1 = tape.param(arena, "fc1.w"), b1 = tape.param(arena, "fc1.b");
    Var w2 = tape.param(arena, "fc2.w"), b2 = tape.param(arena, "fc2.b");
    float first = Float.NaN;
    float last = Float.NaN;
    for (int step = 0; step < steps; step++) {
      tape.reset();
      arena.zeroGrad();
      Var x = tape.constant(Tensor.of(images, batch, 784));
      Var h = Ops.relu(Ops.linear(x, w1, b1));
      Var loss = Ops.softmaxCrossEntropy(Ops.linear(h, w2, b2), labels);
      tape.backward(loss);
      float[] theta = arena.theta(), g = arena.grad();
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= 0.1f * g[i];
      }
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    assertTrue(first > 2.0f, "initial loss near log(10): " + first);
    assertTrue(last < 0.5f * first, "loss " + first + " -> " + last + " after " + steps + " SGD steps");
  }
}
