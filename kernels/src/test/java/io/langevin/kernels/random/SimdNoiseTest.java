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

  /**
   * Sizes around the pipeline's edges: fewer than {@code PIPE} groups (done through scratch), just
   * one chunk, a chunk plus a remainder that must not be left below {@code PIPE} groups, at
   * aligned and unaligned starts.
   */
  private static int[] pipelineSizes() {
    int g = SimdNoise.GROUP;
    int pipe = SimdNoise.PIPE * g;
    int chunk = SimdNoise.CHUNK_GROUPS * g;
    return new int[] {
      pipe - 1, pipe, pipe + 1, pipe + 3, 2 * pipe - 1, 2 * pipe + 5, chunk - 1, chunk, chunk + 1,
      chunk + g, chunk + 2 * g + 3, chunk + pipe, chunk + (SimdNoise.PIPE - 1) * g + 1, 2 * chunk,
      3 * chunk + 7
    };
  }

  @Test
  void pipelineEdgesIdentical() {
    SplittableRandom rnd = new SplittableRandom(14);
    for (int n : pipelineSizes()) {
      for (long first : new long[] {0, 1, 3, 4, 8 * SimdNoise.GROUP + 2, (1L << 34) - 5}) {
        long seed = rnd.nextLong();
        long step = rnd.nextLong(1L << 32);
        int stream = rnd.nextInt();
        float[] a = filled(n + 5);
        float[] b = filled(n + 5);
        scalar.gaussian(seed, step, stream, first, a, 2, n);
        simd.gaussian(seed, step, stream, first, b, 2, n);
        assertBits(a, b, "gaussian n=" + n + " first=" + first);
        a = filled(n + 5);
        b = filled(n + 5);
        scalar.uniform(seed, step, stream, first, a, 2, n);
        simd.uniform(seed, step, stream, first, b, 2, n);
        assertBits(a, b, "uniform n=" + n + " first=" + first);
        int[] x = new int[n + 5];
        int[] y = new int[n + 5];
        scalar.bits(seed, step, stream, first, x, 2, n);
        simd.bits(seed, step, stream, first, y, 2, n);
        assertArrayEquals(x, y, "bits n=" + n + " first=" + first);
      }
    }
  }

  /**
   * The unchecked entry points give the checked ones' values, for SIMD and scalar alike, on ragged
   * blocks (aligned and unaligned starts, lengths that are not multiples of 4 or of the group),
   * and leave everything outside the range untouched.
   */
  @Test
  void uncheckedMatchesSpec() {
    SplittableRandom rnd = new SplittableRandom(15);
    int[] sizes = {1, 3, 4, 7, 31, 32, 33, 100, 513, 1021, 4099};
    for (int n : sizes) {
      for (long first : new long[] {0, 2, 4, 1000003, (1L << 34) - 7}) {
        long seed = rnd.nextLong();
        long step = rnd.nextLong(1L << 32);
        int stream = rnd.nextInt();
        float[] spec = filled(n + 4);
        float[] s = filled(n + 4);
        float[] v = filled(n + 4);
        scalar.gaussian(seed, step, stream, first, spec, 1, n);
        scalar.gaussianUnchecked(seed, step, stream, first, s, 1, n);
        simd.gaussianUnchecked(seed, step, stream, first, v, 1, n);
        assertBits(spec, s, "scalar gaussianUnchecked n=" + n + " first=" + first);
        assertBits(spec, v, "simd gaussianUnchecked n=" + n + " first=" + first);
        scalar.uniform(seed, step, stream, first, spec, 1, n);
        scalar.uniformUnchecked(seed, step, stream, first, s, 1, n);
        simd.uniformUnchecked(seed, step, stream, first, v, 1, n);
        assertBits(spec, s, "scalar uniformUnchecked n=" + n + " first=" + first);
        assertBits(spec, v, "simd uniformUnchecked n=" + n + " first=" + first);
        int[] x = new int[n + 4];
        int[] y = new int[n + 4];
        int[] z = new int[n + 4];
        scalar.bits(seed, step, stream, first, x, 1, n);
        scalar.bitsUnchecked(seed, step, stream, first, y, 1, n);
        simd.bitsUnchecked(seed, step, stream, first, z, 1, n);
        assertArrayEquals(x, y, "scalar bitsUnchecked n=" + n + " first=" + first);
        assertArrayEquals(x, z, "simd bitsUnchecked n=" + n + " first=" + first);
      }
    }
  }

  /**
   * A fused sampler's use: blocks of 512 (and 4096) parameters, the noise of each drawn with
   * gaussianUnchecked into a small scratch array just before use; the concatenation must equal one
   * spec call over the whole range, including the ragged last block.
   */
  @Test
  void blockwiseUncheckedEqualsWholeRange() {
    int d = 3 * 4096 + 517;
    float[] spec = new float[d];
    scalar.gaussian(77, 12, 3, 0, spec, 0, d);
    for (int block : new int[] {512, 4096}) {
      float[] joined = new float[d];
      float[] scratch = new float[block];
      for (int i = 0; i < d; i += block) {
        int len = Math.min(block, d - i);
        simd.gaussianUnchecked(77, 12, 3, i, scratch, 0, len);
        System.arraycopy(scratch, 0, joined, i, len);
      }
      assertBits(spec, joined, "blocks of " + block);
    }
  }

  /**
   * After enough calls for the JIT to compile the vector methods (not guaranteed, but the usual
   * case here), the compiled code must give the spec's bits too.
   */
  @Test
  void identicalAfterWarmUp() {
    float[] buf = new float[4096];
    for (int i = 0; i < 1000; i++) {
      simd.gaussian(5, i, 1, 64L * i, buf, 0, buf.length);
    }
    SplittableRandom rnd = new SplittableRandom(16);
    for (int k = 0; k < 40; k++) {
      int n = 1 + rnd.nextInt(4096);
      long first = rnd.nextLong(1L << 40);
      float[] a = new float[n];
      float[] b = new float[n];
      scalar.gaussian(5, k, 9, first, a, 0, n);
      simd.gaussian(5, k, 9, first, b, 0, n);
      assertBits(a, b, "warm gaussian n=" + n + " first=" + first);
    }
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
