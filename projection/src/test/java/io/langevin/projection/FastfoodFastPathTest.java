package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cpu.CpuPool;
import org.junit.jupiter.api.Test;

/**
 * {@link FastfoodProjection}'s fast paths (table gather for apply, bucketed permutation and tree
 * sum for the transpose) against the definition run literally ({@link
 * FastfoodProjection#applyReference}, {@link FastfoodProjection#applyTransposeReference}), <b>bit
 * for bit</b>, on the pool and on 1 thread: sizes with one block (d ≥ D, L = m), tiny ones (D = 1,
 * 2, 7), L below and above one 16 KB block, one 256 KB chunk and 64 windows (L = 2^18 with d = 750
 * and 4099), m above the window floor (d = 20,000, m = 2^15), and d above the fast-path limit.
 * Inputs include exact zeros of both signs (θ_d = 0 gives ±0 after the signs, the case where the
 * first transform's "+0" must be reproduced), and θ_0 = null.
 */
class FastfoodFastPathTest {

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  /** Random, with every 5th entry +0 and every 7th −0. */
  private static float[] withZeros(long seed, int n) {
    float[] x = TestVectors.random(seed, n);
    for (int i = 0; i < n; i += 5) {
      x[i] = 0f;
    }
    for (int i = 3; i < n; i += 7) {
      x[i] = -0f;
    }
    return x;
  }

  private static void check(int bigD, int d, long seed) {
    FastfoodProjection p = new FastfoodProjection(bigD, d, seed);
    float[][] thetas = {TestVectors.random(seed + 1, d), withZeros(seed + 2, d), new float[d]};
    float[] t0 = TestVectors.random(seed + 3, bigD);
    float[][] grads = {TestVectors.random(seed + 4, bigD), withZeros(seed + 5, bigD)};
    String name = p.toString();
    for (float[] x : thetas) {
      for (float[] base : new float[][] {t0, null}) {
        float[] ref = new float[bigD];
        float[] fast = new float[bigD];
        float[] serial = new float[bigD];
        p.applyReference(x, base, ref);
        p.apply(x, base, fast);
        CpuPool.serially(() -> p.apply(x, base, serial));
        assertBits(ref, fast, name + " apply (pool) theta0=" + (base != null));
        assertBits(ref, serial, name + " apply (1 thread) theta0=" + (base != null));
      }
    }
    for (float[] g : grads) {
      float[] ref = new float[d];
      float[] fast = new float[d];
      float[] serial = new float[d];
      p.applyTransposeReference(g, ref);
      p.applyTranspose(g, fast);
      CpuPool.serially(() -> p.applyTranspose(g, serial));
      assertBits(ref, fast, name + " transpose (pool)");
      assertBits(ref, serial, name + " transpose (1 thread)");
    }
  }

  @Test
  void tinySizes() {
    int[][] sizes = {{1, 1}, {2, 1}, {1, 2}, {7, 3}, {7, 7}, {13, 31}, {17, 16}, {33, 1}};
    for (int[] s : sizes) {
      check(s[0], s[1], 11);
    }
  }

  @Test
  void aroundBlocksAndChunks() {
    int[][] sizes = {
      {100, 17}, {1000, 1000}, {100, 300}, {4096, 64}, {4097, 64}, {5000, 4099}, {65_536, 1},
      {65_537, 750}, {140_000, 750}, {199_210, 4099}
    };
    for (int[] s : sizes) {
      check(s[0], s[1], 5);
    }
  }

  @Test
  void largeSourceBlockAndFallback() {
    check(140_000, 20_000, 3);
    check(70_000, 70_000, 4);
  }
}
