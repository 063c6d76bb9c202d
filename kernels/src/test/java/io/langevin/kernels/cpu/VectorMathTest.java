package io.langevin.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.elementwise.ElementwiseKernel;
import io.langevin.kernels.elementwise.SimdElementwise;
import io.langevin.kernels.nnops.SimdSoftmaxCrossEntropy;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath}: vector and scalar twin bit for bit, accuracy against {@link Math} in double,
 * the special values, and the property the class exists for: a SIMD kernel built on it gives the
 * same bits on every call of a fresh JVM, from the interpreter through C1 to C2.
 *
 * <p>Inputs: every 509th float bit pattern (8.4 M values spread over the whole float range, both
 * signs, subnormals, infinities and NaNs included) plus dense sweeps (every float, or every few) of
 * each function's delicate regions: exp's underflow and overflow boundaries, log's subnormals and
 * the neighbourhood of 1, log1p near −1 and 0, tanh around its polynomial/exp switch at 0.75.
 *
 * <p>Accuracy is the error of the float result against the double value of {@link Math} (rounded to
 * float it is the reference of {@code ScalarElementwise}), in ulps of the rounded reference; and
 * the distance in float steps ("bit distance") from that rounded reference. Limits are the maxima
 * measured over every 17th bit pattern, with a little headroom:
 *
 * <pre>
 *            measured   limit   bit distance
 *   exp       0.978     0.99    1
 *   log       0.829     0.85    1
 *   log1p     0.814     0.85    1
 *   tanh      1.047     1.07    1
 *   sigmoid   2.40      2.45    2
 *   softplus  1.59      1.65    2
 * </pre>
 *
 * Overflow and underflow are therefore exact where it matters: exp gives +Inf exactly where {@code
 * (float) Math.exp} does and 0 or a subnormal within one step of it.
 */
class VectorMathTest {

  private static final VectorSpecies<Float> S = Species.F;
  private static final int STRIDE = 509;

  @FunctionalInterface
  private interface ScalarFn {
    float apply(float x);
  }

  @FunctionalInterface
  private interface VectorFn {
    FloatVector apply(FloatVector x);
  }

  private record Fn(
      String name,
      ScalarFn scalar,
      VectorFn vector,
      DoubleUnaryOperator exact,
      double maxUlp,
      int maxSteps) {}

