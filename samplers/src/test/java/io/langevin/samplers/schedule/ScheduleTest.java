package io.langevin.samplers.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedule values at chosen steps, written out by hand, the cyclical phases and validation. */
class ScheduleTest {
  private static final double EPS = 1e-15;

  @Test
  void constant() {
    Schedule s = Schedule.constant(0.25);
    assertEquals(0.25, s.at(0));
    assertEquals(0.25, s.at(1_000_000));
    assertTrue(s.sampling(0) && s.sampling(99));
  }

  @Test
  void polynomial() {
    Schedule s = Schedule.polynomial(0.1, 10, 0.55);
    assertEquals(0.1 * Math.pow(10, -0.55), s.at(0), EPS);
    assertEquals(0.1 * Math.pow(19, -0.55), s.at(9), EPS);
    assertEquals(0.1 * Math.pow(1010, -0.55), s.at(1000), EPS);
    // γ = 1, b = 1: a/(1+t)
    assertEquals(0.5, Schedule.polynomial(1, 1, 1).at(1), EPS);
    // negative γ grows: Santa's β_t = (1 + t)^0.5
    assertEquals(3.0, Schedule.polynomial(1, 1, -0.5).at(8), EPS);
  }

  @Test
  void blockDecay() {
    Schedule s = Schedule.blockDecay(0.4, 0.5, 3);
    assertEquals(0.4, s.at(0));
    assertEquals(0.4, s.at(2));
    assertEquals(0.2, s.at(3));
    assertEquals(0.2, s.at(5));
    assertEquals(0.1, s.at(6));
    assertEquals(0.4 * Math.pow(0.5, 33), s.at(100), EPS);
  }

  @Test
  void cyclicalValues() {
    // K = 100, M = 4: L = 25
    Cyclical s = new Cyclical(0.5, 100, 4, 0.8);
    assertEquals(25, s.cycleLength());
    assertEquals(0.5, s.at(0), EPS);
    assertEquals(0.25 * (Math.cos(Math.PI * 12 / 25) + 1), s.at(12), EPS);
    assertEquals(0.25 * (Math.cos(Math.PI * 24 / 25) + 1), s.at(24), EPS);
    assertEquals(0.5, s.at(25), EPS);
    assertEquals(s.at(12), s.at(62), EPS);
    assertEquals(s.at(12), s.at(112), EPS); // beyond K the cycles go on
    assertEquals(2, s.cycle(62));
    assertEquals(12, s.positionInCycle(62));
    // ⌈K/M⌉ with a remainder: K = 10, M = 3 → L = 4
    assertEquals(4, new Cyclical(1, 10, 3, 0).cycleLength());
    assertEquals(0.5 * (Math.cos(Math.PI * 3 / 4) + 1), new Cyclical(1, 10, 3, 0).at(7), EPS);
  }

  @Test
  void cyclicalPhases() {
    Cyclical s = new Cyclical(0.5, 100, 4, 0.8);
    assertEquals(20, s.firstSamplingPosition());
    assertFalse(s.sampling(0));
    assertFalse(s.sampling(19));
    assertTrue(s.sampling(20));
    assertTrue(s.sampling(24));
    assertFalse(s.sampling(25));
    assertFalse(s.sampling(44));
    assertTrue(s.sampling(45));
    // the authors' CIFAR code: 50-epoch cycles, noise in epochs 46..50 (positions 45..49)
    Cyclical csg = new Cyclical(0.5, 200, 4, 0.9);
    assertEquals(45, csg.firstSamplingPosition());
    assertFalse(csg.sampling(44));
    assertTrue(csg.sampling(45));
    assertTrue(csg.sampling(49));
    assertFalse(csg.sampling(50));
    // β = 0: noise everywhere; β = 1: never
    Cyclical all = new Cyclical(1, 10, 2, 0);
    Cyclical none = new Cyclical(1, 10, 2, 1);
    for (long t = 0; t < 20; t++) {
      assertTrue(all.sampling(t));
      assertFalse(none.sampling(t));
    }
    // β·L not an integer: L = 7, β = 0.5 → first j with j/7 ≥ 0.5 is 4
    assertEquals(4, new Cyclical(1, 14, 2, 0.5).firstSamplingPosition());
  }

  @Test
  void noiseFrom() {
    Schedule s = Schedule.cyclical(1, 40, 2, 0.5).noiseFrom(25);
    assertEquals(Schedule.cyclical(1, 40, 2, 0.5).at(13), s.at(13));
    assertFalse(s.sampling(10)); // before 25
    assertFalse(s.sampling(24));
    assertFalse(s.sampling(25)); // cycle 1, position 5: exploration of the base
    assertTrue(s.sampling(30));
    assertTrue(s.toString().contains("noiseFrom(25)"), s.toString());
  }

  @Test
  void validationMessagesCarryTheNumbers() {
    assertMessage(() -> Schedule.constant(-1), "-1.0");
    assertMessage(() -> Schedule.constant(Double.NaN), "NaN");
    assertMessage(() -> Schedule.polynomial(0, 1, 0.5), "a must be");
    assertMessage(() -> Schedule.polynomial(1, 0, 0.5), "b must be");
    assertMessage(() -> Schedule.polynomial(1, 1, Double.POSITIVE_INFINITY), "Infinity");
    assertMessage(() -> Schedule.cyclical(1, 3, 4, 0.5), "totalSteps=3 cycles=4");
    assertMessage(() -> Schedule.cyclical(1, 10, 0, 0.5), "cycles must be > 0, got 0");
    assertMessage(() -> Schedule.cyclical(1, 10, 2, 1.5), "got 1.5");
    assertMessage(() -> Schedule.blockDecay(1, 0.5, 0), "every must be > 0, got 0");
    assertMessage(() -> Schedule.blockDecay(1, -0.5, 3), "got -0.5");
    assertMessage(() -> Schedule.constant(1).at(-3), "got -3");
    assertMessage(() -> Schedule.constant(1).noiseFrom(-2), "got -2");
  }

  private static void assertMessage(Runnable r, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks " + part);
  }
}
