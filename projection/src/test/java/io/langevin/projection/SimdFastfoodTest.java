package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdFastfood} against the spec {@link ScalarFastfood}, <b>bit-identical</b> (a sign flip
 * is exact; the gather-scale is one rounded product in both): ragged lengths 1, 7, 13, 15, 16, 17,
 * 31, 32, 33, 63, 64, 65, 1021, 4099 (around 16 lanes and one 64-bit sign word), sub-ranges
 * starting at unaligned indices, padding regions (n &lt; to), no signs (plain copy), and gathers
 * through random permutations and random (repeating) indices.
 */
class SimdFastfoodTest {

  private static final int[] SIZES = {1, 7, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1021, 4099};

  private final FastfoodKernel simd = new SimdFastfood();
  private final FastfoodKernel spec = new ScalarFastfood();

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  private static long[] signs(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] s = new long[(n + 63) / 64];
    for (int i = 0; i < s.length; i++) {
      s[i] = rnd.nextLong();
    }
    return s;
  }

  @Test
  void signPadIsBitIdentical() {
    for (int len : SIZES) {
      for (int n : new int[] {len, Math.max(1, len / 3), Math.max(1, len - 1)}) {
        float[] x = TestVectors.random(len * 7L + n, len);
        long[] s = signs(len, len);
        int[][] ranges = {{0, len}, {len / 5, len}, {1 % len, Math.max(1 % len, len - 3)}};
        for (int[] r : ranges) {
          for (long[] sg : new long[][] {s, null}) {
            float[] a = TestVectors.random(99, len);
            float[] b = a.clone();
            spec.signPad(x, n, sg, a, r[0], r[1]);
            simd.signPad(x, n, sg, b, r[0], r[1]);
            assertBits(
                a,
                b,
                "signPad len="
                    + len
                    + " n="
                    + n
                    + " range="
                    + r[0]
                    + ".."
                    + r[1]
                    + " signs="
                    + (sg != null));
          }
        }
      }
    }
  }

  @Test
  void gatherScaleIsBitIdentical() {
    for (int len : SIZES) {
      SplittableRandom rnd = new SplittableRandom(len);
      int[] perm = FastfoodProjection.shuffle(len, len);
      int[] any = new int[len];
      for (int k = 0; k < len; k++) {
        any[k] = rnd.nextInt(len);
      }
      float[] in = TestVectors.random(len + 1, len);
      float[] scale = TestVectors.random(len + 2, len);
      for (int[] idx : new int[][] {perm, any}) {
        int[][] ranges = {{0, len}, {len / 3, len}, {1 % len, Math.max(1 % len, len - 2)}};
        for (int[] r : ranges) {
          float[] a = TestVectors.random(5, len);
          float[] b = a.clone();
          spec.gatherScale(in, idx, scale, a, r[0], r[1]);
          simd.gatherScale(in, idx, scale, b, r[0], r[1]);
          assertBits(a, b, "gatherScale len=" + len + " range=" + r[0] + ".." + r[1]);
        }
      }
    }
  }
}
