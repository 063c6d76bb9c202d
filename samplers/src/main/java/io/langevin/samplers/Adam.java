package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Adam, and AdamW through a decoupled weight decay w: {@code m ← β1·m + (1−β1)·G; v ← β2·v +
 * (1−β2)·G²; θ ← θ − lr·w·θ − lr·m̂/(sqrt(v̂) + ε)} with the bias corrections {@code 1 − β^(t+1)}
 * computed in double (our t counts from 0). The coupled {@code prior} λ is Adam's L2 weight decay;
 * {@code decoupledDecay} is AdamW's. State: m, v, initially 0. No sampler twin. Test: {@code
 * SamplerStepTest}.
 */
public final class Adam implements Sampler {
  private final Schedule lr;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double decoupledDecay;

  private Adam(Builder b) {
    String name = b.decoupledDecay != 0 ? "adamw" : "adam";
    this.lr = b.checkCommon(name);
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.beta1 = Hyper.fraction(name, "beta1", b.beta1);
    this.beta2 = Hyper.fraction(name, "beta2", b.beta2);
    this.eps = Hyper.positive(name, "eps", b.eps);
    this.decoupledDecay = Hyper.nonNegative(name, "decoupled weight decay", b.decoupledDecay);
  }

  /** Adam with constant learning rate {@code lr}, β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public static Adam of(double lr) {
    return builder().stepSize(lr).build();
  }

  /** AdamW with constant learning rate {@code lr} and decoupled weight decay {@code w}. */
  public static Adam adamW(double lr, double w) {
    return builder().stepSize(lr).decoupledDecay(w).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder of {@link Adam}: β1 (default 0.9), β2 (0.999), ε (1e-8), decoupled decay (0 = Adam).
   */
  public static final class Builder extends StepBuilder<Builder> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double decoupledDecay;

    private Builder() {}

    public Builder beta1(double b) {
      this.beta1 = b;
      return this;
    }

    public Builder beta2(double b) {
      this.beta2 = b;
      return this;
    }

    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** AdamW's decoupled weight decay w ≥ 0 (θ shrinks by lr·w·θ each step). */
    public Builder decoupledDecay(double w) {
      this.decoupledDecay = w;
      return this;
    }

    @Override
    public Adam build() {
      return new Adam(this);
    }
  }

  @Override
  public String name() {
    return decoupledDecay != 0 ? "adamw" : "adam";
  }

  @Override
  public String hyperparameters() {
    return name()
        + "{lr="
        + lr
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", eps="
        + eps
        + ", decoupledDecay="
        + decoupledDecay
        + ", prior="
        + prior
        + ", gradScale="
        + gradScale
        + "}";
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.ADAM;
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
    return new State(d, seed, 0, new float[][] {new float[d], new float[d]}, new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    UpdateParams p = Pass.base(state, Pass.stepSize(this, state.t()), prior, gradScale);
    double n = state.t() + 1.0;
    p.beta1 = (float) beta1;
    p.decay = (float) beta2;
    p.eps = (float) eps;
    p.decoupledDecay = (float) decoupledDecay;
    p.biasCorrection1 = (float) (1 - Math.pow(beta1, n));
    p.biasCorrection2 = (float) (1 - Math.pow(beta2, n));
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.ADAM, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
