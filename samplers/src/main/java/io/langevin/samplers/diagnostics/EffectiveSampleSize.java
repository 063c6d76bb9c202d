package io.langevin.samplers.diagnostics;

/**
 * Effective sample size of scalar MCMC chains by Geyer's (1992) initial monotone sequence
 * estimator.
 *
 * <p>Single chain x_0..x_{n−1}: the biased autocovariance γ_t = (1/n) Σ_{i<n−t} (x_i − x̄)(x_{i+t}
 * − x̄), ρ_t = γ_t/γ_0. Lags are computed on demand: the first {@value #DIRECT_LAGS} directly (four
 * lags per pass over the chain, O(n) each), and if the sum needs more, all n lags at once by FFT in
 * O(n log n) (zero-padded to a power of two ≥ 2n, so there is no wrap-around). Both give the same
 * γ_t up to rounding. The sums of consecutive pairs Γ_k = ρ_{2k} + ρ_{2k+1} are added while
 * positive (initial positive sequence), each clipped to the previous one (monotone): τ = −1 + 2 Σ_k
 * Γ_k, the integrated autocorrelation time, and ESS = n/τ. As in Stan, τ is floored at 1/log10(n),
 * so an antithetic chain reports at most n·log10(n).
 *
 * <p>Several chains ({@link #ofChains}): Stan's combination (BDA3 §11.5): with W the mean
 * within-chain variance, B/n the variance of the chain means and var⁺ = (n−1)/n·W + B/n, ρ_t = 1 −
 * (W − mean_j γ_{j,t})/var⁺ (ρ_0 = 1), then the same Geyer sum; ESS = m·n/τ.
 *
 * <p>Cost: O(n·L) for a chain whose sum stops at lag L ≤ {@value #DIRECT_LAGS} (an AR(1) chain with
 * ρ = 0.9 needs L ≈ 60: tens of ms at n = 10^6); otherwise also two real FFTs of length N =
 * 2^⌈log2(2n)⌉, done as complex FFTs of length N/2 with ~6N doubles of scratch (n = 10^6: N = 2^21,
 * ~100 MB, ~0.3 s of CPU on a 2-vCPU Cascade Lake VM). NaN/Inf and constant chains are rejected.
 * Tested by EffectiveSampleSizeTest (AR(1) chains against (1−ρ)/(1+ρ), FFT autocovariance against
 * the direct sum).
 */
public final class EffectiveSampleSize {

  /**
   * The estimate and how it was reached.
   *
   * @param ess the effective sample size
   * @param tau the integrated autocorrelation time, total draws / ESS
   * @param pairs how many pair sums Γ_0..Γ_{pairs−1} were added (lags 0 .. 2·pairs − 1)
   * @param draws total draws (m·n)
   */
  public record Estimate(double ess, double tau, int pairs, long draws) {}

  /** Fewest draws per chain. */
  public static final int MIN_DRAWS = 4;

  /** Lags computed directly, O(n) each, before switching to one FFT for all lags. */
  static final int DIRECT_LAGS = 64;

  private EffectiveSampleSize() {}

  /** ESS of one chain. */
  public static double of(double[] chain) {
    return estimate(chain).ess();
  }

  /** ESS of one chain, with τ and the number of pairs summed. */
  public static Estimate estimate(double[] chain) {
    return estimate(chain, DIRECT_LAGS);
  }

  /**
   * {@link #estimate(double[])} with lags below {@code directLags} computed directly, the rest by
   * FFT.
   */
  static Estimate estimate(double[] chain, int directLags) {
    int n = checkChain(chain, 0);
    Autocovariance acov = new Autocovariance(chain, directLags);
    double g0 = acov.at(0);
    if (!(g0 > 0)) {
      throw new IllegalArgumentException(
          "EffectiveSampleSize: the chain of " + n + " draws is constant; ESS is undefined");
    }
    double inv = 1 / g0;
    return geyer(t -> acov.at(t) * inv, n, n);
  }

  /** ESS of m ≥ 1 chains of equal length, combined as in Stan (see the class comment). */
  public static double ofChains(double[][] chains) {
    return estimateChains(chains).ess();
  }

