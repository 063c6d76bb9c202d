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
 * at once; arrays may be longer than needed. {@link #close()} frees the device memory. Test:
 * {@code CudaProjectionTest} (needs a device).
 */
public final class CudaSparse implements AutoCloseable {
  private static final int THREADS = 256;

  private final CudaKernels cuda;
  private final int bigD;
  private final int d;
  private final int nnz;
  private final DeviceArray rowPtr;
  private final DeviceArray colIdx;
  private final DeviceArray rowVal;
  private final DeviceArray colPtr;
  private final DeviceArray rowIdx;
  private final DeviceArray colVal;
  private boolean closed;

  /** Uploads the CSR and CSC arrays of {@code p} once. */
  public CudaSparse(CudaKernels cuda, SparseProjection p) {
    this.cuda = Objects.requireNonNull(cuda, "cuda");
    Objects.requireNonNull(p, "projection");
    this.bigD = p.targetDim();
    this.d = p.sourceDim();
    this.nnz = p.nonZeros();
    DeviceArray[] made = new DeviceArray[6];
    int n = 0;
    try {
      made[n++] = rowPtr = DeviceUpload.ints(cuda, p.rowPointers(), "sparse row pointers");
      made[n++] = colIdx = DeviceUpload.ints(cuda, p.rowColumns(), "sparse column indices");
      made[n++] = rowVal = DeviceUpload.floats(cuda, p.rowValues(), "sparse row values");
      made[n++] = colPtr = DeviceUpload.ints(cuda, p.columnPointers(), "sparse column pointers");
      made[n++] = rowIdx = DeviceUpload.ints(cuda, p.columnRows(), "sparse row indices");
      made[n++] = colVal = DeviceUpload.floats(cuda, p.columnValues(), "sparse column values");
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < n; i++) {
        made[i].close();
      }
      throw e;
    }
  }

  /** {@code d}, the length of θ_d. */
  public int sourceDim() {
    return d;
  }

  /** {@code D}, the length of θ_D. */
  public int targetDim() {
    return bigD;
  }

  /** Stored nonzeros of P. */
  public int nonZeros() {
    return nnz;
  }

  /**
   * Queues {@code out = θ0 + P·θd} (the first D elements; {@code theta0} may be {@code null}, read
   * as zero, and may be the same array as {@code out}).
   *
   * @throws IllegalArgumentException when an array is shorter than d (thetaSmall) or D
   */
  public synchronized void apply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out) {
    open();
    need("apply", "thetaSmall (θ_d)", thetaSmall, d);
    if (theta0 != null) {
      need("apply", "theta0 (θ_0)", theta0, bigD);
    }
    need("apply", "out (θ_D)", out, bigD);
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

  /**
   * Queues {@code outSmall = Pᵀ·gD}.
   *
   * @throws IllegalArgumentException when gD is shorter than D or outSmall shorter than d
   */
  public synchronized void applyTranspose(DeviceArray gD, DeviceArray outSmall) {
    open();
    need("applyTranspose", "gD", gD, bigD);
    need("applyTranspose", "outSmall", outSmall, d);
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

  /** Bytes {@link #apply} reads and writes (compulsory traffic), for GB/s figures. */
  public long applyBytes(boolean withTheta0) {
    return 4L * (bigD + 1) + 8L * nnz + 4L * bigD + (withTheta0 ? 4L * bigD : 0) + 4L * d;
  }

  /** Bytes {@link #applyTranspose} reads and writes (the gather of g counted at 4 bytes each). */
  public long transposeBytes() {
    return 4L * (d + 1) + 12L * nnz + 4L * d;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      for (DeviceArray a : new DeviceArray[] {rowPtr, colIdx, rowVal, colPtr, rowIdx, colVal}) {
        a.close();
      }
    }
  }

  @Override
  public String toString() {
    return "CudaSparse[D=" + bigD + ", d=" + d + ", nnz=" + nnz + "]";
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("CudaSparse is closed");
    }
  }

  private static void need(String op, String what, DeviceArray a, int length) {
    if (a == null) {
      throw new IllegalArgumentException(
          "CudaSparse." + op + ": " + what + " is null, expected length >= " + length);
    }
    if (a.length() < length) {
      throw new IllegalArgumentException(
          "CudaSparse." + op + ": " + what + " has length " + a.length() + ", expected >= "
              + length);
    }
  }
}
