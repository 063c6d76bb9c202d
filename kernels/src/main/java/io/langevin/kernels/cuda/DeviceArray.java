package io.langevin.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * A device buffer of {@link #length()} 32-bit elements (float θ, gradients and state, or the raw
 * Philox words of {@link CudaKernels#bits}), allocated with {@code cuMemAlloc} in {@link
 * CudaKernels}' context. Copies between host and device are synchronous; {@link
 * #copyFrom(DeviceArray)} and {@link #fill} are queued on the default stream in order. Close it to
 * free the device memory (a closed array throws {@link IllegalStateException} when used). Obtain
 * one from {@link CudaKernels#alloc} or {@link CudaKernels#upload}.
 */
public final class DeviceArray implements AutoCloseable {
  private final CudaKernels owner;
  private final int length;
  private CUdeviceptr ptr;

  DeviceArray(CudaKernels owner, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("device array: length must be >= 0, found " + length);
    }
    this.owner = owner;
    this.length = length;
    owner.makeCurrent();
    this.ptr = new CUdeviceptr();
    cuMemAlloc(ptr, Math.max(4L, 4L * length));
  }

  /** Number of 32-bit elements. */
  public int length() {
    return length;
  }

  /** Copies {@code src[off .. off+length)} to the device. */
  public DeviceArray copyFrom(float[] src, int off) {
    check(src.length, off);
    owner.makeCurrent();
    cuMemcpyHtoD(pointer(), Pointer.to(src).withByteOffset(4L * off), 4L * length);
    return this;
  }

  /** Copies {@code src[0 .. length())} to the device ({@code src} may be longer). */
  public DeviceArray copyFrom(float[] src) {
    return copyFrom(src, 0);
  }

  /** Copies the device contents into {@code dst[off .. off+length)}. */
  public void copyTo(float[] dst, int off) {
    check(dst.length, off);
    owner.makeCurrent();
    cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * off), pointer(), 4L * length);
  }

  /** Copies the device contents into {@code dst[off .. off+length)}, as raw 32-bit words. */
  public void copyTo(int[] dst, int off) {
    check(dst.length, off);
    owner.makeCurrent();
    cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * off), pointer(), 4L * length);
  }

  /** Copies the first {@link #length()} elements of device array {@code src} into this one. */
  public DeviceArray copyFrom(DeviceArray src) {
    if (src.length < length) {
      throw new IllegalArgumentException(
          "device array: source of length " + src.length + " < destination length " + length);
    }
    owner.makeCurrent();
    cuMemcpyDtoD(pointer(), src.pointer(), 4L * length);
    return this;
  }

  /** Sets every element to {@code value}. */
  public DeviceArray fill(float value) {
    owner.makeCurrent();
    cuMemsetD32(pointer(), Float.floatToRawIntBits(value), length);
    return this;
  }

  /** Element {@code offset} onwards, as a kernel argument. */
  public DeviceSlice at(int offset) {
    return new DeviceSlice(this, offset);
  }

  /** The device contents as a new float array. */
  public float[] toFloats() {
    float[] out = new float[length];
    copyTo(out, 0);
    return out;
  }

  /** Element {@code i} as a float (one 4-byte copy). */
  float get(int i) {
    if (i < 0 || i >= length) {
      throw new IllegalArgumentException(
          "device array: index " + i + " outside [0, " + length + ")");
    }
    float[] one = new float[1];
    owner.makeCurrent();
    cuMemcpyDtoH(Pointer.to(one), pointer().withByteOffset(4L * i), 4L);
    return one[0];
  }

  /** The device pointer (for kernel arguments). */
  CUdeviceptr pointer() {
    if (ptr == null) {
      throw new IllegalStateException("device array of length " + length + " is closed");
    }
    return ptr;
  }

  private void check(int hostLength, int off) {
    if (off < 0 || (long) off + length > hostLength) {
      throw new IllegalArgumentException(
          "device array: host range off="
              + off
              + " length="
              + length
              + " does not fit a host array of length "
              + hostLength);
    }
  }

  @Override
  public void close() {
    if (ptr != null) {
      owner.makeCurrent();
      cuMemFree(ptr);
      ptr = null;
    }
  }
}