  /** {@link #ofChains} with τ and the number of pairs summed. */
  public static Estimate estimateChains(double[][] chains) {
    if (chains == null || chains.length == 0) {
      throw new IllegalArgumentException("EffectiveSampleSize: need at least one chain, got none");
    }
    int m = chains.length;
    int n = checkChain(chains[0], 0);
    for (int j = 1; j < m; j++) {
      int nj = checkChain(chains[j], j);
      if (nj != n) {
        throw new IllegalArgumentException(
            "EffectiveSampleSize: chain "
                + j
                + " has "
                + nj
                + " draws, chain 0 has "
                + n
                + "; chains must have equal lengths");
      }
    }
    if (m == 1) {
      return estimate(chains[0]);
    }
    Autocovariance[] acov = new Autocovariance[m];
    double[] means = new double[m];
    double w = 0;
    for (int j = 0; j < m; j++) {
      acov[j] = new Autocovariance(chains[j], DIRECT_LAGS);
      means[j] = acov[j].mean;
      w += acov[j].at(0) * n / (n - 1.0);
    }
    w /= m;
    if (!(w > 0)) {
      throw new IllegalArgumentException(
          "EffectiveSampleSize: all " + m + " chains are constant; ESS is undefined");
    }
    double grand = 0;
    for (double v : means) {
      grand += v;
    }
    grand /= m;
    double bOverN = 0;
    for (double v : means) {
      bOverN += (v - grand) * (v - grand);
    }
    bOverN /= m - 1;
    double varPlus = w * (n - 1.0) / n + bOverN;
    double within = w;
    return geyer(
        t -> {
          if (t == 0) {
            return 1;
          }
          double g = 0;
          for (Autocovariance a : acov) {
            g += a.at(t);
          }
          return 1 - (within - g / m) / varPlus;
        },
        n,
        (long) m * n);
  }

  /** Autocorrelation at lag t. */
  @FunctionalInterface
  private interface Lag {
    double rho(int t);
  }

  /** Geyer's initial monotone sequence on autocorrelations ρ_0 = 1, ρ_1 .. ρ_{n−1}. */
  private static Estimate geyer(Lag rho, int n, long draws) {
    double sum = 0;
    double previous = Double.POSITIVE_INFINITY;
    int k = 0;
    while (2 * k + 1 < n) {
      double pair = rho.rho(2 * k) + rho.rho(2 * k + 1);
      if (!(pair > 0)) {
        break;
      }
      pair = Math.min(pair, previous);
      sum += pair;
      previous = pair;
      k++;
    }
    double tau = -1 + 2 * sum;
    tau = Math.max(tau, 1 / Math.log10((double) draws));
    return new Estimate(draws / tau, tau, k, draws);
  }

  private static int checkChain(double[] chain, int index) {
    if (chain == null) {
      throw new IllegalArgumentException("EffectiveSampleSize: chain " + index + " is null");
    }
    if (chain.length < MIN_DRAWS) {
      throw new IllegalArgumentException(
          "EffectiveSampleSize: chain "
              + index
              + " has "
              + chain.length
              + " draws, need >= "
              + MIN_DRAWS);
    }
    for (int i = 0; i < chain.length; i++) {
      if (!Double.isFinite(chain[i])) {
        throw new IllegalArgumentException(
            "EffectiveSampleSize: chain " + index + " has " + chain[i] + " at draw " + i);
      }
    }
    return chain.length;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** The biased autocovariance of one chain, lags computed on demand (see the class comment). */
  static final class Autocovariance {
    final double mean;
    private final double[] centered;
    private final int directLags;
    private double[] values;
    private int known; // lags [0, known) are in values

    Autocovariance(double[] x, int directLags) {
      int n = x.length;
      this.mean = EffectiveSampleSize.mean(x);
      this.centered = new double[n];
      for (int i = 0; i < n; i++) {
        centered[i] = x[i] - mean;
      }
      this.directLags = directLags;
      this.values = new double[(int) Math.min(n, (long) directLags + 4)];
    }

    /** γ_t for 0 ≤ t &lt; n. */
    double at(int t) {
      while (t >= known) {
        if (known < directLags) {
          directBlock();
        } else {
          values = viaFft(centered);
          known = centered.length;
        }
      }
      return values[t];
    }

    /** Lags known .. known+3 (clamped to n) in one pass. */
    private void directBlock() {
      double[] x = centered;
      int n = x.length;
      int t = known;
      int count = Math.min(4, n - t);
      if (count == 4) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = n - t - 3;
        for (int i = 0; i < end; i++) {
          double a = x[i];
          s0 += a * x[i + t];
          s1 += a * x[i + t + 1];
          s2 += a * x[i + t + 2];
          s3 += a * x[i + t + 3];
        }
        // Tails: lag t+j runs to i < n − t − j.
        for (int i = end; i < n - t; i++) {
          s0 += x[i] * x[i + t];
        }
        for (int i = end; i < n - t - 1; i++) {
          s1 += x[i] * x[i + t + 1];
        }
        for (int i = end; i < n - t - 2; i++) {
          s2 += x[i] * x[i + t + 2];
        }
        values[t] = s0 / n;
        values[t + 1] = s1 / n;
        values[t + 2] = s2 / n;
        values[t + 3] = s3 / n;
      } else {
        for (int j = 0; j < count; j++) {
          double sum = 0;
          for (int i = 0; i < n - t - j; i++) {
            sum += x[i] * x[i + t + j];
          }
          values[t + j] = sum / n;
        }
      }
      known = t + count;
    }
  }

