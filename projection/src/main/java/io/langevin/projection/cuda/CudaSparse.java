package io.langevin.projection.cuda;

import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import io.langevin.projection.SparseProjection;
import java.util.Objects;

/**
 * {@link SparseProjection} on the device, from the CPU object's CSR (rows of P) and CSC (rows of
 * Pᵀ) arrays, uploaded once. Bit-identical to {@link SparseProjection#apply} and {@link
 * SparseProjection#applyTranspose}: each row (column) is summed in float from +0 in storage order,
 * {@code s = s + val·x} with the product rounded first, as the CPU does.
 *
 * <ul>
 *   <li>{@code apply} ({@code out = θ0 + P·θd}): kernel {@code lv_sp_apply}, one thread per row
 *       (grid-stride, 256 threads a block, at most 16 blocks per multiprocessor). Bytes: {@code
 *       4(D + 1)} row pointers {@code + 8·nnz} (column index and value) {@code + 4D} out {@code +
 *       4D} θ0 if given; the gathers from θd (4d bytes) stay in cache. D = 10^8, d = 1000 (global
 *       density, nnz ≈ d·√D = 10^7): about 1.28 GB.
 *   <li>{@code applyTranspose} ({@code outSmall = Pᵀ·g}): kernel {@code lv_sp_transpose}, one warp
 *       per column: the lanes load 256 entries at a time (coalesced index/value reads, 256
 *       gathers of g in flight), then add the products in storage order (a chain of {@code
 *       nnz/d} dependent adds per column, all columns at once). Bytes: {@code 4(d + 1) + 8·nnz +
 *       4·nnz} (gathered g, each 4 bytes costing a 32-byte sector in DRAM, so up to {@code
 *       32·nnz}) {@code + 4d}.
 * </ul>
 *
 * <p>Device memory: {@code 4(D + 1) + 4(d + 1) + 16·nnz} bytes. Construction uploads the six arrays
 * in chunks from read-only views (no host copy). Calls are queued on the default stream and return
 * at once; arrays may be longer than needed; the output must not be the input (θd for apply, g
 * for the transpose: IllegalArgumentException). {@link #close()} frees the device memory. Test:
 * {@code CudaProjectionTest} (needs a device).
 */
public final class CudaSparse extends DeviceProjection {
  /** Most nonzeros the kernels index correctly ({@code lv_sp_transpose} steps 256 past the end). */
  static final int MAX_NONZEROS = Integer.MAX_VALUE - 512;

  private final int nnz;
  private final DeviceArray rowPtr;
  private final DeviceArray colIdx;
  private final DeviceArray rowVal;
  private final DeviceArray colPtr;
  private final DeviceArray rowIdx;
  private final DeviceArray colVal;

  /** Uploads the CSR and CSC arrays of {@code p} once. */
  public CudaSparse(CudaKernels cuda, SparseProjection p) {
    super(cuda, Objects.requireNonNull(p, "projection").targetDim(), p.sourceDim());
    this.nnz = p.nonZeros();
    if (nnz > MAX_NONZEROS) {
      throw new IllegalArgumentException(
          "CudaSparse: " + nnz + " nonzeros > " + MAX_NONZEROS + " (the kernels index with int)");
    }
    try {
      rowPtr = own(DeviceUpload.ints(cuda, p.rowPointers(), "sparse row pointers"));
      colIdx = own(DeviceUpload.ints(cuda, p.rowColumns(), "sparse column indices"));
      rowVal = own(DeviceUpload.floats(cuda, p.rowValues(), "sparse row values"));
      colPtr = own(DeviceUpload.ints(cuda, p.columnPointers(), "sparse column pointers"));
      rowIdx = own(DeviceUpload.ints(cuda, p.columnRows(), "sparse row indices"));
      colVal = own(DeviceUpload.floats(cuda, p.columnValues(), "sparse column values"));
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
  }

  /** Stored nonzeros of P. */
  public int nonZeros() {
    return nnz;
  }

  @Override
  void queueApply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out) {
    if (out == thetaSmall) { // rows are written while other rows still gather from θd
      throw new IllegalArgumentException("CudaSparse.apply: out must not be thetaSmall");
    }
    cuda.launch(
        "lv_sp_apply",
        cuda.grid(bigD, THREADS),
        THREADS,
        0,
        rowPtr,
        colIdx,
        rowVal,
        thetaSmall,
        theta0,
        out,
        bigD);
  }

  @Override
  void queueTranspose(DeviceArray gD, DeviceArray outSmall) {
    if (outSmall == gD) { // columns are written while other columns still gather from g
      throw new IllegalArgumentException("CudaSparse.applyTranspose: outSmall must not be gD");
    }
    cuda.launch(
        "lv_sp_transpose",
        cuda.grid(32L * d, THREADS),
        THREADS,
        0,
        colPtr,
        rowIdx,
        colVal,
        gD,
        outSmall,
        d);
  }

  @Override
  public long applyBytes(boolean withTheta0) {
    return 4L * (bigD + 1) + 8L * nnz + 4L * bigD + (withTheta0 ? 4L * bigD : 0) + 4L * d;
  }

  /** The gather of g counted at 4 bytes an element. */
  @Override
  public long transposeBytes() {
    return 4L * (d + 1) + 12L * nnz + 4L * d;
  }

  @Override
  public String toString() {
    return "CudaSparse[D=" + bigD + ", d=" + d + ", nnz=" + nnz + "]";
  }
}
