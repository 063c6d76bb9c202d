package io.langevin.kernels.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.KernelMode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Noise is a pure function of (seed, step, stream, index): the same call gives the same bits on 1
 * thread ({@link CpuPool#serially}) and on the pool; a range generated in arbitrary pieces equals
 * the range generated at once; the values follow the documented counter layout exactly; and a few
 * golden values pin the layout (the CUDA kernels must reproduce them).
 */
class NoiseDeterminismTest {
  private final NoiseKernel[] kernels = {new SimdNoise(), new ScalarNoise()};

  /**
   * {@code gaussianFast} uses the JDK's lanewise LOG/SIN/COS, whose last bit differs between the
   * interpreter, C1 and C2, so two calls in one JVM may differ where one ran before compilation:
   * the same values up to a few ulp (4 ulp of max(1, |x|), far below any index mix-up, which would
   * give an unrelated normal) is what "a pure function of the index" can promise for it.
   */
  static void assertFastClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      float tol = 4 * Math.ulp(Math.max(1f, Math.abs(expected[i])));
      if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
        throw new AssertionError(what + ": element " + i + " " + expected[i] + " vs " + actual[i]);
      }
    }
  }

  @Test
  void serialEqualsPooled() {
    int n = 5 * SimdNoise.GRAIN + 123;
    long first = 77;
    for (NoiseKernel k : kernels) {
      float[] a = new float[n];
      float[] b = new float[n];
      CpuPool.serially(() -> k.gaussian(11, 3, 2, first, a, 0, n));
      k.gaussian(11, 3, 2, first, b, 0, n);
      SimdNoiseTest.assertBits(a, b, k.getClass().getSimpleName() + " gaussian serial vs pooled");
      CpuPool.serially(() -> k.gaussianFast(11, 3, 2, first, a, 0, n));
      k.gaussianFast(11, 3, 2, first, b, 0, n);
      assertFastClose(a, b, k.getClass().getSimpleName() + " fast serial vs pooled");
      CpuPool.serially(() -> k.uniform(11, 3, 2, first, a, 0, n));
      k.uniform(11, 3, 2, first, b, 0, n);
      SimdNoiseTest.assertBits(a, b, k.getClass().getSimpleName() + " uniform serial vs pooled");
      int[] x = new int[n];
      int[] y = new int[n];
      CpuPool.serially(() -> k.bits(11, 3, 2, first, x, 0, n));
      k.bits(11, 3, 2, first, y, 0, n);
      assertArrayEquals(x, y);
    }
  }

  /** Cut [a, b) at random points (not multiples of 4 or of the group) and compare. */
  @Test
  void piecesEqualWhole() {
    SplittableRandom rnd = new SplittableRandom(21);
    long a = 1_000_001;
    int n = 3 * SimdNoise.GRAIN + 999;
    for (NoiseKernel k : kernels) {
      float[] whole = new float[n];
      float[] fastWhole = new float[n];
      int[] bitsWhole = new int[n];
      k.gaussian(5, 8, -3, a, whole, 0, n);
      k.gaussianFast(5, 8, -3, a, fastWhole, 0, n);
      k.bits(5, 8, -3, a, bitsWhole, 0, n);
      float[] pieces = new float[n];
      float[] fastPieces = new float[n];
      int[] bitsPieces = new int[n];
      int p = 0;
      while (p < n) {
        int len = Math.min(n - p, 1 + rnd.nextInt(rnd.nextBoolean() ? 70 : 9000));
        k.gaussian(5, 8, -3, a + p, pieces, p, len);
        k.gaussianFast(5, 8, -3, a + p, fastPieces, p, len);
        k.bits(5, 8, -3, a + p, bitsPieces, p, len);
        p += len;
      }
      String name = k.getClass().getSimpleName();
      SimdNoiseTest.assertBits(whole, pieces, name + " gaussian pieces");
      assertFastClose(fastWhole, fastPieces, name + " gaussianFast pieces");
      assertArrayEquals(bitsWhole, bitsPieces, name + " bits pieces");
    }
  }

  /** The documented layout, recomputed from Philox and GaussianMath directly. */
  @Test
  void layoutAsDocumented() {
    long seed = 0x0123456789abcdefL;
    long step = 0xfedcba98L;
    int stream = -5;
    long first = (1L << 33) + 1; // blocks with a non-zero high word
    int n = 64;
    int[] w = new int[n];
    float[] u = new float[n];
    float[] g = new float[n];
    for (NoiseKernel k : kernels) {
      k.bits(seed, step, stream, first, w, 0, n);
      k.uniform(seed, step, stream, first, u, 0, n);
      k.gaussian(seed, step, stream, first, g, 0, n);
      int[] blk = new int[4];
      float[] pair = new float[2];
      for (int j = 0; j < n; j++) {
        long i = first + j;
        long b = i >>> 2;
        Philox.block(
            (int) b, (int) (b >>> 32), (int) step, stream, (int) seed, (int) (seed >>> 32), blk);
        int word = blk[(int) (i & 3)];
        assertEquals(word, w[j], "word of element " + i);
        assertEquals(((word >>> 8) + 1) * 0x1p-24f, u[j], 0f, "uniform of element " + i);
        int pairStart = (int) (i & 2);
        GaussianMath.boxMuller(blk[pairStart], blk[pairStart + 1], pair, 0);
        assertEquals(
            Float.floatToRawIntBits(pair[(int) (i & 1)]),
            Float.floatToRawIntBits(g[j]),
            "gaussian of element " + i);
      }
    }
    // The per-block functions give the same values.
    float[] four = new float[4];
    int[] words = new int[4];
    for (int j = 0; j < 4; j++) {
      long b = (first >>> 2) + 1 + j;
      Noise.gaussianBlock(seed, step, stream, b, four, 0);
      Noise.bitsBlock(seed, step, stream, b, words, 0);
      for (int k = 0; k < 4; k++) {
        int e = (int) (4 * b - first) + k;
        assertEquals(Float.floatToRawIntBits(g[e]), Float.floatToRawIntBits(four[k]));
        assertEquals(w[e], words[k]);
      }
      Noise.uniformBlock(seed, step, stream, b, four, 0);
      for (int k = 0; k < 4; k++) {
        assertEquals(u[(int) (4 * b - first) + k], four[k], 0f);
      }
    }
  }

  /**
   * Golden values (seed 42, step 7, stream 3, elements 0..7, and a far index) that pin the layout;
   * the CUDA kernels' golden test must reproduce the same hex.
   */
  @Test
  void goldenValues() {
    int[] words = {
      0x083a76c7, 0xd43b842c, 0x9fa00ace, 0xc239517a, 0x15ecfea9, 0xdfb29019, 0xcc702072, 0xb19d1e9b
    };
    int[] gauss = {
      0x3f9fe5e3, 0xc0138af6, 0x3d59313a, 0xbf78733c, 0x3fc729d9, 0xbfca2496, 0xbe6d7dc7, 0xbf211ab8
    };
    int[] far = {
      0xbf06311f, 0x3e81fce5, 0xbf6cacc7, 0xbf11fe2b, 0x3fad7acb, 0xbe7768c6, 0xbf18d5f7, 0xbf5df553
    };
    for (NoiseKernel k : kernels) {
      int[] w = new int[8];
      float[] g = new float[8];
      k.bits(42, 7, 3, 0, w, 0, 8);
      assertArrayEquals(words, w);
      k.gaussian(42, 7, 3, 0, g, 0, 8);
      assertArrayEquals(gauss, toBits(g));
      k.gaussian(0x243f6a8885a308d3L, (1L << 32) - 1, -1, (1L << 40) + 2, g, 0, 8);
      assertArrayEquals(far, toBits(g));
    }
  }

  @Test
  void facadeUsesTheModeAndAgrees() {
    if (KernelMode.simd()) {
      assertTrue(Noise.kernel() instanceof SimdNoise);
    } else {
      assertTrue(Noise.kernel() instanceof ScalarNoise);
    }
    float[] a = new float[1000];
    float[] b = new float[1000];
    Noise.gaussian(1, 2, 3, a);
    new ScalarNoise().gaussian(1, 2, 3, 0, b, 0, b.length);
    SimdNoiseTest.assertBits(b, a, "facade gaussian");
    Noise.uniform(1, 2, 3, a);
    new ScalarNoise().uniform(1, 2, 3, 0, b, 0, b.length);
    SimdNoiseTest.assertBits(b, a, "facade uniform");
    assertSame(Noise.kernel(), Noise.kernel());
    assertTrue(Arrays.stream(toBits(a)).distinct().count() > 990, "values look distinct");
  }

  private static int[] toBits(float[] v) {
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Float.floatToRawIntBits(v[i]);
    }
    return r;
  }
}
