package io.langevin.samplers;

import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.samplers.schedule.Polynomial;
import io.langevin.samplers.schedule.Schedule;
import java.util.Arrays;
import java.util.Objects;

/**
 * Santa (Chen, Carlson, Gan, Li, Carin, AISTATS 2016): an annealed, RMSprop-preconditioned
 * thermostat sampler that turns into an optimiser. Steps {@code t < burnin} are the
 * <em>exploration</em> stage (annealed noise at temperature T/β_t, the thermostat α moves); later
 * steps are <em>refinement</em> (no noise, α frozen: a preconditioned momentum optimiser). The
 * element math of both schemes (Euler, Algorithm 1; symmetric splitting SSS, Algorithm 2) is stated
 * in {@code UpdateKernel}; this class supplies per step
 *
 * <pre>
 * lr = η_t (the step-size schedule), decay = σ, eps = λ,
 * anneal a = η_t·T/β_t,  exploration = (t &lt; burnin) and schedule.sampling(t)
 * </pre>
 *
 * with β_t the annealing schedule, by default {@code (1 + t)^0.5} (Chainer's t^γ, γ = 0.5, with t
 * counted from 1; the official MATLAB uses t^anne_rate with anne_rate 0.3–0.8). Defaults are the
 * Chainer implementation's: σ = 0.95, λ = 1e-8, C = 0.5, burnin = 1000. The (1 − g_{t−1}/g_t)/u
 * correction is off by default (the authors' code omits it, "the influence is minor"); |u| is
 * floored at δ = 1e-3 before dividing by it.
 *
 * <p>Initial values: v = 0, previous preconditioner q = 1, u = sqrt(η_0)·N(0, I) (init noise
 * stream; or 0 with {@code sampleMomentum(false)}, as Chainer), α = C (Chainer) or C·sqrt(η_0)
 * (official code, {@code alphaScaledByEta(true)}). State arrays: v, u, α, q (the kernel's order).
 * Test: {@code SamplerStepTest}.
 */
public final class Santa implements Sampler {
  /** Integration scheme. */
  public enum Scheme {
    /** Euler (Algorithm 1). */
    EULER,
    /** Symmetric splitting (Algorithm 2). */
    SSS
  }

  private final Schedule eta;
  private final double prior;
  private final double gradScale;
  private final boolean atomic;
  private final double temperature;
  private final Scheme scheme;
  private final double decay;
  private final double lambda;
  private final double c;
  private final long burnin;
  private final Schedule annealing;
  private final boolean correction;
  private final double floor;
  private final boolean alphaScaledByEta;
  private final boolean sampleMomentum;

  private Santa(Builder b) {
    String name = b.scheme == Scheme.SSS ? "santa-sss" : "santa-euler";
    this.eta = b.checkCommon(name);
    this.prior = b.prior;
    this.gradScale = b.gradScale;
    this.atomic = b.atomic;
    this.temperature = Hyper.nonNegative(name, "temperature", b.temperature);
    this.scheme = Objects.requireNonNull(b.scheme, "scheme");
    this.decay = Hyper.fraction(name, "decay σ", b.decay);
    this.lambda = Hyper.positive(name, "preconditioner bias λ", b.lambda);
    this.c = Hyper.finite(name, "initial thermostat C", b.c);
    if (b.burnin < 0) {
      throw new IllegalArgumentException(name + ": burnin must be ≥ 0, got " + b.burnin);
    }
    this.burnin = b.burnin;
    this.annealing = Objects.requireNonNull(b.annealing, "annealing");
    this.correction = b.correction;
    this.floor = Hyper.positive(name, "floor δ", b.floor);
    this.alphaScaledByEta = b.alphaScaledByEta;
    this.sampleMomentum = b.sampleMomentum;
  }

