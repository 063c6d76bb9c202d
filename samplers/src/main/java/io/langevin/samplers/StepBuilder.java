package io.langevin.samplers;

import io.langevin.samplers.schedule.Schedule;
import java.util.Objects;

/**
 * The hyperparameters every sampler and optimiser has: the step size (a number or a {@link
 * Schedule}; required), the prior precision λ (default 0: no prior) and the gradient scale s
 * (default 1). Values are checked by {@code build()}.
 *
 * @param <B> the concrete builder
 */
public abstract class StepBuilder<B extends StepBuilder<B>> {
  Schedule stepSize;
  double prior = 0;
  double gradScale = 1;
  boolean atomic;

  StepBuilder() {}

  /** A constant step size (lr, h or η depending on the family). */
  public B stepSize(double value) {
    this.stepSize = Schedule.constant(value);
    return self();
  }

  /** A step-size schedule; its {@link Schedule#sampling} turns the noise off where false. */
  public B stepSize(Schedule schedule) {
    this.stepSize = Objects.requireNonNull(schedule, "schedule");
    return self();
  }

  /** Precision λ of the Gaussian prior N(0, 1/λ), i.e. coupled L2 weight decay: G = s·g + λ·θ. */
  public B prior(double lambda) {
    this.prior = lambda;
    return self();
  }

  /** Scale s of the gradient: N/n turns a minibatch sum into the full-data estimate. */
  public B gradScale(double s) {
    this.gradScale = s;
    return self();
  }

  /**
   * Atomic steps (default off): a dry checking pass runs before the writing pass, so a non-finite
   * new value never leaves θ or the state partly updated, at about twice the memory traffic. A
   * non-finite gradient never writes anything either way. Not a hyperparameter of the chain (not
   * in the summary).
   */
  public B atomic(boolean on) {
    this.atomic = on;
    return self();
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** Checks the common fields; returns the schedule. */
  final Schedule checkCommon(String name) {
    if (stepSize == null) {
      throw new IllegalArgumentException(name + ": the step size is required (stepSize(...))");
    }
    Hyper.nonNegative(name, "prior precision", prior);
    Hyper.finite(name, "gradient scale", gradScale);
    return stepSize;
  }

  /** Builds the sampler, checking every hyperparameter. */
  public abstract Sampler build();
}
