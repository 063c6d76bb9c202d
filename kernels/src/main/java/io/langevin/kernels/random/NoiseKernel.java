package io.langevin.kernels.random;

/**
 * Counter-based random numbers (Philox4x32-10): every value is a pure function of {@code (seed,
 * step, stream, index)}, so results do not depend on the thread count, on how a range is cut into
 * calls, or on the backend (the CUDA kernels use the same layout).
 *
 * <h2>Counter layout (fixed: the CUDA kernels and the samplers depend on it)</h2>
 *
 * <ul>
 *   <li>Key {@code (k0, k1) = (low 32 bits of seed, high 32 bits of seed)}.
 *   <li>Element {@code i} ({@code long ≥ 0}) of step {@code t} ({@code 0 ≤ t < 2^32}) in stream
 *       {@code s} ({@code int}, any value) lies in block {@code b = i >>> 2}; the block's counter
 *       is {@code (c0, c1, c2, c3) = (low32(b), high32(b), (int) t, s)}.
 *   <li>Its 32-bit word ({@link #bits}) is word {@code i & 3} of the block's Philox output {@code
 *       (x0, x1, x2, x3)}.
 *   <li>Its uniform ({@link #uniform}) is {@code ((w >>> 8) + 1)·2^-24 ∈ (0, 1]}, exact.
 *   <li>Its Gaussian ({@link #gaussian}): words {@code (x0, x1)} give elements {@code 4b, 4b+1} and
 *       {@code (x2, x3)} give {@code 4b+2, 4b+3}, each pair {@code (wa, wb)} as {@code r·cos(2πu2),
 *       r·sin(2πu2)} with {@code u1 = ((wa >>> 8) + 1)·2^-24}, {@code u2 = (wb >>> 8)·2^-24},
 *       {@code r = sqrt(−2·log(u1))}, using the IEEE-exact {@link GaussianMath} functions. Values
 *       are bounded by {@code |z| ≤ sqrt(−2·ln 2^-24) ≈ 5.77}.
 * </ul>
 *
 * {@link #gaussianFast} uses the same words but the JDK's vector math ({@code lanewise(LOG, SIN,
 * COS)}) and is <b>not</b> bit-reproducible across JDKs, CPUs or backends; only its distribution is
 * guaranteed (within the accuracy of those functions).
 *
 * <h2>Methods</h2>
 *
 * Each method fills {@code out[off .. off+n)} with the values of elements {@code firstIndex ..
 * firstIndex+n-1}. Bytes written: 4 per element; nothing is read. Bad arguments ({@code step}
 * outside {@code [0, 2^32)}, negative {@code firstIndex}, {@code firstIndex + n} overflowing, a
 * range outside {@code out}) throw {@link IllegalArgumentException} with the numbers.
 *
 * <p>The {@code *Unchecked} variants compute the same values for fused loops that call them once
 * per small block (a few hundred to a few thousand elements) from inside their own, already
 * checked and already split, loop: they check no arguments (an index outside {@code out} still
 * throws {@link ArrayIndexOutOfBoundsException}; a bad step, a negative {@code firstIndex} or an
 * overflowing range gives unspecified values) and always run on the calling thread. They are
 * fastest when {@code firstIndex} is a multiple of 4 and {@code n} a multiple of 32.
 *
 * <p>Implementations: {@link ScalarNoise} (the spec, one Philox block at a time) and {@link
 * SimdNoise} (Philox in {@code LongVector} lanes, the log and sincos in {@code FloatVector} lanes,
 * multi-threaded for large {@code n}); {@link Noise} picks one at start-up. Tests: {@code
 * SimdNoiseTest} (bit-identical to the spec), {@code NoiseDeterminismTest}, {@code
 * GaussianStatisticsTest}.
 */
public interface NoiseKernel {

  /** Raw Philox words of elements {@code firstIndex .. firstIndex+n-1}. */
  void bits(long seed, long step, int stream, long firstIndex, int[] out, int off, int n);

  /** Uniforms in {@code (0, 1]} ({@code ((w >>> 8) + 1)·2^-24}) of the given elements. */
  void uniform(long seed, long step, int stream, long firstIndex, float[] out, int off, int n);

  /** Standard normals of the given elements, bit-reproducible (see the class doc). */
  void gaussian(long seed, long step, int stream, long firstIndex, float[] out, int off, int n);

  /**
   * Standard normals from the same words as {@link #gaussian} but through the JDK's vector {@code
   * LOG/SIN/COS}: faster, <b>not</b> bit-reproducible across JDK versions, CPUs or backends, and
   * not equal to {@link #gaussian}. Deterministic on one JVM and CPU. The scalar reference returns
   * {@link #gaussian}'s values.
   */
  void gaussianFast(long seed, long step, int stream, long firstIndex, float[] out, int off, int n);

  /** {@link #bits} without argument checks, on the calling thread (see the class doc). */
  void bitsUnchecked(long seed, long step, int stream, long firstIndex, int[] out, int off, int n);

  /** {@link #uniform} without argument checks, on the calling thread (see the class doc). */
  void uniformUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n);

  /**
   * {@link #gaussian} without argument checks, on the calling thread: the entry point for a fused
   * sampler step that draws the noise of each block of parameters just before using it.
   */
  void gaussianUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n);
}
