package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.random.Noise;
import org.junit.jupiter.api.Test;

/**
 * One step of every sampler through the public API against the update written out by hand in
 * double from the papers' formulas (not the kernel's operation order).
 *
 * <p>Tolerance: {@code 1e-5 · (sum of the magnitudes of the terms)} per value: the float pass
 * rounds each of a handful of operations to 2^-24 relative, so its error is a few times 6e-8 of the
 * largest term; 1e-5 leaves a wide margin yet catches any wrong coefficient, sign or missing term
 * (each of which moves the value by a large fraction of a term).
 */
class SamplerStepTest {
  private static final int D = 37;
  private static final long SEED = 7;

  private final float[] theta = ChainFixture.random(1, D, 1.0);
  private final float[] grad = ChainFixture.random(2, D, 2.0);

  private static double[] noise(long seed, long t) {
    float[] xi = new float[D];
    Noise.gaussian(seed, t, Sampler.NOISE_STREAM, xi);
    double[] d = new double[D];
    for (int i = 0; i < D; i++) {
      d[i] = xi[i];
    }
    return d;
  }

  private static void close(String what, int i, double expected, float actual, double scale) {
    double tol = 1e-5 * scale + 1e-12;
    assertTrue(
        Math.abs(expected - actual) <= tol,
        what + "[" + i + "]: expected " + expected + ", got " + actual + " (tolerance " + tol + ")");
  }

  /** Random state arrays at step t with non-negative squares where needed. */
  private static State state(int arrays, long t, double[] scalars, boolean[] positive) {
    float[][] a = new float[arrays][];
    for (int k = 0; k < arrays; k++) {
      a[k] = ChainFixture.random(100 + k, D, 0.5);
      if (positive[k]) {
        for (int i = 0; i < D; i++) {
          a[k][i] = Math.abs(a[k][i]) + 0.05f;
        }
      }
    }
    return new State(D, SEED, t, a, scalars);
  }

  @Test
  void sgd() {
    double lr = 0.03;
    double lambda = 0.5;
    double s = 4;
    Sampler sgd = Sgd.builder().stepSize(lr).prior(lambda).gradScale(s).build();
    float[] th = theta.clone();
    State st = sgd.init(D, SEED);
    sgd.step(th, grad, st);
    for (int i = 0; i < D; i++) {
      double g = s * grad[i] + lambda * theta[i];
      close("theta", i, theta[i] - lr * g, th[i], Math.abs(theta[i]) + Math.abs(lr * g));
    }
    assertEquals(1, st.t());
  }

  @Test
  void momentumAndNesterov() {
    for (boolean nesterov : new boolean[] {false, true}) {
      double lr = 0.05;
      double mu = 0.9;
      Sampler m = Momentum.builder().stepSize(lr).momentum(mu).nesterov(nesterov).build();
      State st = state(1, 0, new double[0], new boolean[] {false});
      State before = st.copy();
      float[] th = theta.clone();
      m.step(th, grad, st);
      for (int i = 0; i < D; i++) {
        double v = before.array(0)[i];
        double v1 = mu * v - lr * grad[i];
        double t1 = nesterov ? theta[i] + mu * v1 - lr * grad[i] : theta[i] + v1;
        double sc = Math.abs(theta[i]) + Math.abs(mu * v) + Math.abs(lr * grad[i]);
        close("v", i, v1, st.array(0)[i], sc);
        close("theta", i, t1, th[i], sc);
      }
    }
  }

  @Test
  void rmsprop() {
    double lr = 0.01;
    double alpha = 0.9;
    double eps = 1e-6;
    Sampler r = Rmsprop.builder().stepSize(lr).decay(alpha).eps(eps).build();
    State st = state(1, 3, new double[0], new boolean[] {true});
    State before = st.copy();
    float[] th = theta.clone();
    r.step(th, grad, st, 3);
    for (int i = 0; i < D; i++) {
      double g = grad[i];
      double v1 = alpha * before.array(0)[i] + (1 - alpha) * g * g;
      double step = lr * g / (eps + Math.sqrt(v1));
      close("v", i, v1, st.array(0)[i], v1);
      close("theta", i, theta[i] - step, th[i], Math.abs(theta[i]) + Math.abs(step));
    }
  }

  @Test
  void rmspropFirstSquareStartsAtTheFirstSquaredGradient() {
    Sampler r = Rmsprop.builder().stepSize(0.01).firstSquare(true).build();
    State st = r.init(D, SEED);
    st.array(0)[0] = 123f; // ignored at step 0: decay 0
    r.step(theta.clone(), grad, st);
    for (int i = 0; i < D; i++) {
      close("v", i, (double) grad[i] * grad[i], st.array(0)[i], (double) grad[i] * grad[i]);
    }
  }

