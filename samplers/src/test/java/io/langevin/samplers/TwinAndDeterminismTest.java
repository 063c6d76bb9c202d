package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.samplers.schedule.Schedule;
import org.junit.jupiter.api.Test;

/**
 * Noise-off limits (each sampler at T = 0, or in a noise-free schedule phase, is its optimiser
 * twin bit for bit, through the API) and determinism (same bits on 1 thread and on the pool, D ≥
 * 200,000).
 */
class TwinAndDeterminismTest {
  private static final int D = 203;
  private static final int STEPS = 20;

  /** Runs both for STEPS steps from the same θ; asserts θ and state arrays are bit-identical. */
  private static void assertTwins(Sampler a, Sampler b, int d, long seed) {
    float[] mu = ChainFixture.random(11, d, 1.0);
    float[] ta = ChainFixture.random(12, d, 2.0);
    float[] tb = ta.clone();
    State sa = a.init(d, seed);
    State sb = b.init(d, seed);
    ChainFixture.run(a, ta, mu, sa, STEPS);
    ChainFixture.run(b, tb, mu, sb, STEPS);
    assertTrue(ChainFixture.sameBits(ta, tb), a.name() + " vs " + b.name() + ": theta differs");
    assertEquals(sa.arrayCount(), sb.arrayCount());
    for (int k = 0; k < sa.arrayCount(); k++) {
      assertTrue(
          ChainFixture.sameBits(sa.array(k), sb.array(k)),
          a.name() + " vs " + b.name() + ": state array " + k + " differs");
    }
    assertEquals(STEPS, sa.t());
  }

  @Test
  void sgldAtZeroTemperatureIsSgd() {
    Sampler sgld = Sgld.builder().stepSize(0.05).temperature(0).prior(0.3).gradScale(2).build();
    Sampler sgd = Sgd.builder().stepSize(0.05).prior(0.3).gradScale(2).build();
    assertTwins(sgld, sgd, D, 3);
  }

  @Test
  void psgldAtZeroTemperatureIsRmsprop() {
    for (boolean first : new boolean[] {false, true}) {
      Sampler p =
          Psgld.builder()
              .stepSize(0.01)
              .temperature(0)
              .decay(0.95)
              .lambda(1e-4)
              .firstSquare(first)
              .build();
      Sampler r = Rmsprop.builder().stepSize(0.01).decay(0.95).eps(1e-4).firstSquare(first).build();
      assertTwins(p, r, D, 3);
    }
  }

  @Test
  void sghmcAtZeroTemperatureIsMomentum() {
    Sampler s = Sghmc.builder().stepSize(0.02).friction(0.1).temperature(0).build();
    Sampler m = Momentum.builder().stepSize(0.02).momentum(1 - 0.1).build();
    assertTwins(s, m, D, 3);
  }

  @Test
  void sghmcWithNoiseEstimateEqualToFrictionIsMomentum() {
    Sampler s = Sghmc.builder().stepSize(0.02).friction(0.1).noiseEstimate(0.1).build();
    Sampler m = Momentum.builder().stepSize(0.02).momentum(1 - 0.1).build();
    assertTwins(s, m, D, 3);
  }

  @Test
  void noiseFreeSchedulePhaseIsTheOptimiserStep() {
    // every step of a cyclical schedule with exploration fraction 1 is noise-free
    Schedule allExplore = Schedule.cyclical(0.05, 40, 2, 1.0);
    Sampler sgld = Sgld.builder().stepSize(allExplore).build();
    Sampler sgd = Sgd.builder().stepSize(allExplore).build();
    assertTwins(sgld, sgd, D, 3);
    Schedule warmup = Schedule.constant(0.01).noiseFrom(STEPS);
    assertTwins(
        Sghmc.builder().stepSize(warmup).friction(0.2).build(),
        Momentum.builder().stepSize(0.01).momentum(0.8).build(),
        D,
        3);
  }

  @Test
  void noiseIsOnWhenTheScheduleSamples() {
    Sampler sgld = Sgld.builder().stepSize(Schedule.constant(0.05).noiseFrom(5)).build();
    Sampler sgd = Sgd.of(0.05);
    float[] mu = ChainFixture.random(11, D, 1.0);
    float[] ta = ChainFixture.random(12, D, 2.0);
    float[] tb = ta.clone();
    State sa = sgld.init(D, 1);
    State sb = sgd.init(D, 1);
    ChainFixture.run(sgld, ta, mu, sa, 5);
    ChainFixture.run(sgd, tb, mu, sb, 5);
    assertTrue(ChainFixture.sameBits(ta, tb), "noise-free warm-up must equal SGD");
    ChainFixture.run(sgld, ta, mu, sa, 1);
    ChainFixture.run(sgd, tb, mu, sb, 1);
    assertFalse(ChainFixture.sameBits(ta, tb), "step 5 must add noise");
  }

  @Test
  void sameBitsOnOneThreadAndOnThePool() {
    int d = 200_003;
    float[] mu = ChainFixture.random(21, d, 1.0);
    float[] theta0 = ChainFixture.random(22, d, 2.0);
    for (Sampler s : ChainFixture.all()) {
      float[] t1 = theta0.clone();
      float[] tn = theta0.clone();
      State s1 = s.init(d, 5);
      State sn = s.init(d, 5);
      CpuPool.serially(() -> ChainFixture.run(s, t1, mu, s1, 3));
      ChainFixture.run(s, tn, mu, sn, 3);
      assertTrue(ChainFixture.sameBits(t1, tn), s.name() + ": theta differs, 1 vs pool");
      assertTrue(s1.sameBits(sn), s.name() + ": state differs, 1 vs pool");
    }
  }

  /** A pass run outside the sampler (as a GPU backend would) with params + finishStep = step. */
  @Test
  void paramsPassAndFinishStepEqualStep() {
    float[] mu = ChainFixture.random(11, D, 1.0);
    for (Sampler s : ChainFixture.all()) {
      float[] a = ChainFixture.random(12, D, 2.0);
      float[] b = a.clone();
      State sa = s.init(D, 4);
      State sb = s.init(D, 4);
      float[] grad = new float[D];
      for (int k = 0; k < 12; k++) {
        ChainFixture.gradient(a, mu, sa.t(), grad);
        s.step(a, grad, sa);
        ChainFixture.gradient(b, mu, sb.t(), grad);
        double sum =
            io.langevin.kernels.update.Update.step(
                s.rule(), s.params(sb), b, grad, sb.arrays(), D);
        s.finishStep(sb, sum);
      }
      assertTrue(ChainFixture.sameBits(a, b), s.name() + ": theta differs");
      assertTrue(sa.sameBits(sb), s.name() + ": state differs");
    }
  }

  @Test
  void sameSeedSameChainOtherSeedOtherChain() {
    Sampler s = Sgld.of(0.01);
    float[] mu = ChainFixture.random(11, D, 1.0);
    float[] a = ChainFixture.random(12, D, 2.0);
    float[] b = a.clone();
    float[] c = a.clone();
    ChainFixture.run(s, a, mu, s.init(D, 1), 5);
    ChainFixture.run(s, b, mu, s.init(D, 1), 5);
    ChainFixture.run(s, c, mu, s.init(D, 2), 5);
    assertTrue(ChainFixture.sameBits(a, b));
    assertFalse(ChainFixture.sameBits(a, c));
  }
}
