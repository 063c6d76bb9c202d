package io.langevin.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cpu.VectorMath;
import io.langevin.kernels.random.GaussianMath;
import io.langevin.kernels.random.Philox;
import io.langevin.kernels.random.ScalarNoise;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.UpdateRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA kernels' element math ({@code cuda-src/include/*.cuh}), compiled by nvcc for the host
 * ({@code cuda-src/test/host_check.cu}), against the Java specs, bit for bit: Philox words (the
 * Random123 known answers and random counters), uniforms and Gaussians under the {@code Noise}
 * counter layout, {@code GaussianMath.log/cos2pi/sin2pi}, {@code VectorMath.exp}, and one step of
 * every {@link UpdateRule} against {@code ScalarUpdate} (θ' and every state output; SGNHT's Σ p'²
 * as an exact double, since the host sums in index order like the spec), on random non-zero inputs
 * of ragged sizes and offsets, with and without noise, Santa in both stages with and without the
 * correction; plus the {@link CudaParams} struct layout and the first non-finite index. No GPU is
 * needed: the device code is the same source, and its bit-exactness on a GPU is checked by {@code
 * CudaKernelsTest}. Skipped (with the reason) when nvcc is absent.
 *
 * <p>The host binary is built once into {@code target/cuda-host/} and reused while the sources'
 * SHA-256 is unchanged.
 */
class CudaHostMathTest {
  static final int[] SIZES = {1, 7, 13, 31, 1021, 1024, 1025, 4099};
  static final int[] BASES = {0, 3, 1021, 1, 4, 1023, 2, 5};

  private static Path binary;
  private static String skipped;