  @Test
  void adagrad() {
    double lr = 0.1;
    double eps = 1e-10;
    Sampler a = Adagrad.builder().stepSize(lr).eps(eps).initialAccumulator(0.25).build();
    State st = a.init(D, SEED);
    assertEquals(0.25f, st.array(0)[5]);
    float[] th = theta.clone();
    a.step(th, grad, st);
    for (int i = 0; i < D; i++) {
      double g = grad[i];
      double v1 = 0.25 + g * g;
      double step = lr * g / (eps + Math.sqrt(v1));
      close("v", i, v1, st.array(0)[i], v1);
      close("theta", i, theta[i] - step, th[i], Math.abs(theta[i]) + Math.abs(step));
    }
  }

  @Test
  void adamAndAdamW() {
    for (double w : new double[] {0, 0.1}) {
      double lr = 0.01;
      double b1 = 0.9;
      double b2 = 0.999;
      double eps = 1e-8;
      double lambda = 0.2;
      Sampler a =
          Adam.builder().stepSize(lr).beta1(b1).beta2(b2).eps(eps).decoupledDecay(w).prior(lambda)
              .build();
      assertEquals(w == 0 ? "adam" : "adamw", a.name());
      long t = 3; // the fourth step: bias corrections 1 − β^4
      State st = state(2, t, new double[0], new boolean[] {false, true});
      State before = st.copy();
      float[] th = theta.clone();
      a.step(th, grad, st);
      for (int i = 0; i < D; i++) {
        double g = grad[i] + lambda * theta[i];
        double m1 = b1 * before.array(0)[i] + (1 - b1) * g;
        double v1 = b2 * before.array(1)[i] + (1 - b2) * g * g;
        double mh = m1 / (1 - Math.pow(b1, 4));
        double vh = v1 / (1 - Math.pow(b2, 4));
        double step = lr * mh / (Math.sqrt(vh) + eps);
        double decay = lr * w * theta[i];
        close("m", i, m1, st.array(0)[i], Math.abs(b1 * before.array(0)[i]) + Math.abs(g));
        close("v", i, v1, st.array(1)[i], v1);
        close(
            "theta",
            i,
            theta[i] - decay - step,
            th[i],
            Math.abs(theta[i]) + Math.abs(step) + Math.abs(decay));
      }
    }
  }

  @Test
  void sgld() {
    double h = 0.02;
    double temp = 0.8;
    double lambda = 1;
    double s = 10;
    Sampler sgld = Sgld.builder().stepSize(h).temperature(temp).prior(lambda).gradScale(s).build();
    float[] th = theta.clone();
    State st = sgld.init(D, SEED);
    sgld.step(th, grad, st);
    double[] xi = noise(SEED, 0);
    for (int i = 0; i < D; i++) {
      double g = s * grad[i] + lambda * theta[i];
      double n = Math.sqrt(2 * h * temp) * xi[i];
      close(
          "theta",
          i,
          theta[i] - h * g + n,
          th[i],
          Math.abs(theta[i]) + Math.abs(h * g) + Math.abs(n));
    }
  }

  @Test
  void psgld() {
    double h = 0.001;
    double temp = 1;
    double alpha = 0.99;
    double lambda = 1e-5;
    Sampler p = Psgld.builder().stepSize(h).temperature(temp).decay(alpha).lambda(lambda).build();
    long t = 5;
    State st = state(1, t, new double[0], new boolean[] {true});
    State before = st.copy();
    float[] th = theta.clone();
    p.step(th, grad, st, t);
    double[] xi = noise(SEED, t);
    for (int i = 0; i < D; i++) {
      double g = grad[i];
      double v1 = alpha * before.array(0)[i] + (1 - alpha) * g * g;
      double pre = 1 / (lambda + Math.sqrt(v1));
      double drift = h * pre * g;
      double n = Math.sqrt(2 * h * temp * pre) * xi[i];
      close("V", i, v1, st.array(0)[i], v1);
      close(
          "theta",
          i,
          theta[i] - drift + n,
          th[i],
          Math.abs(theta[i]) + Math.abs(drift) + Math.abs(n));
    }
  }

