package io.langevin.samplers.statistics;

/**
 * Runs D independent chains of one sampler on one gradient oracle and keeps every post-burn-in
 * θ: samples[chain][coordinate][step] in double (float θ widened exactly).
 */
final class ChainRunner {
  private ChainRunner() {}

  /** One sampler step: θ ← step(θ, ∇U(θ)) at step number t (t counts from 0, burn-in included). */
  interface Step {
    void step(float[] theta, float[] grad, long t);
  }

  /** A fresh chain (sampler plus its state) for chain index {@code chain}. */
  interface ChainFactory {
    Step create(int chain);
  }

  /** A fresh gradient oracle (with its own noise seed) for chain index {@code chain}. */
  interface GradientFactory {
    GaussianTarget.Gradient create(int chain);
  }

  static double[][][] run(
      ChainFactory sampler, GradientFactory gradient, float[] theta0, int chains, int burnIn, int steps) {
    int d = theta0.length;
    double[][][] out = new double[chains][d][steps];
    for (int c = 0; c < chains; c++) {
      Step s = sampler.create(c);
      GaussianTarget.Gradient g = gradient.create(c);
      float[] theta = theta0.clone();
      float[] grad = new float[d];
      long t = 0;
      for (int k = 0; k < burnIn; k++, t++) {
        g.compute(theta, grad);
        s.step(theta, grad, t);
      }
      double[][] o = out[c];
      for (int k = 0; k < steps; k++, t++) {
        g.compute(theta, grad);
        s.step(theta, grad, t);
        for (int i = 0; i < d; i++) {
          o[i][k] = theta[i];
        }
      }
    }
    return out;
  }
}
