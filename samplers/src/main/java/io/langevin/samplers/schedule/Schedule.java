package io.langevin.samplers.schedule;

/**
 * A step-size schedule: the step size at step {@code t} (counted from 0), and whether the sampler
 * injects noise at that step.
 *
 * <p>{@link #sampling(long)} is false in a noise-free <em>exploration</em> stage, such as the first
 * part of each cycle of a {@link Cyclical} schedule (Zhang et al. 2020) or a noise-free warm-up
 * ({@link #noiseFrom(long)}). A sampler then takes the step of its optimiser twin (temperature 0):
 * the kernels draw no noise when σ = 0.
 *
 * <p>Implementations are immutable; their {@code toString} is part of a sampler's hyperparameter
 * summary (checked when resuming from a checkpoint), so a custom schedule should override it with
 * a stable description.
 */
public interface Schedule {
  /** The step size at step {@code t ≥ 0}. */
  double at(long t);

  /** Whether noise is injected at step {@code t} (true unless the schedule has a noise-free stage). */
  default boolean sampling(long t) {
    return true;
  }

  /** A constant step size {@code value}. */
  static Schedule constant(double value) {
    return new Constant(value);
  }

  /** {@code a·(b + t)^(−γ)} (Welling and Teh 2011). */
  static Schedule polynomial(double a, double b, double gamma) {
    return new Polynomial(a, b, gamma);
  }

  /**
   * The cyclical cosine schedule of Zhang et al. (2020) with {@code cycles} cycles over {@code
   * totalSteps} steps, noise off during the first {@code exploration} fraction of each cycle.
   */
  static Schedule cyclical(double initial, long totalSteps, int cycles, double exploration) {
    return new Cyclical(initial, totalSteps, cycles, exploration);
  }

  /** {@code initial · factor^⌊t / every⌋}: multiplied by {@code factor} every {@code every} steps. */
  static Schedule blockDecay(double initial, double factor, long every) {
    return new BlockDecay(initial, factor, every);
  }

  /**
   * This schedule with noise off before step {@code firstNoisyStep} (a noise-free warm-up, e.g.
   * TFP's pSGLD {@code burnin}); the step sizes are unchanged.
   */
  default Schedule noiseFrom(long firstNoisyStep) {
    return new NoiseFrom(this, firstNoisyStep);
  }
}
