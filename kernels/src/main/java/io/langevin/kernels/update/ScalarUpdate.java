package io.langevin.kernels.update;

import io.langevin.kernels.cpu.VectorMath;
import io.langevin.kernels.random.ScalarNoise;

/**
 * The spec of {@link UpdateKernel}: plain loops that perform every rule's operations exactly in the
 * order {@link UpdateKernel} writes them, one element at a time, in float, with {@link
 * Math#fma(float, float, float)} where the formula says {@code fma}. {@link SimdUpdate} must match
 * it bit for bit for every output ({@code SimdUpdateTest}); {@code ScalarUpdateTest} checks it
 * against hand-computed double-precision steps and the limiting cases (σ = 0 SGLD ≡ SGD, pSGLD ≡
 * RMSprop, SGHMC ≡ momentum).
 *
 * <p>Blocks: the range is cut at absolute element indices that are multiples of {@link #BLOCK} (so
 * the cut does not depend on {@code from}); each block's new values go to scratch arrays, are
 * checked (θ' first, then the state outputs in order, element by element), and are copied to θ and
 * the state arrays only when every value of the block is finite (and {@code write} is set). The
 * noise of a block is one {@link ScalarNoise#gaussian} call over the block's indices (the same bits
 * as {@code ScalarNoise.gaussianBlock} once per four elements); it is drawn only by rules that use
 * it, and not at all when {@code sigma == 0} (Santa: also not outside exploration). The scratch rows
 * are {@code min(BLOCK, to − from)} long, allocated per call (so a tiny range, e.g. D = 2, costs a
 * few bytes, not 24 KB).
 *
 * <p>Points the contract leaves open, fixed here (and so in {@link SimdUpdate}): Santa's correction
 * term exists only in exploration (refinement has {@code w = 0}); where exploration draws no noise
 * ({@code sigma == 0}) the Euler {@code w} is {@code 0 + corr} (or 0), and SSS adds {@code corr}
 * to {@code u2} alone; {@code uf} of a NaN {@code u} is {@code +δ} (the NaN reaches {@code u'}
 * anyway). The pass reports the first bad element in index order and, within it, θ' before the
 * state outputs (so a NaN planted in a state array is usually reported as a NaN θ', whose old θ and
 * g are finite).
 *
 * <p>Bytes per element (minimal, float32): SGD/SGLD read θ, g and write θ (12 B); one-state rules
 * (MOMENTUM, NESTEROV, RMSPROP, ADAGRAD, PSGLD, SGHMC, SGNHT) 20 B; ADAM 28 B; Santa 44 B (read θ,
 * g, v, u, α, q, write θ, v, u, α, q). This implementation also writes and reads the scratch, which
 * stays in L1.
 */
public final class ScalarUpdate implements UpdateKernel {

