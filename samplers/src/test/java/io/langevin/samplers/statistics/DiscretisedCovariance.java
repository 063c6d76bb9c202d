package io.langevin.samplers.statistics;

/**
 * What each sampler's chain really converges to on a Gaussian target at a finite step: the
 * stationary covariance of its linear(ised) step map, in double. Centered coordinates x = θ − μ,
 * energy gradient f = P·x + e with P = Σ⁻¹ and e ~ N(0, V_g·I) injected gradient noise.
 *
 * <ul>
 *   <li><b>Exact</b> for SGLD and SGHMC: their step is linear in (x, p) with Gaussian noise, so the
 *       law of the chain converges to N(μ, C) with C from the Lyapunov equation ({@link
 *       StationaryCovariance}).
 *   <li><b>Frozen-adaptation surrogates</b> for pSGLD, SGNHT and Santa: their adaptive quantities
 *       (pSGLD's V, Santa's v and thermostats α, SGNHT's thermostat ξ) are frozen at the fixed
 *       point of their own update equations under the surrogate's stationary law — V = v = E[f²]
 *       per coordinate; Santa's α such that E[u²] = a = η·T (its update α ← α + u² − a); SGNHT's ξ
 *       such that E[Σp²]/D = h·T (its update ξ ← ξ + Σp²/D − h·T) — and the linear chain with
 *       those frozen values is solved exactly. This captures the first-order discretisation
 *       effects, including the one that dominates the thermostat samplers: a thermostat that
 *       enforces E[p'²] = hT on the post-kick momentum makes the chain run at T_eff ≈ 1 − ξ/2,
 *       because the discretised friction chain has E[p'²] = hT/(1 − ξ/2) at temperature T. What
 *       the surrogate neglects is the effect of the fluctuations of the adapted quantities (V
 *       averages ~1/(1−α) steps; the thermostats fluctuate around their fixed points), which is
 *       second order.
 * </ul>
 *
 * Each chain is written once as a linear step map z' = A·z + B·w in double; A and B are read off
 * by applying the map to basis vectors, so no matrix is written by hand.
 */
final class DiscretisedCovariance {
  private DiscretisedCovariance() {}

  /** A linear step map: out = A·z + B·w (z the state, w standard normal noise). */
  interface LinearStep {
    void apply(double[] z, double[] w, double[] out);
  }

