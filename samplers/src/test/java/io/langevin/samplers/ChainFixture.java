package io.langevin.samplers;

import io.langevin.samplers.schedule.Schedule;
import java.util.List;
import java.util.SplittableRandom;

/** Shared test inputs: one configured instance of every sampler and a synthetic gradient. */
final class ChainFixture {
  private ChainFixture() {}

  /** Every sampler and optimiser, configured to exercise its options over a 20-step chain. */
  static List<Sampler> all() {
    return List.of(
        Sgd.builder().stepSize(0.05).prior(0.5).gradScale(2).build(),
        Momentum.of(0.05, 0.9),
        Momentum.builder().stepSize(0.05).momentum(0.8).nesterov(true).build(),
        Rmsprop.builder().stepSize(0.01).decay(0.9).firstSquare(true).build(),
        Adagrad.builder().stepSize(0.1).initialAccumulator(0.1).build(),
        Adam.of(0.01),
        Adam.adamW(0.01, 0.1),
        Sgld.builder()
            .stepSize(Schedule.cyclical(0.02, 20, 2, 0.5))
            .temperature(0.7)
            .prior(1)
            .gradScale(3)
            .build(),
        Psgld.builder().stepSize(Schedule.polynomial(0.01, 1, 0.55)).firstSquare(true).build(),
        Sghmc.builder()
            .stepSize(Schedule.blockDecay(0.01, 0.5, 5))
            .friction(0.1)
            .noiseEstimate(0.02)
            .sampleMomentum(true)
            .build(),
        Sgnht.builder().stepSize(0.01).diffusion(0.05).sampleMomentum(true).build(),
        Santa.builder().stepSize(0.01).scheme(Santa.Scheme.EULER).burnin(10).build(),
        Santa.builder()
            .stepSize(0.01)
            .scheme(Santa.Scheme.SSS)
            .burnin(10)
            .correction(true)
            .alphaScaledByEta(true)
            .build());
  }

  /** Seeded uniform values in [−scale, scale). */
  static float[] random(long seed, int n, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((2 * r.nextDouble() - 1) * scale);
    }
    return a;
  }

  /**
   * The synthetic gradient of step t: {@code g = θ − μ + 0.1·r_t} with r_t a fixed pseudo-random
   * perturbation of step t (a deterministic stand-in for minibatch noise).
   */
  static void gradient(float[] theta, float[] mu, long t, float[] grad) {
    SplittableRandom r = new SplittableRandom(1000 + t);
    for (int i = 0; i < theta.length; i++) {
      grad[i] = theta[i] - mu[i] + (float) (0.1 * (2 * r.nextDouble() - 1));
    }
  }

  /** Runs {@code steps} steps of the synthetic chain from the state's next step. */
  static void run(Sampler s, float[] theta, float[] mu, State state, int steps) {
    float[] grad = new float[theta.length];
    for (int k = 0; k < steps; k++) {
      gradient(theta, mu, state.t(), grad);
      s.step(theta, grad, state);
    }
  }

  static boolean sameBits(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }
}
