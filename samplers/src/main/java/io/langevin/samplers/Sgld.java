package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Stochastic-gradient Langevin dynamics (Welling and Teh 2011) in the h form: {@code θ ← θ − h·G +
 * sqrt(2hT)·ξ}, {@code G = s·g + λ·θ}. Welling and Teh's ε is 2h ({@link StepSizeConvention}).
 * With T = 0, or where the schedule's {@code sampling(t)} is false, no noise is drawn and the step
 * is {@link Sgd}'s bit for bit. No state. Test: {@code SamplerStepTest}.
 */
public final class Sgld implements Sampler {
  private final Schedule h;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double temperature;

  private Sgld(Builder b) {
    this.h = b.checkCommon("sgld");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.temperature = Hyper.nonNegative("sgld", "temperature", b.temperature);
  }

  /** SGLD with constant step h, T = 1, no prior, gradient scale 1. */
  public static Sgld of(double h) {
    return builder().stepSize(h).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Sgld}: temperature T (default 1). */
  public static final class Builder extends StepBuilder<Builder> {
    private double temperature = 1;

    private Builder() {}

    /** Temperature T ≥ 0: 1 samples the posterior, 1/N reproduces the authors' code, 0 is SGD. */
    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    @Override
    public Sgld build() {
      return new Sgld(this);
    }
  }

  @Override
  public String name() {
    return "sgld";
  }

  @Override
  public String hyperparameters() {
    return "sgld{h="
        + h
        + ", T="
        + temperature
        + ", prior="
        + prior
        + ", gradScale="
        + gradScale
        + "}";
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.SGLD;
  }

  @Override
  public double temperature() {
    return temperature;
  }

  @Override
  public Schedule stepSize() {
    return h;
  }

  @Override
  public State init(int d, long seed) {
    Pass.checkDim(name(), d);
    return new State(d, seed, 0, new float[0][], new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    long t = state.t();
    double step = Pass.stepSize(this, t);
    UpdateParams p = Pass.base(state, step, prior, gradScale);
    p.sigma = h.sampling(t) ? (float) Math.sqrt(2 * step * temperature) : 0f;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.SGLD, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
