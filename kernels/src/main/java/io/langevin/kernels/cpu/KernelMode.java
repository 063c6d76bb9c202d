package io.langevin.kernels.cpu;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chooses, once per JVM, whether CPU kernels run their Vector API (SIMD) implementation or their
 * plain scalar reference.
 *
 * <p>Settings: {@code -Dlangevin.backend=scalar} forces the scalar references; {@code
 * -Dlangevin.simd.bits=128|256|512} narrows the vector width (for testing narrower paths on a wide
 * machine). SIMD is refused, with the reason logged once, when the {@code jdk.incubator.vector}
 * module is not in the boot layer, when C2 is off (vector code is then many times slower than
 * scalar) or when the preferred float vector is narrower than 128 bits.
 */
public final class KernelMode {

  private static final System.Logger LOG = System.getLogger("io.langevin.kernels");
  private static final String REASON;
  private static final int BITS;

  static {
    String reason = null;
    int bits = 0;
    String backend = System.getProperty("langevin.backend", "").trim();
    if (backend.equalsIgnoreCase("scalar")) {
      reason = "-Dlangevin.backend=scalar forces the scalar reference kernels";
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      reason =
          "the jdk.incubator.vector module is not readable; run java with"
              + " --add-modules jdk.incubator.vector";
    } else if (!c2Enabled()) {
      reason = "the C2 compiler is off (-Xint or TieredStopAtLevel<4): vector code would be slow";
    } else {
      int preferred = PreferredShape.bits();
      String forced = System.getProperty("langevin.simd.bits", "").trim();
      if (!forced.isEmpty()) {
        int f;
        try {
          f = Integer.parseInt(forced);
        } catch (NumberFormatException e) {
          f = -1;
        }
        if (f != 128 && f != 256 && f != 512) {
          throw new IllegalArgumentException(
              "-Dlangevin.simd.bits must be 128, 256 or 512, found '" + forced + "'");
        }
        if (f > preferred) {
          throw new IllegalArgumentException(
              "-Dlangevin.simd.bits=" + f + " exceeds this CPU's preferred width " + preferred);
        }
        LOG.log(System.Logger.Level.WARNING, "vector width forced to " + f + " bits");
        bits = f;
      } else {
        bits = preferred;
      }
      if (bits < 128) {
        reason = "preferred float vector is " + bits + " bits (< 128): no useful SIMD";
        bits = 0;
      }
    }
    if (reason != null) {
      LOG.log(System.Logger.Level.INFO, "langevin CPU kernels use scalar references: " + reason);
    }
    REASON = reason;
    BITS = bits;
  }

  private KernelMode() {}

  /** True when the Vector API implementations are in use. */
  public static boolean simd() {
    return BITS > 0;
  }

  /** Vector width in bits used by SIMD kernels; 0 when the scalar references are in use. */
  public static int vectorBits() {
    return BITS;
  }

  /** Why the scalar references are in use, or {@code null} when SIMD is on. */
  public static String scalarReason() {
    return REASON;
  }

  /** Short description such as {@code "simd 512-bit"} or {@code "scalar (reason)"}. */
  public static String describe() {
    return simd() ? "simd " + BITS + "-bit" : "scalar (" + REASON + ")";
  }

  /** Picks the SIMD or scalar implementation of a kernel family, once, by the mode above. */
  public static <T> T select(Supplier<? extends T> simd, Supplier<? extends T> scalar) {
    return simd() ? simd.get() : scalar.get();
  }

  private static boolean c2Enabled() {
    String info = System.getProperty("java.vm.info", "");
    if (info.contains("interpreted")) {
      return false;
    }
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String a : args) {
      if (a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4")) {
        return false;
      }
    }
    return true;
  }

  /** Isolated so that vector classes are touched only once the module is known to be present. */
  private static final class PreferredShape {
    static int bits() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
  }
}
