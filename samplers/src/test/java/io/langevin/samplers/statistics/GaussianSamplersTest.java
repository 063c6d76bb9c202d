package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertAll;

import io.langevin.samplers.Psgld;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.Santa;
import io.langevin.samplers.Sghmc;
import io.langevin.samplers.Sgld;
import io.langevin.samplers.Sgnht;
import io.langevin.samplers.State;
import io.langevin.samplers.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every sampler at temperature 1 on N(0, diag(a, 1)) for a ∈ {1, 10, 100} and on the correlated
 * N((1, −0.5), [[1, .8], [.8, 1]]): 2 chains, started one standard deviation from the mean in each
 * coordinate, 5,000 burn-in steps, then 6·10^4 recorded steps (1.5–2.5·10^5 where a = 100 mixes
 * slowly; chosen so that the smallest per-chain ESS is ≥ 1.5× the floor of 200 across three seed
 * sets). Mean and covariance must match what the chain converges to at its finite step ({@link
 * DiscretisedCovariance}) within {@link ChainMoments#Z}·SE plus a stated allowance; the mean is
 * exact (μ) for every sampler by the symmetry x → −x of these chains.
 *
 * <p>The expected covariance is EXACT for SGLD and SGHMC (linear chains) and a frozen-adaptation
 * surrogate for pSGLD, SGNHT and Santa; each test says what the surrogate neglects and how large
 * that is. Seeds are fixed and differ per sampler and target.
 */
class GaussianSamplersTest {
  private static final int BURN_IN = 5_000;
  private static final int STEPS = 60_000;
  private static final int CHAINS = 2;

  private static GaussianTarget[] targets() {
    return new GaussianTarget[] {
      GaussianTarget.diagonal(1),
      GaussianTarget.diagonal(10),
      GaussianTarget.diagonal(100),
      GaussianTarget.correlated()
    };
  }

  /**
   * Runs the chains and returns the assertions (so that one failing target does not hide the
   * others). {@code relAllowance.apply(estimate, steps)} gives the bias allowance as a fraction of
   * |expected|.
   */
  private static Executable check(
      String what,
      Sampler sampler,
      GaussianTarget t,
      double[][] expected,
      int steps,
      long seed,
      Consumer<State> prepare,
      Allowance allowance) {
    double[][][] s =
        ChainRunner.run(
            SamplerChains.of(sampler, t.d, seed, prepare),
            c -> t.gradient(0, seed + 17 + c),
            t.oneSdFromMean(),
            CHAINS,
            BURN_IN,
            steps);
    ChainMoments m = new ChainMoments(s);
    String name = what + " on " + t.name;
    return () -> {
      for (int i = 0; i < t.d; i++) {
        ChainMoments.assertClose(name + " mean[" + i + "]", t.mean[i], m.mean(i), 0);
      }
      for (int i = 0; i < t.d; i++) {
        for (int j = i; j < t.d; j++) {
          ChainMoments.Estimate e = m.covariance(i, j);
          double bias = allowance.relative(e, steps) * Math.abs(expected[i][j]);
          ChainMoments.assertClose(name + " cov[" + i + "][" + j + "]", expected[i][j], e, bias);
        }
      }
    };
  }

  /** A bias allowance as a fraction of |expected|, possibly using the chain's own τ = n/ESS. */
  interface Allowance {
    double relative(ChainMoments.Estimate e, int steps);
  }

  private static final Allowance NONE = (e, n) -> 0;

  /**
   * SGLD θ ← θ − h∇U + sqrt(2h)ξ against its EXACT stationary covariance (P − hP²/2)⁻¹ (per
   * eigendirection λ/(1 − h/(2λ))), no allowance. Steps: h = 0.2 (a = 1, 10), 0.5 (a = 100: the
   * x-direction relaxes in a/h = 200 steps; the y-variance is then 1/(1 − 0.25) = 4/3, exactly as
   * predicted), 0.1 on the correlated target (smallest eigenvalue 0.2).
   */
  @Test
  void sgld() {
    double[] h = {0.2, 0.2, 0.5, 0.1};
    int[] steps = {STEPS, STEPS, 200_000, STEPS};
    GaussianTarget[] ts = targets();
    List<Executable> checks = new ArrayList<>();
    for (int k = 0; k < ts.length; k++) {
      double[][] exact = DiscretisedCovariance.sgld(ts[k], h[k], 1, 0);
      checks.add(check("SGLD h=" + h[k], Sgld.of(h[k]), ts[k], exact, steps[k], 100 + k, s -> {}, NONE));
    }
    assertAll(checks);
  }

  /**
   * pSGLD (V ← αV + (1−α)G², P = 1/(λ + sqrt V), θ ← θ − hPG + sqrt(2hP)ξ) with h = 0.05, α = 0.9999
   * (the authors' 2-D toy value), λ = 1e-5, V from the first square at a typical point. Expected:
   * the exact covariance of the chain with P frozen at its fixed point V = E[G²] (discretisation
   * bias hP/(2σ²): 2.5% on the unit-variance y, 0.25% on x for a = 100, where P_x ≈ 10).
   *
   * <p>What the frozen surrogate neglects is the omitted Γ term: V remembers recent G², so P is
   * correlated with the current |θ| and the chain's density is tilted by 1/P(θ) (for dθ = −P∇U dt
   * + sqrt(2P)dW the stationary law is ∝ e^{−U}/P). The part of V correlated with the present is
   * about τ·(1−α) (τ = the chain's integrated autocorrelation time of θ², from its ESS), so the
   * allowance is 2τ(1−α)·|C|: up to ~3% for x at a = 100, 0.2% for y. (With the default α = 0.99
   * this effect is +10% to +40% on these targets, which is why the sampling test uses 0.9999.)
   */
  @Test
  void psgld() {
    double h = 0.05, alpha = 0.9999, lambda = 1e-5;
    Sampler s = Psgld.builder().stepSize(h).decay(alpha).lambda(lambda).firstSquare(true).build();
    int[] steps = {STEPS, STEPS, 200_000, STEPS};
    GaussianTarget[] ts = targets();
    Allowance gamma = (e, n) -> 2 * (1 - alpha) * (n / e.minEss());
    List<Executable> checks = new ArrayList<>();
    for (int k = 0; k < ts.length; k++) {
      double[][] expected = DiscretisedCovariance.psgld(ts[k], h, 1, lambda, 0);
      checks.add(check("pSGLD h=" + h, s, ts[k], expected, steps[k], 200 + k, st -> {}, gamma));
    }
    assertAll(checks);
  }

  /**
   * SGHMC in Chen et al.'s form (p ← (1−α)p − η∇U + sqrt(2ηα)ξ; θ ← θ + p) against its EXACT
   * stationary covariance, no allowance. η = 0.09 (time step ε = 0.3) with friction α = 0.3
   * (γ = α/ε = 1 per unit time), and α = 0.06 (γ = 0.2, about critical damping 2ω for ω = 0.1)
   * for a = 100, whose x-direction would otherwise relax in γa/ε = 330 steps only overdamped.
   */
  @Test
  void sghmc() {
    double eta = 0.09;
    double[] friction = {0.3, 0.3, 0.06, 0.3};
    int[] steps = {STEPS, STEPS, 150_000, STEPS};
    GaussianTarget[] ts = targets();
    List<Executable> checks = new ArrayList<>();
    for (int k = 0; k < ts.length; k++) {
      double[][] exact = DiscretisedCovariance.sghmc(ts[k], eta, friction[k], 1, 0);
      checks.add(
          check(
              "SGHMC eta=" + eta + " alpha=" + friction[k],
              Sghmc.of(eta, friction[k]),
              ts[k],
              exact,
              steps[k],
              300 + k,
              s -> {},
              NONE));
    }
    assertAll(checks);
  }

  /**
   * SGNHT (p ← (1−ξ)p − h∇U + sqrt(2Ah)ζ; θ ← θ + p; ξ ← ξ + Σp²/D − h) with h = 0.01, A = 0.02
   * (γ = A/sqrt(h) = 0.2 per unit time), momentum drawn at start. Expected: the exact covariance
   * of the chain with ξ frozen where its update has zero drift, E[Σp'²]/D = h. That fixed point is
   * ξ ≈ 1 − sqrt(1 − 2A), and the chain then runs at T_eff ≈ A/ξ ≈ 1 − A/2 (−1% here, −0.5% at
   * the default A = 0.01, −5% at A = 0.1, whatever h is): the thermostat enforces E[p'²] = h on
   * the post-kick momentum, which this discretisation has at h/(1 − ξ/2) for the right
   * temperature.
   *
   * <p>Allowance 3·(h/D)·|C| = 1.5%: the thermostat fluctuates around its fixed point with variance
   * about h/D (the continuous-time invariant has Var ξ_c = 1/D, ξ = sqrt(h)·ξ_c), and the frozen
   * surrogate neglects effects of that order; the coefficient 3 is the excess over the surrogate
   * seen at h = A = 0.04, where h/D = 2% and the excess was 4–7%.
   */
  @Test
  void sgnht() {
    double h = 0.01, a = 0.02;
    Sampler s = Sgnht.builder().stepSize(h).diffusion(a).sampleMomentum(true).build();
    int[] steps = {STEPS, STEPS, 250_000, STEPS};
    GaussianTarget[] ts = targets();
    Allowance fluct = (e, n) -> 3 * h / 2;
    List<Executable> checks = new ArrayList<>();
    for (int k = 0; k < ts.length; k++) {
      double[][] expected = DiscretisedCovariance.sgnht(ts[k], h, a, 1, 0);
      checks.add(check("SGNHT h=" + h + " A=" + a, s, ts[k], expected, steps[k], 400 + k, st -> {}, fluct));
    }
    assertAll(checks);
  }

  /**
   * Santa in its exploration stage at temperature 1 (annealing β_t ≡ 1, burn-in never reached), η
   * = 1e-3, σ = 0.9999, λ = 1e-8, both schemes, on the targets scaled by 0.1 (variances × 0.01:
   * g = E[f²]^{-1/4} ≈ 0.32 for y, 1 for x at a = 100, 0.24 on the correlated target). v is
   * warm-started at its stationary value E[f²] = P_ii through the live state array: from v = 0
   * with σ = 0.9999 the first preconditioner is ≈ 1/sqrt(λ) = 10^4 and the chain diverges within a
   * few steps. With Santa's default noise the per-step friction settles at α ≈ g·sqrt(η) (0.01 to
   * 0.03 here), which sets how fast the chain mixes (min ESS ≈ 1,500 per chain at these lengths).
   * (Before the noise fix this test ran at η = 1e-4 on targets scaled by 10^-3: the transcribed
   * noise made α ≈ g, and on unit-scale targets g ≈ 1 and the Euler thermostat diverged. With the
   * default noise that setting mixes in ~1/(g·sqrt(η)) ≈ 3,000 steps: an ESS of 30.)
   *
   * <p>Expected: the exact covariance of the chain with g frozen at 1/sqrt(λ + sqrt(E f²)) and each
   * thermostat α_i frozen where E[u_i²] = η (the fixed point of α ← α + u² − η), with Santa's
   * default noise variance 2·g·η^{3/2} ({@link SantaTemperatureTest}). Euler then runs at T_eff ≈
   * 1 − α/2: −0.5% (y), −0.9% and −1.6% (x at a = 10, 100); SSS, rotated so that the gradient is
   * taken at the midpoint, is predicted exact (±0.01%) on the diagonal targets. On the correlated
   * target the stiff direction (λ = 500 after scaling, k = ηg²λ = 0.03 per step) gives −0.7%
   * (variances) and −0.8% (covariance) for Euler, −0.3% and −0.4% for SSS. (Before the rotation
   * SSS took the gradient at the step's starting θ: anti-damped, +3% at η = 10^-3, and on the
   * correlated target its thermostat's fixed point sat at the chain's stability boundary, so that
   * case was skipped; it is checked now.) Allowance: the Γ-like tilt of the slowly adapted v as
   * for pSGLD, 2τ(1−σ)·|C|, plus 3η·|C| for thermostat fluctuations (second order, cf. SGNHT).
   */
  @Test
  void santa() {
    double eta = 1e-3, decay = 0.9999, lambda = 1e-8, scale = 0.1;
    GaussianTarget[] ts = targets();
    List<Executable> checks = new ArrayList<>();
    Allowance allowance = (e, n) -> 2 * (1 - decay) * (n / e.minEss()) + 3 * eta;
    for (Santa.Scheme scheme : Santa.Scheme.values()) {
      Sampler s =
          Santa.builder()
              .scheme(scheme)
              .stepSize(eta)
              .decay(decay)
              .lambda(lambda)
              .annealing(Schedule.constant(1))
              .burnin(Long.MAX_VALUE)
              .build();
      for (int k = 0; k < ts.length; k++) {
        GaussianTarget t = ts[k].scaled(scale);
        double[][] expected =
            DiscretisedCovariance.santa(t, scheme == Santa.Scheme.SSS, eta, lambda, 1, 0);
        Consumer<State> warm =
            st -> {
              for (int i = 0; i < t.d; i++) {
                st.array(0)[i] = (float) t.precision[i][i];
              }
            };
        int steps = k == 2 ? 150_000 : STEPS;
        checks.add(
            check("Santa-" + scheme + " eta=" + eta, s, t, expected, steps, 500 + 10 * scheme.ordinal() + k, warm, allowance));
      }
    }
    assertAll(checks);
  }
}
