package io.langevin.kernels.cuda;

import java.util.Objects;

/**
 * The unnormalised fast Walsh–Hadamard transform on the device, in place: {@code rows}
 * transforms of length {@code n = 2^log2n} stored back to back from element {@code offset} of a
 * {@link DeviceArray}. The same transform and bits as {@link
 * io.langevin.kernels.fwht.ScalarFwht#transformRows}: stage {@code h = 1, 2, 4, …, n/2}, butterfly
 * {@code (a, b) → (a + b, a − b)} in float, each output one rounding; the device applies the
 * stages in that order, so its results are bit-identical whatever the grouping of stages into
 * kernels.
 *
 * <p>Kernels ({@code cuda-src/kernels/projection.cuh}), all with 256 threads a block:
 *
 * <ul>
 *   <li>{@code lv_fwht_tile}: one block per tile of {@link #TILE} contiguous floats (33 KB of
 *       shared memory), the stages {@code h < min(n, TILE)}; grid {@code ceil(rows·n / TILE)}.
 *   <li>{@code lv_fwht_pass<R>}, {@code R = 1..8}: R further stages per pass over memory; grid
 *       {@code rows·n / TILE}. The stages above the tile are split by {@link #passStages}.
 * </ul>
 *
 * <p>Bytes: each kernel reads and writes the {@code rows·n} floats once, so a call moves {@code
 * 8·rows·n·(1 + passes)} bytes with {@code passes = passStages(log2n − 13).length} (0 for {@code
 * n ≤ 2^13}, 1 up to 2^21, 2 up to 2^29): three reads and three writes of the vector at {@code n =
 * 2^22 … 2^29}. Measured on an H200: 85–92 % of a device-to-device copy by that count at n =
 * 2^24 … 2^27 (0.84 ms for one transform of 2^27), 3.7–4.0 TB/s for 2^27 floats as 2^10 … 2^22-long
 * rows (docs/BENCHMARKS.md). Asynchronous: launches are queued on the
 * default stream ({@link CudaKernels#synchronize()} waits). Test: {@code CudaFwhtTest} (needs a
 * device).
 */
public final class CudaFwht {
  /** log2 of the tile of the shared-memory kernel. */
  public static final int TILE_LOG = 13;

  /** Floats a tile of the shared-memory kernel holds. */
  public static final int TILE = 1 << TILE_LOG;

  /** Most stages one global pass does. */
  public static final int MAX_PASS_STAGES = 8;

  /** Largest supported log2 of the length (a DeviceArray holds fewer than 2^31 elements). */
  public static final int MAX_LOG2N = 30;

  static final int THREADS = 256;

  private final CudaKernels cuda;

  public CudaFwht(CudaKernels cuda) {
    this.cuda = Objects.requireNonNull(cuda, "cuda");
  }

  /**
   * Queues the in-place transform of {@code rows} vectors of length {@code 2^log2n} at {@code
   * x[offset …]}.
   *
   * @throws IllegalArgumentException when {@code log2n} is outside {@code [0, 30]}, {@code rows}
   *     is negative, or the rows do not fit the array after {@code offset}
   */
  public void fwht(DeviceArray x, int offset, int log2n, int rows) {
    Objects.requireNonNull(x, "x");
    check(x.length(), offset, log2n, rows);
    if (log2n == 0 || rows == 0) {
      return;
    }
    long total = (long) rows << log2n;
    DeviceSlice at = x.at(offset);
    int tl = Math.min(log2n, TILE_LOG);
    cuda.launch("lv_fwht_tile", tiles(total), THREADS, 0, at, total, tl);
    int h = tl;
    for (int r : passStages(log2n - tl)) {
      cuda.launch("lv_fwht_pass" + r, (int) (total >> TILE_LOG), THREADS, 0, at, h);
      h += r;
    }
  }

  /** Blocks of the tile kernel for {@code total} elements. */
  public static int tiles(long total) {
    return (int) ((total + TILE - 1) >> TILE_LOG);
  }

  /**
   * How the {@code stages} strides at and above the tile are grouped into global passes: {@code
   * ceil(stages / 8)} passes of at most {@link #MAX_PASS_STAGES}, as even as possible with the
   * larger ones last, and the last of at least six when {@code stages ≥ 6} (the passes of six or
   * more exchange through shared memory and need fewer registers, which the fused last pass of
   * the Fastfood projection wants). Empty for {@code stages ≤ 0}.
   */
  public static int[] passStages(int stages) {
    if (stages <= 0) {
      return new int[0];
    }
    int n = (stages + MAX_PASS_STAGES - 1) / MAX_PASS_STAGES;
    int[] r = new int[n];
    int last = stages - (stages / n) * (n - 1);
    if (n > 1 && last < 6) {
      last = 6;
    }
    r[n - 1] = last;
    int rest = stages - last;
    for (int i = 0; i < n - 1; i++) {
      int left = n - 1 - i;
      r[i] = rest / left;
      rest -= r[i];
    }
    return r;
  }

  /** The argument checks of {@link #fwht}, on the array's length. */
  static void check(int length, int offset, int log2n, int rows) {
    if (log2n < 0 || log2n > MAX_LOG2N) {
      throw new IllegalArgumentException(
          "cuda fwht: log2n=" + log2n + " outside [0, " + MAX_LOG2N + "]");
    }
    if (rows < 0) {
      throw new IllegalArgumentException("cuda fwht: negative row count rows=" + rows);
    }
    long end = offset + ((long) rows << log2n);
    if (offset < 0 || end > length) {
      throw new IllegalArgumentException(
          "cuda fwht: "
              + rows
              + " row(s) of length 2^"
              + log2n
              + " at offset "
              + offset
              + " need "
              + end
              + " elements but the device array holds "
              + length);
    }
  }
}
