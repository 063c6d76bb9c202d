package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Plain gradient descent {@code θ ← θ − lr·(s·g + λ·θ)}: SGLD at temperature 0. No state. Test:
 * {@code SamplerStepTest}.
 */
public final class Sgd implements Sampler {
  private final Schedule lr;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;

  private Sgd(Builder b) {
    this.lr = b.checkCommon("sgd");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
  }

  /** SGD with a constant learning rate, no prior, gradient scale 1. */
  public static Sgd of(double lr) {
    return builder().stepSize(lr).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Sgd}: only the common hyperparameters. */
  public static final class Builder extends StepBuilder<Builder> {
    private Builder() {}

    @Override
    public Sgd build() {
      return new Sgd(this);
    }
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public String hyperparameters() {
    return "sgd{lr=" + lr + ", prior=" + prior + ", gradScale=" + gradScale + "}";
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.SGD;
  }

  @Override
  public double temperature() {
    return 0;
  }

  @Override
  public Schedule stepSize() {
    return lr;
  }

  @Override
  public State init(int d, long seed) {
    Pass.checkDim(name(), d);
    return new State(d, seed, 0, new float[0][], new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    return Pass.base(state, Pass.stepSize(this, state.t()), prior, gradScale);
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.SGD, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
