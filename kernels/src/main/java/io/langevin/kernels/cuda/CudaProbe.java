package io.langevin.kernels.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Answers, once and without ever crashing, whether a CUDA device is usable from this JVM, and if
 * not, why. It binds {@code libcuda.so.1} (the driver library, the only one the GPU backend needs)
 * and asks {@code cuInit} and {@code cuDeviceGetCount}.
 *
 * <p>The GPU backend itself (kernels in {@code cuda-src/}, launched through JCuda's driver API)
 * arrives with its own issue; until then {@link #available()} is false even on a GPU machine, and
 * {@link #reason()} says so.
 */
public final class CudaProbe {
  private static final String REASON;
  private static final int DEVICES;

  static {
    String reason;
    int devices = 0;
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup lib = SymbolLookup.libraryLookup("libcuda.so.1", arena);
      Linker linker = Linker.nativeLinker();
      MethodHandle cuInit =
          linker.downcallHandle(
              lib.findOrThrow("cuInit"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      int rc = (int) cuInit.invokeExact(0);
      if (rc != 0) {
        reason = "cuInit failed with CUresult " + rc + " (driver present, no usable device)";
      } else {
        MethodHandle count =
            linker.downcallHandle(
                lib.findOrThrow("cuDeviceGetCount"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
        int rc2 = (int) count.invokeExact(out);
        devices = rc2 == 0 ? out.get(ValueLayout.JAVA_INT, 0) : 0;
        reason =
            devices == 0
                ? "cuDeviceGetCount found no device (CUresult " + rc2 + ")"
                : devices + " CUDA device(s) found, but the CUDA backend is not built yet;"
                    + " CPU kernels are used";
      }
    } catch (IllegalArgumentException e) {
      reason = "libcuda.so.1 not found (no NVIDIA driver on this machine)";
    } catch (Throwable t) {
      reason = "CUDA probe failed: " + t;
    }
    REASON = reason;
    DEVICES = devices;
  }

  private CudaProbe() {}

  /** True when the CUDA backend can run kernels here (never, until the backend lands). */
  public static boolean available() {
    return false;
  }

  /** Number of CUDA devices the driver reports (0 without a driver). */
  public static int deviceCount() {
    return DEVICES;
  }

  /** Why {@link #available()} is false. */
  public static String reason() {
    return REASON;
  }
}
