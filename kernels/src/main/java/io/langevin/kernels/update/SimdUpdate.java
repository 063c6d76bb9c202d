package io.langevin.kernels.update;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import io.langevin.kernels.cpu.Species;
import io.langevin.kernels.cpu.VectorMath;
import io.langevin.kernels.random.SimdNoise;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link UpdateKernel}, bit-identical to {@link ScalarUpdate} for
 * every stored value and every reported value ({@code SimdUpdateTest}); only the SGNHT sum of
 * squares differs in rounding (per-lane float sums within a block of {@link ScalarUpdate#BLOCK}
 * elements, reduced and added to a double once per block: deterministic for a given range).
 *
 * <p>The range is cut into the same blocks as the spec (absolute index multiples of {@code
 * BLOCK}). Per block: the Gaussians of the block (only when the rule draws noise) via {@link
 * SimdNoise#gaussian} into a scratch array; one vector loop that computes every new value in the
 * spec's operation order ({@code FloatVector.fma} is the correctly rounded fma, {@code sqrt} and
 * {@code div} are IEEE, and the Santa SSS {@code exp} is {@link VectorMath#exp}, whose scalar twin
 * the spec uses), writes it to a scratch row that stays in L1 and folds it into a check
 * accumulator {@code acc = fma(x, 0, acc)}, which turns NaN as soon as one value is NaN or ±Inf;
 * the ragged tail of the block is {@link ScalarUpdate}'s own code. A clean block is copied to θ
 * and the state arrays; a dirty one is searched in scalar code for the first bad element, as the
 * spec does, and the pass stops.
 *
 * <p>Bytes per element (minimal, as counted in {@link ScalarUpdate}): 12 (SGD, SGLD), 20
 * (one-state rules), 28 (ADAM), 44 (Santa); the scratch traffic stays in L1. Each vector loop is
 * one method per rule with no vector-valued helpers (a vector passed to a method C2 does not
 * inline is boxed).
 */
public final class SimdUpdate implements UpdateKernel {
  private static final VectorSpecies<Float> F = Species.F;
  private static final int VL = F.length();
  private static final int BLOCK = ScalarUpdate.BLOCK;

  private final SimdNoise noiseKernel = new SimdNoise();

  @Override
  public void range(
      UpdateRule rule,
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int from,
      int to,
      boolean write,
      RangeResult result) {
    result.reset();
    int outputs = 1 + rule.stateArrays();
    float[][] out = new float[outputs][BLOCK];
    boolean noise = ScalarUpdate.drawsNoise(rule, p);
    float[] xi = new float[BLOCK];
    double sum = 0;
    int b0 = from;
    while (b0 < to) {
      int b1 = (int) Math.min(to, ((long) b0 / BLOCK + 1) * BLOCK);
      int len = b1 - b0;
      if (noise) {
        noiseKernel.gaussian(p.seed, p.step, p.stream, b0, xi, 0, len);
      }
      int bound = F.loopBound(len);
      boolean clean =
          switch (rule) {
            case SGD -> sgd(p, theta, grad, b0, bound, out[0]);
            case MOMENTUM -> momentum(p, theta, grad, state[0], b0, bound, out, false);
            case NESTEROV -> momentum(p, theta, grad, state[0], b0, bound, out, true);
            case RMSPROP -> rmsprop(p, theta, grad, state[0], b0, bound, out, xi, false);
            case PSGLD -> rmsprop(p, theta, grad, state[0], b0, bound, out, xi, noise);
            case ADAGRAD -> adagrad(p, theta, grad, state[0], b0, bound, out);
            case ADAM -> adam(p, theta, grad, state[0], state[1], b0, bound, out);
            case SGLD -> sgld(p, theta, grad, b0, bound, out[0], xi, noise);
            case SGHMC, SGNHT -> sghmc(p, theta, grad, state[0], b0, bound, out, xi, noise);
            case SANTA_EULER -> santaEuler(p, theta, grad, state, b0, bound, out, xi, noise);
            case SANTA_SSS ->
                p.exploration
                    ? santaSssExplore(p, theta, grad, state, b0, bound, out, xi, noise)
                    : santaSssRefine(p, theta, grad, state, b0, bound, out);
          };
      if (bound < len) {
        ScalarUpdate.compute(rule, p, noise, theta, grad, state, b0, bound, len, xi, out);
        for (int j = bound; j < len && clean; j++) {
          for (int o = 0; o < outputs; o++) {
            clean &= Float.isFinite(out[o][j]);
          }
        }
      }
      if (!clean && ScalarUpdate.locate(out, outputs, theta, grad, b0, len, result)) {
        result.sumSquares = sum;
        return;
      }
      if (rule == UpdateRule.SGNHT) {
        sum += sumSquares(out[1], len);
      }
      if (write) {
        System.arraycopy(out[0], 0, theta, b0, len);
        for (int k = 1; k < outputs; k++) {
          System.arraycopy(out[k], 0, state[k - 1], b0, len);
        }
      }
      b0 = b1;
    }
    result.sumSquares = sum;
  }

  /** Σ x² over {@code x[0 .. len)}: per-lane float sums, reduced once, the tail in float. */
  private static double sumSquares(float[] x, int len) {
    FloatVector acc = FloatVector.zero(F);
    int bound = F.loopBound(len);
    for (int j = 0; j < bound; j += VL) {
      FloatVector v = FloatVector.fromArray(F, x, j);
      acc = v.fma(v, acc);
    }
    double s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    for (int j = bound; j < len; j++) {
      s += (double) x[j] * x[j];
    }
    return s;
  }

  private static boolean isClean(FloatVector acc) {
    return !acc.compare(NE, acc).anyTrue();
  }

  private static boolean sgd(
      UpdateParams p, float[] theta, float[] grad, int b0, int bound, float[] o0) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector zero = FloatVector.zero(F);
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      FloatVector t = FloatVector.fromArray(F, theta, b0 + j);
      FloatVector g = FloatVector.fromArray(F, grad, b0 + j).fma(s, t.mul(lam));
      FloatVector tn = g.fma(nlr, t);
      tn.intoArray(o0, j);
      acc = tn.fma(zero, acc);
    }
    return isClean(acc);
  }

  private static boolean sgld(
      UpdateParams p,
      float[] theta,
      float[] grad,
      int b0,
      int bound,
      float[] o0,
      float[] xi,
      boolean noise) {
    if (!noise) {
      return sgd(p, theta, grad, b0, bound, o0);
    }
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector sigma = FloatVector.broadcast(F, p.sigma);
    FloatVector zero = FloatVector.zero(F);
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      FloatVector t = FloatVector.fromArray(F, theta, b0 + j);
      FloatVector g = FloatVector.fromArray(F, grad, b0 + j).fma(s, t.mul(lam));
      FloatVector tn = g.fma(nlr, t);
      tn = FloatVector.fromArray(F, xi, j).fma(sigma, tn);
      tn.intoArray(o0, j);
      acc = tn.fma(zero, acc);
    }
    return isClean(acc);
  }

  private static boolean momentum(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[] v,
      int b0,
      int bound,
      float[][] out,
      boolean nesterov) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector mu = FloatVector.broadcast(F, p.momentum);
    FloatVector zero = FloatVector.zero(F);
    float[] o0 = out[0];
    float[] o1 = out[1];
    FloatVector acc = zero;
    if (nesterov) {
      for (int j = 0; j < bound; j += VL) {
        int i = b0 + j;
        FloatVector t = FloatVector.fromArray(F, theta, i);
        FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
        FloatVector vn = g.fma(nlr, FloatVector.fromArray(F, v, i).mul(mu));
        FloatVector tn = t.add(vn.fma(mu, g.mul(nlr)));
        vn.intoArray(o1, j);
        tn.intoArray(o0, j);
        acc = tn.fma(zero, vn.fma(zero, acc));
      }
    } else {
      for (int j = 0; j < bound; j += VL) {
        int i = b0 + j;
        FloatVector t = FloatVector.fromArray(F, theta, i);
        FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
        FloatVector vn = g.fma(nlr, FloatVector.fromArray(F, v, i).mul(mu));
        FloatVector tn = t.add(vn);
        vn.intoArray(o1, j);
        tn.intoArray(o0, j);
        acc = tn.fma(zero, vn.fma(zero, acc));
      }
    }
    return isClean(acc);
  }

  private static boolean rmsprop(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[] v,
      int b0,
      int bound,
      float[][] out,
      float[] xi,
      boolean noise) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector alpha = FloatVector.broadcast(F, p.decay);
    FloatVector oma = FloatVector.broadcast(F, 1f - p.decay);
    FloatVector eps = FloatVector.broadcast(F, p.eps);
    FloatVector sigma = FloatVector.broadcast(F, p.sigma);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector zero = FloatVector.zero(F);
    float[] o0 = out[0];
    float[] o1 = out[1];
    FloatVector acc = zero;
    if (noise) {
      for (int j = 0; j < bound; j += VL) {
        int i = b0 + j;
        FloatVector t = FloatVector.fromArray(F, theta, i);
        FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
        FloatVector vn = FloatVector.fromArray(F, v, i).fma(alpha, g.mul(g).mul(oma));
        FloatVector pre = one.div(vn.sqrt().add(eps));
        FloatVector tn = pre.mul(g).fma(nlr, t);
        tn = pre.sqrt().mul(sigma).fma(FloatVector.fromArray(F, xi, j), tn);
        vn.intoArray(o1, j);
        tn.intoArray(o0, j);
        acc = tn.fma(zero, vn.fma(zero, acc));
      }
    } else {
      for (int j = 0; j < bound; j += VL) {
        int i = b0 + j;
        FloatVector t = FloatVector.fromArray(F, theta, i);
        FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
        FloatVector vn = FloatVector.fromArray(F, v, i).fma(alpha, g.mul(g).mul(oma));
        FloatVector pre = one.div(vn.sqrt().add(eps));
        FloatVector tn = pre.mul(g).fma(nlr, t);
        vn.intoArray(o1, j);
        tn.intoArray(o0, j);
        acc = tn.fma(zero, vn.fma(zero, acc));
      }
    }
    return isClean(acc);
  }

  private static boolean adagrad(
      UpdateParams p, float[] theta, float[] grad, float[] v, int b0, int bound, float[][] out) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector eps = FloatVector.broadcast(F, p.eps);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector zero = FloatVector.zero(F);
    float[] o0 = out[0];
    float[] o1 = out[1];
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      int i = b0 + j;
      FloatVector t = FloatVector.fromArray(F, theta, i);
      FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
      FloatVector vn = g.fma(g, FloatVector.fromArray(F, v, i));
      FloatVector pre = one.div(vn.sqrt().add(eps));
      FloatVector tn = pre.mul(g).fma(nlr, t);
      vn.intoArray(o1, j);
      tn.intoArray(o0, j);
      acc = tn.fma(zero, vn.fma(zero, acc));
    }
    return isClean(acc);
  }

  private static boolean adam(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[] m,
      float[] v,
      int b0,
      int bound,
      float[][] out) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector b1 = FloatVector.broadcast(F, p.beta1);
    FloatVector b2 = FloatVector.broadcast(F, p.decay);
    FloatVector omb1 = FloatVector.broadcast(F, 1f - p.beta1);
    FloatVector omb2 = FloatVector.broadcast(F, 1f - p.decay);
    FloatVector r1 = FloatVector.broadcast(F, 1f / p.biasCorrection1);
    FloatVector r2 = FloatVector.broadcast(F, 1f / p.biasCorrection2);
    FloatVector nd = FloatVector.broadcast(F, -(p.lr * p.decoupledDecay));
    FloatVector eps = FloatVector.broadcast(F, p.eps);
    FloatVector zero = FloatVector.zero(F);
    float[] o0 = out[0];
    float[] o1 = out[1];
    float[] o2 = out[2];
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      int i = b0 + j;
      FloatVector t = FloatVector.fromArray(F, theta, i);
      FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
      FloatVector mn = FloatVector.fromArray(F, m, i).fma(b1, g.mul(omb1));
      FloatVector vn = FloatVector.fromArray(F, v, i).fma(b2, g.mul(g).mul(omb2));
      FloatVector step = mn.mul(r1).div(vn.mul(r2).sqrt().add(eps));
      FloatVector tn = step.fma(nlr, t.fma(nd, t));
      mn.intoArray(o1, j);
      vn.intoArray(o2, j);
      tn.intoArray(o0, j);
      acc = tn.fma(zero, vn.fma(zero, mn.fma(zero, acc)));
    }
    return isClean(acc);
  }

  private static boolean sghmc(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[] mom,
      int b0,
      int bound,
      float[][] out,
      float[] xi,
      boolean noise) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector c = FloatVector.broadcast(F, p.momentum);
    FloatVector sigma = FloatVector.broadcast(F, p.sigma);
    FloatVector zero = FloatVector.zero(F);
    float[] o0 = out[0];
    float[] o1 = out[1];
    FloatVector acc = zero;
    if (noise) {
      for (int j = 0; j < bound; j += VL) {
        int i = b0 + j;
        FloatVector t = FloatVector.fromArray(F, theta, i);
        FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
        FloatVector pn = g.fma(nlr, FloatVector.fromArray(F, mom, i).mul(c));
        pn = FloatVector.fromArray(F, xi, j).fma(sigma, pn);
        FloatVector tn = t.add(pn);
        pn.intoArray(o1, j);
        tn.intoArray(o0, j);
        acc = tn.fma(zero, pn.fma(zero, acc));
      }
    } else {
      for (int j = 0; j < bound; j += VL) {
        int i = b0 + j;
        FloatVector t = FloatVector.fromArray(F, theta, i);
        FloatVector g = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
        FloatVector pn = g.fma(nlr, FloatVector.fromArray(F, mom, i).mul(c));
        FloatVector tn = t.add(pn);
        pn.intoArray(o1, j);
        tn.intoArray(o0, j);
        acc = tn.fma(zero, pn.fma(zero, acc));
      }
    }
    return isClean(acc);
  }

  /** Santa, Euler scheme, both stages (see {@link UpdateKernel}). */
  private static boolean santaEuler(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int b0,
      int bound,
      float[][] out,
      float[] xi,
      boolean noise) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector neta = FloatVector.broadcast(F, -p.lr);
    FloatVector sr = FloatVector.broadcast(F, p.decay);
    FloatVector omsr = FloatVector.broadcast(F, 1f - p.decay);
    FloatVector eps = FloatVector.broadcast(F, p.eps);
    FloatVector a = FloatVector.broadcast(F, p.anneal);
    FloatVector twoA = FloatVector.broadcast(F, 2f * p.anneal);
    float delta = p.floor;
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector zero = FloatVector.zero(F);
    FloatVector plusDelta = FloatVector.broadcast(F, delta);
    boolean explore = p.exploration;
    boolean corr = p.correction && explore;
    float[] v = state[0];
    float[] u = state[1];
    float[] al = state[2];
    float[] q = state[3];
    float[] o0 = out[0];
    float[] o1 = out[1];
    float[] o2 = out[2];
    float[] o3 = out[3];
    float[] o4 = out[4];
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      int i = b0 + j;
      FloatVector t = FloatVector.fromArray(F, theta, i);
      FloatVector f = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
      FloatVector vn = FloatVector.fromArray(F, v, i).fma(sr, f.mul(f).mul(omsr));
      FloatVector g = one.div(vn.sqrt().add(eps).sqrt());
      FloatVector ui = FloatVector.fromArray(F, u, i);
      FloatVector ai = FloatVector.fromArray(F, al, i);
      FloatVector an = ai;
      FloatVector w = zero;
      if (explore) {
        FloatVector qi = FloatVector.fromArray(F, q, i);
        an = ai.add(ui.mul(ui).sub(a));
        if (noise) {
          w = qi.mul(twoA).sqrt().mul(FloatVector.fromArray(F, xi, j));
        }
        if (corr) {
          FloatVector sd = plusDelta.blend(-delta, ui.compare(LT, 0f));
          FloatVector uf = sd.blend(ui, ui.abs().compare(GE, delta));
          FloatVector cr = one.sub(qi.div(g)).div(uf).mul(a);
          w = w.add(cr);
        }
      }
      FloatVector un = g.mul(f).fma(neta, one.sub(an).fma(ui, w));
      FloatVector tn = g.fma(un, t);
      tn.intoArray(o0, j);
      vn.intoArray(o1, j);
      un.intoArray(o2, j);
      an.intoArray(o3, j);
      g.intoArray(o4, j);
      acc = tn.fma(zero, vn.fma(zero, un.fma(zero, an.fma(zero, g.fma(zero, acc)))));
    }
    return isClean(acc);
  }

  /** Santa, symmetric splitting scheme, exploration (see {@link UpdateKernel}). */
  private static boolean santaSssExplore(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int b0,
      int bound,
      float[][] out,
      float[] xi,
      boolean noise) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector neta = FloatVector.broadcast(F, -p.lr);
    FloatVector sr = FloatVector.broadcast(F, p.decay);
    FloatVector omsr = FloatVector.broadcast(F, 1f - p.decay);
    FloatVector eps = FloatVector.broadcast(F, p.eps);
    FloatVector a = FloatVector.broadcast(F, p.anneal);
    FloatVector twoA = FloatVector.broadcast(F, 2f * p.anneal);
    float delta = p.floor;
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector half = FloatVector.broadcast(F, 0.5f);
    FloatVector zero = FloatVector.zero(F);
    FloatVector plusDelta = FloatVector.broadcast(F, delta);
    boolean corr = p.correction;
    float[] v = state[0];
    float[] u = state[1];
    float[] al = state[2];
    float[] q = state[3];
    float[] o0 = out[0];
    float[] o1 = out[1];
    float[] o2 = out[2];
    float[] o3 = out[3];
    float[] o4 = out[4];
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      int i = b0 + j;
      FloatVector t = FloatVector.fromArray(F, theta, i);
      FloatVector f = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
      FloatVector vn = FloatVector.fromArray(F, v, i).fma(sr, f.mul(f).mul(omsr));
      FloatVector g = one.div(vn.sqrt().add(eps).sqrt());
      FloatVector ui = FloatVector.fromArray(F, u, i);
      FloatVector ai = FloatVector.fromArray(F, al, i);
      FloatVector qi = FloatVector.fromArray(F, q, i);
      FloatVector gh = g.mul(half);
      FloatVector thh = gh.fma(ui, t);
      FloatVector ah = ui.mul(ui).sub(a).fma(half, ai);
      FloatVector e = VectorMath.exp(ah.mul(-0.5f));
      FloatVector u2 = g.mul(f).fma(neta, e.mul(ui));
      if (noise) {
        u2 = qi.mul(twoA).sqrt().fma(FloatVector.fromArray(F, xi, j), u2);
      }
      if (corr) {
        FloatVector sd = plusDelta.blend(-delta, ui.compare(LT, 0f));
        FloatVector uf = sd.blend(ui, ui.abs().compare(GE, delta));
        u2 = u2.add(one.sub(qi.div(g)).div(uf).mul(a));
      }
      FloatVector un = e.mul(u2);
      FloatVector an = un.mul(un).sub(a).fma(half, ah);
      FloatVector tn = gh.fma(un, thh);
      tn.intoArray(o0, j);
      vn.intoArray(o1, j);
      un.intoArray(o2, j);
      an.intoArray(o3, j);
      g.intoArray(o4, j);
      acc = tn.fma(zero, vn.fma(zero, un.fma(zero, an.fma(zero, g.fma(zero, acc)))));
    }
    return isClean(acc);
  }

  /** Santa, symmetric splitting scheme, refinement (see {@link UpdateKernel}). */
  private static boolean santaSssRefine(
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int b0,
      int bound,
      float[][] out) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector neta = FloatVector.broadcast(F, -p.lr);
    FloatVector sr = FloatVector.broadcast(F, p.decay);
    FloatVector omsr = FloatVector.broadcast(F, 1f - p.decay);
    FloatVector eps = FloatVector.broadcast(F, p.eps);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector half = FloatVector.broadcast(F, 0.5f);
    FloatVector zero = FloatVector.zero(F);
    float[] v = state[0];
    float[] u = state[1];
    float[] al = state[2];
    float[] o0 = out[0];
    float[] o1 = out[1];
    float[] o2 = out[2];
    float[] o3 = out[3];
    float[] o4 = out[4];
    FloatVector acc = zero;
    for (int j = 0; j < bound; j += VL) {
      int i = b0 + j;
      FloatVector t = FloatVector.fromArray(F, theta, i);
      FloatVector f = FloatVector.fromArray(F, grad, i).fma(s, t.mul(lam));
      FloatVector vn = FloatVector.fromArray(F, v, i).fma(sr, f.mul(f).mul(omsr));
      FloatVector g = one.div(vn.sqrt().add(eps).sqrt());
      FloatVector ui = FloatVector.fromArray(F, u, i);
      FloatVector ai = FloatVector.fromArray(F, al, i);
      FloatVector gh = g.mul(half);
      FloatVector thh = gh.fma(ui, t);
      FloatVector e = VectorMath.exp(ai.mul(-0.5f));
      FloatVector un = e.mul(g.mul(f).fma(neta, e.mul(ui)));
      FloatVector tn = gh.fma(un, thh);
      tn.intoArray(o0, j);
      vn.intoArray(o1, j);
      un.intoArray(o2, j);
      ai.intoArray(o3, j);
      g.intoArray(o4, j);
      acc = tn.fma(zero, vn.fma(zero, un.fma(zero, ai.fma(zero, g.fma(zero, acc)))));
    }
    return isClean(acc);
  }
}
