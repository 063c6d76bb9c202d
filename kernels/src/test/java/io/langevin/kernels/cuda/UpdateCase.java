package io.langevin.kernels.cuda;

import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.ScalarUpdate;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One fused step to compare with {@link ScalarUpdate}: a rule, random non-zero scalars, and random
 * non-zero θ, gradient and state (second moments, Santa's v and q positive; |u| around Santa's
 * floor every 7th element) for elements {@code [base, base + n)}, in arrays of length {@code base
 * + n} as the spec takes them. Shared by {@code CudaHostMathTest} and {@code CudaKernelsTest}.
 */
final class UpdateCase {
  final UpdateRule rule;
  final UpdateParams p;
  final int base;
  final int n;
  final float[] theta;
  final float[] grad;
  final float[][] state = new float[4][];
  float[] refTheta;
  float[][] refState;

  UpdateCase(UpdateRule rule, UpdateParams p, int base, int n, SplittableRandom r) {
    this.rule = rule;
    this.p = p;
    this.base = base;
    this.n = n;
    int len = base + n;
    theta = fill(r, len, -2, 2);
    grad = fill(r, len, -3, 3);
    for (int k = 0; k < 4; k++) {
      boolean positive =
          switch (rule) {
            case RMSPROP, ADAGRAD, PSGLD -> true;
            case ADAM -> k == 1;
            case SANTA_EULER, SANTA_SSS -> k == 0 || k == 3;
            default -> false;
          };
      state[k] = positive ? fill(r, len, 0.01, 2) : fill(r, len, -1, 1);
    }
    if (rule == UpdateRule.SANTA_EULER || rule == UpdateRule.SANTA_SSS) {
      state[1] = fill(r, len, -0.5, 0.5);
      state[2] = fill(r, len, 0.01, 1);
      for (int i = 0; i < len; i += 7) {
        state[1][i] = (float) r.nextDouble(-2e-3, 2e-3);
      }
    }
  }

  /**
   * Every rule at every size (base offsets cycling through {@code bases}) and every variant of its
   * scalars: noisy rules with and without noise (σ = 0), Santa in exploration and refinement, with
   * and without the correction term, with and without noise.
   */
  static List<UpdateCase> all(SplittableRandom r, int[] sizes, int[] bases) {
    List<UpdateCase> cases = new ArrayList<>();
    for (UpdateRule rule : UpdateRule.values()) {
      List<UpdateParams> variants = new ArrayList<>();
      boolean santa = rule == UpdateRule.SANTA_EULER || rule == UpdateRule.SANTA_SSS;
      for (int v = 0; v < (santa ? 8 : 2); v++) {
        UpdateParams p = params(r);
        if (santa) {
          p.exploration = (v & 1) != 0;
          p.correction = (v & 2) != 0;
          p.sigma = (v & 4) != 0 ? 0f : p.sigma;
        } else if (v == 1) {
          p.sigma = 0f;
        }
        variants.add(p);
      }
      int c = 0;
      for (int size : sizes) {
        UpdateParams p = variants.get(c % variants.size());
        cases.add(new UpdateCase(rule, p, bases[(c + rule.ordinal()) % bases.length], size, r));
        c++;
      }
      for (int v = 0; v < variants.size(); v++) {
        cases.add(new UpdateCase(rule, variants.get(v), 2 + v, 37 + 4 * v, r));
      }
    }
    return cases;
  }

  /** Random, non-zero, realistic scalars (each rule reads the ones it needs). */
  static UpdateParams params(SplittableRandom r) {
    UpdateParams p = new UpdateParams();
    p.lr = (float) r.nextDouble(5e-3, 2e-2);
    p.gradScale = (float) r.nextDouble(0.5, 100);
    p.prior = (float) r.nextDouble(1e-3, 1);
    p.decoupledDecay = (float) r.nextDouble(1e-3, 0.1);
    p.momentum = (float) r.nextDouble(0.5, 0.99);
    p.decay = (float) r.nextDouble(0.9, 0.999);
    p.beta1 = (float) r.nextDouble(0.8, 0.95);
    p.eps = (float) r.nextDouble(1e-8, 1e-3);
    p.biasCorrection1 = (float) r.nextDouble(0.1, 1);
    p.biasCorrection2 = (float) r.nextDouble(1e-3, 1);
    p.sigma = (float) r.nextDouble(1e-3, 0.1);
    p.anneal = (float) r.nextDouble(1e-4, 1e-2);
    p.floor = 1e-3f;
    p.exploration = true;
    p.correction = false;
    p.seed = r.nextLong();
    p.step = r.nextLong(1L << 32);
    p.stream = r.nextInt();
    return p;
  }

  /** Runs the spec on copies; fills {@link #refTheta} and {@link #refState}. */
  RangeResult reference() {
    float[][] st = new float[4][];
    for (int k = 0; k < 4; k++) {
      st[k] = state[k].clone();
    }
    float[] th = theta.clone();
    RangeResult res = new RangeResult();
    new ScalarUpdate().range(rule, p, th, grad, st, base, base + n, true, res);
    refTheta = th;
    refState = st;
    return res;
  }

  /** {@code a[base .. base + n)} as a new array. */
  float[] slice(float[] a) {
    float[] s = new float[n];
    System.arraycopy(a, base, s, 0, n);
    return s;
  }

  static float[] fill(SplittableRandom r, int n, double lo, double hi) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      float v;
      do {
        v = (float) r.nextDouble(lo, hi);
      } while (v == 0f);
      a[i] = v;
    }
    return a;
  }

  @Override
  public String toString() {
    return rule
        + " n="
        + n
        + " base="
        + base
        + " sigma="
        + p.sigma
        + " exploration="
        + p.exploration
        + " correction="
        + p.correction;
  }
}
