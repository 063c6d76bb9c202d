package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * RMSprop {@code v ← α·v + (1−α)·G²; θ ← θ − lr·G/(ε + sqrt(v))}: pSGLD at temperature 0 (with ε =
 * pSGLD's λ). State: mean square v, initially 0, or the first squared gradient ({@link
 * Builder#firstSquare}: decay 0 at step 0). Test: {@code SamplerStepTest}.
 */
public final class Rmsprop implements Sampler {
  private final Schedule lr;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double decay;
  private final double eps;
  private final boolean firstSquare;

  private Rmsprop(Builder b) {
    this.lr = b.checkCommon("rmsprop");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.decay = Hyper.fraction("rmsprop", "decay α", b.decay);
    this.eps = Hyper.positive("rmsprop", "eps", b.eps);
    this.firstSquare = b.firstSquare;
  }

  /** RMSprop with constant learning rate {@code lr}, α = 0.99, ε = 1e-8. */
  public static Rmsprop of(double lr) {
    return builder().stepSize(lr).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Rmsprop}: α (default 0.99), ε (default 1e-8), firstSquare (off). */
  public static final class Builder extends StepBuilder<Builder> {
    private double decay = 0.99;
    private double eps = 1e-8;
    private boolean firstSquare;

    private Builder() {}

    /** Decay α ∈ [0, 1) of the mean square. */
    public Builder decay(double alpha) {
      this.decay = alpha;
      return this;
    }

    /** ε &gt; 0 added to sqrt(v). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** Start v at the first squared gradient (decay 0 at step 0) rather than at 0. */
    public Builder firstSquare(boolean on) {
      this.firstSquare = on;
      return this;
    }

    @Override
    public Rmsprop build() {
      return new Rmsprop(this);
    }
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public String hyperparameters() {
    return "rmsprop{lr="
        + lr
        + ", alpha="
        + decay
        + ", eps="
        + eps
        + ", firstSquare="
        + firstSquare
        + ", prior="
        + prior
        + ", gradScale="
        + gradScale
        + "}";
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.RMSPROP;
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
    p.decay = firstSquare && state.t() == 0 ? 0f : (float) decay;
    p.eps = (float) eps;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.RMSPROP, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
