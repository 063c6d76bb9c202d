package io.langevin.kernels.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Answers, once and without ever crashing, whether the CUDA backend can run here, and if not, why.
 * It binds {@code libcuda.so.1} (the driver library, the only one the GPU backend needs) through
 * FFM, asks {@code cuInit} and {@code cuDeviceGetCount}, and looks for the kernels' fatbin ({@link
 * #FATBIN}, built from {@code cuda-src/} by the Maven build when nvcc is present). It does not load
 * JCuda; {@link Backend} does that, once, when this probe says yes.
 */
public final class CudaProbe {
  /** Class-path resource of the compiled kernels (sm_90 + compute_90 PTX + sm_80). */
  public static final String FATBIN = "/io/langevin/kernels/cuda/langevin.fatbin";

  private static final String REASON;
  private static final int DEVICES;
  private static final boolean FATBIN_PRESENT;

  static {
    String reason;
    int devices = 0;
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup lib = SymbolLookup.libraryLookup("libcuda.so.1", arena);
      Linker linker = Linker.nativeLinker();
      MethodHandle cuInit =
          linker.downcallHandle(
              lib.findOrThrow("cuInit"),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
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
        reason = devices == 0 ? "cuDeviceGetCount found no device (CUresult " + rc2 + ")" : null;
      }
    } catch (IllegalArgumentException e) {
      reason = "libcuda.so.1 not found (no NVIDIA driver on this machine)";
    } catch (Throwable t) {
      reason = "CUDA probe failed: " + t;
    }
    boolean fatbin = CudaProbe.class.getResource(FATBIN) != null;
    if (reason == null && !fatbin) {
      reason =
          devices
              + " CUDA device(s) found, but the kernels were not built: no "
              + FATBIN
              + " in this build (nvcc was not found when the kernels module was built)";
    }
    REASON = reason == null ? devices + " CUDA device(s) found; kernels " + FATBIN : reason;
    DEVICES = devices;
    FATBIN_PRESENT = fatbin;
  }

  private CudaProbe() {}

  /**
   * True when a CUDA device is present and the kernels' fatbin is on the class path. (Whether
   * JCuda then initialises is {@link Backend}'s business.)
   */
  public static boolean available() {
    return DEVICES > 0 && FATBIN_PRESENT;
  }

  /** Number of CUDA devices the driver reports (0 without a driver). */
  public static int deviceCount() {
    return DEVICES;
  }

  /** Whether the fatbin resource {@link #FATBIN} is on the class path. */
  public static boolean fatbinPresent() {
    return FATBIN_PRESENT;
  }

  /** Why {@link #available()} is false, or what was found when it is true. */
  public static String reason() {
    return REASON;
  }
}
