package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.fwht.ScalarFwht;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdFastfood} against the spec {@link ScalarFastfood}, <b>bit-identical</b> (a sign flip
 * is exact; the gather-scale is one rounded product in both): ragged lengths 1, 7, 13, 15, 16, 17,
 * 31, 32, 33, 63, 64, 65, 1021, 4099 (around 16 lanes and one 64-bit sign word), sub-ranges
 * starting at unaligned indices, padding regions (n &lt; to), no signs (plain copy), and gathers
 * through random permutations and random (repeating) indices. The transform pieces ({@code stages},
 * {@code columns}, {@code columnsAdd}, {@code add}) on power-of-two lengths 1 … 2^14 (below, at and
 * above the lane count and the 4096-float block), every stride range {@code [hFrom, hTo)}, at
 * offsets, with exact zeros of both signs in the input; {@code stages(x, 0, n, 1, n)} is also
 * checked against the kernels' FWHT.
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

  private static float[] withZeros(long seed, int n) {
    float[] x = TestVectors.random(seed, n);
    for (int i = 0; i < n; i += 11) {
      x[i] = 0f;
    }
    for (int i = 5; i < n; i += 13) {
      x[i] = -0f;
    }
    return x;
  }

  @Test
  void stagesAreBitIdentical() {
    for (int logN = 0; logN <= 14; logN++) {
      int n = 1 << logN;
      for (int off : new int[] {0, 16, 3}) {
        float[] x = withZeros(n * 31L + off, off + n + 5);
        for (int hFrom = 1; hFrom <= n; hFrom <<= 1) {
          for (int hTo = hFrom; hTo <= n; hTo <<= 1) {
            float[] a = x.clone();
            float[] b = x.clone();
            spec.stages(a, off, n, hFrom, hTo);
            simd.stages(b, off, n, hFrom, hTo);
            assertBits(a, b, "stages n=" + n + " off=" + off + " h=" + hFrom + ".." + hTo);
          }
        }
        // Several transforms of length len side by side: len a multiple of hTo but not a power
        // of two.
        if (n >= 4) {
          float[] y = withZeros(n, off + 3 * n);
          float[] a = y.clone();
          float[] b = y.clone();
          spec.stages(a, off, 3 * n, 1, n);
          simd.stages(b, off, 3 * n, 1, n);
          assertBits(a, b, "stages 3 rows n=" + n + " off=" + off);
        }
      }
      float[] z = withZeros(n, n);
      float[] a = z.clone();
      float[] b = z.clone();
      new ScalarFwht().transform(a, 0, n);
      simd.stages(b, 0, n, 1, n);
      assertBits(a, b, "stages vs ScalarFwht n=" + n);
    }
  }

  @Test
  void columnsAreBitIdentical() {
    for (int logN = 1; logN <= 14; logN++) {
      int n = 1 << logN;
      for (int radixLog = 1; radixLog <= Math.min(3, logN); radixLog++) {
        for (int h = 1; h << radixLog <= n; h <<= 1) {
          int columns = n >> radixLog;
          int[][] ranges = {{0, columns}, {columns / 4, columns}, {0, Math.max(1, columns / 3)}};
          for (int[] r : ranges) {
            for (int off : new int[] {0, 7}) {
              float[] x = withZeros(n + h + radixLog, off + n);
              float[] a = x.clone();
              float[] b = x.clone();
              spec.columns(a, off, h, radixLog, r[0], r[1]);
              simd.columns(b, off, h, radixLog, r[0], r[1]);
              String what =
                  "columns n=" + n + " h=" + h + " r=" + radixLog + " t=" + r[0] + ".." + r[1];
              assertBits(a, b, what + " off=" + off);
            }
            float[] x = withZeros(n * 3L + h, n);
            float[] base = withZeros(n + 1L, n);
            for (int limit : new int[] {n, n - 1, n / 2 + 3, 1}) {
              for (float[] bs : new float[][] {base, null}) {
                float[] a = TestVectors.random(limit, n);
                float[] b = a.clone();
                spec.columnsAdd(x, h, radixLog, r[0], r[1], bs, a, limit);
                simd.columnsAdd(x, h, radixLog, r[0], r[1], bs, b, limit);
                assertBits(
                    a,
                    b,
                    "columnsAdd n=" + n + " h=" + h + " r=" + radixLog + " t=" + r[0] + ".."
                        + r[1] + " limit=" + limit + " base=" + (bs != null));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void addIsBitIdentical() {
    for (int len : SIZES) {
      float[] x = withZeros(len, len + 9);
      float[] y = withZeros(len + 1L, len + 9);
      float[] a = TestVectors.random(3, len + 9);
      float[] b = a.clone();
      spec.add(x, 2, y, 9 % (len + 1), a, 1, len);
      simd.add(x, 2, y, 9 % (len + 1), b, 1, len);
      assertBits(a, b, "add len=" + len);
    }
  }
}