  /** The biased autocovariance γ_t, t = 0..n−1, of {@code x}, all lags directly (O(n²)). */
  static double[] autocovarianceDirect(double[] x) {
    Autocovariance a = new Autocovariance(x, Integer.MAX_VALUE);
    double[] out = new double[x.length];
    for (int t = 0; t < x.length; t++) {
      out[t] = a.at(t);
    }
    return out;
  }

  /** The biased autocovariance γ_t, t = 0..n−1, of {@code x}, all lags by FFT. */
  static double[] autocovarianceFft(double[] x) {
    Autocovariance a = new Autocovariance(x, 0);
    a.at(0);
    return a.values;
  }

  /** All lags of the autocovariance of a centred sequence by FFT. */
  private static double[] viaFft(double[] centered) {
    int n = centered.length;
    int size = 2;
    while (size < 2 * n) {
      size <<= 1;
    }
    double[] padded = new double[size];
    System.arraycopy(centered, 0, padded, 0, n);
    int half = size / 2;
    double[] re = new double[half + 1];
    double[] im = new double[half + 1];
    Fft fft = new Fft(size);
    fft.realForward(padded, re, im);
    // Power spectrum, even in k: P[k] = P[size - k]. Reuse padded for it.
    for (int k = 0; k <= half; k++) {
      double p = re[k] * re[k] + im[k] * im[k];
      padded[k] = p;
      if (k > 0 && k < half) {
        padded[size - k] = p;
      }
    }
    // Inverse DFT of a real even sequence = forward DFT / size, and it is real.
    fft.realForward(padded, re, im);
    double[] acov = new double[n];
    double scale = 1.0 / ((double) size * n);
    for (int t = 0; t < n; t++) {
      acov[t] = re[t] * scale;
    }
    return acov;
  }

  /** Radix-2 DFT of real sequences of one power-of-two length, via a half-length complex FFT. */
  static final class Fft {
    /** Complex points per cache block (2 × 8 bytes each: 256 KiB). */
    private static final int BLOCK = 1 << 14;

    private final int size; // N, real length
    private final int half; // M = N/2, complex FFT length
    private final double[] cos; // cos(2πk/N), k = 0..M−1: the unpacking twiddles W^k
    private final double[] sin; // sin(2πk/N)
    // Twiddles of the complex FFT, stage by stage and contiguous: the stage of span len (2..M)
    // uses e^{−2πij/len}, j < len/2, stored at index len/2 + j (so [len/2, len)).
    private final double[] stageRe;
    private final double[] stageIm;
    private final double[] zr;
    private final double[] zi;

