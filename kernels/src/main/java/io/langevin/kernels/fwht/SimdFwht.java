package io.langevin.kernels.fwht;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API FWHT (see {@link FwhtKernel}), bit-identical to the radix-2 spec {@link ScalarFwht}:
 *
 * <ol>
 *   <li><b>In-register stages</b> {@code h < lanes} (h = 1, 2, 4, 8 at 16 lanes): {@code w =
 *       v.rearrange(i ↦ i^h)}, then {@code v = v·sign_h + w} by FMA with {@code sign_h = ±1} (−1
 *       where lane bit h is set). The product by ±1 is exact, so the FMA rounds once, exactly like
 *       {@code a + b} or {@code a − b}.
 *   <li><b>Cross-vector stages</b> {@code h ≥ lanes} as radix-8/4/2 passes: 8 (or 4, 2) vectors at
 *       stride h are loaded, three (two, one) consecutive stages are applied in registers in the
 *       spec's order, and stored back; fewer passes over memory, the same roundings.
 *   <li><b>Cache blocking</b> on two levels: every stage {@code h < 4096} is done block by block on
 *       4096-float (16 KB, L1-resident) blocks, every stage {@code h < 2^16} chunk by chunk on
 *       2^16-float (256 KB, L2-resident) chunks, then the stages {@code h ≥ 2^16} over the whole
 *       vector. Stages act on disjoint index pairs, so the order of independent butterflies does
 *       not change any value.
 * </ol>
 *
 * <p>Threads: a single transform of at least 2^17 floats runs its L2 chunks, then each whole-vector
 * pass, over {@link CpuPool} (a barrier between passes); {@link #transformRows} spreads rows over
 * the pool. Each output is the same butterfly on the same inputs whatever the split, so results are
 * identical on 1 or N threads. Lengths below the vector width use the spec loop. Work: {@code
 * n·log2 n} adds; memory: 8n bytes per L2-resident pass. Tested by {@code SimdFwhtTest}.
 */
public final class SimdFwht implements FwhtKernel {

  private static final VectorSpecies<Float> S = Species.F;
  private static final int L = S.length();

  /** Floats per L1 block (16 KB): all stages below this are done block by block. */
  static final int BLOCK = 4096;

  /** Floats per L2 chunk (256 KB): all stages below this are done chunk by chunk. */
  static final int CHUNK = 1 << 16;

  /** Smallest single transform split over the pool (two L2 chunks). */
  private static final int PARALLEL_MIN = 2 * CHUNK;

  private static final VectorShuffle<Float> SWAP1 = swap(1);
  private static final VectorShuffle<Float> SWAP2 = swap(2);
  private static final VectorShuffle<Float> SWAP4 = swap(4);
  private static final VectorShuffle<Float> SWAP8 = swap(8);
  private static final FloatVector SIGN1 = sign(1);
  private static final FloatVector SIGN2 = sign(2);
  private static final FloatVector SIGN4 = sign(4);
  private static final FloatVector SIGN8 = sign(8);

  /**
   * Swaps and signs for h = 16, 32, … below the lane count (only on vectors wider than 512 bits).
   */
  private static final int WIDE_STAGES = Math.max(0, Integer.numberOfTrailingZeros(L) - 4);

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final VectorShuffle<Float>[] WIDE_SWAP = new VectorShuffle[WIDE_STAGES];

  private static final FloatVector[] WIDE_SIGN = new FloatVector[WIDE_STAGES];

  static {
    for (int s = 0; s < WIDE_STAGES; s++) {
      WIDE_SWAP[s] = swap(16 << s);
      WIDE_SIGN[s] = sign(16 << s);
    }
  }

  private static VectorShuffle<Float> swap(int h) {
    return h < L ? VectorShuffle.fromOp(S, i -> i ^ h) : null;
  }

  private static FloatVector sign(int h) {
    if (h >= L) {
      return null;
    }
    float[] s = new float[L];
    for (int i = 0; i < L; i++) {
      s[i] = (i & h) == 0 ? 1f : -1f;
    }
    return FloatVector.fromArray(S, s, 0);
  }

  @Override
  public void transform(float[] x, int off, int n) {
    ScalarFwht.check("transform", x, off, n, 1);
    if (n >= PARALLEL_MIN && !CpuPool.isSerial()) {
      large(x, off, n, true);
    } else {
      serial(x, off, n);
    }
  }

  @Override
  public void transformRows(float[] x, int off, int n, int rows) {
    ScalarFwht.check("transformRows", x, off, n, rows);
    if (rows == 1) {
      transform(x, off, n);
      return;
    }
    int grain = Math.max(1, CHUNK / n);
    if (rows <= grain) {
      for (int r = 0; r < rows; r++) {
        serial(x, off + r * n, n);
      }
    } else {
      CpuPool.forRange(
          rows,
          grain,
          (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
              serial(x, off + r * n, n);
            }
          });
    }
  }

  /** One transform on the calling thread. */
  private static void serial(float[] x, int off, int n) {
    if (n < L) {
      ScalarFwht.radix2(x, off, n);
    } else if (n <= BLOCK) {
      block(x, off, n);
    } else {
      large(x, off, n, false);
    }
  }

  /**
   * {@code n > BLOCK}: each L2 chunk of {@code min(n, CHUNK)} floats gets its L1 blocks and then
   * its stages {@code BLOCK <= h < CHUNK}; then the stages {@code h >= CHUNK} run over the whole
   * vector.
   */
  private static void large(float[] x, int off, int n, boolean parallel) {
    int chunk = Math.min(n, CHUNK);
    int chunks = n / chunk;
    if (parallel && chunks > 1) {
      CpuPool.forChunks(chunks, c -> chunk(x, off + c * chunk, chunk));
    } else {
      for (int c = 0; c < chunks; c++) {
        chunk(x, off + c * chunk, chunk);
      }
    }
    int h = chunk;
    int stages = Integer.numberOfTrailingZeros(n / chunk);
    while (stages > 0) {
      int radixLog = radixLog(stages);
      int columns = n >> radixLog;
      if (parallel) {
        int stageH = h;
        CpuPool.forRange(
            columns, CHUNK >> radixLog, (t0, t1) -> pass(x, off, stageH, radixLog, t0, t1));
      } else {
        pass(x, off, h, radixLog, 0, columns);
      }
      h <<= radixLog;
      stages -= radixLog;
    }
  }

  /** All stages {@code h < m} of an L2-resident vector of length {@code BLOCK <= m <= CHUNK}. */
  private static void chunk(float[] x, int o, int m) {
    for (int b = o; b < o + m; b += BLOCK) {
      block(x, b, BLOCK);
    }
    int h = BLOCK;
    int stages = Integer.numberOfTrailingZeros(m / BLOCK);
    while (stages > 0) {
      int radixLog = radixLog(stages);
      pass(x, o, h, radixLog, 0, m >> radixLog);
      h <<= radixLog;
      stages -= radixLog;
    }
  }

  /** All stages of an L1-resident vector of length {@code L <= m <= BLOCK}. */
  private static void block(float[] x, int o, int m) {
    for (int j = o; j < o + m; j += L) {
      inRegister(FloatVector.fromArray(S, x, j)).intoArray(x, j);
    }
    int h = L;
    int stages = Integer.numberOfTrailingZeros(m / L);
    while (stages > 0) {
      int radixLog = radixLog(stages);
      int span = h << radixLog;
      for (int base = o; base < o + m; base += span) {
        switch (radixLog) {
          case 3 -> radix8(x, base, base + h, h);
          case 2 -> radix4(x, base, base + h, h);
          default -> radix2(x, base, base + h, h);
        }
      }
      h = span;
      stages -= radixLog;
    }
  }

  /** Radix 8 while three or more stages remain (but 4 = 2 + 2), then radix 4, then radix 2. */
  private static int radixLog(int stages) {
    if (stages >= 3 && stages != 4) {
      return 3;
    }
    return Math.min(stages, 2);
  }

  /**
   * The FWHT stages h = 1 … L/2 inside one vector of {@code Species.F} (L lanes), unnormalised, as
   * {@code ScalarFwht} orders them. Shared with the projection module's fused Fastfood passes.
   */
  public static FloatVector inRegister(FloatVector v) {
    v = v.fma(SIGN1, v.rearrange(SWAP1));
    v = v.fma(SIGN2, v.rearrange(SWAP2));
    if (L >= 8) {
      v = v.fma(SIGN4, v.rearrange(SWAP4));
    }
    if (L >= 16) {
      v = v.fma(SIGN8, v.rearrange(SWAP8));
    }
    for (int s = 0; s < WIDE_STAGES; s++) {
      v = v.fma(WIDE_SIGN[s], v.rearrange(WIDE_SWAP[s]));
    }
    return v;
  }

  /**
   * One pass of {@code radixLog} consecutive stages starting at {@code h} (a multiple of L), over
   * the butterfly columns {@code [t0, t1)} (multiples of L) of the vector at {@code off}: column
   * {@code t} is group {@code t / h}, position {@code t % h}, and touches indices {@code g·r·h + k
   * + i·h}, {@code i < r = 2^radixLog}.
   */
  private static void pass(float[] x, int off, int h, int radixLog, int t0, int t1) {
    int t = t0;
    while (t < t1) {
      int g = t / h;
      int end = Math.min(t1, (g + 1) * h);
      int base = off + (g << radixLog) * h + (t - g * h);
      butterflies(radixLog, x, base, base + (end - t), h);
      t = end;
    }
  }

  /**
   * One radix-2^radixLog butterfly pass (radixLog 1, 2 or 3: that many FWHT stages of strides h,
   * 2h, 4h at once) on the vector columns starting at {@code from, from + L, …, to − L}: column j
   * combines {@code x[j + i·h]}, {@code i < 2^radixLog}, unnormalised, in the same operation order
   * as the stage-by-stage definition ({@code ScalarFwht}). {@code to − from} must be a multiple
   * of the float species length and {@code h ≥} it. Shared with the projection module's fused
   * Fastfood passes.
   */
  public static void butterflies(int radixLog, float[] x, int from, int to, int h) {
    switch (radixLog) {
      case 3 -> radix8(x, from, to, h);
      case 2 -> radix4(x, from, to, h);
      default -> radix2(x, from, to, h);
    }
  }

  private static void radix2(float[] x, int from, int to, int h) {
    for (int j = from; j < to; j += L) {
      FloatVector a = FloatVector.fromArray(S, x, j);
      FloatVector b = FloatVector.fromArray(S, x, j + h);
      a.add(b).intoArray(x, j);
      a.sub(b).intoArray(x, j + h);
    }
  }

  private static void radix4(float[] x, int from, int to, int h) {
    for (int j = from; j < to; j += L) {
      FloatVector x0 = FloatVector.fromArray(S, x, j);
      FloatVector x1 = FloatVector.fromArray(S, x, j + h);
      FloatVector x2 = FloatVector.fromArray(S, x, j + 2 * h);
      FloatVector x3 = FloatVector.fromArray(S, x, j + 3 * h);
      FloatVector s01 = x0.add(x1);
      FloatVector d01 = x0.sub(x1);
      FloatVector s23 = x2.add(x3);
      FloatVector d23 = x2.sub(x3);
      s01.add(s23).intoArray(x, j);
      d01.add(d23).intoArray(x, j + h);
      s01.sub(s23).intoArray(x, j + 2 * h);
      d01.sub(d23).intoArray(x, j + 3 * h);
    }
  }

  private static void radix8(float[] x, int from, int to, int h) {
    for (int j = from; j < to; j += L) {
      FloatVector x0 = FloatVector.fromArray(S, x, j);
      FloatVector x1 = FloatVector.fromArray(S, x, j + h);
      FloatVector x2 = FloatVector.fromArray(S, x, j + 2 * h);
      FloatVector x3 = FloatVector.fromArray(S, x, j + 3 * h);
      FloatVector x4 = FloatVector.fromArray(S, x, j + 4 * h);
      FloatVector x5 = FloatVector.fromArray(S, x, j + 5 * h);
      FloatVector x6 = FloatVector.fromArray(S, x, j + 6 * h);
      FloatVector x7 = FloatVector.fromArray(S, x, j + 7 * h);
      // stage h: pairs (0,1) (2,3) (4,5) (6,7)
      FloatVector a0 = x0.add(x1);
      FloatVector a1 = x0.sub(x1);
      FloatVector a2 = x2.add(x3);
      FloatVector a3 = x2.sub(x3);
      FloatVector a4 = x4.add(x5);
      FloatVector a5 = x4.sub(x5);
      FloatVector a6 = x6.add(x7);
      FloatVector a7 = x6.sub(x7);
      // stage 2h: pairs (0,2) (1,3) (4,6) (5,7)
      FloatVector b0 = a0.add(a2);
      FloatVector b2 = a0.sub(a2);
      FloatVector b1 = a1.add(a3);
      FloatVector b3 = a1.sub(a3);
      FloatVector b4 = a4.add(a6);
      FloatVector b6 = a4.sub(a6);
      FloatVector b5 = a5.add(a7);
      FloatVector b7 = a5.sub(a7);
      // stage 4h: pairs (0,4) (1,5) (2,6) (3,7)
      b0.add(b4).intoArray(x, j);
      b1.add(b5).intoArray(x, j + h);
      b2.add(b6).intoArray(x, j + 2 * h);
      b3.add(b7).intoArray(x, j + 3 * h);
      b0.sub(b4).intoArray(x, j + 4 * h);
      b1.sub(b5).intoArray(x, j + 5 * h);
      b2.sub(b6).intoArray(x, j + 6 * h);
      b3.sub(b7).intoArray(x, j + 7 * h);
    }
  }
}
