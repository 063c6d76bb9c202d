package io.langevin.projection.cuda;

import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A projection {@code P: R^d → R^D} whose structure lives on the device ({@link CudaFastfood},
 * {@link CudaSparse}): the sizes, the argument checks of {@link #apply} and {@link
 * #applyTranspose}, and the device arrays it owns and frees on {@link #close()}. Calls are queued
 * on the default stream and return at once ({@link CudaKernels#synchronize()} waits); calls on one
 * instance are serialised ({@code synchronized}). Arrays may be longer than needed (the extra
 * elements are not touched).
 */
public abstract sealed class DeviceProjection implements AutoCloseable
    permits CudaFastfood, CudaSparse {
  static final int THREADS = 256;

  final CudaKernels cuda;
  final int bigD;
  final int d;
  private final List<DeviceArray> owned = new ArrayList<>();
  private boolean closed;

  DeviceProjection(CudaKernels cuda, int bigD, int d) {
    this.cuda = Objects.requireNonNull(cuda, "cuda");
    this.bigD = bigD;
    this.d = d;
  }

  /** {@code d}, the length of θ_d. */
  public int sourceDim() {
    return d;
  }

  /** {@code D}, the length of θ_D. */
  public int targetDim() {
    return bigD;
  }

  /**
   * Queues {@code out = θ0 + P·θd} (the first D elements of each array; {@code theta0} may be
   * {@code null}, read as zero, and may be the same array as {@code out}).
   *
   * @throws IllegalArgumentException when an array is shorter than d (thetaSmall) or D
   * @throws IllegalStateException after {@link #close()}
   */
  public final synchronized void apply(
      DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out) {
    open();
    need("apply", "thetaSmall (θ_d)", thetaSmall, d);
    if (theta0 != null) {
      need("apply", "theta0 (θ_0)", theta0, bigD);
    }
    need("apply", "out (θ_D)", out, bigD);
    queueApply(thetaSmall, theta0, out);
  }

  /**
   * Queues {@code outSmall = Pᵀ·gD} (the first D elements of gD, the first d of outSmall).
   *
   * @throws IllegalArgumentException when gD is shorter than D or outSmall shorter than d
   * @throws IllegalStateException after {@link #close()}
   */
  public final synchronized void applyTranspose(DeviceArray gD, DeviceArray outSmall) {
    open();
    need("applyTranspose", "gD", gD, bigD);
    need("applyTranspose", "outSmall", outSmall, d);
    queueTranspose(gD, outSmall);
  }

  /** Bytes {@link #apply} reads and writes in device memory (compulsory traffic), for GB/s. */
  public abstract long applyBytes(boolean withTheta0);

  /** Bytes {@link #applyTranspose} reads and writes (compulsory traffic), for GB/s. */
  public abstract long transposeBytes();

  /** The launches of {@link #apply}, arguments checked. */
  abstract void queueApply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out);

  /** The launches of {@link #applyTranspose}, arguments checked. */
  abstract void queueTranspose(DeviceArray gD, DeviceArray outSmall);

  /** Registers a device array that {@link #close()} frees; returns it. */
  final DeviceArray own(DeviceArray a) {
    owned.add(a);
    return a;
  }

  /** Frees every owned array (for {@link #close()}, and for a constructor that failed midway). */
  final void release() {
    for (DeviceArray a : owned) {
      a.close();
    }
    owned.clear();
  }

  @Override
  public final synchronized void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
  }

  private void need(String op, String what, DeviceArray a, int length) {
    String where = getClass().getSimpleName() + "." + op + ": " + what;
    if (a == null) {
      throw new IllegalArgumentException(where + " is null, expected length >= " + length);
    }
    if (a.length() < length) {
      throw new IllegalArgumentException(
          where + " has length " + a.length() + ", expected >= " + length);
    }
  }
}
