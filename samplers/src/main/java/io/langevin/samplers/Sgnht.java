package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Schedule;

/**
 * Stochastic-gradient Nosé–Hoover thermostat (Ding et al. 2014), in the form of SGMCMCJax
 * ("Algorithm 2") with a temperature, one global thermostat ξ:
 *
 * <pre>
 * p ← (1 − ξ)·p − h·G + sqrt(2·A·h·T)·ζ;   θ ← θ + p;   ξ ← ξ + Σ p²/D − h·T
 * </pre>
 *
 * with h the step size, A the diffusion factor (default 0.01) and ξ_0 = A. The pass uses c = 1 − ξ
 * rounded to float and returns Σ p'² (summed in double); the thermostat update is done here in
 * double. The momentum starts at 0 or, with {@link Builder#sampleMomentum}, at sqrt(h_0·T)·N(0, I)
 * (SGMCMCJax's v_0 = sqrt(h)·N at T = 1).
 *
 * <p><b>Bias: it runs cold by ≈ A/2, whatever h.</b> This is the published algorithm (Ding et
 * al. 2014, as SGMCMCJax), kept as is. Its thermostat enforces E[Σp'²]/D = h·T on the momentum
 * after the kick, but this discretisation of the friction has E[p'²] = h·T/(1 − ξ/2) at the right
 * temperature; the thermostat therefore settles where the noise sqrt(2·A·h·T) balances the
 * friction ξ ≈ 1 − sqrt(1 − 2A) ≈ A + A²/2, and the chain samples at T_eff ≈ A/ξ ≈ 1 − A/2:
 * −0.5% at the default A = 0.01, −1% at A = 0.02, −5% at A = 0.1, independent of the step h
 * (the frozen-thermostat model of the statistics tests predicts this and the chains on Gaussian
 * targets and a logistic regression match it: {@code GaussianSamplersTest.sgnht}, {@code
 * LogisticRegressionPosteriorTest}). A smaller A shrinks the bias (and the mixing speed: A is
 * also the friction per step); no step size removes it.
 *
 * <p>Where the schedule's {@code sampling(t)} is false the step runs at temperature 0: no noise,
 * and the thermostat's target is 0 (ξ ← ξ + Σp²/D). State: momentum p; scalar 0 = ξ. Test: {@code
 * SamplerStepTest}.
 */
public final class Sgnht implements Sampler {
  /** Index of the thermostat ξ among the state's scalars. */
  public static final int THERMOSTAT = 0;

  private final Schedule h;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double temperature;
  private final double diffusion;
  private final boolean sampleMomentum;

  private Sgnht(Builder b) {
    this.h = b.checkCommon("sgnht");
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.temperature = Hyper.nonNegative("sgnht", "temperature", b.temperature);
    this.diffusion = Hyper.positive("sgnht", "diffusion A", b.diffusion);
    this.sampleMomentum = b.sampleMomentum;
  }

  /** SGNHT with constant step h, A = 0.01, T = 1, momentum from 0. */
  public static Sgnht of(double h) {
    return builder().stepSize(h).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Sgnht}: T (default 1), A (0.01), sampleMomentum (off). */
  public static final class Builder extends StepBuilder<Builder> {
    private double temperature = 1;
    private double diffusion = 0.01;
    private boolean sampleMomentum;

    private Builder() {}

    /** Temperature T ≥ 0. */
    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    /** Diffusion factor A &gt; 0, also the initial thermostat ξ_0. */
    public Builder diffusion(double a) {
      this.diffusion = a;
      return this;
    }

    /** Draw the initial momentum as sqrt(h_0·T)·N(0, I) (init noise stream) instead of 0. */
    public Builder sampleMomentum(boolean on) {
      this.sampleMomentum = on;
      return this;
    }

    @Override
    public Sgnht build() {
      return new Sgnht(this);
    }
  }

  @Override
  public String name() {
    return "sgnht";
  }

  @Override
  public String hyperparameters() {
    return "sgnht{h="
        + h
        + ", T="
        + temperature
        + ", A="
        + diffusion
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
    return UpdateRule.SGNHT;
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
    float[] p = new float[d];
    if (sampleMomentum) {
      Pass.initNoise(p, seed, Math.sqrt(Pass.stepSize(this, 0) * temperature));
    }
    return new State(d, seed, 0, new float[][] {p}, new double[] {diffusion});
  }

  @Override
  public UpdateParams params(State state) {
    long t = state.t();
    double step = Pass.stepSize(this, t);
    UpdateParams p = Pass.base(state, step, prior, gradScale);
    p.momentum = (float) (1 - state.scalar(THERMOSTAT));
    p.sigma = h.sampling(t) ? (float) Math.sqrt(2 * diffusion * step * temperature) : 0f;
    return p;
  }

  @Override
  public void step(float[] theta, float[] grad, State state, long t) {
    Pass.check(this, 1, theta, grad, state, t);
    double sum = Pass.run(UpdateRule.SGNHT, params(state), theta, grad, state, atomic);
    finishStep(state, sum);
  }

  /** ξ ← (ξ + Σp'²/D) − h·T (target 0 where the schedule is noise-free), then advances t. */
  @Override
  public void finishStep(State state, double sumSquares) {
    long t = state.t();
    double target = h.sampling(t) ? Pass.stepSize(this, t) * temperature : 0;
    double xi = state.scalar(THERMOSTAT);
    if (state.dim() > 0) {
      xi += sumSquares / state.dim();
    }
    state.setScalar(THERMOSTAT, xi - target);
    state.advance();
  }

  @Override
  public String toString() {
    return hyperparameters();
  }
}
