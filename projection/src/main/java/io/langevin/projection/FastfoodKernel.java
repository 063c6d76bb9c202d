package io.langevin.projection;

/**
 * The fused elementwise stages of {@link FastfoodProjection} around its two Walsh–Hadamard
 * transforms, each over an index range {@code [from, to)} so that callers can split a call over
 * {@link io.langevin.kernels.cpu.CpuPool} (every output element depends on its own index only, so
 * any split gives the same bits):
 *
 * <ul>
 *   <li>{@link #signPad} (the diagonal ±1 matrix B fused into the zero-padding copy): {@code out[i]
 *       = (bit i of signs set ? −x[i] : x[i])} for {@code i < n}, {@code out[i] = 0} for {@code n ≤
 *       i}. {@code signs} packs bit i in {@code signs[i >>> 6]} at position {@code i & 63}; {@code
 *       null} means no flips (a plain padded copy). Exact (a sign flip). Reads 4 bytes and writes 4
 *       per element below n, writes 4 above.
 *   <li>{@link #gatherScale} (the permutation Π fused with the Gaussian diagonal G): {@code out[k]
 *       = scale[k]·in[idx[k]]}, one float product. Reads 12 bytes (one of them a random gather) and
 *       writes 4 per element, 1 FLOP.
 * </ul>
 *
 * <p>Unchecked: {@link FastfoodProjection} sizes every array. Implementations: {@link
 * ScalarFastfood} (the spec) and {@link SimdFastfood} (Vector API, bit-identical: both stages are
 * exact or a single rounding). Test: {@code SimdFastfoodTest}.
 */
interface FastfoodKernel {

  /** {@code out[i] = ±x[i]} for {@code from ≤ i < min(to, n)}, {@code 0} for {@code n ≤ i < to}. */
  void signPad(float[] x, int n, long[] signs, float[] out, int from, int to);

  /** {@code out[k] = scale[k]·in[idx[k]]} for {@code from ≤ k < to}. */
  void gatherScale(float[] in, int[] idx, float[] scale, float[] out, int from, int to);
}
