package io.langevin.kernels.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdNoise} against the spec {@link ScalarNoise}: raw words, uniforms and Gaussians must be
 * BIT-identical (same IEEE operations in the same order) for ragged lengths, ragged start indices
 * (not multiples of 4 or of the group), ragged output offsets, block indices that cross the 32-bit
 * boundary of {@code c0}, extreme steps and negative streams, and on the multi-threaded path. The
 * output outside {@code [off, off+n)} must stay untouched.
 */
class SimdNoiseTest {
  private static final int[] SIZES = {
    1, 2, 3, 4, 5, 7, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1021, 4099
  };
  private static final long[] STARTS = {
    0, 1, 2, 3, 5, 17, 31, 33, 1000003, (1L << 34) - 7, (1L << 34) + 3, Long.MAX_VALUE - 5000
  };
  private static final int[] OFFSETS = {0, 3};
  private static final float SENTINEL = -1234.5f;

  private final SimdNoise simd = new SimdNoise();
  private final ScalarNoise scalar = new ScalarNoise();

  @Test
  void groupGeometryMatchesSpecies() {
    assertEquals(4 * io.langevin.kernels.cpu.Species.L.length(), SimdNoise.GROUP);
    assertEquals(2 * io.langevin.kernels.cpu.Species.F.length(), SimdNoise.GROUP);
    assertEquals(0, SimdNoise.GRAIN % SimdNoise.GROUP);
  }

