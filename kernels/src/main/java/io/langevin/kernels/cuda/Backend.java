package io.langevin.kernels.cuda;

import java.lang.System.Logger.Level;

/**
 * Which backend runs the GPU-capable kernels in this JVM, decided once: {@link #CUDA} when {@link
 * CudaProbe} finds a device and the kernels' fatbin, and JCuda then initialises ({@link
 * CudaKernels#get()}); {@link #CPU} otherwise, or when {@code -Dlangevin.gpu=off}. The choice and
 * its reason are logged once (System.Logger, INFO). Never throws: any failure of the CUDA path
 * (missing driver, missing native library, a CUDA error) selects {@link #CPU} with the failure as
 * the reason.
 */
public enum Backend {
  /** The Java kernels (scalar + SIMD, multi-threaded). Always available. */
  CPU,
  /** The CUDA kernels of {@code cuda-src}, launched through JCuda's driver API. */
  CUDA;

  private static volatile Backend selected;
  private static volatile String reason;

  /** The backend chosen for this JVM (decided and logged on the first call). */
  public static Backend selected() {
    Backend b = selected;
    if (b == null) {
      synchronized (Backend.class) {
        if (selected == null) {
          decide();
        }
        b = selected;
      }
    }
    return b;
  }

  /** Why {@link #selected()} chose what it chose. */
  public static String reason() {
    selected();
    return reason;
  }

  private static void decide() {
    Backend b = CPU;
    String why;
    String setting = System.getProperty("langevin.gpu", "auto").trim();
    if (setting.equalsIgnoreCase("off") || setting.equalsIgnoreCase("false")) {
      why = "-Dlangevin.gpu=" + setting + " forces the CPU kernels";
    } else if (!CudaProbe.available()) {
      why = CudaProbe.reason() + "; CPU kernels are used";
    } else {
      try {
        CudaKernels k = CudaKernels.get();
        b = CUDA;
        why = "CUDA on " + k.deviceName() + " (" + CudaProbe.reason() + ")";
      } catch (Throwable t) {
        why = "CUDA device present but the CUDA backend failed to start: " + t + "; CPU kernels are used";
      }
    }
    reason = why;
    selected = b;
    System.getLogger(Backend.class.getName())
        .log(Level.INFO, "langevin backend: " + b.name().toLowerCase() + " (" + why + ")");
  }
}
