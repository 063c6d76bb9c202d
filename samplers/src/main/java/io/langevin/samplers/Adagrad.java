package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;
import java.util.Arrays;

/**
 * Adagrad {@code v ← v + G²; θ ← θ − lr·G/(ε + sqrt(v))}. State: sum of squares v, initially
 * {@code initialAccumulator} (default 0, as PyTorch; TensorFlow uses 0.1). No sampler twin. Test:
 * {@code SamplerStepTest}.
 */
public final class Adagrad implements Sampler {
  private final Schedule lr;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double eps;
  private final double initialAccumulator;

  private Adagrad(Builder b) {
    this.lr = b.checkCommon("adagrad");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.eps = Hyper.positive("adagrad", "eps", b.eps);
    this.initialAccumulator =
        Hyper.nonNegative("adagrad", "initial accumulator", b.initialAccumulator);
  }

  /** Adagrad with constant learning rate {@code lr}, ε = 1e-10, accumulator from 0. */
  public static Adagrad of(double lr) {
    return builder().stepSize(lr).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Adagrad}: ε (default 1e-10), initial accumulator (default 0). */
  public static final class Builder extends StepBuilder<Builder> {
    private double eps = 1e-10;
    private double initialAccumulator = 0;

    private Builder() {}

    /** ε &gt; 0 added to sqrt(v). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** Initial value ≥ 0 of every element of v. */
    public Builder initialAccumulator(double value) {
      this.initialAccumulator = value;
      return this;
    }

    @Override
    public Adagrad build() {
      return new Adagrad(this);
    }
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public String hyperparameters() {
    return "adagrad{lr="
        + lr
        + ", eps="
        + eps
        + ", initialAccumulator="
        + initialAccumulator
        + ", prior="
        + prior
        + ", gradScale="
        + gradScale
        + "}";
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.ADAGRAD;
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
    float[] v = new float[d];
    Arrays.fill(v, (float) initialAccumulator);
    return new State(d, seed, 0, new float[][] {v}, new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    UpdateParams p = Pass.base(state, Pass.stepSize(this, state.t()), prior, gradScale);
    p.eps = (float) eps;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.ADAGRAD, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