  @Test
  void bitsIdentical() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int n : SIZES) {
      for (long first : STARTS) {
        for (int off : OFFSETS) {
          long seed = rnd.nextLong();
          long step = rnd.nextLong(1L << 32);
          int stream = rnd.nextInt();
          int[] a = new int[off + n + 2];
          int[] b = new int[off + n + 2];
          java.util.Arrays.fill(a, 0x5a5a5a5a);
          java.util.Arrays.fill(b, 0x5a5a5a5a);
          scalar.bits(seed, step, stream, first, a, off, n);
          simd.bits(seed, step, stream, first, b, off, n);
          assertArrayEquals(a, b, "bits n=" + n + " first=" + first + " off=" + off);
          assertEquals(0x5a5a5a5a, b[off + n]);
          if (off > 0) {
            assertEquals(0x5a5a5a5a, b[off - 1]);
          }
        }
      }
    }
  }

  @Test
  void uniformIdentical() {
    SplittableRandom rnd = new SplittableRandom(12);
    for (int n : SIZES) {
      for (long first : STARTS) {
        for (int off : OFFSETS) {
          long seed = rnd.nextLong();
          long step = rnd.nextLong(1L << 32);
          int stream = rnd.nextInt();
          float[] a = filled(off + n + 2);
          float[] b = filled(off + n + 2);
          scalar.uniform(seed, step, stream, first, a, off, n);
          simd.uniform(seed, step, stream, first, b, off, n);
          assertBits(a, b, "uniform n=" + n + " first=" + first + " off=" + off);
          assertEquals(SENTINEL, b[off + n]);
        }
      }
    }
  }

  @Test
  void gaussianIdentical() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (int n : SIZES) {
      for (long first : STARTS) {
        for (int off : OFFSETS) {
          long seed = rnd.nextLong();
          long step = rnd.nextLong(1L << 32);
          int stream = rnd.nextInt();
          float[] a = filled(off + n + 2);
          float[] b = filled(off + n + 2);
          scalar.gaussian(seed, step, stream, first, a, off, n);
          simd.gaussian(seed, step, stream, first, b, off, n);
          assertBits(a, b, "gaussian n=" + n + " first=" + first + " off=" + off);
          assertEquals(SENTINEL, b[off + n]);
          if (off > 0) {
            assertEquals(SENTINEL, b[off - 1]);
          }
        }
      }
    }
  }

  @Test
  void extremeKeysStepsAndStreams() {
    long[] seeds = {0, -1, Long.MIN_VALUE, 0x243f6a8885a308d3L};
    long[] steps = {0, 1, (1L << 32) - 1};
    int[] streams = {0, -1, Integer.MIN_VALUE, 7};
    for (long seed : seeds) {
      for (long step : steps) {
        for (int stream : streams) {
          float[] a = new float[203];
          float[] b = new float[203];
          scalar.gaussian(seed, step, stream, 5, a, 0, a.length);
          simd.gaussian(seed, step, stream, 5, b, 0, b.length);
          assertBits(a, b, "gaussian seed=" + seed + " step=" + step + " stream=" + stream);
          int[] x = new int[203];
          int[] y = new int[203];
          scalar.bits(seed, step, stream, 5, x, 0, x.length);
          simd.bits(seed, step, stream, 5, y, 0, y.length);
          assertArrayEquals(x, y);
        }
      }
    }
  }

  /** Ranges that end exactly at Long.MAX_VALUE (index arithmetic must not overflow). */
  @Test
  void rangesEndingAtLongMax() {
    int[] sizes = {1, 2, 3, 4, 5, 9, 33, 100, 2 * SimdNoise.GRAIN + 7};
    for (int n : sizes) {
      long first = Long.MAX_VALUE - n;
      float[] a = new float[n];
      float[] b = new float[n];
      scalar.gaussian(3, 4, 5, first, a, 0, n);
      simd.gaussian(3, 4, 5, first, b, 0, n);
      assertBits(a, b, "gaussian ending at Long.MAX_VALUE, n=" + n);
      int[] x = new int[n];
      int[] y = new int[n];
      scalar.bits(3, 4, 5, first, x, 0, n);
      simd.bits(3, 4, 5, first, y, 0, n);
      assertArrayEquals(x, y, "bits ending at Long.MAX_VALUE, n=" + n);
    }
  }

  /** Large enough for several GRAIN chunks, from a start that is not chunk aligned. */
  @Test
  void threadedPathIdentical() {
    int n = 3 * SimdNoise.GRAIN + 37;
    long first = SimdNoise.GRAIN - 13;
    float[] a = new float[n + 1];
    float[] b = new float[n + 1];
    scalar.gaussian(99, 4, 2, first, a, 1, n);
    simd.gaussian(99, 4, 2, first, b, 1, n);
    assertBits(a, b, "threaded gaussian");
    scalar.uniform(99, 4, 2, first, a, 1, n);
    simd.uniform(99, 4, 2, first, b, 1, n);
    assertBits(a, b, "threaded uniform");
  }

  /**
   * Fast path: not bit-identical, but same words, so close to the exact value element by element.
   */
  @Test
  void fastCloseToExact() {
    int n = 4099;
    float[] exact = new float[n];
    float[] fast = new float[n];
    simd.gaussian(5, 6, 7, 3, exact, 0, n);
    simd.gaussianFast(5, 6, 7, 3, fast, 0, n);
    for (int i = 0; i < n; i++) {
      // Both come from the same u1, u2: the difference is the error of two log/sin/cos
      // implementations (each a few ulp), amplified by at most |r'| near u1 = 1.
      float tol = 2e-5f + 2e-6f * Math.abs(exact[i]);
      assertTrue(
          Math.abs(exact[i] - fast[i]) <= tol,
          "i=" + i + " exact=" + exact[i] + " fast=" + fast[i]);
    }
    // The scalar reference has no fast path: it returns the exact values.
    float[] s = new float[n];
    scalar.gaussianFast(5, 6, 7, 3, s, 0, n);
    assertBits(exact, s, "scalar gaussianFast");
  }

  @Test
  void badArgumentsThrowWithNumbers() {
    float[] out = new float[10];
    for (NoiseKernel k : new NoiseKernel[] {simd, scalar}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> k.gaussian(1, 1L << 32, 0, 0, out, 0, 4));
      assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.uniform(1, -1, 0, 0, out, 0, 4));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.gaussian(1, 0, 0, -3, out, 0, 4));
      assertTrue(e.getMessage().contains("-3"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> k.gaussian(1, 0, 0, 0, out, 7, 4));
      assertTrue(e.getMessage().contains("off=7") && e.getMessage().contains("10"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> k.gaussianFast(1, 0, 0, 0, out, 0, -1));
      assertTrue(e.getMessage().contains("n=-1"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.bits(1, 0, 0, Long.MAX_VALUE - 2, new int[10], 0, 4));
      assertTrue(e.getMessage().contains(Long.toString(Long.MAX_VALUE - 2)), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> k.bits(1, 0, 0, 0, null, 0, 0));
    }
  }

  private static float[] filled(int len) {
    float[] a = new float[len];
    java.util.Arrays.fill(a, SENTINEL);
    return a;
  }

  static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError(
            what + ": first difference at " + i + ": " + expected[i] + " vs " + actual[i]);
      }
    }
  }
}
