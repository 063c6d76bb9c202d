package io.langevin.samplers.diagnostics;

import java.util.Arrays;

/**
 * Split-R̂, the potential scale reduction factor across m ≥ 2 chains of equal length n ≥ 4.
 *
 * <p>Every chain is split into a first and a second half of ⌊n/2⌋ draws (for odd n the middle draw
 * is dropped), giving M = 2m chains of N = ⌊n/2⌋ draws. {@link #classic} is the BDA3 (Gelman et al.
 * 2013, §11.4) formula on them: with chain means x̄_j, their mean x̄, B = N/(M−1) Σ_j (x̄_j − x̄)²,
 * s_j² = Σ_i (x_ij − x̄_j)²/(N−1), W = mean_j s_j² and var⁺ = (N−1)/N·W + B/N,
 *
 * <pre>  R̂ = sqrt(var⁺ / W)</pre>
 *
 * <p>{@link #rankNormalized} is the version of Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner
 * (2021, Bayesian Analysis 16(2)): the split draws are pooled and replaced by their normal scores z
 * = Φ⁻¹((r − 3/8)/(S + 1/4)) (r the rank among all S = M·N pooled draws, ties get their average
 * rank), the classic formula is applied to z ("bulk" R̂, {@link #bulk}) and to the normal scores of
 * the folded draws |x − median| ("tail" R̂, {@link #folded}), and the larger is returned. The
 * rank-normalised form also detects chains that differ in scale only and tolerates heavy tails.
 * (When the folded draws are all equal, e.g. 0/1 draws with median ½, only the bulk value is used.)
 * Values below 1.01 are the usual convergence threshold.
 *
 * <p>NaN/Inf, unequal lengths and chains that are constant within every half are rejected. Cost
 * O(S) for the classic form, O(S log S) for the rank forms. Tested by SplitRhatTest.
 */
public final class SplitRhat {

  /** Fewest draws per chain (each half must hold at least 2). */
  public static final int MIN_DRAWS = 4;

  private SplitRhat() {}

  /** The BDA3 split-R̂ (same as {@link #classic}). */
  public static double of(double[][] chains) {
    return classic(chains);
  }

  /** The BDA3 split-R̂ on the raw draws. */
  public static double classic(double[][] chains) {
    return rhat(split(chains));
  }

  /** max({@link #bulk}, {@link #folded}): the rank-normalised split-R̂ of Vehtari et al. (2021). */
  public static double rankNormalized(double[][] chains) {
    double[][] halves = split(chains);
    double bulk = rhat(normalScores(halves));
    double[][] folded = fold(halves);
    // Draws taking two values symmetric about the median (e.g. 0/1) fold to one constant: the
    // tail R̂ carries no information there and the bulk value is returned alone.
    return isConstant(folded) ? bulk : Math.max(bulk, rhat(normalScores(folded)));
  }

  private static boolean isConstant(double[][] c) {
    double first = c[0][0];
    for (double[] x : c) {
      for (double v : x) {
        if (v != first) {
          return false;
        }
      }
    }
    return true;
  }

  /** Split-R̂ of the pooled normal scores ("bulk"). */
  public static double bulk(double[][] chains) {
    return rhat(normalScores(split(chains)));
  }

  /** Split-R̂ of the normal scores of |x − median| ("tail", sensitive to scale differences). */
  public static double folded(double[][] chains) {
    return rhat(normalScores(fold(split(chains))));
  }

