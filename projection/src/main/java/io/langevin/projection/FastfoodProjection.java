package io.langevin.projection;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.KernelMode;
import io.langevin.kernels.fwht.Fwht;
import io.langevin.kernels.random.Noise;

/**
 * Fastfood projection exactly as the authors' {@code tf_fastfood_transform} ({@code
 * keras_ext/rproj_layers_util.py}): <b>one</b> {@code L × L} block with {@code L = 2^⌈log₂ D⌉}, θ_d
 * zero-padded from d to L, the output truncated to its first D entries:
 *
 * <pre>
 *   P·x = c · [I_D 0] · H · G · Π · H · B · [x; 0],      c = 1 / sqrt(D · Σ_k G_k²)
 * </pre>
 *
 * with H the unnormalised L×L Walsh–Hadamard matrix ({@link Fwht}), B a random ±1 diagonal, Π a
 * uniformly random permutation applied as a gather ({@code (Π·v)[k] = v[π(k)]}) and G an N(0, 1)
 * diagonal. There is no S diagonal and no σ (the authors replace both by the scalar divisor) and no
 * stacking of blocks: Fastfood's {@code (1/(σ√L))·S·H·G·Π·H·B} stacks {@code D/L} blocks when D
 * exceeds the block, the authors instead take one block as large as D and pad the input. Only when
 * {@code d > D} (not a case the authors run) is L taken as {@code 2^⌈log₂ d⌉} so the input fits.
 *
 * <p><b>Normalisation.</b> Every column of the full L×L matrix {@code H·G·Π·H·B} has squared norm
 * exactly {@code L·ΣG²}; keeping D of the L rows keeps {@code D/L} of it in expectation, so {@code
 * c} (the authors' {@code 1/(divisor·sqrt(D/L))}, {@code divisor = sqrt(L·ΣG²)}) makes the columns
 * unit-norm <b>in expectation</b> (exactly when D = L). {@code ΣG²} is summed in double in index
 * order; c is folded into the stored diagonal, {@code Gc_k = (float) (c·G_k)}.
 *
 * <p><b>Randomness</b> (Philox, {@link Noise}, all at step 0): B's sign i is the top bit of word i
 * of stream {@link #STREAM_B}; G is {@link Noise#gaussian} of stream {@link #STREAM_G}; π is a
 * Fisher–Yates shuffle ({@code i = L−1 … 1} swaps i with {@code j = ⌊r·(i+1)/2^64⌋}, r the 64-bit
 * number made of words {@code 2i+1} (high) and {@code 2i} (low) of stream {@link #STREAM_PI}; bias
 * below {@code L/2^64}).
 *
 * <p><b>Calls.</b> {@code apply}: {@code w = B·[θ_d; 0]} ({@link FastfoodKernel#signPad}), {@code w
 * ← H·w}, {@code v_k = Gc_k·w[π(k)]} ({@link FastfoodKernel#gatherScale}), {@code v ← H·v}, {@code
 * out_i = θ0_i + v_i} for {@code i < D}. {@code applyTranspose} is the exact transpose: {@code Pᵀ·g
 * = [I_d 0]·B·H·Πᵀ·Gc·H·[g; 0]}, with {@code Πᵀ·Gc} done as a gather too, {@code v_m = Gc_{π⁻¹(m)}
 * · w[π⁻¹(m)]} (π⁻¹ and the permuted diagonal are precomputed), then the signs of B on the first d
 * entries. Work per call, each direction: {@code 2·L·log₂ L} adds in the transforms, L products,
 * about {@code 6} passes over L floats plus one random gather of L; state {@code 20·L} bytes (G,
 * its permuted copy, π, π⁻¹, two work vectors) plus L/8 bytes of signs: O(D), 5 MiB for D = 199,210
 * (L = 2^18). The transforms of L ≥ 2^17 and the fused stages of long vectors run on {@link
 * CpuPool}; every stage computes each element from fixed inputs, so results are the same bits on 1
 * or N threads. Calls are {@code synchronized} (they share the two work vectors).
 *
 * <p>Tested by {@code FastfoodProjectionTest} (against the matrix built in double from B, H, Π, G),
 * {@code ProjectionAdjointTest}, {@code ProjectionColumnNormTest}, {@code
 * ProjectionDeterminismTest}; the fused stages by {@code SimdFastfoodTest}.
 */
public final class FastfoodProjection implements Projection {

  /** Philox stream of the signs B ("FFB0"). */
  public static final int STREAM_B = 0x46464230;

  /** Philox stream of the Gaussian diagonal G ("FFG0"). */
  public static final int STREAM_G = 0x46464730;

  /** Philox stream of the permutation Π ("FFPI"). */
  public static final int STREAM_PI = 0x46465049;

  /** Largest block length: the work vectors are Java arrays. */
  static final int MAX_L = 1 << 30;

  /** Elements per chunk of a fused stage on the pool. */
  private static final int GRAIN = 1 << 15;

  private static final FastfoodKernel KERNEL =
      KernelMode.select(SimdFastfood::new, ScalarFastfood::new);

  private final int bigD;
  private final int d;
  private final long seed;
  private final int bigL;
  private final long[] signs;
  private final int[] perm;
  private final int[] inversePerm;
  private final float[] gc;
  private final float[] gcInverse;
  private final double scaleC;
  private final float[] work;
  private final float[] work2;

