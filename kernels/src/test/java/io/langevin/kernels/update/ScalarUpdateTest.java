package io.langevin.kernels.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.random.Noise;
import io.langevin.kernels.random.ScalarNoise;
import org.junit.jupiter.api.Test;

/**
 * An independent check of the spec {@link ScalarUpdate}: one step of every rule on a few elements,
 * recomputed here from the textbook formulas in double precision (no fma, no float rounding of
 * intermediates, {@link Math#exp}), must agree to within {@link #ULPS} float ulps of the value's
 * scale (inputs are chosen so that no term cancels). Plus the limiting cases the contract states
 * bit for bit (σ = 0: SGLD ≡ SGD, pSGLD ≡ RMSprop, SGHMC ≡ momentum; SGNHT ≡ SGHMC with Σp'²), and
 * the noise term: SGLD(σ) − SGLD(0) is σ·ξ with ξ the {@link Noise} Gaussian of the element's
 * absolute index, to within half an ulp of the new θ (one rounding of the fma).
 */
class ScalarUpdateTest {
  private static final double ULPS = 8;
  private static final int N = 6;

  private final UpdateKernel spec = new ScalarUpdate();

  private static final double[] THETA = {0.8, -1.3, 0.45, 1.7, -0.6, 0.21};
  private static final double[] GRAD = {0.9, 0.35, -1.2, 0.6, -0.4, 0.75};
  private static final double[] V = {0.5, 1.1, 0.07, 0.9, 0.33, 1.6}; // mean squares, > 0
  private static final double[] M = {0.2, -0.5, 0.3, -0.1, 0.7, -0.25}; // momenta
  private static final double[] U = {0.3, -0.02, 0.0, -0.4, 0.01, 0.6}; // Santa u: some below δ
  private static final double[] ALPHA = {0.1, -0.2, 0.05, 0.3, -0.1, 0.0};
  private static final double[] Q = {1.0, 0.8, 1.3, 0.5, 2.0, 1.1}; // previous preconditioner

