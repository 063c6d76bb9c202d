package io.langevin.kernels.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdUpdate} against the spec {@link ScalarUpdate}: every rule, every parameter regime (σ =
 * 0 and σ ≠ 0; Santa's two schemes × exploration/refinement × correction on/off, and exploration
 * with {@code sigma = 0} (no noise drawn) or {@code anneal = 0}), random non-zero inputs and state, ragged ranges around the vector width
 * and the block size {@link ScalarUpdate#BLOCK}, at several {@code from}. θ and every state array
 * must be bit-identical after the pass; the SGNHT Σp'² differs only in summation order (per-lane
 * float sums per block against the spec's double sum in index order), so it must agree within the
 * a-priori bound {@code (BLOCK/lanes + lanes + 2)·2^-24·Σ} (all terms are positive). Non-finite
 * values planted in θ or a state array must give the same report and the same partly written
 * arrays; a dry run ({@code write = false}) must write nothing.
 */
class SimdUpdateTest {
  private static final int B = ScalarUpdate.BLOCK;
  private static final int[] LENGTHS = {
    1, 3, 7, 15, 16, 17, 31, 32, 33, 1021, 4099, B - 1, B, B + 1
  };
  private static final int[] FROMS = {0, 5, B - 3};

  private final UpdateKernel simd = new SimdUpdate();
  private final UpdateKernel ref = new ScalarUpdate();

  /** Every (rule, parameters) regime the test covers. */
  static List<UpdateParams> regimes(UpdateRule rule) {
    List<UpdateParams> list = new ArrayList<>();
    if (rule == UpdateRule.SANTA_EULER || rule == UpdateRule.SANTA_SSS) {
      for (boolean explore : new boolean[] {true, false}) {
        for (boolean corr : new boolean[] {true, false}) {
          UpdateParams p = base();
          p.exploration = explore;
          p.correction = corr;
          list.add(p);
        }
      }
      // exploration without noise (σ = 0: nothing drawn) and with noise but a = 0
      UpdateParams quiet = base();
      quiet.exploration = true;
      quiet.correction = true;
      quiet.sigma = 0f;
      list.add(quiet);
      UpdateParams cold = base();
      cold.exploration = true;
      cold.correction = true;
      cold.anneal = 0f;
      list.add(cold);
      return list;
    }
    UpdateParams p = base();
    list.add(p);
    if (rule.noisy()) {
      UpdateParams q = base();
      q.sigma = 0f;
      list.add(q);
    }
    return list;
  }

  /** Non-trivial values for every field. */
  static UpdateParams base() {
    UpdateParams p = new UpdateParams();
    p.lr = 0.0123f;
    p.gradScale = 3.7f;
    p.prior = 0.31f;
    p.decoupledDecay = 0.021f;
    p.momentum = 0.87f;
    p.decay = 0.93f;
    p.beta1 = 0.81f;
    p.eps = 1.3e-3f;
    p.biasCorrection1 = 0.19f;
    p.biasCorrection2 = 0.071f;
    p.sigma = 0.173f;
    p.anneal = 2.3e-3f;
    p.floor = 0.05f;
    p.exploration = true;
    p.correction = true;
    p.seed = 0x1234_5678_9abcL;
    p.step = 4_000_000_017L;
    p.stream = 7;
    return p;
  }

  /** Random θ, g and state for {@code rule}: positive where a state is a mean square or g. */
  static float[][] inputs(UpdateRule rule, int length, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] a = new float[2 + 4][length];
    for (int i = 0; i < length; i++) {
      a[0][i] = (float) r.nextDouble(-2, 2);
      a[1][i] = (float) r.nextDouble(-1, 1);
      switch (rule) {
        case RMSPROP, ADAGRAD, PSGLD -> a[2][i] = (float) r.nextDouble(1e-4, 2);
        case ADAM -> {
          a[2][i] = (float) r.nextDouble(-1, 1);
          a[3][i] = (float) r.nextDouble(1e-4, 2);
        }
        case SANTA_EULER, SANTA_SSS -> {
          a[2][i] = (float) r.nextDouble(1e-4, 2);
          // u: some below the floor (0.05), of both signs, and a few exact zeros
          a[3][i] = (i % 17 == 0) ? 0f : (float) r.nextDouble(-1, 1) * (i % 3 == 0 ? 0.04f : 1f);
          a[4][i] = (float) r.nextDouble(-0.5, 0.5);
          a[5][i] = (float) r.nextDouble(0.2, 3);
        }
        default -> a[2][i] = (float) r.nextDouble(-1, 1);
      }
    }
    return a;
  }

  static float[][] copy(float[][] a) {
    float[][] c = new float[a.length][];
    for (int k = 0; k < a.length; k++) {
      c[k] = a[k].clone();
    }
    return c;
  }

  static float[][] state(float[][] a) {
    return new float[][] {a[2], a[3], a[4], a[5]};
  }

  static void assertBits(float[][] expected, float[][] actual, String what) {
    for (int k = 0; k < expected.length; k++) {
      for (int i = 0; i < expected[k].length; i++) {
        int e = Float.floatToIntBits(expected[k][i]);
        int a = Float.floatToIntBits(actual[k][i]);
        if (e != a) {
          fail(
              what
                  + ": array "
                  + k
                  + " index "
                  + i
                  + ": spec "
                  + expected[k][i]
                  + ", simd "
                  + actual[k][i]);
        }
      }
    }
  }

  @Test
  void everyRuleAndRegimeIsBitIdenticalOnRaggedRanges() {
    int lanes = io.langevin.kernels.cpu.Species.F.length();
    long seed = 1;
    for (UpdateRule rule : UpdateRule.values()) {
      for (UpdateParams p : regimes(rule)) {
        for (int from : FROMS) {
          for (int len : LENGTHS) {
            String what =
                rule
                    + " sigma="
                    + p.sigma
                    + " anneal="
                    + p.anneal
                    + " explore="
                    + p.exploration
                    + " corr="
                    + p.correction
                    + " from="
                    + from
                    + " len="
                    + len;
            float[][] a = inputs(rule, from + len + 9, seed++);
            float[][] b = copy(a);
            RangeResult ra = new RangeResult();
            RangeResult rb = new RangeResult();
            ref.range(rule, p, a[0], a[1], state(a), from, from + len, true, ra);
            simd.range(rule, p, b[0], b[1], state(b), from, from + len, true, rb);
            assertEquals(-1, ra.badIndex, what + ": spec found a non-finite value");
            assertEquals(-1, rb.badIndex, what + ": simd found a non-finite value");
            assertBits(a, b, what);
            if (rule == UpdateRule.SGNHT) {
              double bound = (B / lanes + lanes + 2) * 0x1p-24 * ra.sumSquares;
              assertTrue(ra.sumSquares > 0, what);
              assertEquals(ra.sumSquares, rb.sumSquares, bound, what + ": sum of squares");
            } else {
              assertEquals(0.0, rb.sumSquares, what);
            }
          }
        }
      }
    }
  }

  @Test
  void theUpdateChangesEveryOutput() {
    // Guards the bit-identity test against a vacuous pass (e.g. both kernels writing nothing).
    for (UpdateRule rule : UpdateRule.values()) {
      UpdateParams p = regimes(rule).get(0);
      float[][] a = inputs(rule, 100, 3);
      float[][] before = copy(a);
      simd.range(rule, p, a[0], a[1], state(a), 0, 100, true, new RangeResult());
      int changed = 0;
      for (int i = 0; i < 100; i++) {
        changed += a[0][i] != before[0][i] ? 1 : 0;
      }
      assertTrue(changed > 90, rule + ": only " + changed + " of 100 θ changed");
      for (int k = 0; k < rule.stateArrays(); k++) {
        if (rule.name().startsWith("SANTA") && k == 2) {
          continue; // α changes in exploration only, which regime 0 is; checked anyway below
        }
        int c = 0;
        for (int i = 0; i < 100; i++) {
          c += a[2 + k][i] != before[2 + k][i] ? 1 : 0;
        }
        assertTrue(c > 90, rule + ": only " + c + " of 100 of state " + k + " changed");
      }
    }
  }

  @Test
  void nonFiniteValuesGiveTheSameReportAndTheSamePartialWrites() {
    int[] plantAt = {3, B + 2, B + 40, 2 * B + 1021};
    for (UpdateRule rule : UpdateRule.values()) {
      UpdateParams p = regimes(rule).get(0);
      for (int at : plantAt) {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
          for (int where = 0; where <= rule.stateArrays(); where++) {
            float[][] a = inputs(rule, 3 * B + 50, at + where);
            a[where == 0 ? 0 : 1 + where][at] = bad;
            float[][] b = copy(a);
            RangeResult ra = new RangeResult();
            RangeResult rb = new RangeResult();
            int from = 1;
            int to = 3 * B + 31;
            ref.range(rule, p, a[0], a[1], state(a), from, to, true, ra);
            simd.range(rule, p, b[0], b[1], state(b), from, to, true, rb);
            String what = rule + " bad=" + bad + " in array " + where + " at " + at;
            assertTrue(ra.badIndex >= 0 && ra.badIndex <= at, what + ": spec found " + ra.badIndex);
            assertEquals(ra.badIndex, rb.badIndex, what);
            assertEquals(ra.badOutput, rb.badOutput, what);
            assertEquals(Float.isNaN(ra.badValue), Float.isNaN(rb.badValue), what);
            if (!Float.isNaN(ra.badValue)) {
              assertEquals(ra.badValue, rb.badValue, what);
            }
            assertEquals(Float.floatToIntBits(ra.badTheta), Float.floatToIntBits(rb.badTheta));
            assertEquals(Float.floatToIntBits(ra.badGrad), Float.floatToIntBits(rb.badGrad));
            assertEquals(
                Float.floatToIntBits(ra.badNewTheta), Float.floatToIntBits(rb.badNewTheta), what);
            assertBits(a, b, what);
            // Nothing at or after the bad block was written.
            float[][] orig = inputs(rule, 3 * B + 50, at + where);
            orig[where == 0 ? 0 : 1 + where][at] = bad;
            int blockStart = Math.max(from, ra.badIndex / B * B);
            for (int k = 0; k < 6; k++) {
              for (int i = blockStart; i < orig[k].length; i++) {
                assertEquals(Float.floatToIntBits(orig[k][i]), Float.floatToIntBits(b[k][i]), what);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void thePreCheckFindsTheFirstNonFiniteValueInBothBackends() {
    SplittableRandom r = new SplittableRandom(17);
    for (int len : LENGTHS) {
      for (int from : new int[] {0, 3}) {
        float[] a = new float[from + len + 5];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) r.nextDouble(-1e30, 1e30);
        }
        a[a.length - 1] = Float.NaN; // outside the range: never reported
        assertEquals(-1, SimdUpdate.firstNonFinite(a, from, from + len));
        assertEquals(-1, Update.firstNonFinite(a, from, from + len));
        for (int at : new int[] {from, from + len / 2, from + len - 1}) {
          for (float bad :
              new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] b = a.clone();
            b[at] = bad;
            if (at + 1 < from + len) {
              b[from + len - 1] = Float.NaN; // a later one is not the first
            }
            String what = "len=" + len + " from=" + from + " at=" + at + " bad=" + bad;
            assertEquals(at, SimdUpdate.firstNonFinite(b, from, from + len), what);
            assertEquals(at, Update.firstNonFinite(b, from, from + len), what);
          }
        }
      }
    }
  }

  @Test
  void aDryRunWritesNothing() {
    for (UpdateRule rule : UpdateRule.values()) {
      for (UpdateParams p : regimes(rule)) {
        float[][] a = inputs(rule, 2 * B + 7, 11);
        float[][] before = copy(a);
        RangeResult r = new RangeResult();
        simd.range(rule, p, a[0], a[1], state(a), 2, 2 * B + 7, false, r);
        assertEquals(-1, r.badIndex);
        assertBits(before, a, rule + " dry run");
        RangeResult w = new RangeResult();
        ref.range(rule, p, a[0], a[1], state(a), 2, 2 * B + 7, false, w);
        assertEquals(w.sumSquares, r.sumSquares, 1e-5 * Math.abs(w.sumSquares));
      }
    }
  }
}