  @BeforeAll
  static void build() throws Exception {
    Path nvcc = findNvcc();
    if (nvcc == null) {
      skipped =
          "nvcc not found ($NVCC, PATH, /usr/local/cuda/bin, /usr/local/bin; or"
              + " -Dlangevin.nvcc=none): host math check skipped";
      return;
    }
    Path root = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    Path src = root.resolve("cuda-src");
    Path main = src.resolve("test/host_check.cu");
    if (!Files.isRegularFile(main)) {
      skipped = "cuda-src not found at " + src + ": host math check skipped";
      return;
    }
    List<Path> sources = new ArrayList<>();
    sources.add(main);
    try (Stream<Path> s = Files.list(src.resolve("include"))) {
      s.filter(p -> p.toString().endsWith(".cuh")).sorted().forEach(sources::add);
    }
    String hash = sha256(sources);
    Path dir = Paths.get(System.getProperty("basedir", ".")).resolve("target/cuda-host");
    Files.createDirectories(dir);
    binary = dir.resolve("host_check");
    Path stamp = dir.resolve("host_check.sha256");
    if (Files.isExecutable(binary)
        && Files.isRegularFile(stamp)
        && Files.readString(stamp).equals(hash)) {
      return;
    }
    Path tmp = dir.resolve("host_check.tmp");
    run(
        List.of(
            nvcc.toString(),
            "-x",
            "cu",
            "-std=c++17",
            "-O2",
            "--fmad=false",
            "-Xcompiler",
            "-ffp-contract=off",
            "-o",
            tmp.toString(),
            main.toString()),
        180);
    Files.move(tmp, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(stamp, hash);
  }

  @BeforeEach
  void needsNvcc() {
    Assumptions.assumeTrue(skipped == null, skipped);
  }

  // ----------------------------------------------------------------------------------- tests

  @Test
  void structLayoutMatchesCudaParams() throws Exception {
    Out out = exec(new In().cmd(5));
    assertEquals(CudaParams.BYTES, out.i32(), "sizeof(lv_params)");
    assertEquals(CudaParams.OFF_FLOOR, out.i32(), "offsetof floor_");
    assertEquals(CudaParams.OFF_EXPLORATION, out.i32(), "offsetof exploration");
    assertEquals(CudaParams.OFF_STREAM, out.i32(), "offsetof stream");
    assertEquals(CudaParams.OFF_SEED, out.i32(), "offsetof seed");
    assertEquals(CudaParams.OFF_STEP, out.i32(), "offsetof step");
  }

  @Test
  void philoxWordsMatchJava() throws Exception {
    List<int[]> ctrs = new ArrayList<>();
    ctrs.add(new int[] {0, 0, 0, 0, 0, 0});
    ctrs.add(new int[] {-1, -1, -1, -1, -1, -1});
    ctrs.add(
        new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0});
    ctrs.add(new int[] {1, 0, 0, 0, 0, 0});
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 500; i++) {
      int[] c = new int[6];
      for (int k = 0; k < 6; k++) {
        c[k] = r.nextInt();
      }
      ctrs.add(c);
    }
    In in = new In().cmd(1).i32(ctrs.size());
    for (int[] c : ctrs) {
      for (int w : c) {
        in.i32(w);
      }
    }
    Out out = exec(in);
    // Random123 kat_vectors, "philox4x32 10" lines.
    int[][] kat = {
      {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
      {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
      {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}
    };
    int[] want = new int[4];
    for (int i = 0; i < ctrs.size(); i++) {
      int[] c = ctrs.get(i);
      Philox.block(c[0], c[1], c[2], c[3], c[4], c[5], want);
      int[] got = {out.i32(), out.i32(), out.i32(), out.i32()};
      assertArrayEquals(want, got, "philox block " + i);
      if (i < kat.length) {
        assertArrayEquals(kat[i], got, "Random123 known answer " + i);
      }
    }
  }

  @Test
  void noiseMatchesScalarNoise() throws Exception {
    SplittableRandom r = new SplittableRandom(12);
    long[] firsts = {0, 1, 3, 1021, 4, (1L << 33) + 5, (1L << 40) + 2};
    record Case(long seed, long step, int stream, long first, int n) {}
    List<Case> cases = new ArrayList<>();
    In in = new In();
    for (int c = 0; c < SIZES.length; c++) {
      Case k =
          new Case(
              r.nextLong(),
              r.nextLong(1L << 32),
              r.nextInt(),
              firsts[c % firsts.length],
              SIZES[c]);
      cases.add(k);
      in.cmd(2).i64(k.seed).i32((int) k.step).i32(k.stream).i64(k.first).i32(k.n);
    }
    Out out = exec(in);
    ScalarNoise spec = new ScalarNoise();
    for (Case k : cases) {
      int[] bits = new int[k.n];
      float[] uni = new float[k.n];
      float[] gau = new float[k.n];
      spec.bits(k.seed, k.step, k.stream, k.first, bits, 0, k.n);
      spec.uniform(k.seed, k.step, k.stream, k.first, uni, 0, k.n);
      spec.gaussian(k.seed, k.step, k.stream, k.first, gau, 0, k.n);
      String what = " of " + k;
      assertArrayEquals(bits, out.i32s(k.n), "bits" + what);
      assertBits(uni, out.f32s(k.n), "uniform" + what);
      assertBits(gau, out.f32s(k.n), "gaussian" + what);
    }
  }

  @Test
  void logSinCosExpMatchJava() throws Exception {
    SplittableRandom r = new SplittableRandom(13);
    int n = 20_000;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          switch (i % 4) {
            case 0 -> ((r.nextInt(1 << 24)) + 1) * 0x1p-24f; // the Box–Muller domain (0, 1]
            case 1 -> r.nextInt(1 << 24) * 0x1p-24f; // the angle domain [0, 1)
            case 2 -> (float) r.nextDouble(-110, 95); // exp's whole range, beyond both clamps
            default -> Float.intBitsToFloat(r.nextInt(0x00800000, 0x7f800000)); // positive normals
          };
    }
    x[0] = 1f;
    x[1] = 0.25f;
    x[5] = 0.5f;
    x[9] = 0.75f;
    x[13] = 0x1p-24f;
    In in = new In().cmd(3).i32(n);
    for (float v : x) {
      in.f32(v);
    }
    Out out = exec(in);
    for (int i = 0; i < n; i++) {
      float lg = out.f32(), c = out.f32(), s = out.f32(), e = out.f32();
      float v = x[i];
      assertBit(VectorMath.exp(v), e, "exp(" + v + ")");
      if (v >= 0x1p-126f) {
        assertBit(GaussianMath.log(v), lg, "log(" + v + ")");
      }
      if (v >= 0f && v < 1f) {
        assertBit(GaussianMath.cos2pi(v), c, "cos2pi(" + v + ")");
        assertBit(GaussianMath.sin2pi(v), s, "sin2pi(" + v + ")");
      }
    }
  }

  @Test
  void everyUpdateRuleMatchesScalarUpdate() throws Exception {
    List<UpdateCase> cases = UpdateCase.all(new SplittableRandom(14), SIZES, BASES);
    In in = new In();
    for (UpdateCase k : cases) {
      write(in, k);
    }
    Out out = exec(in);
    for (UpdateCase k : cases) {
      check(out, k);
    }
  }

  @Test
  void firstNonFiniteIndexMatchesScalarUpdate() throws Exception {
    SplittableRandom r = new SplittableRandom(15);
    List<UpdateCase> cases = new ArrayList<>();
    for (UpdateRule rule :
        new UpdateRule[] {UpdateRule.SGLD, UpdateRule.PSGLD, UpdateRule.ADAM, UpdateRule.SGNHT}) {
      UpdateCase k = new UpdateCase(rule, UpdateCase.params(r), 3, 2100, r);
      k.grad[3 + 1500] = Float.NaN;
      k.grad[3 + 1900] = Float.POSITIVE_INFINITY;
      cases.add(k);
    }
    In in = new In();
    for (UpdateCase k : cases) {
      write(in, k);
    }
    Out out = exec(in);
    for (UpdateCase k : cases) {
      RangeResult want = k.reference();
      out.f32s(5 * k.n);
      long bad = out.i64();
      out.f64();
      assertEquals(3 + 1500, want.badIndex, k.rule + " spec");
      assertEquals(want.badIndex, bad, k.rule + ": first non-finite index");
    }
  }

