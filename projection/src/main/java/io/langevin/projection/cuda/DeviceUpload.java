package io.langevin.projection.cuda;

import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Uploads of a projection's host structure (read-only buffer views, no copy on the host) into new
 * {@link DeviceArray}s, in chunks of at most {@link #CHUNK} elements through one staging array
 * and the copy kernel {@code lv_proj_copy32}, so no host array of the full length is made. Ints
 * travel as their raw bits in a float array ({@link Float#intBitsToFloat}); bit patterns of NaNs
 * are refused, so that no platform can change a word on the way (they never occur: indices and
 * pointers are below 2^31 − 2^23). Synchronous: returns when the data is on the device.
 */
final class DeviceUpload {
  /** Elements per staging chunk (16 MB). */
  static final int CHUNK = 1 << 22;

  private static final int THREADS = 256;

  private DeviceUpload() {}

  /** A new device array holding the remaining floats of {@code src} (position unchanged). */
  static DeviceArray floats(CudaKernels cuda, FloatBuffer src, String what) {
    int n = src.remaining();
    int p = src.position();
    return chunked(cuda, n, what, (at, buf, len) -> src.get(p + at, buf, 0, len));
  }

  /** A new device array holding the remaining ints of {@code src} as raw words. */
  static DeviceArray ints(CudaKernels cuda, IntBuffer src, String what) {
    int n = src.remaining();
    int p = src.position();
    int[] words = new int[Math.min(n, CHUNK)];
    return chunked(
        cuda,
        n,
        what,
        (at, buf, len) -> {
          src.get(p + at, words, 0, len);
          for (int i = 0; i < len; i++) {
            int w = words[i];
            if ((w & 0x7f800000) == 0x7f800000 && (w & 0x007fffff) != 0) {
              throw new IllegalArgumentException(
                  "device upload of " + what + ": entry " + (at + i) + " = " + w
                      + " is a NaN bit pattern");
            }
            buf[i] = Float.intBitsToFloat(w);
          }
        });
  }

  /** A new device array of the given floats (small arrays: one copy). */
  static DeviceArray floats(CudaKernels cuda, float[] host) {
    return cuda.upload(host);
  }

  private interface Fill {
    void fill(int at, float[] buf, int len);
  }

  private static DeviceArray chunked(CudaKernels cuda, int n, String what, Fill fill) {
    DeviceArray dst = cuda.alloc(n);
    try {
      if (n == 0) {
        return dst;
      }
      float[] buf = new float[Math.min(n, CHUNK)];
      if (n <= CHUNK) {
        fill.fill(0, buf, n);
        dst.copyFrom(buf);
        return dst;
      }
      try (DeviceArray stage = cuda.alloc(CHUNK)) {
        for (long next = 0; next < n; next += CHUNK) { // long: n may come within CHUNK of 2^31
          int at = (int) next;
          int len = Math.min(CHUNK, n - at);
          fill.fill(at, buf, len);
          // synchronous copy on the legacy stream: runs after the previous chunk's copy kernel
          stage.copyFrom(buf);
          cuda.launch(
              "lv_proj_copy32", cuda.grid(len, THREADS), THREADS, 0, stage, dst.at(at), len);
        }
        cuda.synchronize();
      }
      return dst;
    } catch (RuntimeException | Error e) {
      dst.close();
      throw e;
    }
  }
}
