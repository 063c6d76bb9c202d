package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertAll;

import io.langevin.samplers.Santa;
import io.langevin.samplers.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Santa's exploration stage at temperature 1 (annealing β ≡ 1) must sample the target in the
 * small-step limit, like every SG-MCMC sampler: on N(0, s²) the stationary variance must approach
 * s² as η → 0.
 *
 * <p>Target: s = 0.04 (s² = 0.0016), so Santa's preconditioner is g = (λ + sqrt(E f²))^{-1/2} ≈
 * sqrt(s) = 0.2. η = 4·10^-4, σ = 0.9999 (v warm-started at E f² = 1/s², as in {@link
 * GaussianSamplersTest#santa}), 2 chains × 2·10^5 steps. For Santa as published (official MATLAB
 * {@code Santa.m}: noise {@code sqrt(2·lr^1.5·G2/factor)} against the thermostat target {@code
 * lr/factor}) the thermostat settles at α ≈ g·sqrt(η) per step and the remaining bias of the
 * linearised chain is ≈ −α/2 ≈ −0.2%. The allowance is 2% of s² (10× that), plus 4.5·SE.
 *
 * <p>The EULER case FAILS with the fused kernel as of this commit (measured −11.2%, tolerance
 * 6.5%): its exploration noise is sqrt(2a·q)·ζ with a = η·T/β (the Chainer transcription), i.e.
 * variance 2ηg rather than 2η^{3/2}g. The thermostat α ← α + u² − a then settles at α ≈ g per
 * step whatever η is, and the Euler chain runs cold by ≈ g/2: the frozen-thermostat model of the
 * kernel predicts −11.7% here (−13…−15% on the logistic regression), the same at η = 10^-2 …
 * 10^-5, so no step size removes it. (SSS passes here: its e·(e·u + noise) split happens to keep
 * the position variance within +1% at this g.) The fix is to scale the exploration noise by an
 * extra sqrt(η), i.e. variance 2·q·η^{3/2}·T/β, keeping η·T/β as the thermostat's target.
 */
class SantaTemperatureTest {
  @Test
  void explorationSamplesTheTargetAsTheStepShrinks() {
    double s2 = 0.0016, eta = 4e-4, decay = 0.9999, lambda = 1e-8;
    GaussianTarget t = GaussianTarget.oneDimensional(s2);
    List<Executable> checks = new ArrayList<>();
    for (Santa.Scheme scheme : Santa.Scheme.values()) {
      Santa s =
          Santa.builder()
              .scheme(scheme)
              .stepSize(eta)
              .decay(decay)
              .lambda(lambda)
              .annealing(Schedule.constant(1))
              .burnin(Long.MAX_VALUE)
              .build();
      long seed = 900 + scheme.ordinal();
      ChainMoments m =
          new ChainMoments(
              ChainRunner.run(
                  SamplerChains.of(s, 1, seed, st -> st.array(0)[0] = (float) (1 / s2)),
                  c -> t.gradient(0, seed + 7 + c),
                  t.oneSdFromMean(),
                  2,
                  10_000,
                  200_000));
      double predictedAsFused = DiscretisedCovariance.santa(t, scheme == Santa.Scheme.SSS, eta, lambda, 1, 0)[0][0];
      String what =
          String.format(
              "Santa-%s eta=%.0e variance vs s² (the frozen-thermostat model of the fused kernel"
                  + " predicts %.5g = s²·(1 %+.3f))",
              scheme, eta, predictedAsFused, predictedAsFused / s2 - 1);
      checks.add(() -> ChainMoments.assertClose(what, s2, m.covariance(0, 0), 0.02 * s2));
    }
    assertAll(checks);
  }
}
