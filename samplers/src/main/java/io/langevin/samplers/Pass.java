package io.langevin.samplers;

import io.langevin.kernels.random.Noise;
import io.langevin.kernels.update.Update;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import java.util.Objects;

/** The shared mechanics of a step: argument checks, the parameter holder, the fused pass. */
final class Pass {
  /** Noise counters are 32-bit: steps {@code 0 ≤ t < 2^32}. */
  static final long MAX_STEPS = 1L << 32;

  private Pass() {}

  /** Checks θ, g and the state against each other and that {@code t} is the state's next step. */
  static void check(
      Sampler s, int scalars, float[] theta, float[] grad, State state, long t) {
    Objects.requireNonNull(theta, "theta");
    Objects.requireNonNull(grad, "grad");
    Objects.requireNonNull(state, "state");
    String name = s.name();
    if (theta.length != state.dim() || grad.length != state.dim()) {
      throw new IllegalArgumentException(
          name
              + ": theta has length "
              + theta.length
              + ", grad "
              + grad.length
              + ", state dimension "
              + state.dim()
              + " (all must be equal)");
    }
    int arrays = s.rule().stateArrays();
    if (state.arrayCount() != arrays || state.scalarCount() != scalars) {
      throw new IllegalArgumentException(
          name
              + ": state has "
              + state.arrayCount()
              + " arrays and "
              + state.scalarCount()
              + " scalars, expected "
              + arrays
              + " and "
              + scalars
              + " (a state made by another sampler?)");
    }
    if (t != state.t()) {
      throw new IllegalArgumentException(
          name + ": step " + t + " out of order, the state's next step is " + state.t());
    }
    if (t >= MAX_STEPS) {
      throw new IllegalArgumentException(
          name + ": step " + t + " beyond the noise counter range 2^32 = " + MAX_STEPS);
    }
  }

  /** A parameter holder with the fields every rule reads: lr, s, λ and the noise key. */
  static UpdateParams base(State state, double lr, double prior, double gradScale) {
    UpdateParams p = new UpdateParams();
    p.lr = (float) lr;
    p.prior = (float) prior;
    p.gradScale = (float) gradScale;
    p.seed = state.seed();
    p.step = state.t();
    p.stream = Sampler.NOISE_STREAM;
    return p;
  }

  /** The step size of step t, checked. */
  static double stepSize(Sampler s, long t) {
    double h = s.stepSize().at(t);
    if (!(h >= 0) || Double.isInfinite(h)) {
      throw new IllegalArgumentException(
          s.name() + ": step size at step " + t + " is " + h + " (schedule " + s.stepSize() + ")");
    }
    return h;
  }

  /** Runs the fused pass over the whole vector; returns SGNHT's Σ p'² (else 0). */
  static double run(
      UpdateRule rule, UpdateParams p, float[] theta, float[] grad, State state, boolean atomic) {
    return Update.step(rule, p, theta, grad, state.arrays(), state.dim(), atomic);
  }

  /** {@code out[i] = scale · ξ_i} with ξ the init-stream normals of {@code seed}. */
  static void initNoise(float[] out, long seed, double scale) {
    Noise.gaussian(seed, 0, Sampler.INIT_STREAM, out);
    float f = (float) scale;
    for (int i = 0; i < out.length; i++) {
      out[i] *= f;
    }
  }

  static void checkDim(String name, int d) {
    if (d < 0) {
      throw new IllegalArgumentException(name + ": dimension must be ≥ 0, got " + d);
    }
  }
}
