package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Preconditioned SGLD (Li, Chen, Carlson, Carin, AAAI 2016, Algorithm 1) in the h form:
 *
 * <pre>
 * V ← α·V + (1−α)·G²;  P = 1/(λ + sqrt(V));  θ ← θ − h·P·G + sqrt(2hT)·sqrt(P)·ξ
 * </pre>
 *
 * with {@code G = s·g + λ_prior·θ}. α defaults to 0.99 and λ to 1e-5 (the authors' MNIST run and
 * SGMCMCJax). V starts at 0 (SGMCMCJax) or, with {@link Builder#firstSquare}, at the first squared
 * gradient (the authors' MATLAB: decay 0 at step 0).
 *
 * <p>The term Γ(θ) = Σ_j ∂P_ij/∂θ_j of the paper's drift is <b>omitted</b>: for this diagonal P it
 * is −(1−α)·G_i·(∂G_i/∂θ_i)/(sqrt(V_i)(λ + sqrt(V_i))²), which needs the diagonal of the Hessian;
 * the authors' own code ({@code SGLD_RMSprop.m}) and SGMCMCJax drop it as well, and it vanishes as
 * α → 1 (V changes slowly).
 *
 * <p>With T = 0, or where the schedule's {@code sampling(t)} is false, the step is {@link Rmsprop}'s
 * (ε = λ) bit for bit. State: V. Test: {@code SamplerStepTest}.
 */
public final class Psgld implements Sampler {
  private final Schedule h;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double temperature;
  private final double decay;
  private final double lambda;
  private final boolean firstSquare;

  private Psgld(Builder b) {
    this.h = b.checkCommon("psgld");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.temperature = Hyper.nonNegative("psgld", "temperature", b.temperature);
    this.decay = Hyper.fraction("psgld", "decay α", b.decay);
    this.lambda = Hyper.positive("psgld", "preconditioner bias λ", b.lambda);
    this.firstSquare = b.firstSquare;
  }

  /** pSGLD with constant step h, T = 1, α = 0.99, λ = 1e-5, V from 0. */
  public static Psgld of(double h) {
    return builder().stepSize(h).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Psgld}: T (default 1), α (0.99), λ (1e-5), firstSquare (off). */
  public static final class Builder extends StepBuilder<Builder> {
    private double temperature = 1;
    private double decay = 0.99;
    private double lambda = 1e-5;
    private boolean firstSquare;

    private Builder() {}

    /** Temperature T ≥ 0 (1/N reproduces the authors' code). */
    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    /** RMSprop decay α ∈ [0, 1). */
    public Builder decay(double alpha) {
      this.decay = alpha;
      return this;
    }

    /** Diagonal bias λ &gt; 0 added to sqrt(V). */
    public Builder lambda(double lambda) {
      this.lambda = lambda;
      return this;
    }

    /** V starts at the first squared gradient (decay 0 at step 0). */
    public Builder firstSquare(boolean on) {
      this.firstSquare = on;
      return this;
    }

    @Override
    public Psgld build() {
      return new Psgld(this);
    }
  }

  @Override
  public String name() {
    return "psgld";
  }

  @Override
  public String hyperparameters() {
    return "psgld{h="
        + h
        + ", T="
        + temperature
        + ", alpha="
        + decay
        + ", lambda="
        + lambda
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
    return UpdateRule.PSGLD;
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
    return new State(d, seed, 0, new float[][] {new float[d]}, new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    long t = state.t();
    double step = Pass.stepSize(this, t);
    UpdateParams p = Pass.base(state, step, prior, gradScale);
    p.decay = firstSquare && t == 0 ? 0f : (float) decay;
    p.eps = (float) lambda;
    p.sigma = h.sampling(t) ? (float) Math.sqrt(2 * step * temperature) : 0f;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.PSGLD, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