  /** The authors' single-block Fastfood projection of {@code R^d} into {@code R^D}. */
  public FastfoodProjection(int bigD, int d, long seed) {
    ProjectionChecks.dims("FastfoodProjection", bigD, d);
    int need = Math.max(bigD, d);
    if (need > MAX_L) {
      throw new IllegalArgumentException(
          "FastfoodProjection: D=" + bigD + " d=" + d + " need a block above 2^30");
    }
    this.bigD = bigD;
    this.d = d;
    this.seed = seed;
    this.bigL = blockLength(need);
    int n = bigL;

    int[] words = new int[n];
    Noise.bits(seed, 0, STREAM_B, 0, words, 0, n);
    signs = new long[(n + 63) >>> 6];
    for (int i = 0; i < n; i++) {
      if (words[i] < 0) {
        signs[i >>> 6] |= 1L << (i & 63);
      }
    }

    float[] g = new float[n];
    Noise.gaussian(seed, 0, STREAM_G, 0, g, 0, n);
    double sumSq = 0;
    for (int k = 0; k < n; k++) {
      sumSq += (double) g[k] * g[k];
    }
    scaleC = 1.0 / Math.sqrt(bigD * sumSq);

    perm = shuffle(seed, n);
    inversePerm = new int[n];
    for (int k = 0; k < n; k++) {
      inversePerm[perm[k]] = k;
    }
    gc = new float[n];
    for (int k = 0; k < n; k++) {
      gc[k] = (float) (scaleC * g[k]);
    }
    gcInverse = new float[n];
    for (int m = 0; m < n; m++) {
      gcInverse[m] = gc[inversePerm[m]];
    }
    work = new float[n];
    work2 = new float[n];
  }

  /** {@code 2^⌈log₂ n⌉} for {@code n ≥ 1}. */
  static int blockLength(int n) {
    return n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  /** Fisher–Yates permutation of {@code 0 .. n-1} from stream {@link #STREAM_PI}. */
  static int[] shuffle(long seed, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    int chunk = 4096;
    int[] words = new int[2 * chunk];
    for (int hi = n - 1; hi >= 1; hi -= chunk) {
      int lo = Math.max(1, hi - chunk + 1);
      int count = hi - lo + 1;
      Noise.bits(seed, 0, STREAM_PI, 2L * lo, words, 0, 2 * count);
      for (int i = hi; i >= lo; i--) {
        int at = 2 * (i - lo);
        long r = ((long) words[at + 1] << 32) | (words[at] & 0xFFFFFFFFL);
        int j = (int) Math.unsignedMultiplyHigh(r, i + 1L);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
    }
    return p;
  }

  @Override
  public int sourceDim() {
    return d;
  }

  @Override
  public int targetDim() {
    return bigD;
  }

  @Override
  public long seed() {
    return seed;
  }

  /** The block length L (a power of two ≥ max(D, d)). */
  public int blockLength() {
    return bigL;
  }

  /** The scalar c = 1/sqrt(D·ΣG²) (folded into the stored diagonal). */
  public double scale() {
    return scaleC;
  }

  /** π(k), the source index of the permutation's gather: {@code (Π·v)[k] = v[π(k)]}. */
  int permutation(int k) {
    return perm[k];
  }

  /** True when B's sign at index i is −1. */
  boolean signFlipped(int i) {
    return ((signs[i >>> 6] >>> (i & 63)) & 1L) != 0;
  }

  @Override
  public synchronized void apply(float[] thetaSmall, float[] theta0, float[] out) {
    ProjectionChecks.apply(this, thetaSmall, theta0, out);
    int n = bigL;
    CpuPool.forRange(n, GRAIN, (a, b) -> KERNEL.signPad(thetaSmall, d, signs, work, a, b));
    Fwht.transform(work, 0, n);
    CpuPool.forRange(n, GRAIN, (a, b) -> KERNEL.gatherScale(work, perm, gc, work2, a, b));
    Fwht.transform(work2, 0, n);
    CpuPool.forRange(
        bigD,
        GRAIN,
        (a, b) -> {
          if (theta0 == null) {
            System.arraycopy(work2, a, out, a, b - a);
          } else {
            for (int i = a; i < b; i++) {
              out[i] = theta0[i] + work2[i];
            }
          }
        });
  }

  @Override
  public synchronized void applyTranspose(float[] gD, float[] outSmall) {
    ProjectionChecks.transpose(this, gD, outSmall);
    int n = bigL;
    CpuPool.forRange(n, GRAIN, (a, b) -> KERNEL.signPad(gD, bigD, null, work, a, b));
    Fwht.transform(work, 0, n);
    CpuPool.forRange(
        n, GRAIN, (a, b) -> KERNEL.gatherScale(work, inversePerm, gcInverse, work2, a, b));
    Fwht.transform(work2, 0, n);
    KERNEL.signPad(work2, d, signs, outSmall, 0, d);
  }

  @Override
  public String toString() {
    return "FastfoodProjection[D="
        + bigD
        + ", d="
        + d
        + ", seed="
        + seed
        + ", one block L="
        + bigL
        + ", c="
        + String.format("%.4g", scaleC)
        + ", "
        + String.format("%.1f", (20.0 * bigL + bigL / 8.0) / (1 << 20))
        + " MiB]";
  }
}
