package io.langevin.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import io.langevin.kernels.cpu.VectorMath;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SimdElementwise} against the spec {@link ScalarElementwise} on random inputs of ragged
 * lengths (around the vector width, primes, around the 2^16 chunk size) at non-zero offsets.
 *
 * <ul>
 *   <li>IEEE maps (add … square) and max: bit-identical (NaN compared as NaN, payload ignored),
 *       including NaN, ±0, ±Inf and subnormal inputs.
 *   <li>tanh, exp, log, sigmoid, softplus: SIMD uses {@link VectorMath} in float, the spec {@link
 *       Math} in double rounded once; allowed difference {@link #TRANSCENDENTAL_ULPS} ulp of the
 *       spec value ({@code VectorMathTest} measures at most 1.05 ulp for exp, log and tanh, 2.4 for
 *       sigmoid and 1.6 for softplus, which compose two functions and a float rounding). Every
 *       element, tail included, is also bit-identical to {@link VectorMath}'s scalar twin.
 *   <li>sum, sumOfSquares, dot: float accumulation in the SIMD path, double in the spec; the
 *       allowed difference is the a-priori rounding bound {@code (k + 4)·2^-24·Σ|terms| + ulp(ref)}
 *       where {@code k = ceil(min(n, 2^16) / lanes)} is the most float additions any one term goes
 *       through.
 *   <li>Every operation gives the same bits on 1 thread and on the pool.
 * </ul>
 */
class SimdElementwiseTest {

  private static final int GRAIN = SimdElementwise.GRAIN;
  private static final int TRANSCENDENTAL_ULPS = 3;
  private static final double U = 0x1p-24;

  private final ElementwiseKernel simd = new SimdElementwise();
  private final ElementwiseKernel ref = new ScalarElementwise();

  static int[] sizes() {
    return new int[] {
      0,
      1,
      2,
      3,
      7,
      13,
      15,
      16,
      17,
      31,
      32,
      33,
      63,
      64,
      65,
      127,
      1021,
      4099,
      GRAIN - 1,
      GRAIN,
      GRAIN + 1,
      3 * GRAIN + 17
    };
  }

  // ---------------------------------------------------------------- inputs

  /** Uniform in [lo, hi), never zero-filled; optionally with special values sprinkled in. */
  private static float[] random(long seed, int len, float lo, float hi, boolean specials) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = lo + (hi - lo) * (float) rnd.nextDouble();
    }
    if (specials && len > 0) {
      float[] sp = {
        Float.NaN,
        0f,
        -0f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        1e-40f,
        Float.MAX_VALUE,
        -Float.MAX_VALUE
      };
      for (int k = 0; k < Math.min(len / 3 + 1, 40); k++) {
        x[rnd.nextInt(len)] = sp[rnd.nextInt(sp.length)];
      }
    }
    return x;
  }

  /** Positive values spread over many orders of magnitude (for log). */
  private static float[] positive(long seed, int len) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) Math.exp(-80 + 160 * rnd.nextDouble());
    }
    return x;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  private static void assertUlps(float[] expected, float[] actual, int ulps, String what) {
    for (int i = 0; i < expected.length; i++) {
      float e = expected[i];
      float a = actual[i];
      if (Float.isNaN(e) || Float.isInfinite(e)) {
        assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(a), what + " at " + i);
        continue;
      }
      double diff = Math.abs((double) a - e);
      if (!(diff <= ulps * (double) Math.ulp(e))) {
        fail(
            what
                + ": index "
                + i
                + " expected "
                + e
                + " but was "
                + a
                + " ("
                + diff / Math.ulp(e)
                + " ulp)");
      }
    }
  }

  // ---------------------------------------------------------------- maps

  @FunctionalInterface
  interface Binary {
    void run(ElementwiseKernel k, float[] a, float[] b, float[] out, int n);
  }

  private void checkBinary(String name, Binary op, int n, float lo, float hi) {
    float[] a = random(11 + n, n + 3, lo, hi, true);
    float[] b = random(23 + n, n + 5, lo, hi, true);
    float[] expected = random(37 + n, n + 2, -1, 1, false);
    float[] actual = expected.clone();
    op.run(ref, a, b, expected, n);
    op.run(simd, a, b, actual, n);
    assertBits(expected, actual, name + " n=" + n);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void binaryMapsAreBitIdentical(int n) {
    checkBinary("add", (k, a, b, o, m) -> k.add(a, 3, b, 5, o, 1, m), n, -4, 4);
    checkBinary("sub", (k, a, b, o, m) -> k.sub(a, 3, b, 5, o, 1, m), n, -4, 4);
    checkBinary("mul", (k, a, b, o, m) -> k.mul(a, 3, b, 5, o, 1, m), n, -4, 4);
    checkBinary("div", (k, a, b, o, m) -> k.div(a, 3, b, 5, o, 1, m), n, -4, 4);
    checkBinary("scale", (k, a, b, o, m) -> k.scale(-1.7f, a, 3, o, 1, m), n, -4, 4);
    checkBinary("addScalar", (k, a, b, o, m) -> k.addScalar(0.3f, a, 3, o, 1, m), n, -4, 4);
    checkBinary("axpy", (k, a, b, o, m) -> k.axpy(0.37f, a, 3, o, 1, m), n, -4, 4);
    checkBinary("reluBackward", (k, a, b, o, m) -> k.reluBackward(a, 3, b, 5, o, 1, m), n, -4, 4);
    checkBinary("relu", (k, a, b, o, m) -> k.relu(a, 3, o, 1, m), n, -4, 4);
    checkBinary("neg", (k, a, b, o, m) -> k.neg(a, 3, o, 1, m), n, -4, 4);
    checkBinary("square", (k, a, b, o, m) -> k.square(a, 3, o, 1, m), n, -4, 4);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void inPlaceMapsAreBitIdentical(int n) {
    float[] a = random(5 + n, n + 2, -3, 3, true);
    float[] b = random(6 + n, n + 2, -3, 3, true);
    float[] e = a.clone();
    float[] s = a.clone();
    ref.add(e, 2, b, 0, e, 2, n);
    simd.add(s, 2, b, 0, s, 2, n);
    ref.axpy(2.5f, e, 2, e, 2, n);
    simd.axpy(2.5f, s, 2, s, 2, n);
    ref.relu(e, 2, e, 2, n);
    simd.relu(s, 2, s, 2, n);
    assertBits(e, s, "in place n=" + n);
  }

  @Test
  void reluHandlesSignedZeroAndNaNLikeMathMax() {
    float[] x = new float[40];
    for (int i = 0; i < x.length; i++) {
      x[i] =
          switch (i % 5) {
            case 0 -> -0f;
            case 1 -> 0f;
            case 2 -> Float.NaN;
            case 3 -> -2.5f;
            default -> 1.25f;
          };
    }
    float[] out = new float[x.length];
    simd.relu(x, 0, out, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToIntBits(Math.max(x[i], 0f)), Float.floatToIntBits(out[i]), "" + i);
    }
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]), "relu(-0) is +0");
    assertTrue(Float.isNaN(out[2]), "relu(NaN) is NaN");
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void rowBroadcastsAreBitIdentical(int n) {
    int[][] shapes = {{1, n}, {n == 0 ? 0 : 3, n}, {n, 1}, {Math.min(n, 70), 17}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int cols = shape[1];
      float[] a = random(41 + n, rows * cols + 2, -4, 4, true);
      float[] row = random(43 + n, cols + 1, -4, 4, true);
      for (boolean multiply : new boolean[] {false, true}) {
        float[] e = random(47, rows * cols + 3, -1, 1, false);
        float[] s = e.clone();
        if (multiply) {
          ref.mulRowVector(a, 2, row, 1, e, 3, rows, cols);
          simd.mulRowVector(a, 2, row, 1, s, 3, rows, cols);
        } else {
          ref.addRowVector(a, 2, row, 1, e, 3, rows, cols);
          simd.addRowVector(a, 2, row, 1, s, 3, rows, cols);
        }
        assertBits(e, s, (multiply ? "mulRowVector " : "addRowVector ") + rows + "x" + cols);
      }
    }
  }

  @Test
  void largeRowBroadcastIsBitIdentical() {
    int rows = 3001;
    int cols = 67;
    float[] a = random(1, rows * cols, -4, 4, false);
    float[] row = random(2, cols, -4, 4, false);
    float[] e = new float[rows * cols];
    float[] s = new float[rows * cols];
    ref.addRowVector(a, 0, row, 0, e, 0, rows, cols);
    simd.addRowVector(a, 0, row, 0, s, 0, rows, cols);
    assertBits(e, s, "addRowVector 3001x67");
  }

  @FunctionalInterface
  interface Unary {
    void run(ElementwiseKernel k, float[] x, int xOff, float[] out, int outOff, int n);
  }

  private void checkTranscendental(String name, Unary op, float[] x, int n) {
    float[] e = random(3, n + 4, -1, 1, false);
    float[] s = e.clone();
    op.run(ref, x, 1, e, 4, n);
    op.run(simd, x, 1, s, 4, n);
    assertUlps(e, s, TRANSCENDENTAL_ULPS, name + " n=" + n);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void transcendentalMapsAreWithinAFewUlp(int n) {
    checkTranscendental("tanh", ElementwiseKernel::tanh, random(51 + n, n + 1, -10, 10, true), n);
    checkTranscendental(
        "tanh small", ElementwiseKernel::tanh, random(52, n + 1, -1e-3f, 1e-3f, false), n);
    checkTranscendental("exp", ElementwiseKernel::exp, random(53 + n, n + 1, -100, 100, true), n);
    checkTranscendental("log", ElementwiseKernel::log, positive(54 + n, n + 1), n);
    checkTranscendental(
        "log specials", ElementwiseKernel::log, random(55 + n, n + 1, -1, 3, true), n);
    checkTranscendental(
        "sigmoid", ElementwiseKernel::sigmoid, random(56 + n, n + 1, -110, 110, true), n);
    checkTranscendental(
        "sigmoid near 0", ElementwiseKernel::sigmoid, random(57 + n, n + 1, -3, 3, false), n);
    checkTranscendental(
        "softplus", ElementwiseKernel::softplus, random(58 + n, n + 1, -110, 110, true), n);
    checkTranscendental(
        "softplus near 0", ElementwiseKernel::softplus, random(59 + n, n + 1, -3, 3, false), n);
  }

  @FunctionalInterface
  interface Twin {
    float apply(float x);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void transcendentalMapsAreBitIdenticalToTheVectorMathTwins(int n) {
    Unary[] ops = {
      ElementwiseKernel::tanh,
      ElementwiseKernel::sigmoid,
      ElementwiseKernel::exp,
      ElementwiseKernel::log,
      ElementwiseKernel::softplus
    };
    Twin[] twins = {
      VectorMath::tanh, VectorMath::sigmoid, VectorMath::exp, VectorMath::log, VectorMath::softplus
    };
    String[] names = {"tanh", "sigmoid", "exp", "log", "softplus"};
    for (int k = 0; k < ops.length; k++) {
      float[] x =
          names[k].equals("log") ? positive(91 + n, n + 2) : random(92 + n, n + 2, -30, 30, true);
      float[] expected = random(93, n + 3, -1, 1, false);
      float[] actual = expected.clone();
      for (int i = 0; i < n; i++) {
        expected[3 + i] = twins[k].apply(x[2 + i]);
      }
      ops[k].run(simd, x, 2, actual, 3, n);
      assertBits(expected, actual, names[k] + " vs twin n=" + n);
    }
  }

  @Test
  void transcendentalSpecialValues() {
    float[] x = {
      Float.NEGATIVE_INFINITY,
      -200f,
      -88.8f,
      -1e-30f,
      -0f,
      0f,
      1e-30f,
      88.8f,
      200f,
      Float.POSITIVE_INFINITY,
      Float.NaN
    };
    Unary[] ops = {
      ElementwiseKernel::tanh,
      ElementwiseKernel::sigmoid,
      ElementwiseKernel::exp,
      ElementwiseKernel::log,
      ElementwiseKernel::softplus
    };
    for (Unary op : ops) {
      float[] e = new float[x.length];
      float[] s = new float[x.length];
      op.run(ref, x, 0, e, 0, x.length);
      op.run(simd, x, 0, s, 0, x.length);
      assertUlps(e, s, TRANSCENDENTAL_ULPS, "specials");
    }
    float[] out = new float[x.length];
    simd.sigmoid(x, 0, out, 0, x.length);
    assertEquals(0f, out[0]);
    assertEquals(0.5f, out[4]);
    assertEquals(1f, out[9]);
    simd.softplus(x, 0, out, 0, x.length);
    assertEquals(0f, out[0]);
    assertEquals(200f, out[8]);
    assertEquals(Float.POSITIVE_INFINITY, out[9]);
    simd.tanh(x, 0, out, 0, x.length);
    assertEquals(-1f, out[0]);
    assertEquals(1f, out[9]);
  }

  // ---------------------------------------------------------------- reductions

  private static double bound(int n, double absSum, float expected) {
    int k = (Math.min(n, GRAIN) + Species.F.length() - 1) / Species.F.length();
    return (k + 4) * U * absSum + Math.ulp(expected);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void reductionsAreWithinTheRoundingBound(int n) {
    float[] x = random(61 + n, n + 3, -2, 3, false);
    float[] y = random(62 + n, n + 7, -3, 2, false);
    double absSum = 0;
    double absSq = 0;
    double absDot = 0;
    for (int i = 0; i < n; i++) {
      absSum += Math.abs(x[3 + i]);
      absSq += (double) x[3 + i] * x[3 + i];
      absDot += Math.abs((double) x[3 + i] * y[7 + i]);
    }
    float e = ref.sum(x, 3, n);
    float s = simd.sum(x, 3, n);
    assertTrue(Math.abs(e - s) <= bound(n, absSum, e), "sum n=" + n + ": " + e + " vs " + s);
    e = ref.sumOfSquares(x, 3, n);
    s = simd.sumOfSquares(x, 3, n);
    assertTrue(Math.abs(e - s) <= bound(n, absSq, e), "sumOfSquares n=" + n + ": " + e + " " + s);
    e = ref.dot(x, 3, y, 7, n);
    s = simd.dot(x, 3, y, 7, n);
    assertTrue(Math.abs(e - s) <= bound(n, absDot, e), "dot n=" + n + ": " + e + " vs " + s);
    assertEquals(
        Float.floatToIntBits(ref.max(x, 3, n)), Float.floatToIntBits(simd.max(x, 3, n)), "max");
    // the maximum at every position, including the tail and the last chunk
    if (n > 0) {
      for (int at : new int[] {0, n / 2, n - 1}) {
        float[] z = x.clone();
        z[3 + at] = 1e30f;
        assertEquals(1e30f, simd.max(z, 3, n), "max at " + at);
      }
    }
  }

  @Test
  void reductionsOfExactlyRepresentableSums() {
    int n = 3 * GRAIN + 17;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i % 7) - 3; // small integers: every partial sum is exact in float
    }
    double expected = 0;
    for (float v : x) {
      expected += v;
    }
    assertEquals((float) expected, simd.sum(x, 0, n));
    assertEquals(ref.sumOfSquares(x, 0, n), simd.sumOfSquares(x, 0, n));
    assertEquals(0f, simd.sum(x, 0, 0));
    assertEquals(Float.NEGATIVE_INFINITY, simd.max(x, 0, 0));
  }

  @Test
  void maxFollowsMathMaxForNaNAndSignedZero() {
    float[] z = {
      -0f, -0f, -0f, -0f, -0f, 0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f
    };
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(simd.max(z, 0, z.length)));
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(simd.max(z, 6, 11)));
    for (int n : new int[] {5, 17, 100, GRAIN + 9}) {
      float[] x = random(71, n, -5, 5, false);
      x[n - 1] = Float.NaN;
      assertTrue(Float.isNaN(simd.max(x, 0, n)), "NaN at the end, n=" + n);
      x[n - 1] = 0;
      x[0] = Float.NaN;
      assertTrue(Float.isNaN(simd.max(x, 0, n)), "NaN at the start, n=" + n);
    }
  }

  // ---------------------------------------------------------------- threads

  private static void sameOnOneThread(String name, Supplier<float[]> run) {
    float[] pooled = run.get();
    float[][] serial = new float[1][];
    CpuPool.serially(() -> serial[0] = run.get());
    assertBits(serial[0], pooled, name + " 1 thread vs " + CpuPool.threads());
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    int n = 3 * GRAIN + 17;
    float[] x = random(81, n, -3, 3, false);
    float[] y = random(82, n, -3, 3, false);
    sameOnOneThread("sum", () -> new float[] {simd.sum(x, 0, n)});
    sameOnOneThread("sumOfSquares", () -> new float[] {simd.sumOfSquares(x, 0, n)});
    sameOnOneThread("dot", () -> new float[] {simd.dot(x, 0, y, 0, n)});
    sameOnOneThread("max", () -> new float[] {simd.max(x, 0, n)});
    Unary[] maps = {
      ElementwiseKernel::tanh,
      ElementwiseKernel::sigmoid,
      ElementwiseKernel::exp,
      ElementwiseKernel::softplus,
      ElementwiseKernel::relu
    };
    for (Unary m : maps) {
      sameOnOneThread(
          "map",
          () -> {
            float[] out = new float[n];
            m.run(simd, x, 0, out, 0, n);
            return out;
          });
    }
    sameOnOneThread(
        "axpy",
        () -> {
          float[] out = y.clone();
          simd.axpy(0.5f, x, 0, out, 0, n);
          return out;
        });
  }

  // ---------------------------------------------------------------- errors

  @Test
  void badArgumentsAreRejectedWithTheNumbers() {
    float[] a = new float[10];
    float[] b = new float[8];
    for (ElementwiseKernel k : new ElementwiseKernel[] {simd, ref}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> k.add(a, 0, b, 0, a, 0, 10));
      assertTrue(e.getMessage().contains("10") && e.getMessage().contains("8"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.sum(a, 0, -3));
      assertTrue(e.getMessage().contains("-3"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.relu(a, -1, a, 0, 2));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.dot(a, 4, b, 0, 7));
      assertTrue(e.getMessage().contains("11"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> k.addRowVector(a, 0, b, 0, a, 0, 1, 9));
      assertTrue(e.getMessage().contains("9") && e.getMessage().contains("8"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> k.mulRowVector(a, 0, b, 0, a, 0, 3, 4));
      assertTrue(e.getMessage().contains("3x4"), e.getMessage());
    }
  }
}
