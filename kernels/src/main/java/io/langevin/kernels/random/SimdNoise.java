package io.langevin.kernels.random;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.COS;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.SIN;
import static jdk.incubator.vector.VectorOperators.XOR;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link NoiseKernel}. Bits, uniforms and Gaussians must match {@link
 * ScalarNoise} bit for bit ({@code SimdNoiseTest}: ragged lengths, offsets and start indices,
 * 128-bit and preferred-width species, the unchecked entry points too); {@link #gaussianFast} uses
 * the JDK's vector LOG/SIN/COS and is only tested for its distribution.
 *
 * <p>A "group" is {@code BLOCKS = Species.L.length()} consecutive Philox blocks, i.e. {@code GROUP
 * = 4·BLOCKS} elements = two float vectors (32 elements at 512 bits). A range is done in chunks of
 * at most {@code CHUNK_GROUPS} groups (512 elements), each in two passes over an int buffer that
 * stays in L1:
 *
 * <ol>
 *   <li>{@link #philox}: Philox4x32-10 with one block per 64-bit lane, the words of each group
 *       packed into two int vectors {@code wa = (x0, x2)} and {@code wb = (x1, x3)} per block;
 *   <li>a stage per output kind. Gaussians ({@link #gaussianStage}): lane 2j of {@code wa, wb}
 *       holds the Box–Muller pair (x0, x1) of block j, lane 2j+1 the pair (x2, x3); the log and
 *       sincos of {@link GaussianMath} run on full {@code FloatVector}s with the same operations in
 *       the same order (vector {@code fma}, {@code div}, {@code sqrt} are the correctly rounded
 *       IEEE operations), and a two-vector {@code selectFrom} zips cosines and sines back into
 *       element order. Bits and uniforms zip {@code wa, wb} the same way.
 * </ol>
 *
 * Both passes are software-pipelined three groups deep (the stages of three consecutive groups in
 * one loop iteration): one group's Philox rounds or Box–Muller is a dependency chain of 100+ cycles
 * (multiply, divide and square-root latencies) that an out-of-order core cannot overlap with the
 * next group's on its own, while three independent chains keep the two 512-bit ports busy. Writing
 * several groups side by side in one iteration does not work: C2 schedules them one after the
 * other again. Measured gain, 1 thread, 512 bits: Philox 0.92 → 0.60 ns per word, Box–Muller 1.10
 * → 0.70 ns per Gaussian (pass alone, JIT-warm, min over interleaved batches).
 *
 * <p>Ranges shorter than {@code PIPE} groups, and a head that does not start on a block boundary,
 * are computed as {@code PIPE} whole groups into scratch and copied, and a ragged tail likewise, so
 * every element, also of {@link #gaussianFast}, comes from the vector path and its own words only:
 * any split of a range gives the same bits.
 *
 * <p>Calls with {@code n ≥ 2·GRAIN} are split over {@link CpuPool} in chunks whose boundaries are
 * multiples of {@code GRAIN} element indices (a multiple of {@code GROUP}); as each value is a pure
 * function of its index, the result does not depend on the thread count. The {@code *Unchecked}
 * methods skip the argument checks and never use the pool (for fused loops that call them per
 * block). Writes 4 bytes per element, reads nothing. Measured (rough, shared 2-vCPU AVX-512
 * machine, one thread, thread CPU time, n = 1024 and 4096): 0.8–0.95 ns per Philox word or uniform
 * (1.0–1.15 before the pipelining), 1.35–1.5 ns per reproducible Gaussian (1.95–2.0 before);
 * before it, 2.6–3.3 ns per {@code gaussianFast} Gaussian (the scalar spec: 7 ns per word, 18 ns
 * per Gaussian).
 *
 * <p>Cold start: until C2 has compiled {@link #philox} and the stages, the Vector API runs in the
 * interpreter and C1 with every vector boxed; the first 10^7 Gaussians of a fresh JVM take seconds,
 * against ~15 ms once compiled. Warm up (or accept it) before timing anything.
 */
public final class SimdNoise implements NoiseKernel {
  private static final VectorSpecies<Long> L = Species.L;
  private static final VectorSpecies<Integer> I = Species.I;
  private static final VectorSpecies<Float> F = Species.F;

  /** Philox blocks per group: one per long lane. */
  static final int BLOCKS = L.length();

  /** Elements per group: two float vectors. */
  static final int GROUP = 4 * BLOCKS;

  /** Elements per parallel chunk (a multiple of {@link #GROUP}). */
  static final int GRAIN = 1 << 14;

  /** Pipeline depth: {@link #philox} and {@link #gaussianStage} take at least this many groups. */
  static final int PIPE = 3;

  /** Groups per pass: 512 elements, whose words (2 KiB) stay in L1. */
  static final int CHUNK_GROUPS = Math.max(2 * PIPE, 512 / GROUP);

  private static final int BITS = 0;
  private static final int UNIFORM = 1;
  private static final int GAUSSIAN = 2;
  private static final int FAST = 3;

  private static final long MASK = 0xFFFFFFFFL;
  private static final long HIGH = 0xFFFFFFFF00000000L;
  private static final long M0 = Philox.M0 & MASK;
  private static final long M1 = Philox.M1 & MASK;

  // Weyl key increments, pre-shifted into the high half.
  private static final long W0H = (Philox.W0 & MASK) << 32;
  private static final long W1H = (Philox.W1 & MASK) << 32;

  /**
   * Added to the bits of {@code (float) ((w >>> 8) + 1)} gives the bits of {@code u1 = that·2^-24}
   * plus {@link GaussianMath#LOG_SHIFT}, minus the exponent bias: {@code ix >> 23} is then
   * GaussianMath's {@code k} and {@code ix & 0x7fffff} its mantissa field (exact: the scaling by
   * 2^-24 only moves the exponent, u1 ≥ 2^-24 is normal).
   */
  private static final int IX_SHIFT = GaussianMath.LOG_SHIFT - 0x3f800000 - (24 << 23);

  private static final int SIGN = 0x80000000;

  /** Calls made with small chunks, until C2 has compiled the vector methods (see serial). */
  private static final int WARM_CALLS = 20_000;

  /** Counts chunks up to WARM_CALLS; racy on purpose (only a heuristic, never a result). */
  private static int warmCalls;

  private static final long[] IOTA = iota();

  /** Packs the high halves of two long vectors, interleaved: lane 2j ← a[j], lane 2j+1 ← b[j]. */
  private static final int[] PACK = pack();

  // Two-vector selectFrom indices interleaving lanes: ZIP_LO the first halves, ZIP_HI the second.
  private static final int[] ZIP_LO = zip(0);
  private static final int[] ZIP_HI = zip(1);

  @Override
  public void bits(long seed, long step, int stream, long firstIndex, int[] out, int off, int n) {
    ScalarNoise.check(step, firstIndex, out == null ? -1 : out.length, off, n);
    run(BITS, seed, step, stream, firstIndex, out, null, off, n);
  }

  @Override
  public void uniform(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    ScalarNoise.check(step, firstIndex, out == null ? -1 : out.length, off, n);
    run(UNIFORM, seed, step, stream, firstIndex, null, out, off, n);
  }

  @Override
  public void gaussian(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    ScalarNoise.check(step, firstIndex, out == null ? -1 : out.length, off, n);
    run(GAUSSIAN, seed, step, stream, firstIndex, null, out, off, n);
  }

  @Override
  public void gaussianFast(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    ScalarNoise.check(step, firstIndex, out == null ? -1 : out.length, off, n);
    run(FAST, seed, step, stream, firstIndex, null, out, off, n);
  }

  @Override
  public void bitsUnchecked(
      long seed, long step, int stream, long firstIndex, int[] out, int off, int n) {
    serial(BITS, seed, step, stream, firstIndex, out, null, off, n);
  }

  @Override
  public void uniformUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    serial(UNIFORM, seed, step, stream, firstIndex, null, out, off, n);
  }

  @Override
  public void gaussianUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    serial(GAUSSIAN, seed, step, stream, firstIndex, null, out, off, n);
  }

  /** Splits the range over the pool at index multiples of GRAIN, or runs it here. */
  private static void run(
      int mode,
      long seed,
      long step,
      int stream,
      long first,
      int[] iout,
      float[] fout,
      int off,
      int n) {
    if (n < 2 * GRAIN || CpuPool.isSerial()) {
      serial(mode, seed, step, stream, first, iout, fout, off, n);
      return;
    }
    long base = first / GRAIN;
    int chunks = (int) ((first + n - 1) / GRAIN - base + 1);
    CpuPool.forChunks(
        chunks,
        c -> {
          // Offsets relative to first: exact even where (base + c + 1)·GRAIN overflows.
          int from = (int) Math.max(0, (base + c) * GRAIN - first);
          int to = (int) Math.min(n, (base + c + 1) * GRAIN - first);
          serial(mode, seed, step, stream, first + from, iout, fout, off + from, to - from);
        });
  }

  /**
   * Elements {@code first .. first+n-1} into {@code out[off ..]} on this thread: an unaligned head
   * (or a short range) and a ragged tail through {@link #viaScratch}, the whole groups between in
   * chunks of at least {@code PIPE} groups.
   */
  private static void serial(
      int mode,
      long seed,
      long step,
      int stream,
      long first,
      int[] iout,
      float[] fout,
      int off,
      int n) {
    if (n <= 0) {
      return;
    }
    long b = first >>> 2;
    int skip = (int) (first & 3);
    int done = 0;
    if (skip != 0 || n < PIPE * GROUP) {
      done = Math.min(n, PIPE * GROUP - skip);
      viaScratch(mode, seed, step, stream, b, skip, done, iout, fout, off);
      b += PIPE * BLOCKS;
    }
    int groups = (n - done) / GROUP;
    if (groups >= PIPE) {
      int[] words = new int[Math.min(groups, CHUNK_GROUPS + PIPE - 1) * GROUP];
      while (groups > 0) {
        // While the vector methods are cold, small chunks: C1 and C2 compile after a number of
        // calls, and every group run before that is interpreted (boxed), so small calls reach
        // compiled code after the least work. The values do not depend on the chunking.
        int g = Math.min(groups, CHUNK_GROUPS);
        if (warmCalls < WARM_CALLS) {
          warmCalls++;
          g = Math.min(groups, PIPE);
        }
        if (groups - g < PIPE) {
          g = groups; // never leave fewer than PIPE groups for the next chunk
        }
        philox(seed, step, stream, b, g, words);
        stage(mode, words, g, iout, fout, off + done);
        groups -= g;
        b += (long) g * BLOCKS;
        done += g * GROUP;
      }
    }
    if (done < n) {
      viaScratch(mode, seed, step, stream, b, 0, n - done, iout, fout, off + done);
    }
  }

  /**
   * Computes the {@code PIPE} groups from block {@code b} into scratch and copies their elements
   * {@code skip .. skip+len-1} to {@code out[dst ..]}.
   */
  private static void viaScratch(
      int mode,
      long seed,
      long step,
      int stream,
      long b,
      int skip,
      int len,
      int[] iout,
      float[] fout,
      int dst) {
    int[] words = new int[PIPE * GROUP];
    philox(seed, step, stream, b, PIPE, words);
    if (mode == BITS) {
      int[] scratch = new int[PIPE * GROUP];
      stage(mode, words, PIPE, scratch, null, 0);
      System.arraycopy(scratch, skip, iout, dst, len);
    } else {
      float[] scratch = new float[PIPE * GROUP];
      stage(mode, words, PIPE, null, scratch, 0);
      System.arraycopy(scratch, skip, fout, dst, len);
    }
  }

  private static void stage(int mode, int[] words, int groups, int[] iout, float[] fout, int p) {
    switch (mode) {
      case BITS -> bitsStage(words, groups, iout, p);
      case UNIFORM -> uniformStage(words, groups, fout, p);
      case GAUSSIAN -> gaussianStage(words, groups, fout, p);
      default -> fastStage(words, groups, fout, p);
    }
  }

  /**
   * Philox4x32-10 on {@code groups ≥ PIPE} groups of {@code BLOCKS} consecutive blocks from block
   * {@code b}. Group g's words go to {@code words[g·GROUP ..]} as {@code wa} (lanes 2j, 2j+1 = x0,
   * x2 of block j) followed by {@code wb} (x1, x3).
   *
   * <p>Every word lives in the HIGH half of its 64-bit lane (the low half is garbage), so each
   * multiply reads its operand as {@code X >>> 32}, which C2 compiles to one 32×32→64-bit {@code
   * vpmuludq}, and the round's outputs are {@code p1 ^ x1 ^ k0}, {@code p1 << 32}, {@code p0 ^ x3 ^
   * k1}, {@code p0 << 32}. Round r's key {@code (k + r·W) mod 2^32} is reduced for free by living
   * in the high half. (Keeping the words in the low halves instead needs an {@code and} before
   * every multiply, as C2 only emits {@code vpmuludq} for masked or shifted operands: the same
   * count, measured slower.)
   *
   * <p>Software pipeline: iteration g runs rounds 7..9 of group g−2 (and stores it), rounds 4..6 of
   * group g−1 and rounds 0..3 of group g, three independent chains. The rounds are written out,
   * with no helper methods: in a round loop C2 splits the shifts through the loop phis and falls
   * back to the slow 64-bit {@code vpmullq}; and small non-forced-inline helpers hit C2's inlining
   * node budget (the Vector API's parse-time graph is large), after which every vector op is boxed.
   */
  private static void philox(long seed, long step, int stream, long b, int groups, int[] words) {
    long k0 = seed << 32;
    long k1 = seed & HIGH;
    LongVector m0 = LongVector.broadcast(L, M0).and(MASK);
    LongVector m1 = LongVector.broadcast(L, M1).and(MASK);
    LongVector c2 = LongVector.broadcast(L, step << 32);
    LongVector c3 = LongVector.broadcast(L, ((long) stream) << 32);
    LongVector iota = LongVector.fromArray(L, IOTA, 0);
    IntVector pack = IntVector.fromArray(I, PACK, 0);
    LongVector p0;
    LongVector p1;
    // Prologue: group 0 to round 7, group 1 to round 4.
    LongVector a1 = iota.add(b + (long) (0) * BLOCKS);
    LongVector a0 = a1.lanewise(LSHL, 32);
    LongVector a2 = c2;
    LongVector a3 = c3;
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 0 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 0 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 1 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 1 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 2 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 2 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 3 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 3 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 4 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 4 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 5 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 5 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 6 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 6 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    LongVector b0 = a0;
    LongVector b1 = a1;
    LongVector b2 = a2;
    LongVector b3 = a3;
    a1 = iota.add(b + (long) (1) * BLOCKS);
    a0 = a1.lanewise(LSHL, 32);
    a2 = c2;
    a3 = c3;
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 0 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 0 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 1 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 1 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 2 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 2 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 3 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 3 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    for (int g = 2; g < groups; g++) {
      // Group g - 2: rounds 7..9, then its words are packed and stored.
      p0 = b0.lanewise(LSHR, 32).mul(m0);
      p1 = b2.lanewise(LSHR, 32).mul(m1);
      b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 7 * W0H);
      b1 = p1.lanewise(LSHL, 32);
      b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 7 * W1H);
      b3 = p0.lanewise(LSHL, 32);
      p0 = b0.lanewise(LSHR, 32).mul(m0);
      p1 = b2.lanewise(LSHR, 32).mul(m1);
      b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 8 * W0H);
      b1 = p1.lanewise(LSHL, 32);
      b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 8 * W1H);
      b3 = p0.lanewise(LSHL, 32);
      p0 = b0.lanewise(LSHR, 32).mul(m0);
      p1 = b2.lanewise(LSHR, 32).mul(m1);
      b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 9 * W0H);
      b1 = p1.lanewise(LSHL, 32);
      b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 9 * W1H);
      b3 = p0.lanewise(LSHL, 32);
      pack.selectFrom(b0.reinterpretAsInts(), b2.reinterpretAsInts())
          .intoArray(words, (g - 2) * GROUP);
      pack.selectFrom(b1.reinterpretAsInts(), b3.reinterpretAsInts())
          .intoArray(words, (g - 2) * GROUP + I.length());
      // Group g - 1: rounds 4..6.
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 4 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 4 * W1H);
      a3 = p0.lanewise(LSHL, 32);
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 5 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 5 * W1H);
      a3 = p0.lanewise(LSHL, 32);
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 6 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 6 * W1H);
      a3 = p0.lanewise(LSHL, 32);
      b0 = a0;
      b1 = a1;
      b2 = a2;
      b3 = a3;
      // Group g: rounds 0..3.
      a1 = iota.add(b + (long) (g) * BLOCKS);
      a0 = a1.lanewise(LSHL, 32);
      a2 = c2;
      a3 = c3;
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 0 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 0 * W1H);
      a3 = p0.lanewise(LSHL, 32);
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 1 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 1 * W1H);
      a3 = p0.lanewise(LSHL, 32);
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 2 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 2 * W1H);
      a3 = p0.lanewise(LSHL, 32);
      p0 = a0.lanewise(LSHR, 32).mul(m0);
      p1 = a2.lanewise(LSHR, 32).mul(m1);
      a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 3 * W0H);
      a1 = p1.lanewise(LSHL, 32);
      a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 3 * W1H);
      a3 = p0.lanewise(LSHL, 32);
    }
    // Epilogue: finish groups n - 2 and n - 1.
    p0 = b0.lanewise(LSHR, 32).mul(m0);
    p1 = b2.lanewise(LSHR, 32).mul(m1);
    b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 7 * W0H);
    b1 = p1.lanewise(LSHL, 32);
    b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 7 * W1H);
    b3 = p0.lanewise(LSHL, 32);
    p0 = b0.lanewise(LSHR, 32).mul(m0);
    p1 = b2.lanewise(LSHR, 32).mul(m1);
    b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 8 * W0H);
    b1 = p1.lanewise(LSHL, 32);
    b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 8 * W1H);
    b3 = p0.lanewise(LSHL, 32);
    p0 = b0.lanewise(LSHR, 32).mul(m0);
    p1 = b2.lanewise(LSHR, 32).mul(m1);
    b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 9 * W0H);
    b1 = p1.lanewise(LSHL, 32);
    b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 9 * W1H);
    b3 = p0.lanewise(LSHL, 32);
    pack.selectFrom(b0.reinterpretAsInts(), b2.reinterpretAsInts())
        .intoArray(words, (groups - 2) * GROUP);
    pack.selectFrom(b1.reinterpretAsInts(), b3.reinterpretAsInts())
        .intoArray(words, (groups - 2) * GROUP + I.length());
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 4 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 4 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 5 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 5 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    p0 = a0.lanewise(LSHR, 32).mul(m0);
    p1 = a2.lanewise(LSHR, 32).mul(m1);
    a0 = p1.lanewise(XOR, a1).lanewise(XOR, k0 + 6 * W0H);
    a1 = p1.lanewise(LSHL, 32);
    a2 = p0.lanewise(XOR, a3).lanewise(XOR, k1 + 6 * W1H);
    a3 = p0.lanewise(LSHL, 32);
    b0 = a0;
    b1 = a1;
    b2 = a2;
    b3 = a3;
    p0 = b0.lanewise(LSHR, 32).mul(m0);
    p1 = b2.lanewise(LSHR, 32).mul(m1);
    b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 7 * W0H);
    b1 = p1.lanewise(LSHL, 32);
    b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 7 * W1H);
    b3 = p0.lanewise(LSHL, 32);
    p0 = b0.lanewise(LSHR, 32).mul(m0);
    p1 = b2.lanewise(LSHR, 32).mul(m1);
    b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 8 * W0H);
    b1 = p1.lanewise(LSHL, 32);
    b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 8 * W1H);
    b3 = p0.lanewise(LSHL, 32);
    p0 = b0.lanewise(LSHR, 32).mul(m0);
    p1 = b2.lanewise(LSHR, 32).mul(m1);
    b0 = p1.lanewise(XOR, b1).lanewise(XOR, k0 + 9 * W0H);
    b1 = p1.lanewise(LSHL, 32);
    b2 = p0.lanewise(XOR, b3).lanewise(XOR, k1 + 9 * W1H);
    b3 = p0.lanewise(LSHL, 32);
    pack.selectFrom(b0.reinterpretAsInts(), b2.reinterpretAsInts())
        .intoArray(words, (groups - 1) * GROUP);
    pack.selectFrom(b1.reinterpretAsInts(), b3.reinterpretAsInts())
        .intoArray(words, (groups - 1) * GROUP + I.length());  }

  // The stages below repeat small steps inline instead of calling helper methods: a helper that
  // C2 declines to inline (its node budget runs out on Vector API code) boxes every vector.

  /** Raw words in element order: zip (wa, wb), lane by lane. */
  private static void bitsStage(int[] words, int groups, int[] out, int p) {
    IntVector zipLo = IntVector.fromArray(I, ZIP_LO, 0);
    IntVector zipHi = IntVector.fromArray(I, ZIP_HI, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      IntVector wa = IntVector.fromArray(I, words, w);
      IntVector wb = IntVector.fromArray(I, words, w + I.length());
      zipLo.selectFrom(wa, wb).intoArray(out, p);
      zipHi.selectFrom(wa, wb).intoArray(out, p + I.length());
    }
  }

  /** As {@link #bitsStage}, then {@link GaussianMath#openClosed} on every word. */
  private static void uniformStage(int[] words, int groups, float[] out, int p) {
    IntVector zipLo = IntVector.fromArray(I, ZIP_LO, 0);
    IntVector zipHi = IntVector.fromArray(I, ZIP_HI, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      IntVector wa = IntVector.fromArray(I, words, w);
      IntVector wb = IntVector.fromArray(I, words, w + I.length());
      IntVector lo = zipLo.selectFrom(wa, wb).lanewise(LSHR, 8).add(1);
      IntVector hi = zipHi.selectFrom(wa, wb).lanewise(LSHR, 8).add(1);
      ((FloatVector) lo.convert(I2F, 0)).mul(GaussianMath.TWO_M24).intoArray(out, p);
      ((FloatVector) hi.convert(I2F, 0)).mul(GaussianMath.TWO_M24).intoArray(out, p + F.length());
    }
  }

  /**
   * Box–Muller on {@code groups ≥ PIPE} groups with exactly {@link GaussianMath#boxMuller}'s
   * operations, in three pipelined stages: A (the log's reduction and division, all of the sincos),
   * B (the log polynomial and the log), C ({@code r = sqrt(−2·log)}, the products and the output),
   * each iteration running C on group g−2, B on g−1 and A on g. (This split carries the fewest
   * vectors from one iteration to the next, 8: each costs a register copy.)
   *
   * <p>Exact rewrites of {@link GaussianMath}'s steps, each giving the same bits: {@code u1}'s
   * exponent and mantissa are read off {@code (float) ((wa >>> 8) + 1)} ({@link #IX_SHIFT}); the
   * divisor {@code 2 + f} is computed as {@code m + 1} (the same real number, so the same rounding;
   * it no longer waits for {@code f}); {@code 4·u2 + 2^23} is one fma of the exact product; and
   * {@code q = rint(4·u2) ∈ [0, 4]} is read from the low bits of {@code 4·u2 + 2^23} instead of a
   * float → int conversion (which C2 follows with a NaN/overflow fix-up).
   */
  private static void gaussianStage(int[] words, int groups, float[] out, int p) {
    IntVector zipLo = IntVector.fromArray(I, ZIP_LO, 0);
    IntVector zipHi = IntVector.fromArray(I, ZIP_HI, 0);
    FloatVector quarter = FloatVector.broadcast(F, -0.25f);
    FloatVector twoM22 = FloatVector.broadcast(F, 0x1p-22f);
    FloatVector rint = FloatVector.broadcast(F, GaussianMath.RINT);
    FloatVector lg1 = FloatVector.broadcast(F, GaussianMath.LG1);
    FloatVector lg2 = FloatVector.broadcast(F, GaussianMath.LG2);
    FloatVector lg3 = FloatVector.broadcast(F, GaussianMath.LG3);
    FloatVector lg4 = FloatVector.broadcast(F, GaussianMath.LG4);
    FloatVector s1 = FloatVector.broadcast(F, GaussianMath.S1);
    FloatVector s3 = FloatVector.broadcast(F, GaussianMath.S3);
    FloatVector s5 = FloatVector.broadcast(F, GaussianMath.S5);
    FloatVector s7 = FloatVector.broadcast(F, GaussianMath.S7);
    FloatVector c2 = FloatVector.broadcast(F, GaussianMath.C2);
    FloatVector c4 = FloatVector.broadcast(F, GaussianMath.C4);
    FloatVector c6 = FloatVector.broadcast(F, GaussianMath.C6);
    FloatVector c8 = FloatVector.broadcast(F, GaussianMath.C8);
    FloatVector one = FloatVector.broadcast(F, 1f);
    // Prologue: group 0 through stages A and B, group 1 through stage A.
    FloatVector dkA;
    FloatVector fA;
    FloatVector sA;
    FloatVector cosA;
    FloatVector sinA;
    {
      IntVector wa = IntVector.fromArray(I, words, 0);
      IntVector wb = IntVector.fromArray(I, words, 0 + I.length());
      // log(u1), u1 = ((wa >>> 8) + 1)·2^-24: k and m read off the int → float conversion
      FloatVector a = (FloatVector) wa.lanewise(LSHR, 8).add(1).convert(I2F, 0);
      IntVector ix = a.reinterpretAsInts().add(IX_SHIFT);
      dkA = (FloatVector) ix.lanewise(ASHR, 23).convert(I2F, 0);
      FloatVector m = ix.and(0x007fffff).add(GaussianMath.SQRT_HALF_BITS).reinterpretAsFloats();
      fA = m.sub(1f);
      sA = fA.div(m.add(1f));
      // cos/sin(2π·u2), u2 = (wb >>> 8)·2^-24; the low bits of t = 4·u2 + 2^23 are rint(4·u2)
      FloatVector v = (FloatVector) wb.lanewise(LSHR, 8).convert(I2F, 0);
      FloatVector u = v.mul(GaussianMath.TWO_M24);
      FloatVector t = v.fma(twoM22, rint);
      IntVector qi = t.reinterpretAsInts();
      FloatVector y = t.sub(rint).fma(quarter, u);
      FloatVector z = y.mul(y);
      FloatVector sp = y.mul(z.fma(s7, s5).fma(z, s3).fma(z, s1));
      FloatVector cp = z.fma(c8, c6).fma(z, c4).fma(z, c2).fma(z, one);
      VectorMask<Float> swap = qi.and(1).compare(NE, 0).cast(F);
      IntVector cosSign = qi.add(1).lanewise(LSHL, 30).and(SIGN);
      IntVector sinSign = qi.lanewise(LSHL, 30).and(SIGN);
      cosA =
          cp.blend(sp, swap).reinterpretAsInts().lanewise(XOR, cosSign).reinterpretAsFloats();
      sinA =
          sp.blend(cp, swap).reinterpretAsInts().lanewise(XOR, sinSign).reinterpretAsFloats();
    }
    FloatVector logB;
    FloatVector cosB;
    FloatVector sinB;
    {
      FloatVector z = sA.mul(sA);
      FloatVector w = z.mul(z);
      FloatVector t1 = w.mul(w.fma(lg4, lg2));
      FloatVector t2 = z.mul(w.fma(lg3, lg1));
      FloatVector hfsq = fA.mul(0.5f).mul(fA);
      logB =
          sA.mul(hfsq.add(t2.add(t1)))
              .add(dkA.mul(GaussianMath.LN2_LO))
              .sub(hfsq)
              .add(fA)
              .add(dkA.mul(GaussianMath.LN2_HI));
      cosB = cosA;
      sinB = sinA;
    }
    {
      IntVector wa = IntVector.fromArray(I, words, GROUP);
      IntVector wb = IntVector.fromArray(I, words, GROUP + I.length());
      // log(u1), u1 = ((wa >>> 8) + 1)·2^-24: k and m read off the int → float conversion
      FloatVector a = (FloatVector) wa.lanewise(LSHR, 8).add(1).convert(I2F, 0);
      IntVector ix = a.reinterpretAsInts().add(IX_SHIFT);
      dkA = (FloatVector) ix.lanewise(ASHR, 23).convert(I2F, 0);
      FloatVector m = ix.and(0x007fffff).add(GaussianMath.SQRT_HALF_BITS).reinterpretAsFloats();
      fA = m.sub(1f);
      sA = fA.div(m.add(1f));
      // cos/sin(2π·u2), u2 = (wb >>> 8)·2^-24; the low bits of t = 4·u2 + 2^23 are rint(4·u2)
      FloatVector v = (FloatVector) wb.lanewise(LSHR, 8).convert(I2F, 0);
      FloatVector u = v.mul(GaussianMath.TWO_M24);
      FloatVector t = v.fma(twoM22, rint);
      IntVector qi = t.reinterpretAsInts();
      FloatVector y = t.sub(rint).fma(quarter, u);
      FloatVector z = y.mul(y);
      FloatVector sp = y.mul(z.fma(s7, s5).fma(z, s3).fma(z, s1));
      FloatVector cp = z.fma(c8, c6).fma(z, c4).fma(z, c2).fma(z, one);
      VectorMask<Float> swap = qi.and(1).compare(NE, 0).cast(F);
      IntVector cosSign = qi.add(1).lanewise(LSHL, 30).and(SIGN);
      IntVector sinSign = qi.lanewise(LSHL, 30).and(SIGN);
      cosA =
          cp.blend(sp, swap).reinterpretAsInts().lanewise(XOR, cosSign).reinterpretAsFloats();
      sinA =
          sp.blend(cp, swap).reinterpretAsInts().lanewise(XOR, sinSign).reinterpretAsFloats();
    }
    for (int g = 2; g < groups; g++) {
      {
        // Stage C of group g - 2: r = sqrt(-2·log) and the output.
        FloatVector r = logB.mul(-2f).sqrt();
        IntVector ci = r.mul(cosB).reinterpretAsInts();
        IntVector si = r.mul(sinB).reinterpretAsInts();
        int o = p + (g - 2) * GROUP;
        zipLo.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, o);
        zipHi.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, o + F.length());
      }
      {
        // Stage B of group g - 1: the log polynomial and the log.
        FloatVector z = sA.mul(sA);
        FloatVector w = z.mul(z);
        FloatVector t1 = w.mul(w.fma(lg4, lg2));
        FloatVector t2 = z.mul(w.fma(lg3, lg1));
        FloatVector hfsq = fA.mul(0.5f).mul(fA);
        logB =
            sA.mul(hfsq.add(t2.add(t1)))
                .add(dkA.mul(GaussianMath.LN2_LO))
                .sub(hfsq)
                .add(fA)
                .add(dkA.mul(GaussianMath.LN2_HI));
        cosB = cosA;
        sinB = sinA;
      }
      {
        // Stage A of group g: log reduction, the division, sin/cos.
        IntVector wa = IntVector.fromArray(I, words, (g) * GROUP);
        IntVector wb = IntVector.fromArray(I, words, (g) * GROUP + I.length());
        // log(u1), u1 = ((wa >>> 8) + 1)·2^-24: k and m read off the int → float conversion
        FloatVector a = (FloatVector) wa.lanewise(LSHR, 8).add(1).convert(I2F, 0);
        IntVector ix = a.reinterpretAsInts().add(IX_SHIFT);
        dkA = (FloatVector) ix.lanewise(ASHR, 23).convert(I2F, 0);
        FloatVector m = ix.and(0x007fffff).add(GaussianMath.SQRT_HALF_BITS).reinterpretAsFloats();
        fA = m.sub(1f);
        sA = fA.div(m.add(1f));
        // cos/sin(2π·u2), u2 = (wb >>> 8)·2^-24; the low bits of t = 4·u2 + 2^23 are rint(4·u2)
        FloatVector v = (FloatVector) wb.lanewise(LSHR, 8).convert(I2F, 0);
        FloatVector u = v.mul(GaussianMath.TWO_M24);
        FloatVector t = v.fma(twoM22, rint);
        IntVector qi = t.reinterpretAsInts();
        FloatVector y = t.sub(rint).fma(quarter, u);
        FloatVector z = y.mul(y);
        FloatVector sp = y.mul(z.fma(s7, s5).fma(z, s3).fma(z, s1));
        FloatVector cp = z.fma(c8, c6).fma(z, c4).fma(z, c2).fma(z, one);
        VectorMask<Float> swap = qi.and(1).compare(NE, 0).cast(F);
        IntVector cosSign = qi.add(1).lanewise(LSHL, 30).and(SIGN);
        IntVector sinSign = qi.lanewise(LSHL, 30).and(SIGN);
        cosA =
            cp.blend(sp, swap).reinterpretAsInts().lanewise(XOR, cosSign).reinterpretAsFloats();
        sinA =
            sp.blend(cp, swap).reinterpretAsInts().lanewise(XOR, sinSign).reinterpretAsFloats();
      }
    }
    // Epilogue: finish groups n - 2 and n - 1.
    {
      FloatVector r = logB.mul(-2f).sqrt();
      IntVector ci = r.mul(cosB).reinterpretAsInts();
      IntVector si = r.mul(sinB).reinterpretAsInts();
      int o = p + (groups - 2) * GROUP;
      zipLo.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, o);
      zipHi.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, o + F.length());
    }
    {
      FloatVector z = sA.mul(sA);
      FloatVector w = z.mul(z);
      FloatVector t1 = w.mul(w.fma(lg4, lg2));
      FloatVector t2 = z.mul(w.fma(lg3, lg1));
      FloatVector hfsq = fA.mul(0.5f).mul(fA);
      logB =
          sA.mul(hfsq.add(t2.add(t1)))
              .add(dkA.mul(GaussianMath.LN2_LO))
              .sub(hfsq)
              .add(fA)
              .add(dkA.mul(GaussianMath.LN2_HI));
      cosB = cosA;
      sinB = sinA;
    }
    {
      FloatVector r = logB.mul(-2f).sqrt();
      IntVector ci = r.mul(cosB).reinterpretAsInts();
      IntVector si = r.mul(sinB).reinterpretAsInts();
      int o = p + (groups - 1) * GROUP;
      zipLo.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, o);
      zipHi.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, o + F.length());
    }  }

  /** Box–Muller with the JDK's vector LOG/SIN/COS: same words and layout, not reproducible. */
  private static void fastStage(int[] words, int groups, float[] out, int p) {
    IntVector zipLo = IntVector.fromArray(I, ZIP_LO, 0);
    IntVector zipHi = IntVector.fromArray(I, ZIP_HI, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      IntVector wa = IntVector.fromArray(I, words, w);
      IntVector wb = IntVector.fromArray(I, words, w + I.length());
      FloatVector u1 =
          ((FloatVector) wa.lanewise(LSHR, 8).add(1).convert(I2F, 0)).mul(GaussianMath.TWO_M24);
      FloatVector u2 =
          ((FloatVector) wb.lanewise(LSHR, 8).convert(I2F, 0)).mul(GaussianMath.TWO_M24);
      FloatVector r = u1.lanewise(LOG).mul(-2f).sqrt();
      FloatVector angle = u2.mul((float) (2 * Math.PI));
      IntVector ci = r.mul(angle.lanewise(COS)).reinterpretAsInts();
      IntVector si = r.mul(angle.lanewise(SIN)).reinterpretAsInts();
      zipLo.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, p);
      zipHi.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, p + F.length());
    }
  }

  private static long[] iota() {
    long[] a = new long[L.length()];
    for (int j = 0; j < a.length; j++) {
      a[j] = j;
    }
    return a;
  }

  /** Odd int lanes (the high halves of the long lanes) of two vectors, interleaved. */
  private static int[] pack() {
    int n = I.length();
    int[] idx = new int[n];
    for (int l = 0; l < n; l++) {
      int j = l / 2; // long lane
      idx[l] = (l % 2 == 0 ? 0 : n) + 2 * j + 1;
    }
    return idx;
  }

  /**
   * Indices that interleave the lanes of two vectors of n lanes: {@code half} 0 takes the first n/2
   * lanes of each, 1 the second n/2.
   */
  private static int[] zip(int half) {
    int n = I.length();
    int[] idx = new int[n];
    for (int l = 0; l < n; l++) {
      int src = half * (n / 2) + l / 2;
      idx[l] = l % 2 == 0 ? src : n + src;
    }
    return idx;
  }
}
