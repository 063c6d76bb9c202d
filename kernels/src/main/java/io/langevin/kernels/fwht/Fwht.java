package io.langevin.kernels.fwht;

import io.langevin.kernels.cpu.KernelMode;

/**
 * Entry point for the fast Walsh–Hadamard transform: the implementation chosen once by {@link
 * KernelMode} ({@link SimdFwht} or the spec {@link ScalarFwht}; both give the same bits). See
 * {@link FwhtKernel} for the definition.
 */
public final class Fwht {
  private static final FwhtKernel KERNEL = KernelMode.select(SimdFwht::new, ScalarFwht::new);

  private Fwht() {}

  /** The implementation in use. */
  public static FwhtKernel kernel() {
    return KERNEL;
  }

  /** In-place unnormalised transform of {@code x[off .. off+n)}, n a power of two. */
  public static void transform(float[] x, int off, int n) {
    KERNEL.transform(x, off, n);
  }

  /** In-place transform of {@code rows} contiguous vectors of length n starting at {@code off}. */
  public static void transformRows(float[] x, int off, int n, int rows) {
    KERNEL.transformRows(x, off, n, rows);
  }
}