  // ------------------------------------------------------------------------------- update cases

  private static void write(In in, UpdateCase k) {
    in.cmd(4).i32(k.rule.ordinal()).bytes(CudaParams.pack(k.p)).i64(k.base).i32(k.n).i32(1);
    in.f32s(k.theta, k.base, k.n).f32s(k.grad, k.base, k.n);
    for (float[] s : k.state) {
      in.f32s(s, k.base, k.n);
    }
  }

  private static void check(Out out, UpdateCase k) {
    RangeResult want = k.reference();
    String what = k.toString();
    assertEquals(-1, want.badIndex, what + ": the spec found a non-finite value");
    assertBits(k.slice(k.refTheta), out.f32s(k.n), what + " theta'");
    for (int s = 0; s < 4; s++) {
      float[] got = out.f32s(k.n);
      if (s < k.rule.stateArrays()) {
        assertBits(k.slice(k.refState[s]), got, what + " state " + s + "'");
      }
    }
    assertEquals(-1L, out.i64(), what + ": bad index");
    assertEquals(want.sumSquares, out.f64(), 0.0, what + ": sum of squares");
  }

  // ----------------------------------------------------------------------------- assertions

  private static void assertBit(float want, float got, String what) {
    if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
      fail(what + ": Java " + want + " (" + hex(want) + "), host CUDA " + got + " (" + hex(got)
          + "), " + ulps(want, got) + " ulp apart");
    }
  }

  private static void assertBits(float[] want, float[] got, String what) {
    for (int i = 0; i < want.length; i++) {
      assertBit(want[i], got[i], what + " [" + i + "]");
    }
  }

  private static String hex(float f) {
    return String.format("0x%08x", Float.floatToRawIntBits(f));
  }

  private static long ulps(float a, float b) {
    return Math.abs((long) Float.floatToRawIntBits(a) - Float.floatToRawIntBits(b));
  }

  // ---------------------------------------------------------------------------- the host binary

  private static Out exec(In in) throws Exception {
    Path dir = binary.getParent();
    Path inFile = Files.createTempFile(dir, "in", ".bin");
    Path outFile = Files.createTempFile(dir, "out", ".bin");
    try {
      Files.write(inFile, in.cmd(0).toByteArray());
      run(List.of(binary.toString(), inFile.toString(), outFile.toString()), 60);
      return new Out(Files.readAllBytes(outFile));
    } finally {
      Files.deleteIfExists(inFile);
      Files.deleteIfExists(outFile);
    }
  }

  private static void run(List<String> cmd, int timeoutSeconds) throws Exception {
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] log;
    try (var is = proc.getInputStream()) {
      log = is.readAllBytes();
    }
    if (!proc.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      fail(cmd.get(0) + " did not finish in " + timeoutSeconds + " s");
    }
    if (proc.exitValue() != 0) {
      fail(String.join(" ", cmd) + " exited with " + proc.exitValue() + ":\n"
          + new String(log, StandardCharsets.UTF_8));
    }
  }

  private static Path findNvcc() {
    if ("none".equals(System.getProperty("langevin.nvcc"))) {
      return null;
    }
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("NVCC");
    if (env != null && !env.isBlank()) {
      candidates.add(Paths.get(env));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty()) {
          candidates.add(Paths.get(d, "nvcc"));
        }
      }
    }
    candidates.add(Paths.get("/usr/local/cuda/bin/nvcc"));
    candidates.add(Paths.get("/usr/local/bin/nvcc"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String sha256(List<Path> files) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (Path f : files) {
      md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      md.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Little-endian command writer. */
  private static final class In {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteBuffer b8 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    In cmd(int id) {
      return i32(id);
    }

    In i32(int v) {
      b8.clear();
      bytes.write(b8.putInt(v).array(), 0, 4);
      return this;
    }

    In i64(long v) {
      b8.clear();
      bytes.write(b8.putLong(v).array(), 0, 8);
      return this;
    }

    In f32(float v) {
      return i32(Float.floatToRawIntBits(v));
    }

    In f32s(float[] a, int off, int n) {
      ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(a, off, n);
      bytes.write(b.array(), 0, 4 * n);
      return this;
    }

    In bytes(byte[] a) {
      bytes.write(a, 0, a.length);
      return this;
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** Little-endian result reader. */
  private static final class Out {
    private final ByteBuffer b;

    Out(byte[] data) {
      b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    int i32() {
      return b.getInt();
    }

    long i64() {
      return b.getLong();
    }

    float f32() {
      return b.getFloat();
    }

    double f64() {
      return b.getDouble();
    }

    int[] i32s(int n) {
      int[] a = new int[n];
      b.asIntBuffer().get(a);
      b.position(b.position() + 4 * n);
      return a;
    }

    float[] f32s(int n) {
      float[] a = new float[n];
      b.asFloatBuffer().get(a);
      b.position(b.position() + 4 * n);
      return a;
    }
  }
}