  /** Elements per checked block; blocks start at multiples of it. A multiple of 4 and of 64. */
  static final int BLOCK = 1024;

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
    int scratch = scratchLength(from, to);
    float[][] out = new float[outputs][scratch];
    boolean noise = drawsNoise(rule, p);
    float[] xi = noise ? new float[scratch] : null;
    ScalarNoise noiseKernel = new ScalarNoise();
    double sum = 0;
    int b0 = from;
    while (b0 < to) {
      int b1 = (int) Math.min(to, ((long) b0 / BLOCK + 1) * BLOCK);
      int len = b1 - b0;
      if (noise) {
        noiseKernel.gaussian(p.seed, p.step, p.stream, b0, xi, 0, len);
      }
      compute(rule, p, noise, theta, grad, state, b0, 0, len, xi, out);
      if (locate(out, outputs, theta, grad, b0, len, result)) {
        result.sumSquares = sum;
        return;
      }
      if (rule == UpdateRule.SGNHT) {
        float[] pNew = out[1];
        for (int j = 0; j < len; j++) {
          sum += (double) pNew[j] * pNew[j];
        }
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
   * Finds the first non-finite new value of the block (element by element; θ' before the state
   * outputs in order) and fills {@code result}; false if all are finite.
   */
  static boolean locate(
      float[][] out,
      int outputs,
      float[] theta,
      float[] grad,
      int b0,
      int len,
      RangeResult result) {
    for (int j = 0; j < len; j++) {
      for (int o = 0; o < outputs; o++) {
        float x = out[o][j];
        if (!Float.isFinite(x)) {
          result.badIndex = b0 + j;
          result.badTheta = theta[b0 + j];
          result.badGrad = grad[b0 + j];
          result.badNewTheta = out[0][j];
          result.badOutput = o;
          result.badValue = x;
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the pass draws Gaussians: the rule uses noise and its noise scale is not zero. */
  static boolean drawsNoise(UpdateRule rule, UpdateParams p) {
    return switch (rule) {
      case SGLD, PSGLD, SGHMC, SGNHT -> p.sigma != 0f;
      case SANTA_EULER, SANTA_SSS -> p.exploration && p.sigma != 0f;
      default -> false;
    };
  }

  /**
   * Length of the per-call scratch rows: the longest block of {@code [from, to)}, i.e. {@code
   * min(BLOCK, to − from)} (a tiny range, e.g. D = 2, allocates 2 floats per row, not 1024).
   */
  static int scratchLength(int from, int to) {
    return Math.max(0, Math.min(BLOCK, to - from));
  }

  /**
   * New values of elements {@code b0+j0 .. b0+len-1} into {@code out[0]} (θ') and {@code out[1+k]}
   * (state k'), index {@code j} for element {@code b0+j}; {@code xi[j]} is its Gaussian. {@link
   * SimdUpdate} calls it for the ragged tail of a block: the same code, the same bits.
   */
  static void compute(
      UpdateRule rule,
      UpdateParams p,
      boolean noise,
      float[] theta,
      float[] grad,
      float[][] state,
      int b0,
      int j0,
      int len,
      float[] xi,
      float[][] out) {
    final float s = p.gradScale;
    final float lambda = p.prior;
    final float nlr = -p.lr;
    final float[] tOut = out[0];
    switch (rule) {
      case SGD -> {
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          tOut[j] = Math.fma(nlr, g, th);
        }
      }
      case MOMENTUM -> {
        float mu = p.momentum;
        float[] v = state[0];
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float vn = Math.fma(nlr, g, mu * v[i]);
          out[1][j] = vn;
          tOut[j] = th + vn;
        }
      }
      case NESTEROV -> {
        float mu = p.momentum;
        float[] v = state[0];
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float vn = Math.fma(nlr, g, mu * v[i]);
          out[1][j] = vn;
          tOut[j] = th + Math.fma(mu, vn, nlr * g);
        }
      }
      case RMSPROP, PSGLD -> {
        float alpha = p.decay;
        float oneMinusAlpha = 1f - alpha;
        float eps = p.eps;
        float sigma = p.sigma;
        boolean addNoise = rule == UpdateRule.PSGLD && noise;
        float[] v = state[0];
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float vn = Math.fma(alpha, v[i], oneMinusAlpha * (g * g));
          float pre = 1f / (eps + (float) Math.sqrt(vn));
          float tn = Math.fma(nlr, pre * g, th);
          if (addNoise) {
            tn = Math.fma(sigma * (float) Math.sqrt(pre), xi[j], tn);
          }
          out[1][j] = vn;
          tOut[j] = tn;
        }
      }
      case ADAGRAD -> {
        float eps = p.eps;
        float[] v = state[0];
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float vn = Math.fma(g, g, v[i]);
          float pre = 1f / (eps + (float) Math.sqrt(vn));
          out[1][j] = vn;
          tOut[j] = Math.fma(nlr, pre * g, th);
        }
      }
      case ADAM -> {
        float b1 = p.beta1;
        float b2 = p.decay;
        float oneMinusB1 = 1f - b1;
        float oneMinusB2 = 1f - b2;
        float r1 = 1f / p.biasCorrection1;
        float r2 = 1f / p.biasCorrection2;
        float nd = -(p.lr * p.decoupledDecay);
        float eps = p.eps;
        float[] m = state[0];
        float[] v = state[1];
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float mn = Math.fma(b1, m[i], oneMinusB1 * g);
          float vn = Math.fma(b2, v[i], oneMinusB2 * (g * g));
          float step = (mn * r1) / ((float) Math.sqrt(vn * r2) + eps);
          out[1][j] = mn;
          out[2][j] = vn;
          tOut[j] = Math.fma(nlr, step, Math.fma(nd, th, th));
        }
      }
      case SGLD -> {
        float sigma = p.sigma;
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float tn = Math.fma(nlr, g, th);
          if (noise) {
            tn = Math.fma(sigma, xi[j], tn);
          }
          tOut[j] = tn;
        }
      }
      case SGHMC, SGNHT -> {
        float c = p.momentum;
        float sigma = p.sigma;
        float[] mom = state[0];
        for (int j = j0; j < len; j++) {
          int i = b0 + j;
          float th = theta[i];
          float g = Math.fma(s, grad[i], lambda * th);
          float pn = Math.fma(nlr, g, c * mom[i]);
          if (noise) {
            pn = Math.fma(sigma, xi[j], pn);
          }
          out[1][j] = pn;
          tOut[j] = th + pn;
        }
      }
      case SANTA_EULER, SANTA_SSS ->
          santa(rule, p, noise, theta, grad, state, b0, j0, len, xi, out);
      default -> throw new IllegalArgumentException("unknown rule " + rule);
    }
  }

  /** The two Santa schemes (see {@link UpdateKernel}); state v, u, α, q. */
  private static void santa(
      UpdateRule rule,
      UpdateParams p,
      boolean noise,
      float[] theta,
      float[] grad,
      float[][] state,
      int b0,
      int j0,
      int len,
      float[] xi,
      float[][] out) {
    final float s = p.gradScale;
    final float lambda = p.prior;
    final float neta = -p.lr;
    final float sr = p.decay;
    final float oneMinusSr = 1f - sr;
    final float eps = p.eps;
    final float a = p.anneal;
    final float sigma = p.sigma;
    final float delta = p.floor;
    final boolean explore = p.exploration;
    final boolean corr = p.correction && explore;
    final boolean sss = rule == UpdateRule.SANTA_SSS;
    float[] v = state[0];
    float[] u = state[1];
    float[] al = state[2];
    float[] q = state[3];
    for (int j = j0; j < len; j++) {
      int i = b0 + j;
      float th = theta[i];
      float f = Math.fma(s, grad[i], lambda * th);
      float vn = Math.fma(sr, v[i], oneMinusSr * (f * f));
      float g = 1f / (float) Math.sqrt(eps + (float) Math.sqrt(vn));
      float ui = u[i];
      float ai = al[i];
      float qi = q[i];
      float cr = 0f;
      if (corr) {
        float uf = Math.abs(ui) >= delta ? ui : (ui < 0f ? -delta : delta);
        cr = a * ((1f - qi / g) / uf);
      }
      float un;
      float an;
      float tn;
      if (!sss) {
        float w = 0f;
        if (explore) {
          an = ai + (ui * ui - a);
          if (noise) {
            w = (sigma * (float) Math.sqrt(qi)) * xi[j];
          }
          if (corr) {
            w = w + cr;
          }
        } else {
          an = ai;
        }
        un = Math.fma(neta, g * f, Math.fma(1f - an, ui, w));
        tn = Math.fma(g, un, th);
      } else {
        if (explore) {
          float ah = Math.fma(0.5f, ui * ui - a, ai);
          float e = VectorMath.exp(-0.5f * ah);
          float u2 = Math.fma(neta, g * f, e * ui);
          if (noise) {
            u2 = Math.fma(sigma * (float) Math.sqrt(qi), xi[j], u2);
          }
          if (corr) {
            u2 = u2 + cr;
          }
          un = e * u2;
          an = Math.fma(0.5f, un * un - a, ah);
        } else {
          an = ai;
          float e = VectorMath.exp(-0.5f * ai);
          un = e * Math.fma(neta, g * f, e * ui);
        }
        tn = Math.fma(g, un, th);
      }
      out[0][j] = tn;
      out[1][j] = vn;
      out[2][j] = un;
      out[3][j] = an;
      out[4][j] = g;
    }
  }
}
