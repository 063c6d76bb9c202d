package io.langevin.samplers;

/**
 * Converters from the step-size conventions of the literature to the one used inside this module,
 * the <b>h form</b> (Euler–Maruyama on dθ = −∇U dt + sqrt(2T) dW):
 *
 * <pre>
 * θ ← θ − h·∇Ũ(θ) + sqrt(2hT)·ξ,      ∇Ũ = s·g + λ·θ,  ξ ~ N(0, I)
 * </pre>
 *
 * where Ũ is the minibatch estimate of the energy U = −log p(θ) − Σ_i log p(x_i|θ) (s = N/n for a
 * minibatch sum g of per-datum gradients, or s = N for a minibatch mean), λ the prior precision
 * and T the temperature (1 = the posterior). Every sampler's {@code stepSize} and {@code
 * temperature} are h and T. Test: {@code StepSizeConventionTest} (one SGLD step written out in each
 * convention equals the h-form step after conversion).
 *
 * <h2>Welling–Teh "ε/2" form (SGLD paper, pSGLD paper, R sgmcmc, SGMCMCJax's pSGLD)</h2>
 *
 * <pre>
 * θ ← θ − (ε/2)·∇Ũ + N(0, ε·T)
 *   = θ − h·∇Ũ + sqrt(2hT)·ξ     with h = ε/2   (N(0, εT) = sqrt(εT)·ξ = sqrt(2·(ε/2)·T)·ξ)
 * </pre>
 *
 * so h = ε/2 and T is unchanged (the papers have T = 1).
 *
 * <h2>"Mean loss" form (posteriors, blackjax-style, cSG-MCMC)</h2>
 *
 * The gradient is that of the per-datum mean loss L̄(θ) = Ũ(θ)/N = −log p(θ)/N − mean_batch log
 * p(x|θ), and a temperature T_m multiplies the noise variance:
 *
 * <pre>
 * θ ← θ − ε·∇L̄ + sqrt(2ε·T_m)·ξ
 *   = θ − (ε/N)·∇Ũ + sqrt(2·(ε/N)·(N·T_m))·ξ
 * </pre>
 *
 * so h = ε/N and T = N·T_m: the recommended T_m = 1/N is the posterior, T = 1. With a batch-mean
 * gradient ḡ of the negative log likelihood, ∇Ũ = N·ḡ + λ·θ: use {@code gradScale(N)} and {@code
 * prior(λ)}.
 *
 * <h2>The authors' code (pSGLD and SGLD MATLAB, Bayesian_RNN Torch, cSG-MCMC)</h2>
 *
 * {@code θ ← θ − lr·∇L̄ + sqrt(2·lr)/N·ξ}: the mean-loss form with T_m = 1/N², i.e. h = lr/N and T =
 * 1/N, a cold posterior; {@link #fromAuthorsCode} gives that mapping (reproductions need it,
 * correctness tests use T = 1).
 */
public final class StepSizeConvention {
  private StepSizeConvention() {}

  /** A step size h and temperature T of the h form. */
  public record HForm(double h, double temperature) {}

  /** Welling–Teh ε (and temperature T, 1 in the paper) → h = ε/2, T. */
  public static HForm fromWellingTeh(double epsilon, double temperature) {
    check("Welling-Teh step epsilon", epsilon);
    check("temperature", temperature);
    return new HForm(epsilon / 2, temperature);
  }

  /** h → Welling–Teh ε = 2h (temperature unchanged). */
  public static double toWellingTeh(double h) {
    check("step h", h);
    return 2 * h;
  }

  /**
   * Mean-loss step ε and noise temperature T_m with N data → h = ε/N, T = N·T_m (T_m = 1/N gives T
   * = 1).
   */
  public static HForm fromMeanLoss(double epsilon, double meanLossTemperature, long n) {
    check("mean-loss step epsilon", epsilon);
    check("mean-loss temperature", meanLossTemperature);
    checkN(n);
    return new HForm(epsilon / n, meanLossTemperature * n);
  }

  /** h form with N data → the mean-loss step ε = h·N. */
  public static double toMeanLossStep(double h, long n) {
    check("step h", h);
    checkN(n);
    return h * n;
  }

  /** h form with N data → the mean-loss temperature T_m = T/N. */
  public static double toMeanLossTemperature(double temperature, long n) {
    check("temperature", temperature);
    checkN(n);
    return temperature / n;
  }

  /**
   * The authors' code: learning rate {@code lr} on the mean loss, noise sqrt(2·lr)/N → h = lr/N, T =
   * 1/N.
   */
  public static HForm fromAuthorsCode(double lr, long n) {
    return fromMeanLoss(lr, 1.0 / ((double) n * n), n);
  }

  private static void check(String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be finite and ≥ 0, got " + v);
    }
  }

  private static void checkN(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("data set size N must be > 0, got " + n);
    }
  }
}
