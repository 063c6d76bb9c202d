package io.langevin.kernels.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The {@link Update} facade: the same bits on one thread ({@link CpuPool#serially}) and on the pool
 * for every rule and regime at a size of several chunks plus a ragged end (SGNHT's Σp'² included,
 * exactly), and equal to the spec kernel run through the same chunking; a NaN or Inf gradient
 * throws {@link NonFiniteStepException} with {@code partial() == false}, the step and the lowest
 * bad index in the message, before anything is written; a NaN planted in a state array throws with
 * {@code partial() == true} when earlier blocks were written, and in atomic mode writes nothing;
 * bad arguments throw {@link IllegalArgumentException} with the numbers.
 */
class UpdateFacadeTest {
  private static final int GRAIN = Update.GRAIN;
  private static final int N = 4 * GRAIN + 777;

  @Test
  void oneThreadAndThePoolGiveTheSameBitsForEveryRule() {
    for (UpdateRule rule : UpdateRule.values()) {
      for (UpdateParams p : SimdUpdateTest.regimes(rule)) {
        float[][] a = SimdUpdateTest.inputs(rule, N, rule.ordinal());
        float[][] b = SimdUpdateTest.copy(a);
        float[][] c = SimdUpdateTest.copy(a);
        double[] serial = new double[1];
        CpuPool.serially(
            () -> serial[0] = Update.step(rule, p, a[0], a[1], SimdUpdateTest.state(a), N));
        double pooled = Update.step(rule, p, b[0], b[1], SimdUpdateTest.state(b), N);
        double spec =
            Update.step(new ScalarUpdate(), rule, p, c[0], c[1], SimdUpdateTest.state(c), N, false);
        String what = rule + " sigma=" + p.sigma + " explore=" + p.exploration;
        SimdUpdateTest.assertBits(a, b, what + ": 1 thread vs pool");
        SimdUpdateTest.assertBits(c, b, what + ": spec vs facade");
        assertEquals(Double.doubleToLongBits(serial[0]), Double.doubleToLongBits(pooled), what);
        if (rule == UpdateRule.SGNHT) {
          assertTrue(pooled > 0);
          assertEquals(spec, pooled, 1e-5 * spec, what + ": Σp'² vs spec");
        } else {
          assertEquals(0.0, pooled);
        }
      }
    }
  }

  @Test
  void aNonFiniteGradientThrowsBeforeAnyWrite() {
    for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
      for (boolean serial : new boolean[] {true, false}) {
        UpdateRule rule = UpdateRule.PSGLD;
        UpdateParams p = SimdUpdateTest.base();
        float[][] a = SimdUpdateTest.inputs(rule, N, 5);
        int first = 3 * GRAIN + 17;
        a[1][first] = bad;
        a[1][N - 1] = Float.NaN; // a later one must not be the one reported
        float[][] before = SimdUpdateTest.copy(a);
        NonFiniteStepException e =
            assertThrows(
                NonFiniteStepException.class,
                () ->
                    run(
                        serial,
                        () -> Update.step(rule, p, a[0], a[1], SimdUpdateTest.state(a), N)));
        assertFalse(e.partial());
        assertEquals(first, e.index());
        assertEquals(p.step, e.step());
        assertTrue(e.getMessage().contains(String.valueOf(first)), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(p.step)), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        SimdUpdateTest.assertBits(before, a, "arrays after a bad gradient");
      }
    }
  }

  @Test
  void aNonFiniteStateIsReportedPartialUnlessAtomic() {
    UpdateRule rule = UpdateRule.SGHMC;
    UpdateParams p = SimdUpdateTest.base();
    int at = 2 * GRAIN + 3 * ScalarUpdate.BLOCK + 9;
    for (boolean serial : new boolean[] {true, false}) {
      float[][] a = SimdUpdateTest.inputs(rule, N, 9);
      a[2][at] = Float.NaN;
      float[][] before = SimdUpdateTest.copy(a);
      NonFiniteStepException e =
          assertThrows(
              NonFiniteStepException.class,
              () ->
                  run(serial, () -> Update.step(rule, p, a[0], a[1], SimdUpdateTest.state(a), N)));
      assertTrue(e.partial(), e.getMessage());
      assertEquals(at, e.index());
      assertTrue(e.getMessage().contains("index " + at), e.getMessage());
      assertTrue(e.getMessage().contains("new theta = NaN"), e.getMessage());
      assertTrue(a[0][0] != before[0][0], "the first block was written");
      // the bad block itself was not written
      int blockStart = at / ScalarUpdate.BLOCK * ScalarUpdate.BLOCK;
      for (int i = blockStart; i < blockStart + ScalarUpdate.BLOCK; i++) {
        assertEquals(Float.floatToIntBits(before[0][i]), Float.floatToIntBits(a[0][i]));
      }

      float[][] c = SimdUpdateTest.inputs(rule, N, 9);
      c[2][at] = Float.NaN;
      float[][] cBefore = SimdUpdateTest.copy(c);
      NonFiniteStepException ea =
          assertThrows(
              NonFiniteStepException.class,
              () ->
                  run(
                      serial,
                      () -> Update.step(rule, p, c[0], c[1], SimdUpdateTest.state(c), N, true)));
      assertFalse(ea.partial(), ea.getMessage());
      assertEquals(at, ea.index());
      SimdUpdateTest.assertBits(cBefore, c, "atomic step after a bad state");
    }
  }

  @Test
  void aNonFiniteValueInTheFirstBlockIsNotPartial() {
    UpdateRule rule = UpdateRule.SGD;
    UpdateParams p = SimdUpdateTest.base();
    float[][] a = SimdUpdateTest.inputs(rule, 5000, 2);
    a[0][7] = Float.POSITIVE_INFINITY;
    float[][] before = SimdUpdateTest.copy(a);
    NonFiniteStepException e =
        assertThrows(
            NonFiniteStepException.class, () -> Update.step(rule, p, a[0], a[1], null, 5000));
    assertFalse(e.partial());
    assertEquals(7, e.index());
    SimdUpdateTest.assertBits(before, a, "nothing written");
  }

  @Test
  void atomicAndPlainStepsGiveTheSameResult() {
    UpdateRule rule = UpdateRule.ADAM;
    UpdateParams p = SimdUpdateTest.base();
    float[][] a = SimdUpdateTest.inputs(rule, N, 4);
    float[][] b = SimdUpdateTest.copy(a);
    Update.step(rule, p, a[0], a[1], SimdUpdateTest.state(a), N, true);
    Update.step(rule, p, b[0], b[1], SimdUpdateTest.state(b), N, false);
    SimdUpdateTest.assertBits(a, b, "atomic vs plain");
  }

  @Test
  void badArgumentsAreRejectedWithTheNumbers() {
    float[] th = new float[10];
    float[] g = new float[10];
    float[][] one = {new float[10]};
    expect("length 9 < n = 10", () -> Update.step(UpdateRule.SGD, ok(), new float[9], g, null, 10));
    expect("grad is null", () -> Update.step(UpdateRule.SGD, ok(), th, null, null, 10));
    expect("n must be >= 0, found -1", () -> Update.step(UpdateRule.SGD, ok(), th, g, null, -1));
    expect(
        "needs 1 state arrays, found null",
        () -> Update.step(UpdateRule.SGHMC, ok(), th, g, null, 10));
    expect(
        "needs 4 state arrays, found 1",
        () -> Update.step(UpdateRule.SANTA_SSS, ok(), th, g, one, 10));
    expect(
        "state 1 has length 3 < n = 10",
        () -> Update.step(UpdateRule.ADAM, ok(), th, g, new float[][] {th, new float[3]}, 10));
    expect(
        "lr must be >= 0, found -0.5",
        () -> Update.step(UpdateRule.SGD, with(q -> q.lr = -0.5f), th, g, null, 10));
    expect(
        "sigma must be >= 0, found -1.0",
        () -> Update.step(UpdateRule.SGLD, with(q -> q.sigma = -1f), th, g, null, 10));
    expect(
        "anneal must be >= 0, found -0.25",
        () ->
            Update.step(
                UpdateRule.SANTA_EULER,
                with(q -> q.anneal = -0.25f),
                th,
                g,
                new float[][] {th, th, th, th},
                10));
    expect(
        "eps, which must be > 0, found 0.0",
        () -> Update.step(UpdateRule.RMSPROP, with(q -> q.eps = 0f), th, g, one, 10));
    expect(
        "eps, which must be > 0, found -1.0E-8",
        () ->
            Update.step(
                UpdateRule.ADAM, with(q -> q.eps = -1e-8f), th, g, new float[][] {th, th}, 10));
    expect(
        "momentum is not finite: NaN",
        () -> Update.step(UpdateRule.SGD, with(q -> q.momentum = Float.NaN), th, g, null, 10));
    expect(
        "gradScale is not finite: Infinity",
        () ->
            Update.step(
                UpdateRule.SGD, with(q -> q.gradScale = Float.POSITIVE_INFINITY), th, g, null, 10));
    expect(
        "step must be in [0, 2^32), found 4294967296",
        () -> Update.step(UpdateRule.SGD, with(q -> q.step = 1L << 32), th, g, null, 10));
    expect(
        "step must be in [0, 2^32), found -1",
        () -> Update.step(UpdateRule.SGD, with(q -> q.step = -1), th, g, null, 10));
  }

  private static UpdateParams ok() {
    return SimdUpdateTest.base();
  }

  private static UpdateParams with(Consumer<UpdateParams> change) {
    UpdateParams p = SimdUpdateTest.base();
    change.accept(p);
    return p;
  }

  private static void expect(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(
        e.getMessage().contains(fragment),
        "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }

  private static void run(boolean serial, Runnable r) {
    if (serial) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
  }
}
