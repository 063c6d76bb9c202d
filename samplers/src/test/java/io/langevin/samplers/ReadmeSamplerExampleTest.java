package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import io.langevin.samplers.samples.RunningMoments;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The README's sampler example, run as written: pSGLD on a softmax regression over minibatches of
 * a synthetic data set, a running posterior mean and variance after burn-in.
 */
class ReadmeSamplerExampleTest {

  /**
   * Labels come from a fixed linear teacher, so the posterior mean must classify the data well;
   * the chain must also keep moving (a posterior spread, not a point).
   */
  @Test
  void readmeSamplerExampleSamples() {
    int n = 2000;
    int features = 20;
    int batch = 100;
    SplittableRandom rnd = new SplittableRandom(5);
    float[] data = new float[n * features];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextGaussian();
    }
    float[] teacher = new float[3 * features];
    for (int i = 0; i < teacher.length; i++) {
      teacher[i] = (float) rnd.nextGaussian();
    }
    int[] labels = new int[n];
    for (int r = 0; r < n; r++) {
      labels[r] = argmax(teacher, data, r * features, features, 3);
    }

    // --- README example (samplers) ---
    ParameterArena arena = ParameterArena.builder().add("w", 3, features).add("b", 3).build();
    Sampler sampler = Psgld.builder()
        .stepSize(1e-3)
        .gradScale(n)          // the loss is a minibatch mean: N·mean estimates the full sum
        .prior(1.0)            // N(0, 1) prior on every weight
        .build();              // temperature 1: the posterior itself
    State state = sampler.init(arena.size(), 42L);
    RunningMoments posterior = RunningMoments.unweighted(arena.size());
    Tape tape = new Tape();
    Var w = tape.param(arena, "w"), b = tape.param(arena, "b");
    int steps = 2000;
    int burnIn = 500;
    for (int t = 0; t < steps; t++) {
      int first = (t * batch) % n;
      float[] x = java.util.Arrays.copyOfRange(data, first * features, (first + batch) * features);
      int[] y = java.util.Arrays.copyOfRange(labels, first, first + batch);
      tape.reset();
      arena.zeroGrad();
      Var loss = Ops.softmaxCrossEntropy(Ops.linear(tape.constant(Tensor.of(x, batch, features)), w, b), y);
      tape.backward(loss);
      sampler.step(arena.theta(), arena.grad(), state);     // one fused pass over θ, g and V
      if (t >= burnIn) {
        posterior.add(arena.theta());
      }
    }
    float[] mean = new float[arena.size()];
    posterior.copyMeanTo(mean);
    // --- end of the README example ---

    int correct = 0;
    for (int r = 0; r < n; r++) {
      float[] scores = new float[3];
      for (int c = 0; c < 3; c++) {
        double s = mean[3 * features + c];
        for (int j = 0; j < features; j++) {
          s += mean[c * features + j] * data[r * features + j];
        }
        scores[c] = (float) s;
      }
      int best = scores[0] >= scores[1] && scores[0] >= scores[2] ? 0 : scores[1] >= scores[2] ? 1 : 2;
      correct += best == labels[r] ? 1 : 0;
    }
    double accuracy = correct / (double) n;
    assertTrue(accuracy > 0.9, "posterior-mean accuracy " + accuracy);
    double minVar = Double.POSITIVE_INFINITY;
    for (int i = 0; i < arena.size(); i++) {
      minVar = Math.min(minVar, posterior.variance(i));
    }
    assertTrue(minVar > 0, "every weight keeps moving under the sampler's noise: " + minVar);
  }

  private static int argmax(float[] teacher, float[] data, int off, int features, int classes) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double s = 0;
      for (int j = 0; j < features; j++) {
        s += teacher[c * features + j] * data[off + j];
      }
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }
}
