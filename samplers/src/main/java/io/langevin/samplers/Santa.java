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
 * lr = η_t (the step-size schedule), decay = σr (0 at step 0 with firstSquare), eps = λ,
 * anneal a = η_t·T/β_t (the thermostat's target),
 * sigma  = sqrt(2·η_t^{3/2}·T/β_t)   (NoiseScale.CONSISTENT, the default)
 *       or sqrt(2·η_t·T/β_t)         (NoiseScale.TRANSCRIBED),
 * exploration = (t &lt; burnin) and schedule.sampling(t)
 * </pre>
 *
 * and the exploration noise is sigma·sqrt(g_{t−1})·ζ.
 *
 * <p><b>Noise scale.</b> With u = h·p and η = h² (the paper's change of variables) the consistent
 * discretisation of Santa's SDE has noise variance 2·g_{t−1}·η^{3/2}·T/β_t against the thermostat
 * update α ← α + u² − η·T/β_t; this is what the authors' MATLAB {@code Santa.m} does (noise {@code
 * sqrt(2·lr^1.5·G2/factor)}). The thermostat then settles at a per-step friction α ≈ g·sqrt(η)
 * and the chain's temperature error is ≈ −α/2 → 0 as η → 0 ({@code SantaTemperatureTest}). The
 * paper as transcribed by third-party code (Chainer, Theano: noise sqrt(2·η·g_{t−1}/β_t)) has
 * variance 2·η·g·T/β_t, a factor 1/sqrt(η) too much: the thermostat can only balance it at α ≈ g
 * per step whatever η is, and the chain runs cold by ≈ g/2 at every step size (−11% measured on
 * N(0, 0.04²) with g ≈ 0.2, −13…−15% on a logistic regression). {@link NoiseScale#TRANSCRIBED}
 * keeps that form for comparisons with those implementations.
 *
 * <p><b>SSS.</b> The kernel runs Algorithm 2 rotated by half a step: the θ this class holds (and
 * the caller computes the gradient at) is the paper's midpoint θ_t + g·u_t/2, and each step is
 * the O/thermostat half, the kick with f(θ), the noise, the second O/thermostat half and one full
 * drift θ ← θ + g·u (the two half drifts of consecutive paper steps merged, with the current g;
 * step 0's initial half drift is dropped). Taken literally, with the gradient at the start of the
 * paper's step, the splitting is not symmetric: the chain is anti-damped and its thermostat
 * settles higher to compensate (+3% variance at η = 10^-3 on a scaled Gaussian, and unstable on a
 * stiff correlated one).
 *
 * <p>β_t is the annealing schedule, by default {@code (1 + t)^0.5} (Chainer's t^γ, γ = 0.5, with t
 * counted from 1; the official MATLAB uses t^anne_rate with anne_rate 0.3–0.8). Defaults are the
 * Chainer implementation's: σr = 0.95, λ = 1e-8, C = 0.5, burnin = 1000. The (1 − g_{t−1}/g_t)/u
 * correction is off by default (the authors' code omits it, "the influence is minor"); |u| is
 * floored at δ = 1e-3 before dividing by it.
 *
 * <p>Initial values: v = 0 (or, with {@link Builder#firstSquare}, the first squared gradient:
 * decay 0 at step 0, as {@link Psgld}), previous preconditioner q = 1, u = sqrt(η_0)·N(0, I)
 * (init noise stream; or 0 with {@code sampleMomentum(false)}, as Chainer), α = C (Chainer) or
 * C·sqrt(η_0) (official code, {@code alphaScaledByEta(true)}). State arrays: v, u, α, q (the
 * kernel's order). firstSquare is off by default: it does not keep a chain finite that starts at
 * the mode with an exact gradient (f = 0 there, so v = 0 either way, g = 1/sqrt(λ) = 10^4, and the
 * first drift throws θ far out: Euler at η = 0.01 on N(0, I) overflows at step 5 with or without
 * it); g ≤ 1/sqrt(λ) with λ = 1e-8 is the cause, so start away from a stationary point, warm-start
 * v (state array 0) or use a larger λ. With a noisy gradient it makes the first steps' excursions
 * smaller. Test: {@code SamplerStepTest}.
 */
public final class Santa implements Sampler {
  /** Integration scheme. */
  public enum Scheme {
    /** Euler (Algorithm 1). */
    EULER,
    /**
     * Symmetric splitting (Algorithm 2), rotated by half a step so that the gradient is taken at
     * the paper's midpoint (see the class comment).
     */
    SSS
  }

  /** Scale σ of the exploration noise σ·sqrt(g_{t−1})·ζ. */
  public enum NoiseScale {
    /**
     * σ = sqrt(2·η^{3/2}·T/β_t): the consistent discretisation of Santa's SDE with u = h·p, η = h²
     * (the authors' MATLAB {@code Santa.m}: noise ∝ lr^1.5). Samples T/β_t as η → 0.
     */
    CONSISTENT,
    /**
     * σ = sqrt(2·η·T/β_t): the paper as transcribed by third-party code (Chainer, Theano). Against
     * the thermostat target a = η·T/β_t it settles at a per-step friction α ≈ g whatever η is,
     * so the chain runs cold by ≈ g/2 at every step size (−11% measured on N(0, 0.04²)).
     */
    TRANSCRIBED
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
  private final NoiseScale noiseScale;
  private final boolean firstSquare;

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
    this.noiseScale = Objects.requireNonNull(b.noiseScale, "noiseScale");
    this.firstSquare = b.firstSquare;
  }

  /** Santa with constant η and the defaults, Euler or SSS. */
  public static Santa of(double eta, Scheme scheme) {
    return builder().stepSize(eta).scheme(scheme).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder of {@link Santa}: scheme (default SSS), T (1), σr (0.95), λ (1e-8), C (0.5), burnin
   * (1000), annealing ((1+t)^0.5), correction (off), floor δ (1e-3), alphaScaledByEta (off),
   * sampleMomentum (on), noiseScale (CONSISTENT), firstSquare (off).
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
    private NoiseScale noiseScale = NoiseScale.CONSISTENT;
    private boolean firstSquare;

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

    /** Exploration noise scale (default {@link NoiseScale#CONSISTENT}). */
    public Builder noiseScale(NoiseScale scale) {
      this.noiseScale = scale;
      return this;
    }

    /** v starts at the first squared gradient (decay 0 at step 0, as {@link Psgld}). */
    public Builder firstSquare(boolean on) {
      this.firstSquare = on;
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
        + ", noise="
        + noiseScale
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
    p.decay = firstSquare && t == 0 ? 0f : (float) decay;
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
      double a = step * temperature / beta;
      p.anneal = (float) a;
      p.sigma =
          (float)
              Math.sqrt(2 * (noiseScale == NoiseScale.CONSISTENT ? a * Math.sqrt(step) : a));
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
