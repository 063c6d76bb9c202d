package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Stochastic-gradient Hamiltonian Monte Carlo (Chen, Fox, Guestrin 2014) in the authors' "SGD with
 * momentum" form ({@code tqchen/ML-SGHMC sghmc.m}): momentum first, then position with the new
 * momentum,
 *
 * <pre>
 * p ← (1 − α)·p − η·G + σ·ξ,   σ = sqrt(2η(α − β̂)T);   θ ← θ + p
 * </pre>
 *
 * with η the learning rate, α the friction ("momentum decay"; default 0.01) and β̂ = V·η/2 the
 * estimate of the gradient noise (default 0; β̂ &gt; α is an error, the authors' "too big eta").
 * The momentum starts at 0 or, with {@link Builder#sampleMomentum}, at sqrt(η_0·T)·N(0, I) (the
 * authors' p_0 = sqrt(η)·N(0, I) at T = 1). With T = 0, or where the schedule's {@code sampling(t)}
 * is false, the step is {@link Momentum}'s with μ = 1 − α bit for bit. State: momentum p. Test:
 * {@code SamplerStepTest}.
 */
public final class Sghmc implements Sampler {
  private final Schedule eta;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double temperature;
  private final double friction;
  private final double noiseEstimate;
  private final boolean sampleMomentum;

  private Sghmc(Builder b) {
    this.eta = b.checkCommon("sghmc");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.temperature = Hyper.nonNegative("sghmc", "temperature", b.temperature);
    this.friction = b.friction;
    if (!(friction > 0 && friction <= 1)) {
      throw new IllegalArgumentException("sghmc: friction α must be in (0, 1], got " + friction);
    }
    this.noiseEstimate = Hyper.nonNegative("sghmc", "noise estimate β̂", b.noiseEstimate);
    if (noiseEstimate > friction) {
      throw new IllegalArgumentException(
          "sghmc: noise estimate β̂ = "
              + noiseEstimate
              + " exceeds friction α = "
              + friction
              + " (too big eta: β̂ = V·η/2 must not exceed α)");
    }
    this.sampleMomentum = b.sampleMomentum;
  }

  /** SGHMC with constant η, friction α, β̂ = 0, T = 1, momentum from 0. */
  public static Sghmc of(double eta, double friction) {
    return builder().stepSize(eta).friction(friction).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Sghmc}: T (default 1), α (0.01), β̂ (0), sampleMomentum (off). */
  public static final class Builder extends StepBuilder<Builder> {
    private double temperature = 1;
    private double friction = 0.01;
    private double noiseEstimate = 0;
    private boolean sampleMomentum;

    private Builder() {}

    /** Temperature T ≥ 0. */
    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    /** Friction α ∈ (0, 1]; the momentum coefficient is 1 − α. */
    public Builder friction(double alpha) {
      this.friction = alpha;
      return this;
    }

    /** β̂ = V·η/2 ∈ [0, α], the gradient-noise estimate subtracted from the injected noise. */
    public Builder noiseEstimate(double betaHat) {
      this.noiseEstimate = betaHat;
      return this;
    }

    /** Draw the initial momentum as sqrt(η_0·T)·N(0, I) (init noise stream) instead of 0. */
    public Builder sampleMomentum(boolean on) {
      this.sampleMomentum = on;
      return this;
    }

    @Override
    public Sghmc build() {
      return new Sghmc(this);
    }
  }

  /** The friction α. */
  public double friction() {
    return friction;
  }

  @Override
  public String name() {
    return "sghmc";
  }

  @Override
  public String hyperparameters() {
    return "sghmc{eta="
        + eta
        + ", T="
        + temperature
        + ", alpha="
        + friction
        + ", betaHat="
        + noiseEstimate
        + ", sampleMomentum="
        + sampleMomentum
        + ", prior="
        + prior
        + ", gradScale="
        + gradScale
        + "}";
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.SGHMC;
  }

  @Override
  public double temperature() {
    return temperature;
  }

  @Override
  public Schedule stepSize() {
    return eta;
  }

  @Override
  public State init(int d, long seed) {
    Pass.checkDim(name(), d);
    float[] p = new float[d];
    if (sampleMomentum) {
      Pass.initNoise(p, seed, Math.sqrt(Pass.stepSize(this, 0) * temperature));
    }
    return new State(d, seed, 0, new float[][] {p}, new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    long t = state.t();
    double step = Pass.stepSize(this, t);
    UpdateParams p = Pass.base(state, step, prior, gradScale);
    p.momentum = (float) (1 - friction);
    p.sigma =
        eta.sampling(t)
            ? (float) Math.sqrt(2 * step * (friction - noiseEstimate) * temperature)
            : 0f;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 0, theta, grad, state, t);
    Pass.run(UpdateRule.SGHMC, params(state), theta, grad, state, atomic);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
