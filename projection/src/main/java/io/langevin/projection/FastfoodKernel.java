package io.langevin.projection;

/**
 * The single-threaded building blocks of {@link FastfoodProjection}, each over an index range so
 * that the projection can split a call over {@link io.langevin.kernels.cpu.CpuPool} (every output
 * element depends on fixed inputs only, so any split gives the same bits):
 *
 * <ul>
 *   <li>{@link #signPad} (the diagonal ±1 matrix B fused into the zero-padding copy): {@code out[i]
 *       = (bit i of signs set ? −x[i] : x[i])} for {@code i < n}, {@code out[i] = 0} for {@code n ≤
 *       i}. {@code signs} packs bit i in {@code signs[i >>> 6]} at position {@code i & 63}; {@code
 *       null} means no flips (a plain padded copy). Exact (a sign flip). Reads 4 bytes and writes 4
 *       per element below n, writes 4 above.
 *   <li>{@link #gatherScale} (the permutation Π fused with the Gaussian diagonal G): {@code out[k]
 *       = scale[k]·in[idx[k]]}, one float product. Reads 12 bytes (one of them a gather) and writes
 *       4 per element, 1 FLOP.
 *   <li>{@link #stages}: the radix-2 stages {@code h = hFrom, 2·hFrom, … < hTo} of the unnormalised
 *       Walsh–Hadamard transform (the butterflies of {@code io.langevin.kernels.fwht.ScalarFwht}:
 *       {@code (x[j], x[j+h]) → (x[j] + x[j+h], x[j] − x[j+h])} for every j of the range whose bit
 *       h, counted from {@code off}, is clear), on {@code x[off, off+len)}; {@code stages(x, off, n,
 *       1, n)} is the whole transform of length n. 1 add per element per stage.
 *   <li>{@link #columns}: {@code radixLog} consecutive stages {@code h, 2h, …} of a transform at
 *       {@code off}, restricted to the butterfly columns {@code [t0, t1)}: column t touches {@code
 *       x[off + ⌊t/h⌋·h·2^radixLog + t mod h + i·h]}, {@code i < 2^radixLog} (one pass over memory
 *       for {@code radixLog} stages of the large strides).
 *   <li>{@link #columnsAdd}: the same pass with {@code base + result}, truncated at a limit, sent
 *       to another array instead of back into x: the last pass of a transform fused with the
 *       addition of θ_0 and the truncation to D.
 *   <li>{@link #add}: {@code out[i] = a[i] + b[i]}, one rounding (the "+" half of a butterfly).
 * </ul>
 *
 * <p>Unchecked: {@link FastfoodProjection} sizes every array. Implementations: {@link
 * ScalarFastfood} (the spec) and {@link SimdFastfood} (Vector API, bit-identical: every element
 * goes through the same roundings in the same order). Test: {@code SimdFastfoodTest}.
 */
interface FastfoodKernel {

  /** {@code out[i] = ±x[i]} for {@code from ≤ i < min(to, n)}, {@code 0} for {@code n ≤ i < to}. */
  void signPad(float[] x, int n, long[] signs, float[] out, int from, int to);

  /** {@code out[k] = scale[k]·in[idx[k]]} for {@code from ≤ k < to}. */
  void gatherScale(float[] in, int[] idx, float[] scale, float[] out, int from, int to);

  /**
   * Stages {@code h = hFrom, 2·hFrom, … < hTo} (powers of two) of the FWHT on {@code x[off,
   * off+len)}; {@code len} is a multiple of {@code hTo} when {@code hFrom < hTo}.
   */
  void stages(float[] x, int off, int len, int hFrom, int hTo);

  /**
   * Stages {@code h, 2h, …, h·2^(radixLog−1)} on the butterfly columns {@code t0 ≤ t < t1} of the
   * transform at {@code off}.
   */
  void columns(float[] x, int off, int h, int radixLog, int t0, int t1);

  /**
   * As {@link #columns} on the vector at 0, but the results are not stored back into x: element i
   * of the columns, for {@code i < limit}, goes to {@code out[i] = base[i] + result} ({@code
   * result} alone when base is null); elements from limit on are dropped.
   */
  void columnsAdd(
      float[] x, int h, int radixLog, int t0, int t1, float[] base, float[] out, int limit);

  /** {@code out[outOff + i] = a[aOff + i] + b[bOff + i]} for {@code i < len}. */
  void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len);
}
