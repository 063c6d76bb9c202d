package io.langevin.samplers;

import io.langevin.kernels.update.NonFiniteStepException;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * An SG-MCMC sampler or an optimiser: immutable hyperparameters that advance a chain's {@link
 * State} and its parameter vector θ by one fused pass of {@code io.langevin.kernels.update.Update}
 * per step. Each optimiser is its sampler family at temperature 0 (SGD = SGLD, RMSprop = pSGLD,
 * momentum = SGHMC, bit for bit).
 *
 * <p>Every implementation uses the "h" convention (see {@link StepSizeConvention}): the energy
 * gradient is {@code G = s·g + λ·θ} (s = {@code gradScale}, e.g. N/n for a minibatch sum; λ = prior
 * precision), and SGLD is {@code θ ← θ − h·G + sqrt(2hT)·ξ}.
 *
 * <p>Noise: the noise of element i at step t is {@code Noise} Gaussian {@code (seed, t, }{@link
 * #NOISE_STREAM}{@code , i)}; initial values that draw noise (SGHMC/SGNHT momentum, Santa's u)
 * use {@code (seed, 0, }{@link #INIT_STREAM}{@code , i)}. A chain is therefore a pure function of
 * the seed, the initial θ and the gradients, independent of the thread count.
 */
public interface Sampler {
  /** Noise stream of the steps. */
  int NOISE_STREAM = 0;

  /** Noise stream of initial values that draw noise. */
  int INIT_STREAM = 1;

  /** Short name, e.g. {@code "sgld"}; stored in checkpoints. */
  String name();

  /**
   * Every hyperparameter in a stable text form; stored in checkpoints and compared on {@link
   * Checkpoint#resume}.
   */
  String hyperparameters();

  /** The update rule of the next step (Santa: its scheme). */
  UpdateRule rule();

  /** Temperature T of the target exp(−U/T); 0 for optimisers. */
  double temperature();

  /** The step-size schedule. */
  Schedule stepSize();

  /**
   * A fresh state for {@code d} parameters at step 0. Initial values are the documented ones of
   * each sampler (mostly zeros); those that draw noise use {@code seed}, which also keys every
   * step's noise.
   */
  State init(int d, long seed);

  /** {@code init(d, 0)}. */
  default State init(int d) {
    return init(d, 0L);
  }

  /**
   * The scalars of step {@code state.t()} (step size, noise σ, temperature-derived constants,
   * noise key), as the fused pass will receive them. A new object each call.
   */
  UpdateParams params(State state);

  /**
   * Takes step {@code t}, which must be the state's next step {@code state.t()}: updates θ and the
   * state in one pass, then advances the state's step counter.
   *
   * @param theta parameters (length {@code state.dim()}), updated in place
   * @param grad gradient of the (minibatch) negative log likelihood at θ, before the scale s
   * @throws NonFiniteStepException if the gradient holds a NaN or infinity (nothing is written) or
   *     a new value is not finite (see {@code Update} for what may have been written then)
   * @throws IllegalArgumentException on length mismatch or a step out of order
   */
  void step(float[] theta, float[] grad, State state, long t);

  /**
   * Completes step {@code state.t()} after its fused pass ran elsewhere (e.g. on a GPU) with
   * {@link #params(State)}: SGNHT updates its thermostat from {@code sumSquares} (Σ p'² over all
   * elements, ignored by the other samplers); then the step counter advances. {@link #step} calls
   * it itself.
   */
  default void finishStep(State state, double sumSquares) {
    state.advance();
  }

  /** Takes the state's next step {@code state.t()}. */
  default void step(float[] theta, float[] grad, State state) {
    step(theta, grad, state, state.t());
  }
}
