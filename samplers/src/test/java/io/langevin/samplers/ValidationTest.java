package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.samplers.schedule.Schedule;
import org.junit.jupiter.api.Test;

/** Hyperparameter validation: clear IllegalArgumentException messages with the numbers. */
class ValidationTest {
  private static void assertMessage(Runnable r, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks " + part);
    }
  }

  @Test
  void commonHyperparameters() {
    assertMessage(() -> Sgd.builder().build(), "sgd", "step size is required");
    assertMessage(() -> Sgd.of(-0.1), "-0.1");
    assertMessage(() -> Sgld.builder().stepSize(0.1).prior(-2).build(), "sgld", "prior", "-2.0");
    assertMessage(
        () -> Sgld.builder().stepSize(0.1).gradScale(Double.NaN).build(), "gradient scale", "NaN");
    assertMessage(
        () -> Sgld.builder().stepSize(0.1).temperature(-1).build(), "temperature", "-1.0");
  }

  @Test
  void familySpecific() {
    assertMessage(() -> Momentum.of(0.1, 1.0), "momentum", "[0, 1)", "1.0");
    assertMessage(() -> Rmsprop.builder().stepSize(0.1).decay(1.5).build(), "decay", "1.5");
    assertMessage(() -> Rmsprop.builder().stepSize(0.1).eps(0).build(), "eps", "0.0");
    assertMessage(
        () -> Adagrad.builder().stepSize(0.1).initialAccumulator(-1).build(), "accumulator");
    assertMessage(() -> Adam.builder().stepSize(0.1).beta1(1).build(), "adam", "beta1", "1.0");
    assertMessage(() -> Adam.builder().stepSize(0.1).beta2(-0.1).build(), "beta2", "-0.1");
    assertMessage(() -> Adam.adamW(0.1, -1), "adamw", "decoupled", "-1.0");
    assertMessage(() -> Psgld.builder().stepSize(0.1).decay(1).build(), "psgld", "decay", "1.0");
    assertMessage(() -> Psgld.builder().stepSize(0.1).lambda(0).build(), "λ", "0.0");
    assertMessage(() -> Sghmc.of(0.1, 0), "friction", "0.0");
    assertMessage(() -> Sghmc.of(0.1, 1.5), "friction", "1.5");
    assertMessage(() -> Sgnht.builder().stepSize(0.1).diffusion(0).build(), "diffusion", "0.0");
    assertMessage(() -> Santa.builder().stepSize(0.1).floor(0).build(), "santa-sss", "floor");
    assertMessage(() -> Santa.builder().stepSize(0.1).burnin(-5).build(), "burnin", "-5");
    assertMessage(
        () -> Santa.builder().stepSize(0.1).scheme(Santa.Scheme.EULER).decay(1).build(),
        "santa-euler",
        "1.0");
  }

  @Test
  void sghmcNoiseEstimateAboveFrictionIsTooBigEta() {
    assertMessage(
        () -> Sghmc.builder().stepSize(0.1).friction(0.1).noiseEstimate(0.2).build(),
        "β̂ = 0.2",
        "α = 0.1",
        "too big eta");
  }

  @Test
  void scheduleValuesAreCheckedAtTheStep() {
    Sampler s = Sgld.builder().stepSize(t -> t < 2 ? 0.1 : Double.NaN).build();
    State st = s.init(3, 0);
    s.step(new float[3], new float[3], st);
    s.step(new float[3], new float[3], st);
    assertMessage(() -> s.step(new float[3], new float[3], st), "step 2", "NaN");
    assertEquals(2, st.t());
    Santa santa =
        Santa.builder().stepSize(0.1).annealing(Schedule.constant(0)).burnin(5).build();
    assertMessage(() -> santa.params(santa.init(2, 0)), "annealing β at step 0 is 0.0");
  }

  @Test
  void initDimension() {
    assertMessage(() -> Sgld.of(0.1).init(-1, 0), "dimension", "-1");
    assertMessage(
        () -> new State(3, 0, 0, new float[][] {new float[2]}, new double[0]), "length 2", "3");
  }

  @Test
  void summariesNameEveryHyperparameter() {
    String s =
        Sghmc.builder().stepSize(0.01).friction(0.2).noiseEstimate(0.05).temperature(0.5).build()
            .hyperparameters();
    assertTrue(s.startsWith("sghmc{"), s);
    for (String part :
        new String[] {"constant(0.01)", "alpha=0.2", "betaHat=0.05", "T=0.5", "gradScale=1.0"}) {
      assertTrue(s.contains(part), s + " lacks " + part);
    }
    assertEquals(s, Sghmc.builder().stepSize(0.01).friction(0.2).noiseEstimate(0.05)
        .temperature(0.5).build().hyperparameters());
  }
}