  private static final Fn EXP = new Fn("exp", VectorMath::exp, VectorMath::exp, Math::exp, 0.99, 1);
  private static final Fn LOG = new Fn("log", VectorMath::log, VectorMath::log, Math::log, 0.85, 1);
  private static final Fn LOG1P =
      new Fn("log1p", VectorMath::log1p, VectorMath::log1p, Math::log1p, 0.85, 1);
  private static final Fn TANH =
      new Fn("tanh", VectorMath::tanh, VectorMath::tanh, Math::tanh, 1.07, 1);
  private static final Fn SIGMOID =
      new Fn(
          "sigmoid",
          VectorMath::sigmoid,
          VectorMath::sigmoid,
          x -> 1.0 / (1.0 + Math.exp(-x)),
          2.45,
          2);
  private static final Fn SOFTPLUS =
      new Fn(
          "softplus",
          VectorMath::softplus,
          VectorMath::softplus,
          x -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))),
          1.65,
          2);

  // ---------------------------------------------------------------- inputs

  /**
   * Every {@code stride}-th float bit pattern in [lo, hi] (as numbers), padded to whole vectors.
   */
  private static float[] range(float lo, float hi, int stride) {
    List<float[]> parts = new ArrayList<>();
    if (lo < 0) {
      parts.add(
          bitSweep(
              Float.floatToRawIntBits(Math.min(-0f, hi)), Float.floatToRawIntBits(lo), stride));
    }
    if (hi >= 0) {
      parts.add(
          bitSweep(Float.floatToRawIntBits(Math.max(0f, lo)), Float.floatToRawIntBits(hi), stride));
    }
    return concat(parts);
  }

  /** Bit patterns {@code from, from + stride, …} up to {@code to} (non-negative int patterns). */
  private static float[] bitSweep(int from, int to, int stride) {
    int count = (int) (((long) to - from) / stride + 1);
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      x[i] = Float.intBitsToFloat(from + i * stride);
    }
    return x;
  }

  /** Every 509th bit pattern of all 2^32, plus the special values. */
  private static float[] wholeRange() {
    int count = (int) ((1L << 32) / STRIDE) + 1;
    float[] x = new float[count + SPECIALS.length];
    for (int i = 0; i < count; i++) {
      x[i] = Float.intBitsToFloat((int) ((long) i * STRIDE));
    }
    System.arraycopy(SPECIALS, 0, x, count, SPECIALS.length);
    return x;
  }

  private static final float[] SPECIALS = {
    0f,
    -0f,
    1f,
    -1f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    -Float.MIN_NORMAL,
    Math.nextDown(Float.MIN_NORMAL),
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN,
    Float.intBitsToFloat(0x7f800001), // signalling-pattern NaN
    Float.intBitsToFloat(0xffc00000), // negative quiet NaN
    88.72283f,
    88.722839f,
    -87.33655f,
    -103.27893f,
    -103.972084f,
    -104f,
    89f,
    0.75f,
    Math.nextDown(0.75f),
    0x1p-24f,
    -0x1p-24f,
    Math.nextUp(-1f)
  };

  private static float[] concat(List<float[]> parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  // ---------------------------------------------------------------- checks

  /** Runs the vector form over {@code x} (padded to whole vectors with 1s). */
  private static float[] vector(Fn f, float[] x) {
    int n = (x.length + S.length() - 1) / S.length() * S.length();
    float[] in = Arrays.copyOf(x, n);
    Arrays.fill(in, x.length, n, 1f);
    float[] out = new float[n];
    for (int i = 0; i < n; i += S.length()) {
      f.vector().apply(FloatVector.fromArray(S, in, i)).intoArray(out, i);
    }
    return out;
  }

  /**
   * Checks vector == scalar twin bit for bit (NaN as NaN) and the error against {@link Math};
   * returns the largest error in ulps.
   */
  private static double check(Fn f, float[] x) {
    float[] v = vector(f, x);
    double worst = 0;
    float worstAt = 0;
    for (int i = 0; i < x.length; i++) {
      float s = f.scalar().apply(x[i]);
      if (Float.floatToIntBits(s) != Float.floatToIntBits(v[i])) {
        fail(f.name() + "(" + x[i] + "): vector " + v[i] + " but scalar twin " + s);
      }
      double exact = f.exact().applyAsDouble(x[i]);
      float ref = (float) exact;
      if (Float.isNaN(ref) || Float.isInfinite(ref)) {
        if (Float.floatToIntBits(ref) != Float.floatToIntBits(s)) {
          fail(f.name() + "(" + x[i] + ") = " + s + ", expected " + ref);
        }
        continue;
      }
      if (!Float.isFinite(s)) {
        fail(f.name() + "(" + x[i] + ") = " + s + ", expected " + ref);
      }
      double err = Math.abs(s - exact) / Math.ulp(ref);
      if (err > worst) {
        worst = err;
        worstAt = x[i];
      }
      int steps = Math.abs(order(s) - order(ref));
      if (steps > f.maxSteps()) {
        fail(f.name() + "(" + x[i] + ") = " + s + ", " + steps + " float steps from " + ref);
      }
    }
    assertTrue(
        worst <= f.maxUlp(),
        f.name() + ": " + worst + " ulp at x = " + worstAt + " (limit " + f.maxUlp() + ")");
    return worst;
  }

  /** Position of a finite float on the number line, in float steps (−0 and +0 both 0). */
  private static int order(float v) {
    int b = Float.floatToRawIntBits(v);
    return b < 0 ? -(b & 0x7fffffff) : b;
  }

  // ---------------------------------------------------------------- sweeps

  @Test
  void expOverTheWholeRangeAndItsBoundaries() {
    check(EXP, wholeRange());
    check(EXP, range(-104.5f, -87f, 3)); // gradual underflow into subnormals, then 0
    check(EXP, range(88f, 89.5f, 1)); // the last finite results, then +Inf
    check(EXP, range(-1e-3f, 1e-3f, 997)); // around 1
  }

  @Test
  void logOverTheWholeRangeAndItsBoundaries() {
    check(LOG, wholeRange());
    check(LOG, bitSweep(1, 0x00800000, 7)); // subnormals
    check(LOG, range(0.99f, 1.01f, 1)); // around 1
    check(LOG, range(3e38f, Float.MAX_VALUE, 1));
  }

  @Test
  void log1pOverTheWholeRangeAndItsBoundaries() {
    check(LOG1P, wholeRange());
    check(LOG1P, range(-1f, -0.99f, 1)); // towards −Inf at −1
    check(LOG1P, range(-0x1p-10f, 0x1p-10f, 997)); // around 0
    check(LOG1P, range(-0.2935f, -0.2925f, 1)); // the edges of the f = x region
    check(LOG1P, range(0.4137f, 0.4147f, 1));
    check(LOG1P, range(1e7f, 1e8f, 7)); // where 1 + x stops being exact
  }

  @Test
  void tanhOverTheWholeRangeAndItsBoundaries() {
    check(TANH, wholeRange());
    check(TANH, range(-0.8f, -0.7f, 1)); // the polynomial/exp switch
    check(TANH, range(0.7f, 0.8f, 1));
    check(TANH, range(8f, 10f, 3)); // saturation to 1
    check(TANH, range(-1e-3f, 1e-3f, 997));
  }

  @Test
  void sigmoidAndSoftplusOverTheWholeRange() {
    check(SIGMOID, wholeRange());
    check(SIGMOID, range(-110f, 110f, 1009));
    check(SOFTPLUS, wholeRange());
    check(SOFTPLUS, range(-110f, 110f, 1009));
  }

  // ---------------------------------------------------------------- special values

  private static void assertSame(float expected, float actual, String what) {
    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what);
  }

  /** Both forms, so a special case handled in one and not the other fails here too. */
  private static void assertBoth(Fn f, float x, float expected) {
    assertSame(expected, f.scalar().apply(x), f.name() + "(" + x + ") scalar");
    assertSame(expected, vector(f, new float[] {x})[0], f.name() + "(" + x + ") vector");
  }

  @Test
  void specialValues() {
    float inf = Float.POSITIVE_INFINITY;
    assertBoth(EXP, Float.NaN, Float.NaN);
    assertBoth(EXP, inf, inf);
    assertBoth(EXP, -inf, 0f);
    assertBoth(EXP, 0f, 1f);
    assertBoth(EXP, -0f, 1f);
    assertTrue(Float.isFinite(VectorMath.exp(88.72283f)), "exp(88.72283) is finite");
    check(EXP, new float[] {88.72283f}); // the largest x with a finite result, to 1 ulp
    assertBoth(EXP, Math.nextUp(88.72283f), inf);
    assertBoth(EXP, -103f, Float.MIN_VALUE); // 1.3·2^-149
    assertBoth(EXP, -104f, 0f); // 0.97·2^-150
    assertBoth(EXP, -Float.MAX_VALUE, 0f);
    assertBoth(EXP, Float.MAX_VALUE, inf);

    assertBoth(LOG, 0f, -inf);
    assertBoth(LOG, -0f, -inf);
    assertBoth(LOG, -1f, Float.NaN);
    assertBoth(LOG, -Float.MIN_VALUE, Float.NaN);
    assertBoth(LOG, -inf, Float.NaN);
    assertBoth(LOG, Float.NaN, Float.NaN);
    assertBoth(LOG, inf, inf);
    assertBoth(LOG, 1f, 0f);
    check(LOG, new float[] {Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE});

    assertBoth(LOG1P, -1f, -inf);
    assertBoth(LOG1P, -2f, Float.NaN);
    assertBoth(LOG1P, -inf, Float.NaN);
    assertBoth(LOG1P, Float.NaN, Float.NaN);
    assertBoth(LOG1P, inf, inf);
    assertBoth(LOG1P, 0f, 0f);
    assertBoth(LOG1P, -0f, -0f);
    assertBoth(LOG1P, Float.MIN_VALUE, Float.MIN_VALUE);
    assertBoth(LOG1P, 1e-30f, 1e-30f);

    assertBoth(TANH, 0f, 0f);
    assertBoth(TANH, -0f, -0f);
    assertBoth(TANH, inf, 1f);
    assertBoth(TANH, -inf, -1f);
    assertBoth(TANH, 20f, 1f);
    assertBoth(TANH, -Float.MIN_VALUE, -Float.MIN_VALUE);
    assertBoth(TANH, Float.NaN, Float.NaN);

    assertBoth(SIGMOID, 0f, 0.5f);
    assertBoth(SIGMOID, -0f, 0.5f);
    assertBoth(SIGMOID, inf, 1f);
    assertBoth(SIGMOID, -inf, 0f);
    assertBoth(SIGMOID, 120f, 1f);
    assertBoth(SIGMOID, Float.NaN, Float.NaN);

    assertBoth(SOFTPLUS, inf, inf);
    assertBoth(SOFTPLUS, -inf, 0f);
    assertBoth(SOFTPLUS, 200f, 200f);
    assertBoth(SOFTPLUS, -200f, 0f);
    assertBoth(SOFTPLUS, Float.NaN, Float.NaN);
  }

  // ---------------------------------------------------------------- inlining

  /**
   * C2 inlines a hot callee only if its bytecode is at most {@code FreqInlineSize} = 325 bytes; a
   * vector method it does not inline passes boxed vectors, several times slower. Guard the limit
   * (with a margin) so an edit that grows a function fails here rather than only in a benchmark.
   */
  @Test
  void vectorMethodsFitC2sInliningLimitForHotCallees() throws IOException {
    byte[] bytes;
    try (var in = VectorMath.class.getResourceAsStream("VectorMath.class")) {
      bytes = in.readAllBytes();
    }
    int checked = 0;
    for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
      if (m.methodTypeSymbol().returnType().displayName().equals("FloatVector")) {
        int size = ((CodeAttribute) m.code().orElseThrow()).codeLength();
        assertTrue(size <= 315, m.methodName() + " is " + size + " bytes of bytecode (limit 325)");
        checked++;
      }
    }
    assertEquals(6, checked, "vector methods");
  }

  // ---------------------------------------------------------------- JIT stability

  /**
   * The bug this class fixes: {@code lanewise(EXP)} gives {@code (float) Math.exp} per lane while
   * the kernel is interpreted and SVML once C2 has compiled it, so in one JVM the same call's bits
   * changed as the JIT warmed up. A JVM of this test run has long compiled the kernels, so the
   * check runs {@link FreshJvm} in a new JVM: 3000 calls of each transcendental kernel on one
   * input, every result compared with the first, and the first with the scalar twins.
   */
  @Test
  void kernelsGiveTheSameBitsFromTheFirstCallOfAFreshJvmToC2()
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-Xmx512m");
    String bits = System.getProperty("langevin.simd.bits");
    if (bits != null) {
      cmd.add("-Dlangevin.simd.bits=" + bits);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FreshJvm.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fresh JVM did not finish: " + out);
    assertEquals(0, p.exitValue(), "fresh JVM failed:\n" + out);
    assertTrue(out.contains(FreshJvm.DONE), out);
  }

  /** Run in a new JVM by the test above; prints {@link #DONE} or the first difference, exit 1. */
  static final class FreshJvm {
    static final String DONE = "every call identical";
    static final int CALLS = 3000;

    private interface Kernel {
      float[] run();
    }

    public static void main(String[] args) {
      int n = 1024 + 7; // whole vectors and a scalar or masked tail at every width
      SplittableRandom rnd = new SplittableRandom(42);
      float[] x = new float[n];
      float[] pos = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (rnd.nextDouble() * 24 - 12);
        pos[i] = (float) Math.exp(rnd.nextDouble() * 40 - 20);
      }
      int rows = 13;
      int cols = 79; // 4 vectors and a tail at 16 lanes
      float[] logits = new float[rows * cols];
      float[] dy = new float[rows * cols];
      int[] labels = new int[rows];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (rnd.nextDouble() * 10 - 5);
        dy[i] = (float) (rnd.nextDouble() - 0.5);
      }
      for (int r = 0; r < rows; r++) {
        labels[r] = rnd.nextInt(cols);
      }
      ElementwiseKernel ew = new SimdElementwise();
      SimdSoftmaxCrossEntropy sm = new SimdSoftmaxCrossEntropy();
      String[] names = {
        "exp", "log", "tanh", "sigmoid", "softplus", "softmaxCE", "logSoftmax", "logSoftmaxBackward"
      };
      Kernel[] kernels = {
        () -> map(ew::exp, x),
        () -> map(ew::log, pos),
        () -> map(ew::tanh, x),
        () -> map(ew::sigmoid, x),
        () -> map(ew::softplus, x),
        () -> {
          float[] probs = new float[rows * cols + 1];
          probs[rows * cols] = sm.forward(rows, cols, logits, 0, labels, 0, probs, 0);
          return probs;
        },
        () -> {
          float[] y = new float[rows * cols];
          sm.logSoftmaxForward(rows, cols, logits, 0, y, 0);
          return y;
        },
        () -> {
          float[] dx = new float[rows * cols];
          sm.logSoftmaxBackward(rows, cols, logits, 0, dy, 0, dx, 0, false);
          return dx;
        }
      };
      ScalarFn[] twins = {
        VectorMath::exp,
        VectorMath::log,
        VectorMath::tanh,
        VectorMath::sigmoid,
        VectorMath::softplus
      };
      float[][] twinInputs = {x, pos, x, x, x};
      for (int k = 0; k < kernels.length; k++) {
        float[] first = kernels[k].run();
        if (k < twins.length) {
          for (int i = 0; i < n; i++) {
            float t = twins[k].apply(twinInputs[k][i]);
            if (Float.floatToIntBits(t) != Float.floatToIntBits(first[i])) {
              System.out.println(
                  names[k]
                      + " first call, element "
                      + i
                      + ": "
                      + first[i]
                      + " but the scalar twin gives "
                      + t);
              System.exit(1);
            }
          }
        }
        for (int call = 1; call < CALLS; call++) {
          float[] again = kernels[k].run();
          for (int i = 0; i < first.length; i++) {
            if (Float.floatToIntBits(again[i]) != Float.floatToIntBits(first[i])) {
              System.out.println(
                  names[k]
                      + " call "
                      + call
                      + ", element "
                      + i
                      + ": "
                      + again[i]
                      + " but the first call gave "
                      + first[i]);
              System.exit(1);
            }
          }
        }
      }
      System.out.println(DONE + ": " + CALLS + " calls of each of " + Arrays.toString(names));
    }

    @FunctionalInterface
    private interface Map {
      void run(float[] x, int xOff, float[] out, int outOff, int n);
    }

    private static float[] map(Map m, float[] x) {
      float[] out = new float[x.length];
      m.run(x, 0, out, 0, x.length);
      return out;
    }
  }
}
