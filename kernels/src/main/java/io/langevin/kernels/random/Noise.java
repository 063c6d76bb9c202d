package io.langevin.kernels.random;

import io.langevin.kernels.cpu.KernelMode;

/**
 * Entry point for counter-based noise: the {@link NoiseKernel} chosen once by {@link KernelMode},
 * plus per-block scalar functions for fused loops.
 *
 * <p>Every value is a pure function of {@code (seed, step, stream, index)}: key {@code (k0, k1) =
 * (low32(seed), high32(seed))}; element {@code i} of step {@code t} ({@code 0 ≤ t < 2^32}) in
 * stream {@code s} is word {@code i & 3} of Philox4x32-10 at counter {@code (low32(i>>>2),
 * high32(i>>>2), t, s)}; uniforms are {@code ((w>>>8)+1)·2^-24 ∈ (0,1]}; Gaussians pair words
 * {@code (x0,x1)} → elements {@code 4b, 4b+1} and {@code (x2,x3)} → {@code 4b+2, 4b+3} by
 * Box–Muller with the IEEE-exact {@link GaussianMath}. See {@link NoiseKernel} for the full
 * statement; the CUDA kernels follow it too.
 *
 * <p>Fused kernels (e.g. a sampler step) either call the {@code *Block} functions once per four
 * parameters (scalar loops: one Philox block at a time, ~18 ns per Gaussian), or fill a small
 * per-thread scratch array of a few hundred to a few thousand elements with {@link
 * #gaussianUnchecked} for indices {@code [i, i+len)} and consume it in the same pass (vector
 * loops: the SIMD kernel without argument checks or pool dispatch, ~1.5 ns per Gaussian on one
 * AVX-512 core, fastest with {@code i} a multiple of 4 and {@code len} a multiple of 32); both give
 * the same bits. A single block is not worth the vector path (it computes eight blocks at a time),
 * so the {@code *Block} functions stay scalar.
 */
public final class Noise {
  private static final NoiseKernel KERNEL = KernelMode.select(SimdNoise::new, ScalarNoise::new);

  private Noise() {}

  /** The implementation in use. */
  public static NoiseKernel kernel() {
    return KERNEL;
  }

  /** See {@link NoiseKernel#bits}. */
  public static void bits(
      long seed, long step, int stream, long firstIndex, int[] out, int off, int n) {
    KERNEL.bits(seed, step, stream, firstIndex, out, off, n);
  }

  /** See {@link NoiseKernel#uniform}. */
  public static void uniform(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    KERNEL.uniform(seed, step, stream, firstIndex, out, off, n);
  }

  /** Uniforms in (0, 1] of elements {@code 0 .. out.length-1} into {@code out}. */
  public static void uniform(long seed, long step, int stream, float[] out) {
    KERNEL.uniform(seed, step, stream, 0, out, 0, out.length);
  }

  /** See {@link NoiseKernel#gaussian}. */
  public static void gaussian(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    KERNEL.gaussian(seed, step, stream, firstIndex, out, off, n);
  }

  /** Standard normals of elements {@code 0 .. out.length-1} into {@code out} (reproducible). */
  public static void gaussian(long seed, long step, int stream, float[] out) {
    KERNEL.gaussian(seed, step, stream, 0, out, 0, out.length);
  }

  /** See {@link NoiseKernel#gaussianFast}: NOT bit-reproducible across JDKs/CPUs/backends. */
  public static void gaussianFast(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    KERNEL.gaussianFast(seed, step, stream, firstIndex, out, off, n);
  }

  /** See {@link NoiseKernel#bitsUnchecked}: no argument checks, on the calling thread. */
  public static void bitsUnchecked(
      long seed, long step, int stream, long firstIndex, int[] out, int off, int n) {
    KERNEL.bitsUnchecked(seed, step, stream, firstIndex, out, off, n);
  }

  /** See {@link NoiseKernel#uniformUnchecked}: no argument checks, on the calling thread. */
  public static void uniformUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    KERNEL.uniformUnchecked(seed, step, stream, firstIndex, out, off, n);
  }

  /** See {@link NoiseKernel#gaussianUnchecked}: no argument checks, on the calling thread. */
  public static void gaussianUnchecked(
      long seed, long step, int stream, long firstIndex, float[] out, int off, int n) {
    KERNEL.gaussianUnchecked(seed, step, stream, firstIndex, out, off, n);
  }

  /** The four Philox words of block {@code block} (elements {@code 4·block .. 4·block+3}). */
  public static void bitsBlock(long seed, long step, int stream, long block, int[] out, int off) {
    ScalarNoise.bitsBlock(seed, step, stream, block, out, off);
  }

  /** The four uniforms of block {@code block} into {@code out[off .. off+3]}. */
  public static void uniformBlock(
      long seed, long step, int stream, long block, float[] out, int off) {
    ScalarNoise.uniformBlock(seed, step, stream, block, out, off);
  }

  /**
   * The four reproducible standard normals of block {@code block} into {@code out[off .. off+3]}.
   */
  public static void gaussianBlock(
      long seed, long step, int stream, long block, float[] out, int off) {
    ScalarNoise.gaussianBlock(seed, step, stream, block, out, off);
  }
}
