package io.langevin.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.fwht.ScalarFwht;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaFwht} on a device against the spec {@link ScalarFwht#transformRows}, on random
 * inputs: single transforms of length 2^k for k = 0 … 13 (the shared-memory tile kernel alone),
 * 14 … 22 (tile plus global passes of every radix 1 … 8, and two passes at k = 22), batches of
 * rows (full and partial tiles), and nonzero offsets; the elements outside the transformed range
 * are random too and must come back unchanged.
 *
 * <p>Expected bit for bit: every stage is the spec's butterfly with one rounding per output and
 * the device applies the stages in the spec's order (h = 1, 2, 4, …), so any grouping of stages
 * into kernels gives the same bits. Each comparison first checks the error bound of any radix-2
 * schedule, {@code |got − want| ≤ k·2^-23·Σ|x|} per element (each output is a signed sum of the
 * row's n inputs through a k-level tree; the bound is stated so that a wrong grouping and a wrong
 * result fail with different messages), then bit equality. The argument checks and the pass plan
 * are tested without a device; the rest is skipped, with the reason, without one.
 */
class CudaFwhtTest {
  private static CudaKernels cuda;

  private static void device() {
    Assumptions.assumeTrue(CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    if (cuda == null) {
      cuda = CudaKernels.get();
      System.out.println("[cuda] CudaFwhtTest on " + cuda.deviceName());
    }
  }

  @Test
  void singleTransformsMatchTheSpecBitForBit() {
    device();
    SplittableRandom rnd = new SplittableRandom(31);
    for (int k = 0; k <= 22; k++) {
      int off = (k % 3 == 1) ? 5 : 0;
      check(rnd, k, 1, off);
    }
  }

  @Test
  void batchedRowsAndOffsetsMatchTheSpecBitForBit() {
    device();
    SplittableRandom rnd = new SplittableRandom(32);
    int[][] cases = {
      // {log2n, rows, offset}
      {0, 7, 1},
      {1, 1000, 0},
      {2, 4099, 3},
      {3, 1021, 7},
      {5, 300, 2},
      {6, 129, 0},
      {10, 9, 11},
      {12, 3, 5},
      {12, 2, 0},
      {13, 3, 1},
      {13, 1, 8191},
      {14, 3, 2},
      {15, 2, 0},
      {17, 3, 9},
      {19, 2, 1},
      {21, 2, 4},
      {9, 0, 3},
    };
    for (int[] c : cases) {
      check(rnd, c[0], c[1], c[2]);
    }
  }

  /**
   * Transforms of 2^24, 2^25 and 2^27 (two passes above the tile, of 5+6, 6+6 and 7+7 stages: the
   * sizes the GPU check times) on three spikes, {@code x = 3·e_a + 5·e_b + 9·e_c} at random positions: the exact
   * result is {@code Hx_i = 3·s(i,a) + 5·s(i,b) + 9·s(i,c)} with {@code s(i,j) = (−1)^popcount(i &
   * j)} (the spec's butterflies {@code (a + b, a − b)} at strides 1, 2, 4, … give the natural-order
   * Walsh–Hadamard matrix), small odd integers, never zero, exact in float: every output element is
   * checked bit for bit without a CPU transform of that size.
   */
  @Test
  void largeTransformsOfSpikesAreExact() {
    device();
    SplittableRandom rnd = new SplittableRandom(34);
    CudaFwht f = new CudaFwht(cuda);
    for (int k : new int[] {24, 25, 27}) {
      int n = 1 << k;
      int a = rnd.nextInt(n);
      int b = rnd.nextInt(n);
      int c = rnd.nextInt(n);
      while (b == a) {
        b = rnd.nextInt(n);
      }
      while (c == a || c == b) {
        c = rnd.nextInt(n);
      }
      float[] x = new float[n];
      x[a] = 3f;
      x[b] = 5f;
      x[c] = 9f;
      try (DeviceArray d = cuda.upload(x)) {
        f.fwht(d, 0, k, 1);
        d.copyTo(x, 0);
      }
      for (int i = 0; i < n; i++) {
        float want =
            3f * sign(i & a) + 5f * sign(i & b) + 9f * sign(i & c);
        if (x[i] != want) {
          fail("2^" + k + " spikes at " + a + ", " + b + ", " + c + ": [" + i + "] = " + x[i]
              + ", expected " + want);
        }
      }
    }
  }

  private static float sign(int bits) {
    return (Integer.bitCount(bits) & 1) == 0 ? 1f : -1f;
  }

  @Test
  void repeatedCallsQueueInOrder() {
    device();
    // H·H = n·I exactly for small integers: two queued transforms, one copy back.
    int k = 16;
    int n = 1 << k;
    SplittableRandom rnd = new SplittableRandom(33);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(-8, 9);
    }
    try (DeviceArray dx = cuda.upload(x)) {
      CudaFwht f = new CudaFwht(cuda);
      f.fwht(dx, 0, k, 1);
      f.fwht(dx, 0, k, 1);
      float[] got = dx.toFloats();
      for (int i = 0; i < n; i++) {
        if (got[i] != x[i] * n) {
          fail("H·H·x at " + i + ": got " + got[i] + ", want " + x[i] * n);
        }
      }
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheNumbers() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CudaFwht.check(100, 0, 31, 1));
    assertTrue(e.getMessage().contains("log2n=31"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CudaFwht.check(100, 0, -1, 1));
    assertTrue(e.getMessage().contains("log2n=-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CudaFwht.check(100, 0, 3, -2));
    assertTrue(e.getMessage().contains("rows=-2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CudaFwht.check(100, 40, 3, 8));
    assertTrue(e.getMessage().contains("104") && e.getMessage().contains("100"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CudaFwht.check(100, -1, 3, 1));
    assertTrue(e.getMessage().contains("offset -1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> CudaFwht.check(Integer.MAX_VALUE, 0, 30, 2));
    assertTrue(e.getMessage().contains("2147483648"), e.getMessage());
    CudaFwht.check(104, 40, 3, 8);
    CudaFwht.check(0, 0, 5, 0);
  }

  @Test
  void passPlanCoversEveryStageWithinTheRadixLimits() {
    assertEquals(0, CudaFwht.passStages(0).length);
    assertArrayEquals(new int[] {7, 7}, CudaFwht.passStages(14));
    assertArrayEquals(new int[] {3, 6}, CudaFwht.passStages(9));
    for (int s = 1; s <= CudaFwht.MAX_LOG2N - CudaFwht.TILE_LOG; s++) {
      int[] p = CudaFwht.passStages(s);
      int sum = 0;
      for (int r : p) {
        assertTrue(r >= 1 && r <= CudaFwht.MAX_PASS_STAGES, "stages " + s + ": radix " + r);
        sum += r;
      }
      assertEquals(s, sum, "stages " + s);
      assertEquals((s + 7) / 8, p.length, "stages " + s);
      if (s >= 6) {
        assertTrue(p[p.length - 1] >= 6, "stages " + s + ": last pass " + p[p.length - 1]);
      }
    }
  }

  /** Random array with random margins; the device transform against the spec, whole array. */
  private static void check(SplittableRandom rnd, int k, int rows, int off) {
    int n = 1 << k;
    int tail = 37;
    int len = off + rows * n + tail;
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    float[] want = x.clone();
    if (rows > 0) {
      new ScalarFwht().transformRows(want, off, n, rows);
    }
    float[] got;
    try (DeviceArray dx = cuda.upload(x)) {
      new CudaFwht(cuda).fwht(dx, off, k, rows);
      got = dx.toFloats();
    }
    String what = "k=" + k + " rows=" + rows + " offset=" + off;
    for (int i = 0; i < off; i++) {
      same(x[i], got[i], what + ": element " + i + " before the rows changed");
    }
    for (int i = off + rows * n; i < len; i++) {
      same(x[i], got[i], what + ": element " + i + " after the rows changed");
    }
    for (int r = 0; r < rows; r++) {
      int base = off + r * n;
      double l1 = 0;
      for (int i = 0; i < n; i++) {
        l1 += Math.abs(x[base + i]);
      }
      double bound = k * 0x1.0p-23 * l1;
      for (int i = 0; i < n; i++) {
        float w = want[base + i];
        float g = got[base + i];
        if (!(Math.abs((double) g - w) <= bound)) {
          fail(what + ": row " + r + " element " + i + " got " + g + ", want " + w
              + " (beyond the rounding bound " + bound + ": wrong result)");
        }
      }
    }
    for (int i = off; i < off + rows * n; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        fail(what + ": element " + (i - off) + " got " + got[i] + ", want " + want[i]
            + " (within the rounding bound but not bit-identical: stage order differs)");
      }
    }
  }

  private static void same(float a, float b, String msg) {
    if (Float.floatToRawIntBits(a) != Float.floatToRawIntBits(b)) {
      fail(msg + ": was " + a + ", now " + b);
    }
  }
}
