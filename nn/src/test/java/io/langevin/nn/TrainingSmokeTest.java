package io.langevin.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A plain SGD loop (θ −= lr·g on the arena; no samplers dependency) trains an MLP on a synthetic,
 * linearly separable 3-class problem (Gaussian blobs in 10 dimensions, centres 3σ apart per
 * coordinate) to high held-out accuracy, with dropout on in training.
 */
class TrainingSmokeTest {

  private static void blobs(SplittableRandom rnd, float[][] centres, float[] x, int[] y) {
    int d = centres[0].length;
    for (int r = 0; r < y.length; r++) {
      y[r] = rnd.nextInt(centres.length);
      for (int j = 0; j < d; j++) {
        x[r * d + j] = (float) (centres[y[r]][j] + 0.5 * rnd.nextGaussian());
      }
    }
  }

  @Test
  void sgdReachesHighAccuracy() {
    SplittableRandom rnd = new SplittableRandom(2024);
    int d = 10;
    int k = 3;
    float[][] centres = new float[k][d];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        centres[c][j] = rnd.nextBoolean() ? 0.75f : -0.75f;
      }
    }
    int n = 64;
    float[] x = new float[n * d];
    int[] y = new int[n];
    float[] testX = new float[500 * d];
    int[] testY = new int[500];
    blobs(rnd, centres, testX, testY);
    Model m = Models.mlp("10-32-32-3", Activation.RELU, 0.1f, 7);
    float[] theta = m.arena().theta();
    float[] grad = m.arena().grad();
    Tape tape = new Tape();
    double before = Metrics.accuracy(m.probabilities(testX, 500), testY, k);
    double loss = 0;
    for (int step = 0; step < 300; step++) {
      blobs(rnd, centres, x, y);
      loss = m.lossAndGradient(tape, x, y, n, Mode.TRAIN, 3, step);
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= 0.05f * grad[i];
      }
    }
    float[] probs = m.probabilities(testX, 500);
    double acc = Metrics.accuracy(probs, testY, k);
    assertTrue(acc > 0.95, "accuracy " + acc + " (before training " + before + ")");
    assertTrue(loss < 0.3, "final training loss " + loss);
    assertTrue(Metrics.nll(probs, testY, k) < 0.3, "test NLL");
  }
}
