package io.langevin.kernels.update;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.KernelMode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point for the fused sampler/optimiser step: the {@link UpdateKernel} chosen once by {@link
 * KernelMode} ({@link SimdUpdate} or the spec {@link ScalarUpdate}), plus argument checks, a
 * gradient pre-check, the split over {@link CpuPool} and the error on a non-finite value.
 *
 * <p>{@link #step} does, in order:
 *
 * <ol>
 *   <li>Checks the arguments: arrays present and at least {@code n} long, the rule's state arrays
 *       present, every parameter finite, {@code lr, sigma, anneal ≥ 0}, {@code eps > 0} where the
 *       rule divides by it (RMSPROP, ADAGRAD, ADAM, PSGLD, Santa), Adam's bias corrections {@code >
 *       0}, Santa's floor {@code > 0} with the correction, {@code 0 ≤ step < 2^32}. A violation
 *       throws {@link IllegalArgumentException} with the numbers.
 *   <li>Pre-checks the gradient {@code grad[0 .. n)} for NaN and ±Inf (split over the pool; the
 *       first bad index in chunk order, i.e. the lowest). A bad gradient throws {@link
 *       NonFiniteStepException} with {@code partial() == false}, naming the step, the index, g and
 *       θ there, before anything is written. This costs one extra read of the gradient (4 bytes per
 *       element).
 *   <li>Runs the fused pass ({@link UpdateKernel#range}) over chunks of {@link #GRAIN} elements
 *       (boundaries depend only on n; {@code n < 2·GRAIN} runs as one range on the calling thread).
 *       A chunk that starts after a failure was seen skips its work. The chunks' SGNHT sums are
 *       added in chunk order, so every result is bit-identical on 1 or N threads.
 * </ol>
 *
 * <p>Since the gradient was pre-checked, a non-finite new value in the pass can only come from
 * non-finite θ or state values written by the caller, or from an overflow (a diverging chain, e.g.
 * a step size far too large). It throws {@link NonFiniteStepException} naming the step, the index,
 * the output (theta or state k), the old θ, g and the new value. The pass checks each block of
 * {@link ScalarUpdate#BLOCK} elements before storing it, so the bad block and the blocks after it
 * in its chunk are not written, but earlier blocks, and other chunks that ran, may have been: this
 * is the only case where {@link NonFiniteStepException#partial()} can be true (it is true exactly
 * when some block was written). With {@code atomic = true} the step first runs a dry pass over
 * everything (checking, writing nothing) and only then the writing pass, so a failure never leaves
 * a partial update; the price is a second pass over all arrays (about twice the memory traffic of
 * the step).
 */
public final class Update {
  private static final UpdateKernel KERNEL = KernelMode.select(SimdUpdate::new, ScalarUpdate::new);

  /** Elements per parallel chunk (a multiple of {@link ScalarUpdate#BLOCK}). */
  static final int GRAIN = 1 << 15;

  private static final long STEP_LIMIT = 1L << 32;

  private Update() {}

  /** The implementation in use. */
  public static UpdateKernel kernel() {
    return KERNEL;
  }

  /**
   * One step of {@code rule} over elements {@code [0, n)}, not atomic (see the class comment).
   *
   * @return Σ p'² over all elements for SGNHT, else 0
   * @throws NonFiniteStepException on a non-finite gradient (nothing written) or new value
   * @throws IllegalArgumentException on bad arguments
   */
  public static double step(
      UpdateRule rule, UpdateParams p, float[] theta, float[] grad, float[][] state, int n) {
    return step(rule, p, theta, grad, state, n, false);
  }

  /**
   * One step of {@code rule} over elements {@code [0, n)}; with {@code atomic} a dry checking pass
   * runs first, so a failure never leaves the arrays partly updated (see the class comment).
   *
   * @return Σ p'² over all elements for SGNHT, else 0
   * @throws NonFiniteStepException on a non-finite gradient or new value
   * @throws IllegalArgumentException on bad arguments
   */
  public static double step(
      UpdateRule rule,
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int n,
      boolean atomic) {
    return step(KERNEL, rule, p, theta, grad, state, n, atomic);
  }

  /** {@link #step} with a given kernel (tests compare implementations through it). */
  static double step(
      UpdateKernel kernel,
      UpdateRule rule,
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int n,
      boolean atomic) {
    check(rule, p, theta, grad, state, n);
    preCheck(p, theta, grad, n);
    if (n == 0) {
      return 0;
    }
    if (atomic) {
      pass(kernel, rule, p, theta, grad, state, n, false, false);
      return pass(kernel, rule, p, theta, grad, state, n, true, true);
    }
    return pass(kernel, rule, p, theta, grad, state, n, true, false);
  }

  /** Runs the fused pass over all chunks; throws on the first (lowest) bad element. */
  private static double pass(
      UpdateKernel kernel,
      UpdateRule rule,
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int n,
      boolean write,
      boolean afterDryRun) {
    int chunks = chunks(n);
    RangeResult[] results = new RangeResult[chunks];
    if (chunks == 1) {
      RangeResult r = new RangeResult();
      kernel.range(rule, p, theta, grad, state, 0, n, write, r);
      results[0] = r;
    } else {
      AtomicBoolean failed = new AtomicBoolean();
      CpuPool.forChunks(
          chunks,
          c -> {
            if (failed.get()) {
              return;
            }
            RangeResult r = new RangeResult();
            int from = c * GRAIN;
            kernel.range(
                rule,
                p,
                theta,
                grad,
                state,
                from,
                (int) Math.min(n, (long) from + GRAIN),
                write,
                r);
            results[c] = r;
            if (r.badIndex >= 0) {
              failed.set(true);
            }
          });
    }
    double sum = 0;
    RangeResult bad = null;
    boolean wrote = false;
    for (int c = 0; c < chunks; c++) {
      RangeResult r = results[c];
      if (r == null) {
        continue;
      }
      if (r.badIndex < 0) {
        wrote |= write;
      } else {
        int blockStart = Math.max(c * GRAIN, r.badIndex / ScalarUpdate.BLOCK * ScalarUpdate.BLOCK);
        wrote |= write && blockStart > c * GRAIN;
        if (bad == null) {
          bad = r;
        }
      }
    }
    if (bad != null) {
      throw passFailure(rule, p, bad, wrote, afterDryRun);
    }
    for (int c = 0; c < chunks; c++) {
      sum += results[c].sumSquares;
    }
    return rule == UpdateRule.SGNHT ? sum : 0;
  }

  private static NonFiniteStepException passFailure(
      UpdateRule rule, UpdateParams p, RangeResult r, boolean partial, boolean afterDryRun) {
    String output = r.badOutput == 0 ? "theta" : "state " + (r.badOutput - 1);
    String msg =
        rule
            + " step "
            + p.step
            + ": non-finite new "
            + output
            + " = "
            + r.badValue
            + " at index "
            + r.badIndex
            + " (theta = "
            + r.badTheta
            + ", g = "
            + r.badGrad
            + ", new theta = "
            + r.badNewTheta
            + "); the gradient is finite, so theta or the state held a non-finite value or the"
            + " step overflowed (diverging chain?)"
            + (partial
                ? "; some elements were already updated"
                : afterDryRun ? "; found after a clean dry run (arrays changed meanwhile?)" : "");
    return new NonFiniteStepException(msg, p.step, r.badIndex, partial);
  }

  private static int chunks(int n) {
    return n < 2 * GRAIN ? 1 : (int) (((long) n + GRAIN - 1) / GRAIN);
  }

  /** Throws if grad[0..n) holds a NaN or infinity, naming the lowest such index. */
  private static void preCheck(UpdateParams p, float[] theta, float[] grad, int n) {
    int chunks = chunks(n);
    int bad;
    if (chunks <= 1) {
      bad = firstNonFinite(grad, 0, n);
    } else {
      int[] found = new int[chunks];
      CpuPool.forChunks(
          chunks,
          c -> {
            int from = c * GRAIN;
            found[c] = firstNonFinite(grad, from, (int) Math.min(n, (long) from + GRAIN));
          });
      bad = -1;
      for (int c = 0; c < chunks && bad < 0; c++) {
        bad = found[c];
      }
    }
    if (bad >= 0) {
      throw new NonFiniteStepException(
          "step "
              + p.step
              + ": non-finite gradient g = "
              + grad[bad]
              + " at index "
              + bad
              + " (theta = "
              + theta[bad]
              + "); nothing was updated",
          p.step,
          bad,
          false);
    }
  }

  /**
   * The first index in {@code [from, to)} whose value is NaN or ±Inf, or −1. Scans blocks of 1024
   * with a branch-free exponent test (which C2 vectorises) and locates the index only in a block
   * that has one.
   */
  static int firstNonFinite(float[] a, int from, int to) {
    for (int b0 = from; b0 < to; b0 += 1024) {
      int b1 = Math.min(to, b0 + 1024);
      int acc = 0;
      for (int i = b0; i < b1; i++) {
        acc |= ((Float.floatToRawIntBits(a[i]) & 0x7f800000) + 0x00800000) & 0x80000000;
      }
      if (acc != 0) {
        for (int i = b0; i < b1; i++) {
          if (!Float.isFinite(a[i])) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /** The argument checks of {@link #step}. */
  static void check(
      UpdateRule rule, UpdateParams p, float[] theta, float[] grad, float[][] state, int n) {
    if (rule == null || p == null) {
      throw new IllegalArgumentException("update: rule and params must not be null");
    }
    if (n < 0) {
      throw new IllegalArgumentException("update: n must be >= 0, found " + n);
    }
    requireLength("theta", theta, n);
    requireLength("grad", grad, n);
    int k = rule.stateArrays();
    if (k > 0) {
      if (state == null || state.length < k) {
        throw new IllegalArgumentException(
            "update: "
                + rule
                + " needs "
                + k
                + " state arrays, found "
                + (state == null ? "null" : String.valueOf(state.length)));
      }
      for (int i = 0; i < k; i++) {
        requireLength("state " + i, state[i], n);
      }
    }
    finite("lr", p.lr);
    finite("gradScale", p.gradScale);
    finite("prior", p.prior);
    finite("decoupledDecay", p.decoupledDecay);
    finite("momentum", p.momentum);
    finite("decay", p.decay);
    finite("beta1", p.beta1);
    finite("eps", p.eps);
    finite("biasCorrection1", p.biasCorrection1);
    finite("biasCorrection2", p.biasCorrection2);
    finite("sigma", p.sigma);
    finite("anneal", p.anneal);
    finite("floor", p.floor);
    nonNegative("lr", p.lr);
    nonNegative("sigma", p.sigma);
    nonNegative("anneal", p.anneal);
    switch (rule) {
      case RMSPROP, ADAGRAD, PSGLD, SANTA_EULER, SANTA_SSS -> positive(rule, "eps", p.eps);
      case ADAM -> {
        positive(rule, "eps", p.eps);
        positive(rule, "biasCorrection1", p.biasCorrection1);
        positive(rule, "biasCorrection2", p.biasCorrection2);
      }
      default -> {}
    }
    if ((rule == UpdateRule.SANTA_EULER || rule == UpdateRule.SANTA_SSS) && p.correction) {
      positive(rule, "floor", p.floor);
    }
    if (p.step < 0 || p.step >= STEP_LIMIT) {
      throw new IllegalArgumentException("update: step must be in [0, 2^32), found " + p.step);
    }
  }

  private static void requireLength(String name, float[] a, int n) {
    if (a == null) {
      throw new IllegalArgumentException("update: " + name + " is null");
    }
    if (a.length < n) {
      throw new IllegalArgumentException(
          "update: " + name + " has length " + a.length + " < n = " + n);
    }
  }

  private static void finite(String name, float x) {
    if (!Float.isFinite(x)) {
      throw new IllegalArgumentException("update: parameter " + name + " is not finite: " + x);
    }
  }

  private static void nonNegative(String name, float x) {
    if (x < 0f) {
      throw new IllegalArgumentException("update: parameter " + name + " must be >= 0, found " + x);
    }
  }

  private static void positive(UpdateRule rule, String name, float x) {
    if (!(x > 0f)) {
      throw new IllegalArgumentException(
          "update: " + rule + " divides by " + name + ", which must be > 0, found " + x);
    }
  }
}
