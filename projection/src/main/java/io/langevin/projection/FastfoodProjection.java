package io.langevin.projection;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.KernelMode;
import io.langevin.kernels.fwht.Fwht;
import io.langevin.kernels.random.Noise;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

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
 * <p><b>Calls</b> (the definition; {@link #applyReference} and {@link #applyTransposeReference}
 * run it literally). {@code apply}: {@code w = B·[θ_d; 0]} ({@link FastfoodKernel#signPad}), {@code
 * w ← H·w}, {@code v_k = Gc_k·w[π(k)]} ({@link FastfoodKernel#gatherScale}), {@code v ← H·v},
 * {@code out_i = θ0_i + v_i} for {@code i < D}. {@code applyTranspose} is the exact transpose:
 * {@code Pᵀ·g = [I_d 0]·B·H·Πᵀ·Gc·H·[g; 0]}, with {@code Πᵀ·Gc} done as a gather too, {@code v_m =
 * Gc_{π⁻¹(m)} · w[π⁻¹(m)]}, then the signs of B on the first d entries. H is the radix-2 FWHT of
 * {@code io.langevin.kernels.fwht.ScalarFwht}, stage by stage, each butterfly one rounding.
 *
 * <p><b>Fast paths</b> (same bits as the definition; every element goes through the same roundings
 * in the same order). Let {@code m = 2^⌈log₂ d⌉ ≤ L} (m ≤ {@link #FAST_MAX_M}):
 *
 * <ul>
 *   <li><b>apply, first transform.</b> {@code [x; 0]} is zero outside its first m entries, so the
 *       stages {@code h < m} act on block 0 only ({@code y = H_m·B·x}) and each stage {@code h ≥ m}
 *       maps {@code (a, +0)} to {@code (a + 0, a − 0)}: block k of {@code H·w} is y when all bits of
 *       k are set ({@code k = L/m − 1}) and {@code y + 0} (−0 turned into +0) otherwise, bit for
 *       bit. So the first transform costs {@code m·log₂ m} adds, and the gather reads a table of
 *       {@code 2m} floats ({@code [y + 0; y]}) through {@code idx_k = (π(k) mod m) + (π(k) ≥ L − m ?
 *       m : 0)}: an L1/L2-resident gather instead of a random one over L floats.
 *   <li><b>apply, second transform.</b> The gather-scale fills 16 KB blocks that get their stages
 *       {@code h < 4096} while in L1, then 256 KB chunks get their stages {@code h < 2^16} (chunks
 *       over {@link CpuPool}), then radix-8/4/2 passes over the whole vector for the larger strides
 *       (columns over the pool), the last of them writing {@code out = θ0 + v} for the first D
 *       indices instead of storing v back ({@link FastfoodKernel#columnsAdd}).
 *   <li><b>transpose, first transform.</b> The zero-padding copy is fused into the same L1 blocks;
 *       chunks and blocks wholly past D are zero-filled and skip their stages ({@code 0 ± 0 = +0}).
 *   <li><b>transpose, permutation.</b> A gather through the stored π⁻¹ (random over L floats,
 *       which stay in L2/L3), one window of {@code W = max(m, min(L, 4096))} floats at a time,
 *       straight into the second transform's blocks. (A two-pass bucketed permutation, scatter into
 *       L1-sized buckets then gather within them, was tried: on this Cascade Lake the extra
 *       streamed pass cost as much as the random gather saved, so it was dropped.)
 *   <li><b>transpose, second transform.</b> Only its first d ≤ m outputs are used: block 0 of the
 *       output is, stage by stage, the pairwise tree sum (stages {@code h ≥ m}, "+" halves, lower
 *       block on the left) of the L/m blocks each transformed by {@code H_m} (stages {@code h <
 *       m}). Each window's blocks get their stages right after their gather (while in L1), and the
 *       tree is summed in place as blocks complete ({@code L·log₂ m + L} adds instead of {@code L·log₂ L});
 *       windows are cut into at most 16 groups of aligned subtrees over the pool, the group sums
 *       combined in tree order on the calling thread.
 * </ul>
 *
 * When m exceeds {@link #FAST_MAX_M} (d above 2^16) the definition runs as written.
 *
 * <p><b>Work and bytes per call</b> (fast paths; L = 2^18 for D = 199,210, 2^20 for D = 10^6).
 * apply: {@code L·log₂ L + m·log₂ m} adds, L products; streams the table indices and {@code Gc}
 * (8L bytes), θ0 and out (8D bytes); the work vector (4L) stays in L2/L3 between passes. transpose:
 * {@code L·log₂ L + L·log₂ m + L} adds, L products; streams g (4D), π⁻¹ and {@code Gc∘π⁻¹} (8L),
 * and gathers randomly from the 4L-byte transformed vector. The compulsory traffic is thus {@code
 * 8L + 8D} bytes (apply) and {@code 12L + 4D} bytes (transpose, counting the gathered vector
 * once). State: {@code 20·L} bytes ({@code π}, {@code π⁻¹}, {@code Gc}, {@code Gc∘π⁻¹}, table
 * indices) plus three work vectors (12L) and L/8 bytes of signs: 32 MiB at L = 2^20. Results are
 * the same bits on 1 or N threads. Calls are {@code synchronized} (they share the work vectors).
 *
 * <p>Tested by {@code FastfoodProjectionTest} (against the matrix built in double from B, H, Π, G;
 * fast paths against {@link #applyReference} bit for bit, on 1 thread and the pool), {@code
 * ProjectionAdjointTest}, {@code ProjectionColumnNormTest}, {@code ProjectionDeterminismTest}; the
 * kernels by {@code SimdFastfoodTest}.
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

  /** Largest {@code m = 2^⌈log₂ d⌉} that takes the fast paths (a 512 KB table). */
  static final int FAST_MAX_M = 1 << 16;

  /** Floats per L2 chunk of a transform (256 KB). */
  private static final int CHUNK = 1 << 16;

  /** Floats per L1 block of a transform (16 KB). */
  private static final int BLOCK = 4096;

  /** Most groups of windows (subtrees) of the transpose's tree sum. */
  private static final int MAX_GROUPS = 16;

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
  private final float[] work3;

  /** {@code 2^⌈log₂ d⌉}: the block of the padded θ_d. */
  private final int m;

  private final boolean fast;

  /** apply's table indices: {@code (π(k) mod m) + (π(k) ≥ L − m ? m : 0)}. */
  private final int[] tableIdx;

  private final float[] table;
  private final float[] zeros;

  /** Floats gathered at a time by the transpose (whole blocks of m). */
  private final int window;



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
    gc = new float[n];
    for (int k = 0; k < n; k++) {
      gc[k] = (float) (scaleC * g[k]);
    }
    int[] inv = new int[n];
    for (int k = 0; k < n; k++) {
      inv[perm[k]] = k;
    }
    gcInverse = new float[n];
    for (int k = 0; k < n; k++) {
      gcInverse[k] = gc[inv[k]];
    }
    m = blockLength(d);
    fast = m <= FAST_MAX_M;
    if (fast) {
      tableIdx = new int[n];
      for (int k = 0; k < n; k++) {
        int p = perm[k];
        tableIdx[k] = (p & (m - 1)) + (p >= n - m ? m : 0);
      }
      table = new float[2 * m];
      zeros = new float[m];
      window = Math.max(m, Math.min(n, BLOCK));
    } else {
      tableIdx = null;
      table = null;
      zeros = null;
      window = 0;
    }
    inversePerm = inv;
    work = new float[n];
    work2 = new float[n];
    work3 = fast ? new float[n] : null;
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

  /** True when B's sign at index i ({@code 0 ≤ i < L}) is −1. */
  public boolean signFlipped(int i) {
    return ((signs[i >>> 6] >>> (i & 63)) & 1L) != 0;
  }

  /**
   * Read-only view (no copy) of π, {@code L} entries: {@code (Π·v)[k] = v[π(k)]}. For back ends
   * that upload the structure ({@code io.langevin.projection.cuda.CudaFastfood}).
   */
  public IntBuffer permutationView() {
    return IntBuffer.wrap(perm).asReadOnlyBuffer();
  }

  /**
   * Read-only view (no copy) of the stored diagonal {@code Gc_k = (float) (c·G_k)}, {@code L}
   * entries (c folded in). For back ends that upload the structure.
   */
  public FloatBuffer diagonalView() {
    return FloatBuffer.wrap(gc).asReadOnlyBuffer();
  }

  @Override
  public synchronized void apply(float[] thetaSmall, float[] theta0, float[] out) {
    ProjectionChecks.apply(this, thetaSmall, theta0, out);
    if (!fast) {
      reference(thetaSmall, theta0, out);
      return;
    }
    int n = bigL;
    float[] v = work;
    // y = H_m·B·[x; 0] in table[m, 2m), y + 0 in table[0, m).
    KERNEL.signPad(thetaSmall, d, signs, work2, 0, m);
    KERNEL.stages(work2, 0, m, 1, m);
    System.arraycopy(work2, 0, table, m, m);
    KERNEL.add(work2, 0, zeros, 0, table, 0, m);
    int chunk = Math.min(n, CHUNK);
    int blk = Math.min(chunk, BLOCK);
    CpuPool.forChunks(
        n / chunk,
        c -> {
          int cs = c * chunk;
          for (int b = cs; b < cs + chunk; b += blk) {
            KERNEL.gatherScale(table, tableIdx, gc, v, b, b + blk);
            KERNEL.stages(v, b, blk, 1, blk);
          }
          KERNEL.stages(v, cs, chunk, blk, chunk);
        });
    if (!largeStages(
        v, chunk, (h, r, t0, t1) -> KERNEL.columnsAdd(v, h, r, t0, t1, theta0, out, bigD))) {
      CpuPool.forRange(
          bigD,
          GRAIN,
          (a, b) -> {
            if (theta0 == null) {
              System.arraycopy(v, a, out, a, b - a);
            } else {
              KERNEL.add(theta0, a, v, a, out, a, b - a);
            }
          });
    }
  }

  @Override
  public synchronized void applyTranspose(float[] gD, float[] outSmall) {
    ProjectionChecks.transpose(this, gD, outSmall);
    if (!fast) {
      referenceTranspose(gD, outSmall);
      return;
    }
    int n = bigL;
    float[] u = work;
    float[] v = work3;
    int chunk = Math.min(n, CHUNK);
    int blk = Math.min(chunk, BLOCK);
    CpuPool.forChunks(
        n / chunk,
        c -> {
          int cs = c * chunk;
          if (cs >= bigD) {
            Arrays.fill(u, cs, cs + chunk, 0f);
            return;
          }
          for (int b = cs; b < cs + chunk; b += blk) {
            KERNEL.signPad(gD, bigD, null, u, b, b + blk);
            if (b < bigD) {
              KERNEL.stages(u, b, blk, 1, blk);
            }
          }
          KERNEL.stages(u, cs, chunk, blk, chunk);
        });
    largeStages(u, chunk, (h, r, t0, t1) -> KERNEL.columns(u, 0, h, r, t0, t1));
    int windows = n / window;
    int groups = Math.min(windows, MAX_GROUPS);
    int perGroup = windows / groups;
    int blocksPerWindow = window / m;
    int blocksPerGroup = perGroup * blocksPerWindow;
    CpuPool.forChunks(
        groups,
        gi -> {
          for (int wi = gi * perGroup; wi < (gi + 1) * perGroup; wi++) {
            int ws = wi * window;
            KERNEL.gatherScale(u, inversePerm, gcInverse, v, ws, ws + window);
            for (int bi = wi * blocksPerWindow; bi < (wi + 1) * blocksPerWindow; bi++) {
              KERNEL.stages(v, bi * m, m, 1, m);
              treeAdd(v, bi - gi * blocksPerGroup, bi, 1);
            }
          }
        });
    for (int gi = 0; gi < groups; gi++) {
      treeAdd(v, gi, gi, blocksPerGroup);
    }
    KERNEL.signPad(v, d, signs, outSmall, 0, d);
  }

  /**
   * After unit {@code at} (of {@code span} blocks of m floats; {@code local} its index within its
   * aligned subtree) is complete: the stages {@code h ≥ m} of the "+" halves that it completes,
   * {@code v[first] = v[first] + v[first + 2^l]} (lower block on the left), in place.
   */
  private void treeAdd(float[] v, int local, int at, int span) {
    for (int l = 0; ((local >>> l) & 1) != 0; l++) {
      int first = at - (1 << (l + 1)) + 1;
      int right = first + (1 << l);
      KERNEL.add(v, first * span * m, v, right * span * m, v, first * span * m, span * m);
    }
  }

  /** The last pass of {@link #largeStages}, over columns {@code [t0, t1)}. */
  private interface LastPass {
    void run(int h, int radixLog, int t0, int t1);
  }

  /**
   * The FWHT stages {@code h ≥ from} of the whole vector in radix-8/4/2 passes (the last one of at
   * most two stages), each pass's columns over the pool; the last pass through {@code last}.
   * Returns false (and does nothing) when there are no such stages.
   */
  private boolean largeStages(float[] x, int from, LastPass last) {
    int h = from;
    int stages = Integer.numberOfTrailingZeros(bigL / from);
    if (stages == 0) {
      return false;
    }
    while (stages > 0) {
      int radixLog = stages >= 5 ? 3 : Math.min(stages, 2);
      int stageH = h;
      boolean isLast = radixLog == stages;
      CpuPool.forRange(
          bigL >> radixLog,
          CHUNK >> radixLog,
          (t0, t1) -> {
            if (isLast) {
              last.run(stageH, radixLog, t0, t1);
            } else {
              KERNEL.columns(x, 0, stageH, radixLog, t0, t1);
            }
          });
      h <<= radixLog;
      stages -= radixLog;
    }
    return true;
  }

  /** {@link #apply} by the definition (random gather, two full transforms); the same bits. */
  synchronized void applyReference(float[] thetaSmall, float[] theta0, float[] out) {
    ProjectionChecks.apply(this, thetaSmall, theta0, out);
    reference(thetaSmall, theta0, out);
  }

  /** {@link #applyTranspose} by the definition; the same bits. */
  synchronized void applyTransposeReference(float[] gD, float[] outSmall) {
    ProjectionChecks.transpose(this, gD, outSmall);
    referenceTranspose(gD, outSmall);
  }

  private void reference(float[] thetaSmall, float[] theta0, float[] out) {
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

  private void referenceTranspose(float[] gD, float[] outSmall) {
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
        + String.format("%.1f", ((fast ? 32.0 : 24.0) * bigL + bigL / 8.0) / (1 << 20))
        + " MiB]";
  }
}
