package io.langevin.samplers.diagnostics;

import io.langevin.kernels.cpu.CpuPool;
import java.util.Objects;

/**
 * Kernel Stein discrepancy (Gorham &amp; Mackey 2017) of n samples x_i ∈ R^d from a target p, given
 * the score s_i = ∇ log p(x_i), with the inverse multiquadric base kernel k(x, y) = (c² + |x −
 * y|²)^β. The default c = 1, β = −1/2 is the SGMCMCJax convention ({@code ksd.py:imq_KSD}).
 *
 * <p>With u = x − y and q = c² + |u|², the Stein kernel is
 *
 * <pre>
 *   k_0(x, y) = (s_x·s_y) q^β + 2β q^(β−1) (s_y − s_x)·u − 2βd q^(β−1) − 4β(β−1) |u|² q^(β−2)
 * </pre>
 *
 * <p>and the value returned is the V-statistic KSD = sqrt(Σ_{i,j} k_0(x_i, x_j)) / n, the diagonal
 * i = j included (k_0(x, x) = |s_x|² c^{2β} − 2βd c^{2β−2} &gt; 0, so the estimate is biased upward
 * by about sqrt(E k_0(x,x)/n) for a perfect sampler and falls like n^{−1/2}). A sum that rounds to
 * a tiny negative number is clamped to 0.
 *
 * <p>Cost: n(n+1)/2 kernel evaluations (k_0 is symmetric) of ~8d + 12 flops, one sqrt and one
 * division each when β = −1/2 (a {@code Math.pow} otherwise). Rows are cut into chunks of {@value
 * #ROWS_PER_CHUNK} over {@link CpuPool}; chunk sums are added in chunk order, so the result is the
 * same on 1 or N threads. For large n, subsample or thin first. Tested by
 * KernelSteinDiscrepancyTest.
 */
public final class KernelSteinDiscrepancy {

  /** Default IMQ offset c. */
  public static final double DEFAULT_C = 1.0;

  /** Default IMQ exponent β. */
  public static final double DEFAULT_BETA = -0.5;

  /** Rows per parallel chunk. */
  static final int ROWS_PER_CHUNK = 16;

  private final double c2;
  private final double beta;

  /** IMQ kernel with c = 1, β = −1/2. */
  public KernelSteinDiscrepancy() {
    this(DEFAULT_C, DEFAULT_BETA);
  }