  /** Validates and splits m chains of n draws into 2m halves of ⌊n/2⌋ draws. */
  static double[][] split(double[][] chains) {
    if (chains == null || chains.length < 2) {
      throw new IllegalArgumentException(
          "SplitRhat: need at least 2 chains, got " + (chains == null ? 0 : chains.length));
    }
    int m = chains.length;
    int n = -1;
    for (int j = 0; j < m; j++) {
      double[] c = chains[j];
      if (c == null) {
        throw new IllegalArgumentException("SplitRhat: chain " + j + " is null");
      }
      if (j == 0) {
        n = c.length;
        if (n < MIN_DRAWS) {
          throw new IllegalArgumentException(
              "SplitRhat: chains have " + n + " draws, need >= " + MIN_DRAWS);
        }
      } else if (c.length != n) {
        throw new IllegalArgumentException(
            "SplitRhat: chain "
                + j
                + " has "
                + c.length
                + " draws, chain 0 has "
                + n
                + "; chains must have equal lengths");
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(c[i])) {
          throw new IllegalArgumentException(
              "SplitRhat: chain " + j + " has " + c[i] + " at draw " + i);
        }
      }
    }
    int h = n / 2;
    double[][] out = new double[2 * m][];
    for (int j = 0; j < m; j++) {
      out[2 * j] = Arrays.copyOfRange(chains[j], 0, h);
      out[2 * j + 1] = Arrays.copyOfRange(chains[j], n - h, n);
    }
    return out;
  }

  /** The BDA3 formula on already split chains of equal length ≥ 2. */
  static double rhat(double[][] c) {
    int chains = c.length;
    int n = c[0].length;
    double[] means = new double[chains];
    double grand = 0;
    double w = 0;
    for (int j = 0; j < chains; j++) {
      double s = 0;
      for (double v : c[j]) {
        s += v;
      }
      double mj = s / n;
      double ss = 0;
      for (double v : c[j]) {
        ss += (v - mj) * (v - mj);
      }
      means[j] = mj;
      grand += mj;
      w += ss / (n - 1);
    }
    grand /= chains;
    w /= chains;
    double b = 0;
    for (double mj : means) {
      b += (mj - grand) * (mj - grand);
    }
    b *= (double) n / (chains - 1);
    if (!(w > 0)) {
      throw new IllegalArgumentException(
          "SplitRhat: every one of the "
              + chains
              + " split chains is constant (within-chain"
              + " variance 0); R-hat is undefined");
    }
    double varPlus = (n - 1.0) / n * w + b / n;
    return Math.sqrt(varPlus / w);
  }

  /** |x − median of all pooled draws|. */
  static double[][] fold(double[][] c) {
    int total = 0;
    for (double[] x : c) {
      total += x.length;
    }
    double[] pooled = new double[total];
    int at = 0;
    for (double[] x : c) {
      System.arraycopy(x, 0, pooled, at, x.length);
      at += x.length;
    }
    Arrays.sort(pooled);
    double median =
        total % 2 == 1 ? pooled[total / 2] : 0.5 * (pooled[total / 2 - 1] + pooled[total / 2]);
    double[][] out = new double[c.length][];
    for (int j = 0; j < c.length; j++) {
      out[j] = new double[c[j].length];
      for (int i = 0; i < c[j].length; i++) {
        out[j][i] = Math.abs(c[j][i] - median);
      }
    }
    return out;
  }

  /** Φ⁻¹((r − 3/8)/(S + 1/4)) with r the (average, 1-based) rank among all pooled draws. */
  static double[][] normalScores(double[][] c) {
    int total = 0;
    for (double[] x : c) {
      total += x.length;
    }
    double[] sorted = new double[total];
    int at = 0;
    for (double[] x : c) {
      System.arraycopy(x, 0, sorted, at, x.length);
      at += x.length;
    }
    Arrays.sort(sorted);
    double[][] out = new double[c.length][];
    for (int j = 0; j < c.length; j++) {
      out[j] = new double[c[j].length];
      for (int i = 0; i < c[j].length; i++) {
        double v = c[j][i];
        int below = lowerBound(sorted, v); // draws < v
        int upTo = upperBound(sorted, v); // draws <= v
        double rank = 0.5 * (below + 1 + upTo); // average of ranks below+1 .. upTo
        out[j][i] = probit((rank - 0.375) / (total + 0.25));
      }
    }
    return out;
  }

  private static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // AS 241 coefficients, lowest degree first: numerator and denominator of each rational piece.
  private static final double[] A = {
    3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
    1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
    3.3430575583588128105e4, 2.5090809287301226727e3
  };
  private static final double[] B = {
    1.0,
    4.2313330701600911252e1,
    6.8718700749205790830e2,
    5.3941960214247511077e3,
    2.1213794301586595867e4,
    3.9307895800092710610e4,
    2.8729085735721942674e4,
    5.2264952788528545610e3
  };
  private static final double[] C = {
    1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
    3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
    2.27238449892691845833e-2, 7.74545014278341407640e-4
  };
  private static final double[] D = {
    1.0,
    2.05319162663775882187e0,
    1.67638483018380384940e0,
    6.89767334985100004550e-1,
    1.48103976427480074590e-1,
    1.51986665636164571966e-2,
    5.47593808499534494600e-4,
    1.05075007164441684324e-9
  };
  private static final double[] E = {
    6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
    2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
    2.71155556874348757815e-5, 2.01033439929228813265e-7
  };
  private static final double[] F = {
    1.0,
    5.99832206555887937690e-1,
    1.36929880922735805310e-1,
    1.48753612908506148525e-2,
    7.86869131145613259100e-4,
    1.84631831751005468180e-5,
    1.42151175831644588870e-7,
    2.04426310338993978564e-15
  };

  /**
   * Standard normal quantile Φ⁻¹(p) for 0 &lt; p &lt; 1: Wichura's algorithm AS 241 (PPND16,
   * Applied Statistics 37(3), 1988), relative accuracy about 1e-16.
   */
  static double probit(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probit: p must be in (0, 1), got " + p);
    }
    double q = p - 0.5;
    if (Math.abs(q) <= 0.425) {
      double r = 0.180625 - q * q;
      return q * horner(A, r) / horner(B, r);
    }
    double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    double z =
        r <= 5 ? horner(C, r - 1.6) / horner(D, r - 1.6) : horner(E, r - 5) / horner(F, r - 5);
    return q < 0 ? -z : z;
  }

  private static double horner(double[] c, double x) {
    double s = c[c.length - 1];
    for (int k = c.length - 2; k >= 0; k--) {
      s = s * x + c[k];
    }
    return s;
  }
}