  /** Santa with constant η and the defaults, Euler or SSS. */
  public static Santa of(double eta, Scheme scheme) {
    return builder().stepSize(eta).scheme(scheme).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder of {@link Santa}: scheme (default SSS), T (1), σ (0.95), λ (1e-8), C (0.5), burnin
   * (1000), annealing ((1+t)^0.5), correction (off), floor δ (1e-3), alphaScaledByEta (off),
   * sampleMomentum (on).
   */
  public static final class Builder extends StepBuilder<Builder> {
    private Scheme scheme = Scheme.SSS;
    private double temperature = 1;
    private double decay = 0.95;
    private double lambda = 1e-8;
    private double c = 0.5;
    private long burnin = 1000;
    private Schedule annealing = new Polynomial(1, 1, -0.5);
    private boolean correction;
    private double floor = 1e-3;
    private boolean alphaScaledByEta;
    private boolean sampleMomentum = true;

    private Builder() {}

    public Builder scheme(Scheme scheme) {
      this.scheme = scheme;
      return this;
    }

    /** Temperature T ≥ 0 of the target before annealing. */
    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    /** RMSprop decay σ ∈ [0, 1) of v. */
    public Builder decay(double sigma) {
      this.decay = sigma;
      return this;
    }

    /** Bias λ &gt; 0 in g = 1/sqrt(λ + sqrt(v)). */
    public Builder lambda(double lambda) {
      this.lambda = lambda;
      return this;
    }

    /** C: the initial thermostat α_0 = C, or C·sqrt(η_0) with {@link #alphaScaledByEta}. */
    public Builder c(double c) {
      this.c = c;
      return this;
    }

    /** Number of exploration steps. */
    public Builder burnin(long steps) {
      this.burnin = steps;
      return this;
    }

    /** β_t (finite, &gt; 0 at every step; increasing to anneal). */
    public Builder annealing(Schedule beta) {
      this.annealing = beta;
      return this;
    }

    /** Include the (1 − g_{t−1}/g_t)/u correction term. */
    public Builder correction(boolean on) {
      this.correction = on;
      return this;
    }

    /** Floor δ &gt; 0 on |u| before dividing by it. */
    public Builder floor(double delta) {
      this.floor = delta;
      return this;
    }

    /** α_0 = C·sqrt(η_0) (official code) instead of C (Chainer). */
    public Builder alphaScaledByEta(boolean on) {
      this.alphaScaledByEta = on;
      return this;
    }

    /** u_0 = sqrt(η_0)·N(0, I) (on) or 0 (off). */
    public Builder sampleMomentum(boolean on) {
      this.sampleMomentum = on;
      return this;
    }

    @Override
    public Santa build() {
      return new Santa(this);
    }
  }

  /** The scheme. */
  public Scheme scheme() {
    return scheme;
  }

  /** Number of exploration steps. */
  public long burnin() {
    return burnin;
  }

  @Override
  public String name() {
    return scheme == Scheme.SSS ? "santa-sss" : "santa-euler";
  }

  @Override
  public String hyperparameters() {
    return name()
        + "{eta="
        + eta
        + ", T="
        + temperature
        + ", sigma="
        + decay
        + ", lambda="
        + lambda
        + ", C="
        + c
        + ", burnin="
        + burnin
        + ", beta="
        + annealing
        + ", correction="
        + correction
        + ", floor="
        + floor
        + ", alphaScaledByEta="
        + alphaScaledByEta
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
    return scheme == Scheme.SSS ? UpdateRule.SANTA_SSS : UpdateRule.SANTA_EULER;
  }

  @Override
  public double temperature() {
    return temperature;
  }

  @Override
  public Schedule stepSize() {
    return eta;
  }

  /** Whether step t is in the exploration stage. */
  public boolean exploring(long t) {
    return t < burnin && eta.sampling(t);
  }

  @Override
  public State init(int d, long seed) {
    Pass.checkDim(name(), d);
    double eta0 = Pass.stepSize(this, 0);
    float[] v = new float[d];
    float[] u = new float[d];
    if (sampleMomentum) {
      Pass.initNoise(u, seed, Math.sqrt(eta0));
    }
    float[] alpha = new float[d];
    Arrays.fill(alpha, (float) (alphaScaledByEta ? c * Math.sqrt(eta0) : c));
    float[] q = new float[d];
    Arrays.fill(q, 1f);
    return new State(d, seed, 0, new float[][] {v, u, alpha, q}, new double[0]);
  }

  @Override
  public UpdateParams params(State state) {
    long t = state.t();
    double step = Pass.stepSize(this, t);
    UpdateParams p = Pass.base(state, step, prior, gradScale);
    p.decay = (float) decay;
    p.eps = (float) lambda;
    p.floor = (float) floor;
    p.correction = correction;
    p.exploration = exploring(t);
    if (p.exploration) {
      double beta = annealing.at(t);
      if (!(beta > 0) || Double.isInfinite(beta)) {
        throw new IllegalArgumentException(
            name() + ": annealing β at step " + t + " is " + beta + " (schedule " + annealing + ")");
      }
      p.anneal = (float) (step * temperature / beta);
    }
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