  /**
   * IMQ kernel (c² + r²)^β with c &gt; 0 and −1 &lt; β &lt; 0 (the range where KSD controls
   * convergence).
   */
  public KernelSteinDiscrepancy(double c, double beta) {
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException(
          "KernelSteinDiscrepancy: c must be finite and > 0, got " + c);
    }
    if (!(beta > -1 && beta < 0)) {
      throw new IllegalArgumentException(
          "KernelSteinDiscrepancy: beta must be in (-1, 0), got " + beta);
    }
    this.c2 = c * c;
    this.beta = beta;
  }

  /** KSD with the default kernel; samples and scores are n rows of d. */
  public static double imq(double[][] samples, double[][] scores) {
    return new KernelSteinDiscrepancy().compute(samples, scores);
  }

  /** KSD of {@code samples} (n rows of d) against the target whose score is {@code score}. */
  public double compute(double[][] samples, Score score) {
    Objects.requireNonNull(score, "score");
    int n = rows(samples, "samples");
    double[][] scores = new double[n][];
    for (int i = 0; i < n; i++) {
      scores[i] = score.gradLogDensity(samples[i]);
    }
    return compute(samples, scores);
  }

  /** KSD of {@code samples} with their scores, both n rows of d. */
  public double compute(double[][] samples, double[][] scores) {
    int n = rows(samples, "samples");
    int d = samples[0].length;
    if (rows(scores, "scores") != n) {
      throw new IllegalArgumentException(
          "KernelSteinDiscrepancy: " + n + " samples but " + scores.length + " scores");
    }
    double[] x = flatten(samples, n, d, "samples");
    double[] s = flatten(scores, n, d, "scores");
    return compute(x, s, n, d);
  }

  /** KSD of n samples of dimension d, flat row-major ({@code x[i*d + k]}), with their scores. */
  public double compute(double[] x, double[] s, int n, int d) {
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException(
          "KernelSteinDiscrepancy: need n >= 1 samples of d >= 1, got n = " + n + ", d = " + d);
    }
    long len = (long) n * d;
    if (x.length != len || s.length != len) {
      throw new IllegalArgumentException(
          "KernelSteinDiscrepancy: samples have "
              + x.length
              + " values and scores "
              + s.length
              + ", expected n*d = "
              + n
              + "*"
              + d
              + " = "
              + len);
    }
    for (int i = 0; i < len; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(s[i])) {
        throw new IllegalArgumentException(
            "KernelSteinDiscrepancy: sample "
                + i / d
                + ", coordinate "
                + i % d
                + ": x = "
                + x[i]
                + ", score = "
                + s[i]
                + " (must be finite)");
      }
    }
    int chunks = (n + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
    double[] partial = new double[chunks];
    CpuPool.forChunks(
        chunks,
        ch -> {
          int from = ch * ROWS_PER_CHUNK;
          int to = Math.min(n, from + ROWS_PER_CHUNK);
          double sum = 0;
          for (int i = from; i < to; i++) {
            sum += k0(x, s, i, i, d); // diagonal
            double off = 0;
            for (int j = i + 1; j < n; j++) {
              off += k0(x, s, i, j, d);
            }
            sum += 2 * off;
          }
          partial[ch] = sum;
        });
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    return Math.sqrt(Math.max(total, 0)) / n;
  }

  /** k_0(x, y) for single points with their scores (all of length d). */
  public double steinKernel(double[] x, double[] sx, double[] y, double[] sy) {
    int d = x.length;
    if (sx.length != d || y.length != d || sy.length != d) {
      throw new IllegalArgumentException(
          "KernelSteinDiscrepancy: lengths x "
              + x.length
              + ", sx "
              + sx.length
              + ", y "
              + y.length
              + ", sy "
              + sy.length
              + " must be equal");
    }
    double[] xs = new double[2 * d];
    double[] ss = new double[2 * d];
    System.arraycopy(x, 0, xs, 0, d);
    System.arraycopy(y, 0, xs, d, d);
    System.arraycopy(sx, 0, ss, 0, d);
    System.arraycopy(sy, 0, ss, d, d);
    return k0(xs, ss, 0, 1, d);
  }

  private double k0(double[] x, double[] s, int i, int j, int d) {
    int a = i * d;
    int b = j * d;
    double uu = 0; // |u|²
    double ss = 0; // s_x·s_y
    double du = 0; // (s_y − s_x)·u
    for (int k = 0; k < d; k++) {
      double u = x[a + k] - x[b + k];
      double sa = s[a + k];
      double sb = s[b + k];
      uu += u * u;
      ss += sa * sb;
      du += (sb - sa) * u;
    }
    double q = c2 + uu;
    double inv = 1 / q;
    double qb = beta == -0.5 ? Math.sqrt(inv) : Math.pow(q, beta); // q^β
    double qb1 = qb * inv; // q^(β−1)
    return ss * qb
        + 2 * beta * qb1 * du
        - 2 * beta * d * qb1
        - 4 * beta * (beta - 1) * uu * qb1 * inv;
  }

  private static int rows(double[][] a, String what) {
    if (a == null || a.length == 0) {
      throw new IllegalArgumentException("KernelSteinDiscrepancy: no " + what);
    }
    return a.length;
  }

  private static double[] flatten(double[][] a, int n, int d, String what) {
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      if (a[i] == null || a[i].length != d) {
        throw new IllegalArgumentException(
            "KernelSteinDiscrepancy: "
                + what
                + " row "
                + i
                + " has length "
                + (a[i] == null ? "null" : a[i].length)
                + ", expected d = "
                + d);
      }
      System.arraycopy(a[i], 0, out, i * d, d);
    }
    return out;
  }
}