  @Test
  void sghmc() {
    double eta = 0.01;
    double alpha = 0.1;
    double betaHat = 0.03;
    double temp = 2;
    Sampler sg =
        Sghmc.builder()
            .stepSize(eta)
            .friction(alpha)
            .noiseEstimate(betaHat)
            .temperature(temp)
            .build();
    State st = state(1, 2, new double[0], new boolean[] {false});
    State before = st.copy();
    float[] th = theta.clone();
    sg.step(th, grad, st);
    double[] xi = noise(SEED, 2);
    for (int i = 0; i < D; i++) {
      double p = before.array(0)[i];
      double n = Math.sqrt(2 * eta * (alpha - betaHat) * temp) * xi[i];
      double p1 = (1 - alpha) * p - eta * grad[i] + n;
      double sc = Math.abs(p) + Math.abs(eta * grad[i]) + Math.abs(n);
      close("p", i, p1, st.array(0)[i], sc);
      close("theta", i, theta[i] + p1, th[i], sc + Math.abs(theta[i]));
    }
  }

  @Test
  void sghmcSampledMomentum() {
    double eta = 0.04;
    double temp = 0.5;
    Sampler sg = Sghmc.builder().stepSize(eta).temperature(temp).sampleMomentum(true).build();
    State st = sg.init(D, 99);
    float[] z = new float[D];
    Noise.gaussian(99, 0, Sampler.INIT_STREAM, z);
    for (int i = 0; i < D; i++) {
      double p0 = Math.sqrt(eta * temp) * z[i];
      close("p0", i, p0, st.array(0)[i], Math.abs(p0));
    }
  }

  @Test
  void sgnht() {
    double h = 0.01;
    double a = 0.05;
    double temp = 1.5;
    Sampler s = Sgnht.builder().stepSize(h).diffusion(a).temperature(temp).build();
    State fresh = s.init(D, SEED);
    assertEquals(a, fresh.scalar(Sgnht.THERMOSTAT));
    double xi0 = 0.3;
    State st = state(1, 4, new double[] {xi0}, new boolean[] {false});
    State before = st.copy();
    float[] th = theta.clone();
    s.step(th, grad, st);
    double[] z = noise(SEED, 4);
    double sum = 0;
    for (int i = 0; i < D; i++) {
      double p = before.array(0)[i];
      double n = Math.sqrt(2 * a * h * temp) * z[i];
      double p1 = (1 - xi0) * p - h * grad[i] + n;
      double sc = Math.abs(p) + Math.abs(h * grad[i]) + Math.abs(n);
      close("p", i, p1, st.array(0)[i], sc);
      close("theta", i, theta[i] + p1, th[i], sc + Math.abs(theta[i]));
      sum += p1 * p1;
    }
    double xi1 = xi0 + sum / D - h * temp;
    double got = st.scalar(Sgnht.THERMOSTAT);
    assertTrue(
        Math.abs(got - xi1) <= 1e-5 * (xi0 + sum / D + h * temp),
        "thermostat: expected " + xi1 + ", got " + got);
  }

  /**
   * Santa, paper pseudo-code with temperature: thermostat target a = η·T/β_t, noise
   * sqrt(2·η^{3/2}·T/β_t·g_{t−1})·ζ (default) or sqrt(2·a·g_{t−1})·ζ (transcribed); SSS rotated so
   * that θ is the midpoint (one full drift θ + g·u' at the end); v from the first square (decay 0)
   * with firstSquare at step 0.
   */
  @Test
  void santa() {
    for (Santa.Scheme scheme : Santa.Scheme.values()) {
      for (boolean explore : new boolean[] {true, false}) {
        for (boolean correction : new boolean[] {false, true}) {
          santaCase(scheme, explore, correction, Santa.NoiseScale.CONSISTENT, 3, false);
        }
      }
      santaCase(scheme, true, false, Santa.NoiseScale.TRANSCRIBED, 3, false);
      santaCase(scheme, true, true, Santa.NoiseScale.CONSISTENT, 0, true);
      santaCase(scheme, true, false, Santa.NoiseScale.CONSISTENT, 0, false);
    }
  }

