package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.samplers.Sgld;
import org.junit.jupiter.api.Test;

/**
 * Recipe R2: SGLD θ ← θ − h∇U + sqrt(2h)ξ on N(0, s²) is the AR(1) chain θ' = (1 − h/s²)θ +
 * sqrt(2h)ξ, whose stationary variance is s²/(1 − h/(2s²)), not s². With injected gradient noise of
 * variance V_g the innovation variance is 2h + h²V_g and the stationary variance (2h + h²V_g)/(1 −
 * (1 − h/s²)²). The empirical variance of 2 chains must match the closed form within 4.5·SE
 * (no allowance: the closed form is exact for the chain), AND differ from s² (and, with noise, from
 * the noiseless closed form) by more than 4.5·SE — so the test has the power to tell the exact
 * discretised variance from the naive one.
 *
 * <p>s² = 2. h = 0.2: 2/(1 − 0.05) = 2.105 (+5.3%); with 2 × 2·10^5 steps τ(θ²) ≈ (1+ρ²)/(1−ρ²) ≈
 * 9.5, so SE ≈ 2.1·sqrt(2·9.5/4·10^5) ≈ 0.015 and the +0.105 is 7 SE. h = 1: 2/(1 − 0.25) = 8/3
 * (+33%). Noise V_g = 4 at h = 0.2: (0.4 + 0.16)/(1 − 0.81) = 2.947.
 */
class SgldDiscretisationTest {
  private static final double S2 = 2;

  private static ChainMoments run(double h, double vg, int steps, long seed) {
    GaussianTarget t = GaussianTarget.oneDimensional(S2);
    return new ChainMoments(
        ChainRunner.run(
            SamplerChains.of(Sgld.of(h), 1, seed),
            c -> t.gradient(vg, seed + 7 + c),
            new float[] {(float) Math.sqrt(S2)},
            2,
            2_000,
            steps));
  }

  private static void assertDistinguishable(String what, double naive, ChainMoments.Estimate e) {
    double z = Math.abs(e.value() - naive) / e.se();
    assertTrue(
        z > ChainMoments.Z,
        String.format(
            "%s: estimate %.5g is only %.2f SE from the naive %.5g; the test could not tell them apart",
            what, e.value(), z, naive));
  }

  @Test
  void exactDiscretisedVarianceAtTwoSteps() {
    double[] hs = {0.2, 1.0};
    int[] steps = {200_000, 50_000};
    for (int k = 0; k < hs.length; k++) {
      double h = hs[k];
      ChainMoments m = run(h, 0, steps[k], 600 + k);
      double exact = S2 / (1 - h / (2 * S2));
      ChainMoments.Estimate v = m.covariance(0, 0);
      ChainMoments.assertClose("SGLD h=" + h + " mean", 0, m.mean(0), 0);
      ChainMoments.assertClose("SGLD h=" + h + " variance vs s²/(1 − h/(2s²))", exact, v, 0);
      assertDistinguishable("SGLD h=" + h + " variance vs s²", S2, v);
    }
  }

  @Test
  void exactDiscretisedVarianceWithGradientNoise() {
    double h = 0.2, vg = 4;
    ChainMoments m = run(h, vg, 200_000, 610);
    double a = 1 - h / S2;
    double exact = (2 * h + h * h * vg) / (1 - a * a);
    ChainMoments.Estimate v = m.covariance(0, 0);
    ChainMoments.assertClose("SGLD h=0.2 V_g=4 mean", 0, m.mean(0), 0);
    ChainMoments.assertClose("SGLD h=0.2 V_g=4 variance vs (2h + h²V_g)/(1 − (1 − h/s²)²)", exact, v, 0);
    assertDistinguishable("SGLD h=0.2 V_g=4 variance vs s²", S2, v);
    assertDistinguishable("SGLD h=0.2 V_g=4 variance vs the noiseless s²/(1 − h/(2s²))", S2 / (1 - h / (2 * S2)), v);
  }
}
