package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Heavy-ball or Nesterov momentum in velocity form, {@code v ← μ·v − lr·G; θ ← θ + v} (Nesterov:
 * {@code θ ← θ + μ·v − lr·G}): SGHMC at temperature 0 with friction α = 1 − μ. State: velocity v,
 * initially 0. Test: {@code SamplerStepTest}.
 */
public final class Momentum implements Sampler {
  private final Schedule lr;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double momentum;
  private final boolean nesterov;

  private Momentum(Builder b) {
    this.lr = b.checkCommon("momentum");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.momentum = Hyper.fraction("momentum", "momentum coefficient μ", b.momentum);
    this.nesterov = b.nesterov;
  }

  /** Heavy-ball momentum with constant learning rate {@code lr} and coefficient {@code mu}. */
  public static Momentum of(double lr, double mu) {
    return builder().stepSize(lr).momentum(mu).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Momentum}: μ (default 0.9), Nesterov (default off). */
  public static final class Builder extends StepBuilder<Builder> {
    private double momentum = 0.9;
    private boolean nesterov;

    private Builder() {}

    /** Momentum coefficient μ ∈ [0, 1). */
    public Builder momentum(double mu) {
      this.momentum = mu;
      return this;
    }

    /** Nesterov's look-ahead form. */
    public Builder nesterov(boolean on) {
      this.nesterov = on;
      return this;
    }

    @Override
    public Momentum build() {
      return new Momentum(this);
    }
  }

  /** The momentum coefficient μ. */
  public double momentum() {
    return momentum;
  }

  @Override
  public String name() {
    return nesterov ? "nesterov" : "momentum";
  }

  @Override
  public String hyperparameters() {
    return name()
        + "{lr="
        + lr
        + ", mu="
        + momentum
        + ", prior="
        + prior
        + ", gradScale="
        + gradScale
        + "}";
  }

  @Override
  public UpdateRule rule() {
    return nesterov ? UpdateRule.NESTEROV : UpdateRule.MOMENTUM;
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
    return new State(d, seed, 0, new float[][] {new float[d]}, new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    UpdateParams p = Pass.base(state, Pass.stepSize(this, state.t()), prior, gradScale);
    p.momentum = (float) momentum;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(rule(), params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
