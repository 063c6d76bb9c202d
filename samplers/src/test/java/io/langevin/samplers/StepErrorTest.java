package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.update.NonFiniteStepException;
import org.junit.jupiter.api.Test;

/** Non-finite inputs and misuse of {@code step}: clear errors, nothing changed. */
class StepErrorTest {
  private static final int D = 101;

  @Test
  void nanGradientThrowsAndChangesNothing() {
    for (Sampler s : ChainFixture.all()) {
      float[] mu = ChainFixture.random(3, D, 1.0);
      float[] theta = ChainFixture.random(4, D, 1.0);
      State state = s.init(D, 9);
      ChainFixture.run(s, theta, mu, state, 3);
      float[] grad = ChainFixture.random(5, D, 1.0);
      grad[57] = Float.NaN;
      float[] thetaBefore = theta.clone();
      State before = state.copy();
      NonFiniteStepException e =
          assertThrows(NonFiniteStepException.class, () -> s.step(theta, grad, state));
      assertEquals(57, e.index(), s.name());
      assertEquals(3, e.step(), s.name());
      assertTrue(!e.partial(), s.name());
      assertTrue(e.getMessage().contains("57"), e.getMessage());
      assertTrue(ChainFixture.sameBits(theta, thetaBefore), s.name() + ": theta changed");
      assertTrue(state.sameBits(before), s.name() + ": state changed (t, arrays or scalars)");
    }
  }

  @Test
  void infiniteGradientThrows() {
    Sampler s = Sgnht.of(0.01);
    State state = s.init(D, 1);
    float[] grad = new float[D];
    grad[0] = Float.NEGATIVE_INFINITY;
    State before = state.copy();
    assertThrows(NonFiniteStepException.class, () -> s.step(new float[D], grad, state));
    assertTrue(state.sameBits(before), "thermostat or step counter moved");
  }

  @Test
  void atomicStepLeavesNothingPartlyWrittenOnANonFiniteResult() {
    Sampler s = Sgld.builder().stepSize(0.01).atomic(true).build();
    int d = 200_000; // several chunks
    float[] theta = ChainFixture.random(4, d, 1.0);
    theta[150_000] = Float.POSITIVE_INFINITY;
    float[] before = theta.clone();
    State state = s.init(d, 1);
    NonFiniteStepException e =
        assertThrows(
            NonFiniteStepException.class,
            () -> s.step(theta, ChainFixture.random(5, d, 1.0), state));
    assertEquals(150_000, e.index());
    assertTrue(!e.partial());
    assertTrue(ChainFixture.sameBits(theta, before), "theta partly written");
    assertEquals(0, state.t());
  }

  @Test
  void stepOutOfOrderIsRejected() {
    Sampler s = Sgd.of(0.1);
    State state = s.init(4, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.step(new float[4], new float[4], state, 5));
    assertTrue(e.getMessage().contains("step 5") && e.getMessage().contains("next step is 0"),
        e.getMessage());
    s.step(new float[4], new float[4], state, 0);
    s.step(new float[4], new float[4], state, 1);
    assertEquals(2, state.t());
    assertThrows(
        IllegalArgumentException.class, () -> s.step(new float[4], new float[4], state, 1));
  }

  @Test
  void lengthMismatchAndForeignStateAreRejected() {
    Sampler s = Psgld.of(0.01);
    State state = s.init(4, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> s.step(new float[5], new float[4], state));
    assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
    State foreign = Adam.of(0.1).init(4, 0);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> s.step(new float[4], new float[4], foreign));
    assertTrue(e.getMessage().contains("2 arrays"), e.getMessage());
  }

  @Test
  void stepBeyondTheNoiseCounterIsRejected() {
    Sampler s = Sgld.of(0.01);
    State state = new State(2, 0, 1L << 32, new float[0][], new double[0]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> s.step(new float[2], new float[2], state));
    assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
  }

  @Test
  void stateCopyIsDeep() {
    State a = Santa.of(0.01, Santa.Scheme.SSS).init(8, 3);
    State b = a.copy();
    assertTrue(a.sameBits(b));
    b.array(1)[0] += 1;
    assertTrue(!a.sameBits(b));
    State c = Sgnht.of(0.01).init(8, 3);
    State d = c.copy();
    d.setScalar(0, 9);
    assertEquals(0.01, c.scalar(0));
    d.advance();
    assertEquals(0, c.t());
  }
}