  /** Stationary covariance (n×n) of z' = A z + B w, w ~ N(0, I_m), A and B probed from the map. */
  static double[][] stationary(int n, int m, LinearStep step) {
    double[][] a = new double[n][n];
    double[][] b = new double[n][m];
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double[] z = new double[n];
      z[k] = 1;
      step.apply(z, new double[m], out);
      for (int i = 0; i < n; i++) {
        a[i][k] = out[i];
      }
    }
    for (int k = 0; k < m; k++) {
      double[] w = new double[m];
      w[k] = 1;
      step.apply(new double[n], w, out);
      for (int i = 0; i < n; i++) {
        b[i][k] = out[i];
      }
    }
    double[][] q = StationaryCovariance.mul(b, StationaryCovariance.transpose(b));
    return StationaryCovariance.solve(a, q);
  }

  /** f = P·x + L·e (L L' = V, the gradient-noise covariance), x = z[0..d), e = w[off..off+d). */
  private static double[] energyGradient(GaussianTarget t, double[] z, double[] w, int off, double[][] l) {
    int d = t.d;
    double[] f = new double[d];
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += t.precision[i][j] * z[j] + l[i][j] * w[off + j];
      }
      f[i] = s;
    }
    return f;
  }

  /** The Cholesky factor of V_g·I. */
  static double[][] isotropic(int d, double vg) {
    return StationaryCovariance.scale(Math.sqrt(vg), StationaryCovariance.identity(d));
  }

  /** The Cholesky factor of a gradient-noise covariance matrix (zero matrix allowed). */
  static double[][] noiseFactor(double[][] v) {
    double max = 0;
    for (int i = 0; i < v.length; i++) {
      max = Math.max(max, v[i][i]);
    }
    return max == 0 ? new double[v.length][v.length] : StationaryCovariance.cholesky(v);
  }

  private static double[][] block(double[][] c, int from, int d) {
    double[][] r = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        r[i][j] = c[from + i][from + j];
      }
    }
    return r;
  }

  /** E[f_i²] = (P C P)_ii + V_ii under the θ-covariance C (V = L Lᵀ the gradient noise). */
  private static double[] meanSquareGradient(GaussianTarget t, double[][] c, double[][] l) {
    double[][] pcp = StationaryCovariance.mul(StationaryCovariance.mul(t.precision, c), t.precision);
    double[] v = new double[t.d];
    for (int i = 0; i < t.d; i++) {
      double vn = 0;
      for (int j = 0; j < t.d; j++) {
        vn += l[i][j] * l[i][j];
      }
      v[i] = pcp[i][i] + vn;
    }
    return v;
  }

  /** SGLD, exact: x' = x − h(Px + e) + sqrt(2hT)ξ. */
  static double[][] sgld(GaussianTarget t, double h, double temp, double vg) {
    return sgld(t, h, temp, isotropic(t.d, vg));
  }

  /** As {@link #sgld(GaussianTarget, double, double, double)} with gradient noise L·e. */
  static double[][] sgld(GaussianTarget t, double h, double temp, double[][] l) {
    return preconditionedSgld(t, h, temp, ones(t.d), l);
  }

  /** SGLD with a fixed diagonal preconditioner M: x' = x − hM(Px + e) + sqrt(2hTM)ξ. */
  static double[][] preconditionedSgld(GaussianTarget t, double h, double temp, double[] m, double[][] l) {
    int d = t.d;
    return stationary(
        d,
        2 * d,
        (z, w, out) -> {
          double[] f = energyGradient(t, z, w, d, l);
          for (int i = 0; i < d; i++) {
            out[i] = z[i] - h * m[i] * f[i] + Math.sqrt(2 * h * temp * m[i]) * w[i];
          }
        });
  }

  /**
   * pSGLD surrogate: V frozen at its fixed point V_i = E[f_i²] under the chain's own law, M_i = 1/(λ
   * + sqrt(V_i)).
   */
  static double[][] psgld(GaussianTarget t, double h, double temp, double lambda, double vg) {
    return psgld(t, h, temp, lambda, isotropic(t.d, vg));
  }

  /** As {@link #psgld(GaussianTarget, double, double, double, double)} with gradient noise L·e. */
  static double[][] psgld(GaussianTarget t, double h, double temp, double lambda, double[][] l) {
    double[][] c = t.cov;
    double[][] prev = null;
    for (int it = 0; it < 200; it++) {
      double[] v = meanSquareGradient(t, c, l);
      double[] m = new double[t.d];
      for (int i = 0; i < t.d; i++) {
        m[i] = 1 / (lambda + Math.sqrt(v[i]));
      }
      c = preconditionedSgld(t, h, temp, m, l);
      if (prev != null && maxRelChange(prev, c) < 1e-12) {
        return c;
      }
      prev = c;
    }
    throw new IllegalStateException("pSGLD surrogate fixed point did not converge");
  }

  /** SGHMC (Chen order), exact: p' = (1−α)p − η(Px + e) + sqrt(2ηαT)ξ; x' = x + p'. */
  static double[][] sghmc(GaussianTarget t, double eta, double friction, double temp, double vg) {
    return sghmc(t, eta, friction, temp, isotropic(t.d, vg));
  }

  /** As {@link #sghmc(GaussianTarget, double, double, double, double)} with gradient noise L·e. */
  static double[][] sghmc(GaussianTarget t, double eta, double friction, double temp, double[][] l) {
    double[] c = fill(t.d, 1 - friction);
    return block(momentum(t, eta, c, Math.sqrt(2 * eta * friction * temp), l), 0, t.d);
  }

  /** Full (x, p) covariance of p' = c∘p − η(Px + e) + σξ; x' = x + p'. */
  private static double[][] momentum(GaussianTarget t, double eta, double[] c, double sigma, double[][] l) {
    int d = t.d;
    return stationary(
        2 * d,
        2 * d,
        (z, w, out) -> {
          double[] f = energyGradient(t, z, w, d, l);
          for (int i = 0; i < d; i++) {
            double p = c[i] * z[d + i] - eta * f[i] + sigma * w[i];
            out[d + i] = p;
            out[i] = z[i] + p;
          }
        });
  }

  /**
   * SGNHT surrogate: p' = (1−ξ)p − h(Px + e) + sqrt(2AhT)ζ; x' = x + p', with the thermostat ξ
   * frozen where its update ξ ← ξ + Σp'²/D − hT has zero drift: E[Σp'²]/D = hT.
   */
  static double[][] sgnht(GaussianTarget t, double h, double diffusion, double temp, double vg) {
    return sgnht(t, h, diffusion, temp, isotropic(t.d, vg));
  }

  /** As {@link #sgnht(GaussianTarget, double, double, double, double)} with gradient noise L·e. */
  static double[][] sgnht(GaussianTarget t, double h, double diffusion, double temp, double[][] l) {
    int d = t.d;
    double sigma = Math.sqrt(2 * diffusion * h * temp);
    // E[p²] decreases with ξ: bisection on ξ ∈ (0, 1).
    double lo = 1e-9, hi = 1;
    double[][] full = null;
    for (int it = 0; it < 100; it++) {
      double xi = 0.5 * (lo + hi);
      full = momentum(t, h, fill(d, 1 - xi), sigma, l);
      double kin = 0;
      for (int i = 0; i < d; i++) {
        kin += full[d + i][d + i] / d;
      }
      if (kin > h * temp) {
        lo = xi;
      } else {
        hi = xi;
      }
    }
    return block(full, 0, d);
  }

  /**
   * Santa surrogate (exploration at anneal a = η·T/β, β = 1 here), per coordinate with g_i (and
   * q_i = g_i) frozen at g = 1/sqrt(λ + sqrt(v)), v_i = E[f_i²], and the thermostat α_i frozen
   * where E[u_i²] = a. The exploration noise is sqrt(n·q)·ζ with n = 2·η^{3/2}·T (Santa's default,
   * {@code NoiseScale.CONSISTENT}) or n = 2·η·T ({@code TRANSCRIBED}). Euler: u' = (1−α)u +
   * sqrt(n·q)ζ − ηg·f; x' = x + g·u'. SSS (rotated, x the paper's midpoint, f at x as the fused
   * kernel receives it): u' = e·(e·u − ηg·f + sqrt(n·q)ζ), e = exp(−α/2); x' = x + g·u'. The (1 −
   * q/g)/u correction is 0 for frozen g. The α_i are found by bisection one coordinate at a time
   * (E[u_i²] falls as α_i grows; an α for which the frozen chain is unstable counts as "too hot"),
   * repeated until they and v agree.
   */
  static double[][] santa(GaussianTarget t, boolean sss, double eta, double lambda, double temp, double vg) {
    return santa(t, sss, eta, lambda, temp, isotropic(t.d, vg));
  }

  /** As {@link #santa(GaussianTarget, boolean, double, double, double, double)} with noise L·e. */
  static double[][] santa(GaussianTarget t, boolean sss, double eta, double lambda, double temp, double[][] l) {
    return santa(t, sss, eta, lambda, temp, 2 * Math.pow(eta, 1.5) * temp, l);
  }

  /**
   * The Santa surrogate with exploration noise variance {@code noise·q} per step (2·η^{3/2}·T by
   * default, 2·η·T for the transcribed paper).
   */
  static double[][] santa(
      GaussianTarget t, boolean sss, double eta, double lambda, double temp, double noise, double[][] l) {
    int d = t.d;
    double a = eta * temp;
    double[] g = new double[d];
    double[] alpha = fill(d, sss ? 4 : 0.5);
    double[][] c = t.cov;
    double[][] prev = null;
    for (int it = 0; it < 200; it++) {
      double[] v = meanSquareGradient(t, c, l);
      for (int i = 0; i < d; i++) {
        g[i] = 1 / Math.sqrt(lambda + Math.sqrt(v[i]));
      }
      for (int i = 0; i < d; i++) {
        // Unstable counts as too hot, so the bracket must exclude Euler's other unstable end
        // (1 − α < −1, and with the gradient kick already near α = 1): α ∈ (0, 1) for Euler;
        // SSS's e = exp(−α/2) is a contraction for every α > 0.
        double lo = 0, hi = sss ? 8 : 1;
        for (int b = 0; b < 60; b++) {
          alpha[i] = 0.5 * (lo + hi);
          double[][] full = santaFull(t, sss, eta, noise, g, alpha, l);
          if (full == null || full[d + i][d + i] > a) {
            lo = alpha[i];
          } else {
            hi = alpha[i];
          }
        }
        alpha[i] = hi; // the stable side of the bracket
      }
      // One coordinate at a time converges slowly where the coordinates' kinetic energies depend
      // on each other's α (the correlated target): finish with a damped Newton step on all α.
      newton(t, sss, eta, noise, g, alpha, a, l);
      double[][] full = santaFull(t, sss, eta, noise, g, alpha, l);
      if (full == null) {
        throw new IllegalStateException("Santa surrogate: no stable fixed point");
      }
      c = block(full, 0, d);
      if (prev != null && maxRelChange(prev, c) < 1e-10) {
        return c;
      }
      prev = c;
    }
    throw new IllegalStateException("Santa surrogate fixed point did not converge");
  }

  /**
   * Refines {@code alpha} in place towards E[u_i²] = a for every i: Newton with a finite-difference
   * Jacobian, the step halved until the chain is stable and the largest residual falls.
   */
  private static void newton(
      GaussianTarget t, boolean sss, double eta, double noise, double[] g, double[] alpha, double a, double[][] l) {
    int d = t.d;
    double[] r = santaResidual(t, sss, eta, noise, g, alpha, a, l);
    for (int it = 0; it < 50 && r != null && maxAbs(r) > 1e-13 * a; it++) {
      double[][] jac = new double[d][d];
      for (int k = 0; k < d; k++) {
        double[] probe = alpha.clone();
        double dk = 1e-6 * Math.max(Math.abs(alpha[k]), 1e-6);
        probe[k] += dk;
        double[] rk = santaResidual(t, sss, eta, noise, g, probe, a, l);
        if (rk == null) {
          return;
        }
        for (int i = 0; i < d; i++) {
          jac[i][k] = (rk[i] - r[i]) / dk;
        }
      }
      double[][] inv = StationaryCovariance.inverse(jac);
      double[] step = new double[d];
      for (int i = 0; i < d; i++) {
        for (int k = 0; k < d; k++) {
          step[i] -= inv[i][k] * r[k];
        }
      }
      boolean improved = false;
      for (double lambda = 1; lambda > 1e-6 && !improved; lambda /= 2) {
        double[] trial = alpha.clone();
        for (int i = 0; i < d; i++) {
          trial[i] += lambda * step[i];
        }
        double[] rt = santaResidual(t, sss, eta, noise, g, trial, a, l);
        if (rt != null && maxAbs(rt) < maxAbs(r)) {
          System.arraycopy(trial, 0, alpha, 0, d);
          r = rt;
          improved = true;
        }
      }
      if (!improved) {
        return;
      }
    }
  }

  /** E[u_i²] − a of the frozen chain, or null if it is unstable. */
  private static double[] santaResidual(
      GaussianTarget t, boolean sss, double eta, double noise, double[] g, double[] alpha, double a, double[][] l) {
    double[][] full = santaFull(t, sss, eta, noise, g, alpha, l);
    if (full == null) {
      return null;
    }
    int d = t.d;
    double[] r = new double[d];
    for (int i = 0; i < d; i++) {
      r[i] = full[d + i][d + i] - a;
    }
    return r;
  }

  private static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Full (x, u) stationary covariance of the frozen Santa chain, or null if it is unstable. */
  private static double[][] santaFull(
      GaussianTarget t, boolean sss, double eta, double noiseVar, double[] g, double[] alpha, double[][] l) {
    int d = t.d;
    double[] al = alpha.clone();
    double[] gg = g.clone();
    try {
      return stationary(
          2 * d,
          2 * d,
          (z, w, out) -> {
            double[] f = energyGradient(t, z, w, d, l);
            for (int i = 0; i < d; i++) {
              double noise = Math.sqrt(noiseVar * gg[i]) * w[i];
              double u;
              if (sss) {
                double e = Math.exp(-0.5 * al[i]);
                u = e * (e * z[d + i] - eta * gg[i] * f[i] + noise);
              } else {
                u = (1 - al[i]) * z[d + i] + noise - eta * gg[i] * f[i];
              }
              out[d + i] = u;
              out[i] = z[i] + gg[i] * u;
            }
          });
    } catch (IllegalArgumentException unstable) {
      return null;
    }
  }

  private static double[] ones(int d) {
    return fill(d, 1);
  }

  private static double[] fill(int d, double v) {
    double[] r = new double[d];
    java.util.Arrays.fill(r, v);
    return r;
  }

  private static double maxRelChange(double[][] x, double[][] y) {
    double m = 0, s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        m = Math.max(m, Math.abs(x[i][j] - y[i][j]));
        s = Math.max(s, Math.abs(y[i][j]));
      }
    }
    return m / s;
  }
}
