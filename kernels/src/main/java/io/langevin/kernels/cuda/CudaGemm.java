package io.langevin.kernels.cuda;

import io.langevin.kernels.gemm.GemmChecks;

/**
 * Row-major single-precision GEMM on the device, {@code C = α·op(A)·op(B) + β·C}, with the
 * arguments of {@link io.langevin.kernels.gemm.Gemm#sgemm} (offsets in elements; {@code β = 0}: C
 * is not read, so it may hold NaN; {@code k = 0}: {@code C = β·C}). Asynchronous: the product is
 * queued on the default stream ({@link CudaKernels#synchronize()} waits).
 *
 * <p>Kernels {@code lv_sgemm<T>_<nn|nt|tn|tt>} of {@code cuda-src/kernels/sgemm.cuh} (developed and
 * timed in {@code cuda-src/dev/sgemm.cu} as version 4): register-blocked tiles of {@code T x T}
 * outputs per block of 256 threads ({@code T = 128}: 8 x 8 per thread; 64: 4 x 4; 32: 2 x 2),
 * both operands staged k-major in double-buffered shared memory, float4 global loads where the
 * pointer and leading dimension allow (scalar ones otherwise), ragged edges guarded. This class
 * takes the largest {@code T} whose grid of {@code ceil(m/T)·ceil(n/T)} blocks has at least one
 * block per SM, else 32 (small products, such as an MLP training step, need the blocks). FLOPs
 * {@code 2·m·n·k}; bytes at least {@code 4·(m·k + k·n + m·n)} ({@code + 4·m·n} when {@code β ≠ 0}).
 *
 * <p>Values: each element is one float fma chain over {@code p = 0 .. k-1} in order, then {@code
 * α·sum} or {@code fma(β, c, α·sum)}, whatever the tile; it agrees with the double-accumulating
 * spec {@code ScalarGemm} to float rounding ({@code |error| ≤ k·2^-24·|α|·Σ_p|a_ip·b_pj|} plus one
 * rounding of the result, usually far less). Tests: {@code CudaGemmTest} (needs a device), and
 * without one {@code cuda-src/dev/emu_check.cpp} (the kernels on a CPU emulation).
 */
public final class CudaGemm {
  /** Tile sizes of the kernels, largest first. */
  static final int[] TILES = {128, 64, 32};

  private final CudaKernels cuda;
  private final int sms;

  public CudaGemm(CudaKernels cuda) {
    this.cuda = cuda;
    this.sms = Math.max(1, cuda.maxBlocks() / CudaKernels.BLOCKS_PER_SM);
  }

  /** Queues the product; throws {@link IllegalArgumentException} when a matrix does not fit. */
  public void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      DeviceArray a,
      int aOff,
      int lda,
      DeviceArray b,
      int bOff,
      int ldb,
      float beta,
      DeviceArray c,
      int cOff,
      int ldc) {
    sgemm(tile(m, n), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
        ldc);
  }

  /** The tile {@link #sgemm} uses for an {@code m x n} product on this device. */
  int tile(int m, int n) {
    for (int t : TILES) {
      if (blocks(m, n, t) >= sms) {
        return t;
      }
    }
    return TILES[TILES.length - 1];
  }

  /** {@link #sgemm} with the kernel of tile {@code tile} (one of {@link #TILES}). */
  void sgemm(
      int tile,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      DeviceArray a,
      int aOff,
      int lda,
      DeviceArray b,
      int bOff,
      int ldb,
      float beta,
      DeviceArray c,
      int cOff,
      int ldc) {
    GemmChecks.check(
        transA, transB, m, n, k, a.length(), aOff, lda, b.length(), bOff, ldb, c.length(), cOff,
        ldc);
    if (tile != 128 && tile != 64 && tile != 32) {
      throw new IllegalArgumentException("sgemm: tile " + tile + " is not 128, 64 or 32");
    }
    if (m == 0 || n == 0) {
      return;
    }
    long blocks = blocks(m, n, tile);
    if (blocks > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "sgemm: " + m + "x" + n + " needs " + blocks + " blocks of " + tile + "x" + tile);
    }
    String name = "lv_sgemm" + tile + "_" + (transA ? "t" : "n") + (transB ? "t" : "n");
    cuda.launch(
        name,
        (int) blocks,
        CudaKernels.THREADS,
        0,
        m,
        n,
        k,
        alpha,
        // k = 0: A and B are empty (their offsets unchecked) and not read
        k == 0 ? null : a.at(aOff),
        lda,
        k == 0 ? null : b.at(bOff),
        ldb,
        beta,
        c.at(cOff),
        ldc);
  }

  private static long blocks(int m, int n, int tile) {
    return ((m + (long) tile - 1) / tile) * ((n + (long) tile - 1) / tile);
  }
}
