package io.langevin.kernels.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Element {@code offset} of a {@link DeviceArray} onwards, as a kernel argument ({@link
 * CudaKernels#launch}): the device pointer advanced by {@code 4 · offset} bytes. Obtain one from
 * {@link DeviceArray#at(int)}.
 */
public final class DeviceSlice {
  private final DeviceArray array;
  private final int offset;

  DeviceSlice(DeviceArray array, int offset) {
    if (offset < 0 || offset > array.length()) {
      throw new IllegalArgumentException(
          "device slice: offset " + offset + " outside [0, " + array.length() + "]");
    }
    this.array = array;
    this.offset = offset;
  }

  /** The array this slice starts in. */
  public DeviceArray array() {
    return array;
  }

  /** Offset in 32-bit elements. */
  public int offset() {
    return offset;
  }

  /** Elements from the offset to the end of the array. */
  public int length() {
    return array.length() - offset;
  }

  CUdeviceptr pointer() {
    return array.pointer().withByteOffset(4L * offset);
  }
}