    Fft(int size) {
      if (size < 2 || Integer.bitCount(size) != 1) {
        throw new IllegalArgumentException("Fft: size must be a power of two >= 2, got " + size);
      }
      this.size = size;
      this.half = size / 2;
      this.cos = new double[half];
      this.sin = new double[half];
      // Angles 2πk/N for k < N/2 from the first octant: k ≤ N/8 directly, N/8 < k ≤ N/4 by
      // cos(π/2 − a) = sin a, N/4 < k < N/2 by cos(π − a) = −cos a, sin(π − a) = sin a.
      int quarter = size / 4;
      int eighth = size / 8;
      for (int k = 0; k <= Math.min(eighth, half - 1); k++) {
        double a = 2 * Math.PI * k / size;
        cos[k] = Math.cos(a);
        sin[k] = Math.sin(a);
      }
      for (int k = eighth + 1; k <= quarter && k < half; k++) {
        cos[k] = sin[quarter - k];
        sin[k] = cos[quarter - k];
      }
      for (int k = quarter + 1; k < half; k++) {
        cos[k] = -cos[half - k];
        sin[k] = sin[half - k];
      }
      this.stageRe = new double[Math.max(half, 2)];
      this.stageIm = new double[Math.max(half, 2)];
      // Largest span M first (e^{−2πij/M} = W^{2j}), then each smaller span from the next larger
      // one: e^{−2πij/len} = e^{−2πi(2j)/(2len)}. Sequential reads only.
      if (half >= 2) {
        for (int j = 0, h = half >> 1; j < h; j++) {
          stageRe[h + j] = cos[2 * j];
          stageIm[h + j] = -sin[2 * j];
        }
      }
      for (int len = half >> 1; len >= 2; len >>= 1) {
        for (int j = 0, h = len >> 1; j < h; j++) {
          stageRe[h + j] = stageRe[len + 2 * j];
          stageIm[h + j] = stageIm[len + 2 * j];
        }
      }
      this.zr = new double[half];
      this.zi = new double[half];
    }

    /**
     * X[k] = Σ_j x[j] e^{−2πijk/N} for k = 0..N/2 into re/im (length ≥ N/2 + 1); x has length N.
     */
    void realForward(double[] x, double[] re, double[] im) {
      int m = half;
      // Pack z[j] = x[2j] + i·x[2j+1], written straight to the bit-reversed position.
      zr[0] = x[0];
      zi[0] = x[1];
      for (int j = 1, b = 0; j < m; j++) {
        int bit = m >> 1;
        for (; (b & bit) != 0; bit >>= 1) {
          b ^= bit;
        }
        b ^= bit;
        zr[b] = x[2 * j];
        zi[b] = x[2 * j + 1];
      }
      complexForward(zr, zi);
      // Unpack: E[k] = (Z[k] + conj Z[M−k])/2, O[k] = (Z[k] − conj Z[M−k])/(2i), X[k] = E + W^k O.
      for (int k = 0; k <= m; k++) {
        int a = k == m ? 0 : k;
        int b = k == 0 ? 0 : m - k;
        double ar = zr[a];
        double ai = zi[a];
        double br = zr[b];
        double bi = -zi[b]; // conj Z[M−k]
        double er = 0.5 * (ar + br);
        double ei = 0.5 * (ai + bi);
        // (Z − conj Z')/(2i) = (dr + i di)/(2i) = (di − i dr)/2
        double dr = ar - br;
        double di = ai - bi;
        double or = 0.5 * di;
        double oi = -0.5 * dr;
        double wr;
        double wi;
        if (k < m) {
          wr = cos[k];
          wi = -sin[k];
        } else {
          wr = -1; // e^{−iπ}
          wi = 0;
        }
        re[k] = er + wr * or - wi * oi;
        im[k] = ei + wr * oi + wi * or;
      }
    }

    /** In-place forward complex FFT of length M = N/2 of input already in bit-reversed order. */
    private void complexForward(double[] r, double[] i) {
      int m = half;
      // Span 2 needs no multiplication.
      for (int p = 0; p + 1 < m; p += 2) {
        double xr = r[p + 1];
        double xi = i[p + 1];
        r[p + 1] = r[p] - xr;
        i[p + 1] = i[p] - xi;
        r[p] += xr;
        i[p] += xi;
      }
      // Spans up to BLOCK stay inside one block: run them block by block, in cache.
      int block = Math.min(m, BLOCK);
      for (int base = 0; base < m; base += block) {
        for (int len = 4; len <= block; len <<= 1) {
          stage(r, i, base, base + block, len);
        }
      }
      for (int len = block << 1; len <= m; len <<= 1) {
        stage(r, i, 0, m, len);
      }
    }

    /** Butterflies of span {@code len} over {@code [from, to)}. */
    private void stage(double[] r, double[] i, int from, int to, int len) {
      int h = len >> 1;
      double[] twr = stageRe;
      double[] twi = stageIm;
      for (int start = from; start < to; start += len) {
        for (int j = 0; j < h; j++) {
          double wr = twr[h + j];
          double wi = twi[h + j];
          int p = start + j;
          int q = p + h;
          double xr = r[q] * wr - i[q] * wi;
          double xi = r[q] * wi + i[q] * wr;
          r[q] = r[p] - xr;
          i[q] = i[p] - xi;
          r[p] += xr;
          i[p] += xi;
        }
      }
    }
  }
}
