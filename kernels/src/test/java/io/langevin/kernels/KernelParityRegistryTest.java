package io.langevin.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cpu.KernelMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No fast kernel escapes its reference comparison: every {@code Simd<Family>} class in the kernels
 * module must have a {@code Scalar<Family>} beside it implementing the same interface, and a test
 * class {@code Simd<Family>Test} whose bytecode uses both. The family count is pinned so that a new
 * family is added here on purpose.
 */
class KernelParityRegistryTest {

  /** The kernel families that exist; update with a new family (and its parity test). */
  private static final int FAMILIES = 7;

  @Test
  void everySimdKernelHasAScalarSpecAndAParityTest() throws Exception {
    Path root = classesRoot();
    List<String> simd = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .filter(n -> n.substring(n.lastIndexOf('/') + 1).startsWith("Simd"))
          .forEach(n -> simd.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
    }
    TreeSet<String> problems = new TreeSet<>();
    for (String name : simd) {
      Class<?> fast = Class.forName(name);
      if (fast.isInterface() || fast.getInterfaces().length == 0) {
        continue;
      }
      String pkg = fast.getPackageName();
      String family = fast.getSimpleName().substring("Simd".length());
      Class<?> ref;
      try {
        ref = Class.forName(pkg + ".Scalar" + family);
      } catch (ClassNotFoundException e) {
        problems.add(name + ": no Scalar" + family + " reference");
        continue;
      }
      for (Class<?> iface : fast.getInterfaces()) {
        if (!iface.isAssignableFrom(ref)) {
          problems.add(name + " implements " + iface.getName() + " but Scalar" + family + " does not");
        }
      }
      String test = "/" + pkg.replace('.', '/') + "/Simd" + family + "Test.class";
      try (InputStream in = KernelParityRegistryTest.class.getResourceAsStream(test)) {
        if (in == null) {
          problems.add(name + ": no parity test Simd" + family + "Test");
          continue;
        }
        String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        for (Class<?> c : new Class<?>[] {fast, ref}) {
          if (!bytes.contains(c.getName().replace('.', '/'))) {
            problems.add("Simd" + family + "Test never uses " + c.getSimpleName());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      fail("kernel parity registry:\n  " + String.join("\n  ", problems));
    }
    long families =
        simd.stream()
            .map(KernelParityRegistryTest::load)
            .filter(c -> !c.isInterface() && c.getInterfaces().length > 0)
            .count();
    assertEquals(FAMILIES, families, "SIMD kernel families found: " + simd);
  }

  @Test
  void testJvmRunsTheSimdKernels() {
    assertTrue(
        KernelMode.simd() || System.getProperty("langevin.backend", "").equals("scalar"),
        "tests must exercise the SIMD path: " + KernelMode.describe());
  }

  /** The facades pick the implementation the kernel mode names (scalar specs when forced). */
  @Test
  void facadesFollowTheKernelMode() {
    String prefix = KernelMode.simd() ? "Simd" : "Scalar";
    Object[] chosen = {
      io.langevin.kernels.gemm.Gemm.kernel(),
      io.langevin.kernels.elementwise.Elementwise.kernel(),
      io.langevin.kernels.fwht.Fwht.kernel(),
      io.langevin.kernels.conv.Im2col.kernel(),
      io.langevin.kernels.nnops.SoftmaxCrossEntropy.kernel(),
      io.langevin.kernels.random.Noise.kernel(),
      io.langevin.kernels.update.Update.kernel()
    };
    assertEquals(FAMILIES, chosen.length);
    for (Object k : chosen) {
      assertTrue(
          k.getClass().getSimpleName().startsWith(prefix),
          k.getClass().getName() + " chosen in mode " + KernelMode.describe());
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path classesRoot() throws URISyntaxException, IOException {
    Path p = Path.of(KernelMode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isDirectory(p)) {
      throw new IOException("kernels classes are not a directory: " + p);
    }
    return p;
  }
}
