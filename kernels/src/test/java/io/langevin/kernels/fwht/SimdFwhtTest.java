package io.langevin.kernels.fwht;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cpu.CpuPool;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdFwht} against the radix-2 spec {@link ScalarFwht}: <b>bit-identical</b> for every n =
 * 2^0 … 2^16 and 2^20 (covering n below the vector width, one vector, one 4096-float block and
 * several blocks, odd and even stage counts), at an unaligned offset, for batched rows and on 1 vs
 * N threads. Properties: FWHT of a unit vector e_k is row k of the Hadamard matrix, exactly ±1 with
 * sign {@code (-1)^popcount(i & k)}; applying the transform twice gives {@code n·x} within the
 * normwise rounding bound {@code ‖z − n·x‖₂ ≤ 2·n·log2(n)·2^-24·‖x‖₂} (each butterfly stage adds a
 * relative error of at most 2^-24 in the 2-norm, and H/√n is orthogonal).
 */
class SimdFwhtTest {

  private final FwhtKernel simd = new SimdFwht();
  private final FwhtKernel spec = new ScalarFwht();

  private static float[] random(long seed, int len) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  @Test
  void bitIdenticalToTheSpecForEveryPowerOfTwoUpTo2To16() {
    for (int log = 0; log <= 16; log++) {
      int n = 1 << log;
      float[] x = random(log, n + 8);
      float[] expected = x.clone();
      spec.transform(expected, 3, n);
      simd.transform(x, 3, n);
      assertBits(expected, x, "n=" + n);
    }
  }

  @Test
  void bitIdenticalToTheSpecAt2To20() {
    int n = 1 << 20;
    float[] x = random(20, n + 1);
    float[] expected = x.clone();
    spec.transform(expected, 1, n);
    simd.transform(x, 1, n);
    assertBits(expected, x, "n=2^20");
  }

  @Test
  void batchedRowsAreBitIdentical() {
    int[][] cases = {
      {1, 5},
      {2, 3},
      {4, 7},
      {8, 33},
      {16, 1},
      {16, 3},
      {32, 9},
      {64, 7},
      {128, 3},
      {4096, 3},
      {8192, 2},
      {16384, 5},
      {16, 10_000},
      {1024, 150}
    };
    for (int[] c : cases) {
      int n = c[0];
      int rows = c[1];
      float[] x = random(n * 31L + rows, 2 + n * rows + 1);
      float[] expected = x.clone();
      spec.transformRows(expected, 2, n, rows);
      simd.transformRows(x, 2, n, rows);
      assertBits(expected, x, "n=" + n + " rows=" + rows);
    }
    float[] x = random(9, 64);
    float[] before = x.clone();
    simd.transformRows(x, 0, 16, 0);
    assertBits(before, x, "zero rows leave the array alone");
  }

  @Test
  void sameBitsOnOneThreadAndOnThePool() {
    int n = 1 << 18;
    float[] x = random(18, n);
    float[] pooled = x.clone();
    float[] serial = x.clone();
    simd.transform(pooled, 0, n);
    CpuPool.serially(() -> simd.transform(serial, 0, n));
    assertBits(serial, pooled, "1 vs " + CpuPool.threads() + " threads");
    spec.transform(x, 0, n);
    assertBits(x, pooled, "pool vs spec");
  }

  @Test
  void unitVectorGivesARowOfPlusMinusOnes() {
    for (int n : new int[] {1, 2, 16, 1024, 1 << 13}) {
      for (int k : new int[] {0, n / 2, n - 1, (n * 5) / 7, Math.min(1, n - 1)}) {
        float[] x = new float[n];
        x[k] = 1f;
        simd.transform(x, 0, n);
        for (int i = 0; i < n; i++) {
          float sign = (Integer.bitCount(i & k) & 1) == 0 ? 1f : -1f;
          if (x[i] != sign) {
            fail("n=" + n + " k=" + k + " i=" + i + ": " + x[i] + " expected " + sign);
          }
        }
      }
    }
  }

  @Test
  void twiceGivesNTimesTheInput() {
    for (int log : new int[] {0, 1, 4, 7, 10, 12, 13, 17}) {
      int n = 1 << log;
      float[] x = random(100 + log, n);
      float[] z = x.clone();
      simd.transform(z, 0, n);
      simd.transform(z, 0, n);
      double err = 0;
      double norm = 0;
      for (int i = 0; i < n; i++) {
        double d = z[i] - (double) n * x[i];
        err += d * d;
        norm += (double) x[i] * x[i];
      }
      double bound = 2.02 * n * log * 0x1p-24 * Math.sqrt(norm);
      assertTrue(
          Math.sqrt(err) <= bound, "n=" + n + ": ‖z − n·x‖ = " + Math.sqrt(err) + " > " + bound);
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheNumbers() {
    float[] x = new float[1024];
    for (int n : new int[] {0, 3, 12, 1000, -4, 4095}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> simd.transform(x, 0, n));
      assertTrue(e.getMessage().contains("n=" + n), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> simd.transformRows(x, 0, n, 2));
      assertTrue(e.getMessage().contains("n=" + n), e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> simd.transformRows(x, 8, 256, 4));
    assertTrue(e.getMessage().contains("1032") && e.getMessage().contains("1024"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> simd.transform(x, -1, 16));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
