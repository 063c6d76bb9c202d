package io.langevin.kernels.fwht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The spec {@link ScalarFwht} against the explicit Sylvester Hadamard matrix, built by the doubling
 * rule {@code H_2m = [[H_m, H_m], [H_m, -H_m]]} (independent of the butterfly loop), for n = 1 …
 * 64. Integer inputs give exact sums, so equality is exact; random float inputs are compared with
 * the rounding bound of a depth-log2(n) summation tree, {@code log2(n)·2^-24·Σ|x|}.
 */
class ScalarFwhtTest {

  private final ScalarFwht spec = new ScalarFwht();

  private static int[][] sylvester(int n) {
    int[][] h = {{1}};
    for (int m = 1; m < n; m *= 2) {
      int[][] g = new int[2 * m][2 * m];
      for (int i = 0; i < 2 * m; i++) {
        for (int j = 0; j < 2 * m; j++) {
          int sign = (i >= m && j >= m) ? -1 : 1;
          g[i][j] = sign * h[i % m][j % m];
        }
      }
      h = g;
    }
    return h;
  }

  @Test
  void integerInputsMatchTheMatrixExactly() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int n = 1; n <= 64; n *= 2) {
      int[][] h = sylvester(n);
      int off = 5;
      float[] x = new float[off + n + 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = rnd.nextInt(-100, 101);
      }
      float[] in = x.clone();
      spec.transform(x, off, n);
      for (int i = 0; i < n; i++) {
        long expected = 0;
        for (int j = 0; j < n; j++) {
          expected += (long) h[i][j] * (long) in[off + j];
        }
        assertEquals((float) expected, x[off + i], "n=" + n + " i=" + i);
      }
      for (int i = 0; i < off; i++) {
        assertEquals(in[i], x[i], "untouched before the range");
      }
      for (int i = off + n; i < x.length; i++) {
        assertEquals(in[i], x[i], "untouched after the range");
      }
    }
  }

  @Test
  void floatInputsMatchTheMatrixWithinTheRoundingBound() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int n = 1; n <= 64; n *= 2) {
      int[][] h = sylvester(n);
      float[] x = new float[n];
      double absSum = 0;
      for (int i = 0; i < n; i++) {
        x[i] = (float) (rnd.nextDouble() * 2 - 1);
        absSum += Math.abs(x[i]);
      }
      float[] in = x.clone();
      spec.transform(x, 0, n);
      int log2 = Integer.numberOfTrailingZeros(n);
      for (int i = 0; i < n; i++) {
        double expected = 0;
        for (int j = 0; j < n; j++) {
          expected += h[i][j] * (double) in[j];
        }
        double tol = log2 * 0x1p-24 * absSum * 1.01;
        assertTrue(
            Math.abs(x[i] - expected) <= tol,
            "n=" + n + " i=" + i + ": " + x[i] + " vs " + expected);
      }
    }
  }

  @Test
  void rowsAreTransformedOneByOne() {
    int n = 16;
    int rows = 5;
    SplittableRandom rnd = new SplittableRandom(3);
    float[] x = new float[2 + n * rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    float[] expected = x.clone();
    for (int r = 0; r < rows; r++) {
      spec.transform(expected, 2 + r * n, n);
    }
    spec.transformRows(x, 2, n, rows);
    assertArrayEquals(expected, x);
  }

  @Test
  void badLengthsAreRejectedWithTheNumber() {
    float[] x = new float[4096];
    for (int n : new int[] {0, 3, 12, 1000, -4}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> spec.transform(x, 0, n));
      assertTrue(e.getMessage().contains("n=" + n), e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> spec.transform(x, 4000, 128));
    assertTrue(e.getMessage().contains("4128") && e.getMessage().contains("4096"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> spec.transformRows(x, 0, 16, -2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
  }
}
