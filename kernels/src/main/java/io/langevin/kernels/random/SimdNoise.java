package io.langevin.kernels.random;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.COS;
import static jdk.incubator.vector.VectorOperators.F2I;
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
 * 128/256/512-bit species); {@link #gaussianFast} uses the JDK's vector LOG/SIN/COS and is only
 * tested for its distribution.
 *
 * <p>A "group" is {@code BLOCKS = Species.L.length()} consecutive Philox blocks, i.e. {@code GROUP
 * = 4·BLOCKS} elements = two float vectors (32 elements at 512 bits). The range is done in chunks
 * of 256 elements, each in two passes over a 2 KiB buffer that stays in L1:
 *
 * <ol>
 *   <li>{@link #philox}: Philox4x32-10 with one block per 64-bit lane (see that method for the
 *       representation that makes C2 emit {@code vpmuludq});
 *   <li>a stage per output kind. Gaussians: the words are packed as {@code x0 | x2<<32} and {@code
 *       x1 | x3<<32}, which viewed as ints hold, lane by lane, the {@code (wa, wb)} words of every
 *       Box–Muller pair of the group; the log and sincos of {@link GaussianMath} run on full {@code
 *       FloatVector}s with the same operations in the same order (vector {@code fma}, {@code div},
 *       {@code sqrt} are the correctly rounded IEEE operations), and a two-vector {@code
 *       selectFrom} zips cosines and sines back into element order. Bits and uniforms pack {@code
 *       x0 | x1<<32}, {@code x2 | x3<<32} and zip 64-bit pairs.
 * </ol>
 *
 * Partial groups at either end of a range are computed whole into a scratch array and copied, so
 * every element, also of {@link #gaussianFast}, comes from the vector path and its own words only:
 * any split of a range gives the same bits.
 *
 * <p>Calls with {@code n ≥ 2·GRAIN} are split over {@link CpuPool} in chunks whose boundaries are
 * multiples of {@code GRAIN} element indices (a multiple of {@code GROUP}); as each value is a pure
 * function of its index, the result does not depend on the thread count. Writes 4 bytes per
 * element, reads nothing. Measured (rough, shared 2-vCPU AVX-512 machine, one thread, thread CPU
 * time, n = 4096): about 1.0 ns per Philox word, 1.0 ns per uniform, 2.0–2.5 ns per reproducible
 * Gaussian, 2.6–3.3 ns per {@code gaussianFast} Gaussian (the scalar spec: 7 ns per word, 18 ns per
 * Gaussian).
 *
 * <p>Cold start: until C2 has compiled {@link #philox} and the stages, the Vector API runs in the
 * interpreter and C1 with every vector boxed; the first 10^7 Gaussians of a fresh JVM took about
 * 4–7 s here, against ~20 ms once compiled. Warm up (or accept it) before timing anything.
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

  /** Groups per Philox pass: 256 elements, whose words (2 KiB) stay in L1. */
  private static final int CHUNK_GROUPS = 256 / GROUP;

  /** Calls made with one group each, until C2 has compiled the vector methods (see serial). */
  private static final int WARM_CALLS = 20_000;

  /** Counts Philox calls up to WARM_CALLS; racy on purpose (only a heuristic, never a result). */
  private static int warmCalls;

  private static final long[] IOTA = iota();
  // Two-vector selectFrom indices (0..n-1 first vector, n..2n-1 second), n = F.length().
  private static final int[] ZIP32_LO = zip(1, 0);
  private static final int[] ZIP32_HI = zip(1, 1);
  private static final int[] ZIP64_LO = zip(2, 0);
  private static final int[] ZIP64_HI = zip(2, 1);

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

  /** Elements {@code first .. first+n-1} into {@code out[off ..]} on this thread. */
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
    if (n == 0) {
      return;
    }
    long fullFrom = (first + 3) >>> 2; // first block wholly in the range (unsigned: no overflow)
    int head = (int) Math.min(n, (fullFrom << 2) - first); // 0..3, exact modulo 2^64
    int groups = (n - head) / GROUP;
    long[] words = new long[Math.min(CHUNK_GROUPS, groups + 1) * GROUP];
    if (head > 0) {
      partial(
          mode, seed, step, stream, first >>> 2, (int) (first & 3), head, iout, fout, off, words);
    }
    long b = fullFrom;
    int p = off + head;
    while (groups > 0) {
      // While the vector methods are cold, one group per call: C1 and C2 compile after a number
      // of calls, and every group run before that is interpreted (boxed), so small calls reach
      // compiled code after the least work. The values do not depend on the grouping.
      int g = groups;
      if (warmCalls < WARM_CALLS) {
        warmCalls++;
        g = 1;
      }
      g = Math.min(g, CHUNK_GROUPS);
      philox(seed, step, stream, b, g, words);
      stage(mode, words, g, iout, fout, p);
      groups -= g;
      b += (long) g * BLOCKS;
      p += g * GROUP;
    }
    int tail = off + n - p;
    if (tail > 0) {
      partial(mode, seed, step, stream, b, 0, tail, iout, fout, p, words);
    }
  }

  /**
   * Computes the group starting at block {@code b} into scratch and copies its elements {@code skip
   * .. skip+len-1} to {@code out[dst ..]}.
   */
  private static void partial(
      int mode,
      long seed,
      long step,
      int stream,
      long b,
      int skip,
      int len,
      int[] iout,
      float[] fout,
      int dst,
      long[] words) {
    philox(seed, step, stream, b, 1, words);
    if (mode == BITS) {
      int[] scratch = new int[GROUP];
      stage(mode, words, 1, scratch, null, 0);
      System.arraycopy(scratch, skip, iout, dst, len);
    } else {
      float[] scratch = new float[GROUP];
      stage(mode, words, 1, null, scratch, 0);
      System.arraycopy(scratch, skip, fout, dst, len);
    }
  }

  private static void stage(int mode, long[] words, int groups, int[] iout, float[] fout, int p) {
    switch (mode) {
      case BITS -> bitsStage(words, groups, iout, p);
      case UNIFORM -> uniformStage(words, groups, fout, p);
      case GAUSSIAN -> gaussianStage(words, groups, fout, p);
      default -> fastStage(words, groups, fout, p);
    }
  }

  /**
   * Philox4x32-10 on {@code groups} groups of {@code BLOCKS} consecutive blocks from block {@code
   * b}. Group g's words {@code x0..x3} go to {@code words[g·GROUP + k·BLOCKS ..]}, k = 0..3.
   *
   * <p>Every word lives in the HIGH half of its 64-bit lane (the low half is garbage), so each
   * multiply reads its operand as {@code X >>> 32}, which C2 compiles to one 32×32→64-bit {@code
   * vpmuludq}, and the round's outputs are {@code p1 ^ x1 ^ k0}, {@code p1 << 32}, {@code p0 ^ x3 ^
   * k1}, {@code p0 << 32}. Round r's key {@code (k + r·W) mod 2^32} is reduced for free by living
   * in the high half. The rounds are written out, with no helper methods: in a round loop C2 splits
   * the shifts through the loop phis and falls back to the slow 64-bit {@code vpmullq}; and small
   * non-forced-inline helpers hit C2's inlining node budget (the Vector API's parse-time graph is
   * large), after which every vector op is boxed.
   */
  private static void philox(long seed, long step, int stream, long b, int groups, long[] words) {
    long k0 = seed << 32;
    long k1 = seed & HIGH;
    LongVector m0 = LongVector.broadcast(L, M0).and(MASK);
    LongVector m1 = LongVector.broadcast(L, M1).and(MASK);
    LongVector c2 = LongVector.broadcast(L, step << 32);
    LongVector c3 = LongVector.broadcast(L, ((long) stream) << 32);
    LongVector iota = LongVector.fromArray(L, IOTA, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, b += BLOCKS) {
      LongVector x1 = iota.add(b);
      LongVector x0 = x1.lanewise(LSHL, 32);
      LongVector x2 = c2;
      LongVector x3 = c3;
      LongVector p0;
      LongVector p1;
      // round 0
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1);
      x3 = p0.lanewise(LSHL, 32);
      // round 1
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 1 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 1 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 2
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 2 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 2 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 3
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 3 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 3 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 4
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 4 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 4 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 5
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 5 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 5 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 6
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 6 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 6 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 7
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 7 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 7 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 8
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 8 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 8 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      // round 9
      p0 = x0.lanewise(LSHR, 32).mul(m0);
      p1 = x2.lanewise(LSHR, 32).mul(m1);
      x0 = p1.lanewise(XOR, x1).lanewise(XOR, k0 + 9 * W0H);
      x1 = p1.lanewise(LSHL, 32);
      x2 = p0.lanewise(XOR, x3).lanewise(XOR, k1 + 9 * W1H);
      x3 = p0.lanewise(LSHL, 32);
      x0.intoArray(words, w);
      x1.intoArray(words, w + BLOCKS);
      x2.intoArray(words, w + 2 * BLOCKS);
      x3.intoArray(words, w + 3 * BLOCKS);
    }
  }

  // The stages below repeat small steps inline instead of calling helper methods: a helper that
  // C2 declines to inline (its node budget runs out on Vector API code) boxes every vector.
  //
  // Packing: (X >>> 32) | (Y & HIGH) viewed as ints puts X's word in lane 2j and Y's in 2j+1.

  /** Raw words in element order: zip the 64-bit pairs (x0, x1) and (x2, x3) of each block. */
  private static void bitsStage(long[] words, int groups, int[] out, int p) {
    IntVector zlo = IntVector.fromArray(I, ZIP64_LO, 0);
    IntVector zhi = IntVector.fromArray(I, ZIP64_HI, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      LongVector x0 = LongVector.fromArray(L, words, w);
      LongVector x1 = LongVector.fromArray(L, words, w + BLOCKS);
      LongVector x2 = LongVector.fromArray(L, words, w + 2 * BLOCKS);
      LongVector x3 = LongVector.fromArray(L, words, w + 3 * BLOCKS);
      IntVector a = x0.lanewise(LSHR, 32).or(x1.and(HIGH)).reinterpretAsInts();
      IntVector c = x2.lanewise(LSHR, 32).or(x3.and(HIGH)).reinterpretAsInts();
      zlo.selectFrom(a, c).intoArray(out, p);
      zhi.selectFrom(a, c).intoArray(out, p + F.length());
    }
  }

  /** As {@link #bitsStage}, then {@link GaussianMath#openClosed} on every word. */
  private static void uniformStage(long[] words, int groups, float[] out, int p) {
    IntVector zlo = IntVector.fromArray(I, ZIP64_LO, 0);
    IntVector zhi = IntVector.fromArray(I, ZIP64_HI, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      LongVector x0 = LongVector.fromArray(L, words, w);
      LongVector x1 = LongVector.fromArray(L, words, w + BLOCKS);
      LongVector x2 = LongVector.fromArray(L, words, w + 2 * BLOCKS);
      LongVector x3 = LongVector.fromArray(L, words, w + 3 * BLOCKS);
      IntVector a = x0.lanewise(LSHR, 32).or(x1.and(HIGH)).reinterpretAsInts();
      IntVector c = x2.lanewise(LSHR, 32).or(x3.and(HIGH)).reinterpretAsInts();
      IntVector lo = zlo.selectFrom(a, c).lanewise(LSHR, 8).add(1);
      IntVector hi = zhi.selectFrom(a, c).lanewise(LSHR, 8).add(1);
      ((FloatVector) lo.convert(I2F, 0)).mul(GaussianMath.TWO_M24).intoArray(out, p);
      ((FloatVector) hi.convert(I2F, 0)).mul(GaussianMath.TWO_M24).intoArray(out, p + F.length());
    }
  }

  /**
   * Box–Muller with exactly {@link GaussianMath#boxMuller}'s operations. Lane 2j of {@code wa} and
   * {@code wb} holds the pair (x0, x1) of block j, lane 2j+1 the pair (x2, x3); the cosines and
   * sines are zipped back into element order.
   */
  private static void gaussianStage(long[] words, int groups, float[] out, int p) {
    IntVector zlo = IntVector.fromArray(I, ZIP32_LO, 0);
    IntVector zhi = IntVector.fromArray(I, ZIP32_HI, 0);
    FloatVector quarter = FloatVector.broadcast(F, -0.25f);
    FloatVector s3 = FloatVector.broadcast(F, GaussianMath.S3);
    FloatVector s1 = FloatVector.broadcast(F, GaussianMath.S1);
    FloatVector c4 = FloatVector.broadcast(F, GaussianMath.C4);
    FloatVector c2 = FloatVector.broadcast(F, GaussianMath.C2);
    FloatVector one = FloatVector.broadcast(F, 1f);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      LongVector x0 = LongVector.fromArray(L, words, w);
      LongVector x1 = LongVector.fromArray(L, words, w + BLOCKS);
      LongVector x2 = LongVector.fromArray(L, words, w + 2 * BLOCKS);
      LongVector x3 = LongVector.fromArray(L, words, w + 3 * BLOCKS);
      IntVector wa = x0.lanewise(LSHR, 32).or(x2.and(HIGH)).reinterpretAsInts();
      IntVector wb = x1.lanewise(LSHR, 32).or(x3.and(HIGH)).reinterpretAsInts();
      // u1 = openClosed(wa), u2 = closedOpen(wb)
      FloatVector u1 =
          ((FloatVector) wa.lanewise(LSHR, 8).add(1).convert(I2F, 0)).mul(GaussianMath.TWO_M24);
      FloatVector u2 =
          ((FloatVector) wb.lanewise(LSHR, 8).convert(I2F, 0)).mul(GaussianMath.TWO_M24);
      // log(u1), as GaussianMath.log
      IntVector ix = u1.reinterpretAsInts().add(GaussianMath.LOG_SHIFT);
      FloatVector dk = (FloatVector) ix.lanewise(ASHR, 23).sub(0x7f).convert(I2F, 0);
      FloatVector f =
          ix.and(0x007fffff).add(GaussianMath.SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
      FloatVector s = f.div(f.add(2f));
      FloatVector z = s.mul(s);
      FloatVector ww = z.mul(z);
      FloatVector t1 = ww.mul(ww.fma(GaussianMath.LG4, GaussianMath.LG2));
      FloatVector t2 = z.mul(ww.fma(GaussianMath.LG3, GaussianMath.LG1));
      FloatVector hfsq = f.mul(0.5f).mul(f);
      FloatVector log =
          s.mul(hfsq.add(t2.add(t1)))
              .add(dk.mul(GaussianMath.LN2_LO))
              .sub(hfsq)
              .add(f)
              .add(dk.mul(GaussianMath.LN2_HI));
      FloatVector r = log.mul(-2f).sqrt();
      // cos/sin(2 pi u2), as GaussianMath.boxMuller
      FloatVector q = u2.mul(4f).add(GaussianMath.RINT).sub(GaussianMath.RINT);
      IntVector qi = (IntVector) q.convert(F2I, 0);
      FloatVector y = q.fma(quarter, u2);
      FloatVector yy = y.mul(y);
      FloatVector sp = y.mul(yy.fma(GaussianMath.S7, GaussianMath.S5).fma(yy, s3).fma(yy, s1));
      FloatVector cp =
          yy.fma(GaussianMath.C8, GaussianMath.C6).fma(yy, c4).fma(yy, c2).fma(yy, one);
      VectorMask<Float> swap = qi.and(1).compare(NE, 0).cast(F);
      IntVector cBits = cp.blend(sp, swap).reinterpretAsInts();
      IntVector sBits = sp.blend(cp, swap).reinterpretAsInts();
      FloatVector cos =
          cBits.lanewise(XOR, qi.add(1).and(2).lanewise(LSHL, 30)).reinterpretAsFloats();
      FloatVector sin = sBits.lanewise(XOR, qi.and(2).lanewise(LSHL, 30)).reinterpretAsFloats();
      IntVector ci = r.mul(cos).reinterpretAsInts();
      IntVector si = r.mul(sin).reinterpretAsInts();
      zlo.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, p);
      zhi.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, p + F.length());
    }
  }

  /** Box–Muller with the JDK's vector LOG/SIN/COS: same words and layout, not reproducible. */
  private static void fastStage(long[] words, int groups, float[] out, int p) {
    IntVector zlo = IntVector.fromArray(I, ZIP32_LO, 0);
    IntVector zhi = IntVector.fromArray(I, ZIP32_HI, 0);
    for (int g = 0, w = 0; g < groups; g++, w += GROUP, p += GROUP) {
      LongVector x0 = LongVector.fromArray(L, words, w);
      LongVector x1 = LongVector.fromArray(L, words, w + BLOCKS);
      LongVector x2 = LongVector.fromArray(L, words, w + 2 * BLOCKS);
      LongVector x3 = LongVector.fromArray(L, words, w + 3 * BLOCKS);
      IntVector wa = x0.lanewise(LSHR, 32).or(x2.and(HIGH)).reinterpretAsInts();
      IntVector wb = x1.lanewise(LSHR, 32).or(x3.and(HIGH)).reinterpretAsInts();
      FloatVector u1 =
          ((FloatVector) wa.lanewise(LSHR, 8).add(1).convert(I2F, 0)).mul(GaussianMath.TWO_M24);
      FloatVector u2 =
          ((FloatVector) wb.lanewise(LSHR, 8).convert(I2F, 0)).mul(GaussianMath.TWO_M24);
      FloatVector r = u1.lanewise(LOG).mul(-2f).sqrt();
      FloatVector angle = u2.mul((float) (2 * Math.PI));
      IntVector ci = r.mul(angle.lanewise(COS)).reinterpretAsInts();
      IntVector si = r.mul(angle.lanewise(SIN)).reinterpretAsInts();
      zlo.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, p);
      zhi.selectFrom(ci, si).reinterpretAsFloats().intoArray(out, p + F.length());
    }
  }

  private static long[] iota() {
    long[] a = new long[L.length()];
    for (int j = 0; j < a.length; j++) {
      a[j] = j;
    }
    return a;
  }

  /**
   * Indices that interleave units of {@code unit} lanes from two vectors of n lanes: {@code half} 0
   * takes the first n/2 lanes of each, 1 the second n/2.
   */
  private static int[] zip(int unit, int half) {
    int n = F.length();
    int[] idx = new int[n];
    for (int l = 0; l < n; l++) {
      int pair = l / (2 * unit); // which unit pair
      int within = l % unit;
      boolean second = (l / unit) % 2 == 1;
      int src = half * (n / 2) + pair * unit + within;
      idx[l] = second ? n + src : src;
    }
    return idx;
  }
}
