package io.langevin.kernels.update;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import io.langevin.kernels.cpu.Species;
import io.langevin.kernels.cpu.VectorMath;
import io.langevin.kernels.random.SimdNoise;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link UpdateKernel}, bit-identical to {@link ScalarUpdate} for
 * every stored value and every reported value ({@code SimdUpdateTest}); only the SGNHT sum of
 * squares differs in rounding (per-lane float sums within a block of {@link ScalarUpdate#BLOCK}
 * elements, whose lanes are added in double in lane order once per block: deterministic for a given
 * range, in the interpreter and in C2 alike).
 *
 * <p>The range is cut into the same blocks as the spec (absolute index multiples of {@code BLOCK}).
 * Per block: the Gaussians of the block (only when the rule draws noise) via {@link
 * SimdNoise#gaussian} into a scratch array; one vector loop that computes every new value in the
 * spec's operation order ({@code FloatVector.fma} is the correctly rounded fma, {@code sqrt} and
 * {@code div} are IEEE, and the Santa SSS {@code exp} is {@link VectorMath#exp}, whose scalar twin
 * the spec uses), writes it to a scratch row that stays in L1 and folds it into a check accumulator
 * {@code acc = fma(x, 0, acc)}, which turns NaN as soon as one value is NaN or ±Inf; the ragged
 * tail of the block is {@link ScalarUpdate}'s own code. A clean block is copied to θ and the state
 * arrays; a dirty one is searched in scalar code for the first bad element, as the spec does, and
 * the pass stops.
 *
 * <p>Bytes per element (minimal, as counted in {@link ScalarUpdate}): 12 (SGD, SGLD), 20 (one-state
 * rules), 28 (ADAM), 44 (Santa); the scratch traffic stays in L1. Each vector loop is one method
 * per rule with no vector-valued helpers (a vector passed to a method C2 does not inline is boxed).
 *
 * <p>Measured (rough: shared, loaded 2-vCPU Cascade Lake VM, one thread, thread CPU time per
 * parameter at D = 10^7 through {@link Update#step}, pre-check included): SGD 1.3–1.6 ns, SGLD
 * 3.6–4.2 ns, pSGLD 4.4–5.5 ns (2.3 ns with σ = 0), SGHMC 5.2 ns, SGNHT 5.3 ns, Adam 2.5 ns, Santa
 * (Euler, exploration) 7.3 ns. The reproducible Gaussians ({@link SimdNoise}, 2.1–2.5 ns each on
 * one thread) are most of every noisy rule; the pass without noise runs at about memory speed; the
 * gradient pre-check costs about 0.4–0.7 ns (a 4-byte read). Noise and memory traffic do not
 * overlap within one thread (the noise of a block is made before its update loop); noise calls of
 * 128 or 256 elements interleaved with the loop measured no better. Cold start: until C2 has
 * compiled the rule's loop and the noise stages (seconds in a fresh JVM, longer on a loaded
 * machine) the Vector API runs boxed; the first SGLD step at D = 10^7 took 4–12 s here (about 3 s
 * of it the noise's own cold start), the following ones 40–70 ms.
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
    int scratch = ScalarUpdate.scratchLength(from, to);
    float[][] out = new float[outputs][scratch];
    boolean noise = ScalarUpdate.drawsNoise(rule, p);
    float[] xi = noise ? new float[scratch] : null;
    float[] lanes = rule == UpdateRule.SGNHT ? new float[VL] : null;
    double sum = 0;
    int b0 = from;
    while (b0 < to) {
      int b1 = (int) Math.min(to, ((long) b0 / BLOCK + 1) * BLOCK);
      int len = b1 - b0;
      if (noise) {
        noiseKernel.gaussianUnchecked(p.seed, p.step, p.stream, b0, xi, 0, len);
      }
      int bound = F.loopBound(len);
      boolean clean =
          switch (rule) {
            case SGD -> sgd(p, theta, grad, b0, bound, out[0]);
            // MOMENTUM is SGHMC without noise, op for op (the spec keeps both loops).
            case MOMENTUM -> sghmc(p, theta, grad, state[0], b0, bound, out, xi, false);
            case NESTEROV -> nesterov(p, theta, grad, state[0], b0, bound, out);
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
        sum += sumSquares(out[1], len, lanes);
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

  /**
   * The first index in {@code [from, to)} holding NaN or ±Inf, or −1: the {@link Update} gradient
   * pre-check. Per block of {@code BLOCK}: one {@code fma(x, 0, acc)} per vector (NaN as soon as
   * one value is not finite), the ragged end in scalar code; only a dirty block is searched element
   * by element.
   */
  static int firstNonFinite(float[] a, int from, int to) {
    FloatVector zero = FloatVector.zero(F);
    for (int b0 = from; b0 < to; b0 += BLOCK) {
      int b1 = Math.min(to, b0 + BLOCK);
      int bound = b0 + F.loopBound(b1 - b0);
      FloatVector acc = zero;
      for (int i = b0; i < bound; i += VL) {
        acc = FloatVector.fromArray(F, a, i).fma(zero, acc);
      }
      boolean bad = acc.compare(NE, acc).anyTrue();
      for (int i = bound; i < b1; i++) {
        bad |= !Float.isFinite(a[i]);
      }
      if (bad) {
        for (int i = b0; i < b1; i++) {
          if (!Float.isFinite(a[i])) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /**
   * Σ x² over {@code x[0 .. len)}: per-lane float sums, then the lanes added in double in lane
   * order, then the tail. Not {@code reduceLanes(ADD)}: its float order is unspecified and differs
   * between the interpreter and C2, which would make the sum depend on how far the JIT had got.
   */
  private static double sumSquares(float[] x, int len, float[] lanes) {
    FloatVector acc = FloatVector.zero(F);
    int bound = F.loopBound(len);
    for (int j = 0; j < bound; j += VL) {
      FloatVector v = FloatVector.fromArray(F, x, j);
      acc = v.fma(v, acc);
    }
    acc.intoArray(lanes, 0);
    double s = 0;
    for (int k = 0; k < VL; k++) {
      s += lanes[k];
    }
    for (int j = bound; j < len; j++) {
      s += (double) x[j] * x[j];
    }
    return s;
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
    return !acc.compare(NE, acc).anyTrue();
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
    return !acc.compare(NE, acc).anyTrue();
  }

  private static boolean nesterov(
      UpdateParams p, float[] theta, float[] grad, float[] v, int b0, int bound, float[][] out) {
    FloatVector s = FloatVector.broadcast(F, p.gradScale);
    FloatVector lam = FloatVector.broadcast(F, p.prior);
    FloatVector nlr = FloatVector.broadcast(F, -p.lr);
    FloatVector mu = FloatVector.broadcast(F, p.momentum);
    FloatVector zero = FloatVector.zero(F);
    float[] o0 = out[0];
    float[] o1 = out[1];
    FloatVector acc = zero;
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
    return !acc.compare(NE, acc).anyTrue();
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
    return !acc.compare(NE, acc).anyTrue();
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
    return !acc.compare(NE, acc).anyTrue();
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
    return !acc.compare(NE, acc).anyTrue();
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
    return !acc.compare(NE, acc).anyTrue();
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
    FloatVector sigma = FloatVector.broadcast(F, p.sigma);
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
          w = qi.sqrt().mul(sigma).mul(FloatVector.fromArray(F, xi, j));
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
    return !acc.compare(NE, acc).anyTrue();
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
    FloatVector sigma = FloatVector.broadcast(F, p.sigma);
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
      FloatVector ah = ui.mul(ui).sub(a).fma(half, ai);
      FloatVector e = VectorMath.exp(ah.mul(-0.5f));
      FloatVector u2 = g.mul(f).fma(neta, e.mul(ui));
      if (noise) {
        u2 = qi.sqrt().mul(sigma).fma(FloatVector.fromArray(F, xi, j), u2);
      }
      if (corr) {
        FloatVector sd = plusDelta.blend(-delta, ui.compare(LT, 0f));
        FloatVector uf = sd.blend(ui, ui.abs().compare(GE, delta));
        u2 = u2.add(one.sub(qi.div(g)).div(uf).mul(a));
      }
      FloatVector un = e.mul(u2);
      FloatVector an = un.mul(un).sub(a).fma(half, ah);
      FloatVector tn = g.fma(un, t);
      tn.intoArray(o0, j);
      vn.intoArray(o1, j);
      un.intoArray(o2, j);
      an.intoArray(o3, j);
      g.intoArray(o4, j);
      acc = tn.fma(zero, vn.fma(zero, un.fma(zero, an.fma(zero, g.fma(zero, acc)))));
    }
    return !acc.compare(NE, acc).anyTrue();
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
      FloatVector e = VectorMath.exp(ai.mul(-0.5f));
      FloatVector un = e.mul(g.mul(f).fma(neta, e.mul(ui)));
      FloatVector tn = g.fma(un, t);
      tn.intoArray(o0, j);
      vn.intoArray(o1, j);
      un.intoArray(o2, j);
      ai.intoArray(o3, j);
      g.intoArray(o4, j);
      acc = tn.fma(zero, vn.fma(zero, un.fma(zero, ai.fma(zero, g.fma(zero, acc)))));
    }
    return !acc.compare(NE, acc).anyTrue();
  }
}