  static float[] f(double[] a) {
    float[] r = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (float) a[i];
    }
    return r;
  }

  static UpdateParams params() {
    UpdateParams p = SimdUpdateTest.base();
    p.lr = 0.05f;
    p.gradScale = 2f;
    p.prior = 0.25f;
    p.sigma = 0.3f;
    p.anneal = 0.01f;
    p.floor = 0.05f;
    return p;
  }

  /** Runs the spec once over all N elements; returns {θ', state 0', ...}. */
  float[][] run(UpdateRule rule, UpdateParams p, double[]... state) {
    float[] th = f(THETA);
    float[] g = f(GRAD);
    float[][] st = new float[state.length][];
    for (int k = 0; k < state.length; k++) {
      st[k] = f(state[k]);
    }
    RangeResult r = new RangeResult();
    spec.range(rule, p, th, g, st, 0, N, true, r);
    assertEquals(-1, r.badIndex, rule + ": non-finite value at " + r.badIndex);
    float[][] out = new float[1 + st.length][];
    out[0] = th;
    System.arraycopy(st, 0, out, 1, st.length);
    return out;
  }

  static void near(double expected, float actual, double scale, String what) {
    double tol = ULPS * Math.ulp((float) Math.max(Math.abs(scale), Math.abs(expected)));
    assertEquals(expected, actual, tol, what);
  }

  /** The float-rounded parameters as doubles: the spec uses them as given. */
  static double d(float x) {
    return x;
  }

  static double energyGrad(UpdateParams p, int i) {
    double th = (float) THETA[i];
    return d(p.gradScale) * (float) GRAD[i] + d(p.prior) * th;
  }

  static double[] xi(UpdateParams p) {
    float[] z = new float[N];
    new ScalarNoise().gaussian(p.seed, p.step, p.stream, 0, z, 0, N);
    double[] r = new double[N];
    for (int i = 0; i < N; i++) {
      r[i] = z[i];
    }
    return r;
  }

  @Test
  void optimisersMatchTheirTextbookFormulas() {
    UpdateParams p = params();
    double lr = p.lr;
    double mu = p.momentum;
    double a = p.decay;
    double eps = p.eps;
    float[][] sgd = run(UpdateRule.SGD, p);
    float[][] mom = run(UpdateRule.MOMENTUM, p, M);
    float[][] nes = run(UpdateRule.NESTEROV, p, M);
    float[][] rms = run(UpdateRule.RMSPROP, p, V);
    float[][] ada = run(UpdateRule.ADAGRAD, p, V);
    float[][] adam = run(UpdateRule.ADAM, p, M, V);
    for (int i = 0; i < N; i++) {
      double th = (float) THETA[i];
      double g = energyGrad(p, i);
      near(th - lr * g, sgd[0][i], th, "SGD " + i);
      double v = mu * (float) M[i] - lr * g;
      near(v, mom[1][i], g, "MOMENTUM v " + i);
      near(th + v, mom[0][i], th, "MOMENTUM θ " + i);
      near(v, nes[1][i], g, "NESTEROV v " + i);
      near(th + mu * v - lr * g, nes[0][i], th, "NESTEROV θ " + i);
      double ms = a * (float) V[i] + (1 - a) * g * g;
      near(ms, rms[1][i], ms, "RMSPROP v " + i);
      near(th - lr * g / (eps + Math.sqrt(ms)), rms[0][i], th, "RMSPROP θ " + i);
      double ss = (float) V[i] + g * g;
      near(ss, ada[1][i], ss, "ADAGRAD v " + i);
      near(th - lr * g / (eps + Math.sqrt(ss)), ada[0][i], th, "ADAGRAD θ " + i);
      double b1 = p.beta1;
      double b2 = p.decay;
      double m1 = b1 * (float) M[i] + (1 - b1) * g;
      double m2 = b2 * (float) V[i] + (1 - b2) * g * g;
      double mhat = m1 / p.biasCorrection1;
      double vhat = m2 / p.biasCorrection2;
      double wd = d(p.lr) * d(p.decoupledDecay);
      near(m1, adam[1][i], 1, "ADAM m " + i);
      near(m2, adam[2][i], m2, "ADAM v " + i);
      near(th - wd * th - lr * mhat / (Math.sqrt(vhat) + eps), adam[0][i], th, "ADAM θ " + i);
    }
  }

  @Test
  void samplersMatchTheirTextbookFormulas() {
    UpdateParams p = params();
    double h = p.lr;
    double sigma = p.sigma;
    double[] z = xi(p);
    float[][] sgld = run(UpdateRule.SGLD, p);
    float[][] psgld = run(UpdateRule.PSGLD, p, V);
    float[][] sghmc = run(UpdateRule.SGHMC, p, M);
    for (int i = 0; i < N; i++) {
      double th = (float) THETA[i];
      double g = energyGrad(p, i);
      near(th - h * g + sigma * z[i], sgld[0][i], th, "SGLD " + i);
      double ms = d(p.decay) * (float) V[i] + (1 - d(p.decay)) * g * g;
      double pre = 1 / (d(p.eps) + Math.sqrt(ms));
      near(ms, psgld[1][i], ms, "PSGLD v " + i);
      near(th - h * pre * g + sigma * Math.sqrt(pre) * z[i], psgld[0][i], th, "PSGLD θ " + i);
      double pn = d(p.momentum) * (float) M[i] - h * g + sigma * z[i];
      near(pn, sghmc[1][i], 1, "SGHMC p " + i);
      near(th + pn, sghmc[0][i], th, "SGHMC θ " + i);
    }
  }

  @Test
  void santaMatchesThePaperFormulas() {
    for (boolean explore : new boolean[] {true, false}) {
      for (boolean corr : new boolean[] {true, false}) {
        UpdateParams p = params();
        p.exploration = explore;
        p.correction = corr;
        float[][] euler = run(UpdateRule.SANTA_EULER, p, V, U, ALPHA, Q);
        float[][] sss = run(UpdateRule.SANTA_SSS, p, V, U, ALPHA, Q);
        double[] z = xi(p);
        double eta = p.lr;
        double a = p.anneal;
        double delta = p.floor;
        String tag = " explore=" + explore + " corr=" + corr + " i=";
        for (int i = 0; i < N; i++) {
          double th = (float) THETA[i];
          double f = energyGrad(p, i);
          double u = (float) U[i];
          double al = (float) ALPHA[i];
          double q = (float) Q[i];
          double v = d(p.decay) * (float) V[i] + (1 - d(p.decay)) * f * f;
          double g = 1 / Math.sqrt(d(p.eps) + Math.sqrt(v));
          double uf = Math.abs(u) >= delta ? u : (u < 0 ? -delta : delta);
          double cr = explore && corr ? a * (1 - q / g) / uf : 0;
          double noise = explore ? d(p.sigma) * Math.sqrt(q) * z[i] : 0;
          // Euler
          double an = explore ? al + u * u - a : al;
          double un = (1 - an) * u - eta * g * f + noise + cr;
          near(v, euler[1][i], v, "Euler v" + tag + i);
          near(g, euler[4][i], g, "Euler q'" + tag + i);
          near(an, euler[3][i], 1, "Euler α" + tag + i);
          near(un, euler[2][i], 1, "Euler u" + tag + i);
          near(th + g * un, euler[0][i], th, "Euler θ" + tag + i);
          // symmetric splitting, rotated: θ is the midpoint, one full drift at the end
          double ah = explore ? al + (u * u - a) / 2 : al;
          double e = Math.exp(-ah / 2);
          double u2 = e * u - eta * g * f + noise + cr;
          double us = e * u2;
          double as = explore ? ah + (us * us - a) / 2 : al;
          near(v, sss[1][i], v, "SSS v" + tag + i);
          near(us, sss[2][i], 1, "SSS u" + tag + i);
          near(as, sss[3][i], 1, "SSS α" + tag + i);
          near(th + g * us, sss[0][i], th, "SSS θ" + tag + i);
        }
      }
    }
  }

  @Test
  void withoutNoiseTheSamplersAreTheirOptimisersBitForBit() {
    UpdateParams p = params();
    p.sigma = 0f;
    assertSame(run(UpdateRule.SGD, p), run(UpdateRule.SGLD, p), "SGLD(σ=0) vs SGD");
    assertSame(run(UpdateRule.RMSPROP, p, V), run(UpdateRule.PSGLD, p, V), "pSGLD vs RMSprop");
    assertSame(run(UpdateRule.MOMENTUM, p, M), run(UpdateRule.SGHMC, p, M), "SGHMC vs momentum");
  }

  @Test
  void sgnhtIsSghmcAndSumsTheSquaredMomenta() {
    UpdateParams p = params();
    float[][] a = run(UpdateRule.SGHMC, p, M);
    float[] th = f(THETA);
    float[] mom = f(M);
    RangeResult r = new RangeResult();
    spec.range(UpdateRule.SGNHT, p, th, f(GRAD), new float[][] {mom}, 0, N, true, r);
    assertSame(a, new float[][] {th, mom}, "SGNHT vs SGHMC");
    double sum = 0;
    for (float x : mom) {
      sum += (double) x * x;
    }
    assertEquals(sum, r.sumSquares, 0.0);
    assertTrue(sum > 0);
  }

  @Test
  void theNoiseTermIsSigmaTimesTheElementsGaussian() {
    int n = 3000;
    int from = 1029; // noise indices are absolute: not aligned to 4 or to a block
    UpdateParams p = params();
    float[] th0 = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      th0[i] = 0.5f + 0.001f * (i % 97);
      g[i] = -0.3f + 0.002f * (i % 89);
    }
    float[] noisy = th0.clone();
    float[] quiet = th0.clone();
    spec.range(UpdateRule.SGLD, p, noisy, g, null, from, n, true, new RangeResult());
    UpdateParams p0 = p.copy();
    p0.sigma = 0f;
    spec.range(UpdateRule.SGLD, p0, quiet, g, null, from, n, true, new RangeResult());
    float[] xi = new float[n];
    Noise.gaussian(p.seed, p.step, p.stream, 0, xi, 0, n);
    for (int i = 0; i < from; i++) {
      assertEquals(th0[i], noisy[i], 0.0, "outside the range " + i);
    }
    for (int i = from; i < n; i++) {
      double diff = (double) noisy[i] - quiet[i];
      double expected = (double) p.sigma * xi[i];
      assertEquals(expected, diff, 0.5 * Math.ulp(noisy[i]), "noise of element " + i);
    }
  }

  static void assertSame(float[][] expected, float[][] actual, String what) {
    for (int k = 0; k < expected.length; k++) {
      for (int i = 0; i < expected[k].length; i++) {
        assertEquals(
            Float.floatToIntBits(expected[k][i]),
            Float.floatToIntBits(actual[k][i]),
            what + ": array " + k + " index " + i);
      }
    }
  }
}
