package io.langevin.samplers.statistics;

/**
 * The exact stationary covariance of a linear Gaussian chain z' = A·z + w, w ~ N(0, Q)
 * independent across steps: the solution C of the discrete Lyapunov equation C = A·C·Aᵀ + Q,
 * C = Σ_k A^k Q (A^k)ᵀ, computed in double by doubling (C ← C + A C Aᵀ, A ← A², each round
 * doubling the number of terms summed) until A's powers have died out. This is how the tests
 * know the covariance an SG-MCMC chain on a Gaussian target really converges to at a finite step
 * (SGLD, SGHMC, and frozen-preconditioner surrogates of the adaptive samplers), rather than the
 * target's covariance. Checked against the closed form s²/(1 − h/(2s²)) of 1-D SGLD in {@code
 * StationaryCovarianceTest}.
 */
final class StationaryCovariance {
  private StationaryCovariance() {}

  /** C with C = A C Aᵀ + Q; throws if the spectral radius of A is not below 1. */
  static double[][] solve(double[][] a, double[][] q) {
    int n = a.length;
    double[][] ak = copy(a);
    double[][] c = copy(q);
    for (int round = 0; round < 64; round++) {
      double[][] next = add(c, mul(mul(ak, c), transpose(ak)));
      ak = mul(ak, ak);
      double change = 0;
      double scale = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          change = Math.max(change, Math.abs(next[i][j] - c[i][j]));
          scale = Math.max(scale, Math.abs(next[i][j]));
        }
      }
      c = next;
      if (!(scale < 1e300)) {
        break;
      }
      if (change <= 1e-15 * scale && maxAbs(ak) < 1e-30) {
        return c;
      }
    }
    throw new IllegalArgumentException("A is not stable (spectral radius ≥ 1): no stationary law");
  }

  static double[][] mul(double[][] x, double[][] y) {
    int n = x.length, k = y.length, m = y[0].length;
    double[][] r = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < k; l++) {
        double v = x[i][l];
        for (int j = 0; j < m; j++) {
          r[i][j] += v * y[l][j];
        }
      }
    }
    return r;
  }

  static double[][] add(double[][] x, double[][] y) {
    double[][] r = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        r[i][j] = x[i][j] + y[i][j];
      }
    }
    return r;
  }

  static double[][] transpose(double[][] x) {
    double[][] r = new double[x[0].length][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        r[j][i] = x[i][j];
      }
    }
    return r;
  }

  static double[][] identity(int n) {
    double[][] r = new double[n][n];
    for (int i = 0; i < n; i++) {
      r[i][i] = 1;
    }
    return r;
  }

  static double[][] scale(double s, double[][] x) {
    double[][] r = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        r[i][j] = s * x[i][j];
      }
    }
    return r;
  }

  static double[][] copy(double[][] x) {
    double[][] r = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      r[i] = x[i].clone();
    }
    return r;
  }

  /** Inverse of a small symmetric positive definite matrix (Gauss–Jordan, double). */
  static double[][] inverse(double[][] x) {
    int n = x.length;
    double[][] a = copy(x);
    double[][] r = identity(n);
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) {
        if (Math.abs(a[i][c]) > Math.abs(a[p][c])) {
          p = i;
        }
      }
      double[] t = a[c];
      a[c] = a[p];
      a[p] = t;
      t = r[c];
      r[c] = r[p];
      r[p] = t;
      double d = a[c][c];
      if (d == 0) {
        throw new IllegalArgumentException("singular matrix");
      }
      for (int j = 0; j < n; j++) {
        a[c][j] /= d;
        r[c][j] /= d;
      }
      for (int i = 0; i < n; i++) {
        if (i != c && a[i][c] != 0) {
          double f = a[i][c];
          for (int j = 0; j < n; j++) {
            a[i][j] -= f * a[c][j];
            r[i][j] -= f * r[c][j];
          }
        }
      }
    }
    return r;
  }

  /** Lower Cholesky factor L with L Lᵀ = x. */
  static double[][] cholesky(double[][] x) {
    int n = x.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = x[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("matrix not positive definite at row " + i);
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  private static double maxAbs(double[][] x) {
    double m = 0;
    for (double[] row : x) {
      for (double v : row) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }
}