  private void santaCase(
      Santa.Scheme scheme,
      boolean explore,
      boolean correction,
      Santa.NoiseScale scale,
      long t,
      boolean firstSquare) {
    String c =
        scheme
            + (explore ? " exploration" : " refinement")
            + (correction ? " corr " : " ")
            + scale
            + " t="
            + t
            + (firstSquare ? " firstSquare" : "");
    double eta = 0.01;
    double sigma = 0.9;
    double lambda = 1e-4;
    double temp = 0.5;
    double beta = Math.pow(1 + t, 0.5);
    double an = eta * temp / beta;
    double noiseVar =
        scale == Santa.NoiseScale.CONSISTENT ? 2 * Math.pow(eta, 1.5) * temp / beta : 2 * an;
    Santa s =
        Santa.builder()
            .stepSize(eta)
            .scheme(scheme)
            .decay(sigma)
            .lambda(lambda)
            .temperature(temp)
            .burnin(explore ? 10 : 2)
            .correction(correction)
            .noiseScale(scale)
            .firstSquare(firstSquare)
            .build();
    State st = state(4, t, new double[0], new boolean[] {true, false, false, true});
    State before = st.copy();
    float[] th = theta.clone();
    s.step(th, grad, st);
    double[] z = noise(SEED, t);
    for (int i = 0; i < D; i++) {
      double f = grad[i];
      double v = before.array(0)[i];
      double u = before.array(1)[i];
      double al = before.array(2)[i];
      double q = before.array(3)[i];
      double v1 = firstSquare && t == 0 ? f * f : sigma * v + (1 - sigma) * f * f;
      double g = 1 / Math.sqrt(lambda + Math.sqrt(v1));
      double uf = Math.abs(u) >= 1e-3 ? u : (u < 0 ? -1e-3 : 1e-3);
      double corr = explore && correction ? an * (1 - q / g) / uf : 0;
      double n = explore ? Math.sqrt(noiseVar * q) * z[i] : 0;
      double u1;
      double al1;
      double th1;
      double sc;
      if (scheme == Santa.Scheme.EULER) {
        al1 = explore ? al + (u * u - an) : al;
        u1 = (1 - al1) * u - eta * g * f + n + corr;
        th1 = theta[i] + g * u1;
        sc = Math.abs(u) + Math.abs(eta * g * f) + Math.abs(n) + Math.abs(corr);
      } else {
        if (explore) {
          double alh = al + (u * u - an) / 2;
          double e = Math.exp(-alh / 2);
          double u2 = e * u - eta * g * f + n + corr;
          u1 = e * u2;
          al1 = alh + (u1 * u1 - an) / 2;
        } else {
          al1 = al;
          double e = Math.exp(-al / 2);
          u1 = e * (e * u - eta * g * f);
        }
        th1 = theta[i] + g * u1;
        sc = Math.abs(u) + Math.abs(eta * g * f) + Math.abs(n) + Math.abs(corr);
      }
      close(c + " v", i, v1, st.array(0)[i], v1);
      close(c + " u", i, u1, st.array(1)[i], sc);
      close(c + " alpha", i, al1, st.array(2)[i], Math.abs(al) + u * u + an + u1 * u1);
      close(c + " q", i, g, st.array(3)[i], g);
      close(c + " theta", i, th1, th[i], Math.abs(theta[i]) + g * (Math.abs(u) + sc));
    }
  }

  @Test
  void santaInitialValues() {
    double eta = 0.04;
    Santa off = Santa.builder().stepSize(eta).c(0.7).sampleMomentum(false).build();
    State a = off.init(D, 5);
    Santa on = Santa.builder().stepSize(eta).c(0.7).alphaScaledByEta(true).build();
    State b = on.init(D, 5);
    float[] z = new float[D];
    Noise.gaussian(5, 0, Sampler.INIT_STREAM, z);
    for (int i = 0; i < D; i++) {
      assertEquals(0f, a.array(0)[i]);
      assertEquals(0f, a.array(1)[i]);
      assertEquals((float) 0.7, a.array(2)[i]);
      assertEquals(1f, a.array(3)[i]);
      close("u0", i, Math.sqrt(eta) * z[i], b.array(1)[i], Math.abs(Math.sqrt(eta) * z[i]));
      close("alpha0", i, 0.7 * Math.sqrt(eta), b.array(2)[i], 0.7 * Math.sqrt(eta));
    }
  }

  @Test
  void paramsFollowTheScheduleAndItsNoisePhase() {
    Sgld s =
        Sgld.builder()
            .stepSize(io.langevin.samplers.schedule.Schedule.cyclical(0.1, 40, 2, 0.5))
            .build();
    State st = s.init(3, 1);
    // step 0: start of cycle 0, exploration: full step, no noise
    assertEquals(0.1f, s.params(st).lr);
    assertEquals(0f, s.params(st).sigma);
    State at10 = new State(3, 1, 10, new float[0][], new double[0]);
    double h10 = 0.05 * (Math.cos(Math.PI * 10 / 20) + 1);
    assertEquals((float) h10, s.params(at10).lr);
    assertEquals((float) Math.sqrt(2 * h10), s.params(at10).sigma);
    assertEquals(10L, s.params(at10).step);
    assertEquals(1L, s.params(at10).seed);
  }
}
