package io.langevin.samplers.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RunningMoments against a two-pass computation in double on the same float data. Tolerance 1e-12
 * relative: both are double computations of the same quantity, and the one-pass update's rounding
 * error grows like n·eps·(|mean|/sd) ≈ 2000 · 1.1e-16 · 3 ≈ 1e-12 at worst here (Chan, Golub &amp;
 * LeVeque 1983); in practice it is far smaller.
 */
class RunningMomentsTest {

  private static final double REL = 1e-12;

  private static float[][] data(SplittableRandom rnd, int n, int d) {
    float[][] x = new float[n][d];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < d; i++) {
        // Parameter i has mean 3 - i/4 and sd 0.5 + i/10: offsets and scales differ by column.
        x[s][i] = (float) (3 - i * 0.25 + (0.5 + i * 0.1) * rnd.nextGaussian());
      }
    }
    return x;
  }

  private static void assertClose(double expected, double actual, String what) {
    double tol = REL * Math.max(Math.abs(expected), 1e-300);
    assertEquals(expected, actual, tol, what);
  }

  @Test
  void unweightedMatchesTwoPass() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 2000;
    int d = 13;
    float[][] x = data(rnd, n, d);
    RunningMoments rm = RunningMoments.unweighted(d);
    for (int s = 0; s < n; s++) {
      rm.accept(s, 123.0, x[s]); // the weight is ignored in the unweighted mode
    }
    assertEquals(n, rm.count());
    assertEquals(n, rm.totalWeight());
    double[] mean = rm.mean();
    double[] var = rm.variance();
    for (int i = 0; i < d; i++) {
      double m = 0;
      for (int s = 0; s < n; s++) {
        m += x[s][i];
      }
      m /= n;
      double ss = 0;
      for (int s = 0; s < n; s++) {
        ss += (x[s][i] - m) * (x[s][i] - m);
      }
      assertClose(m, mean[i], "mean " + i);
      assertClose(ss / (n - 1), var[i], "variance " + i);
      assertEquals(var[i], rm.variance(i));
    }
  }

  @Test
  void weightedMatchesTwoPass() {
    SplittableRandom rnd = new SplittableRandom(12);
    int n = 2000;
    int d = 7;
    float[][] x = data(rnd, n, d);
    double[] w = new double[n];
    RunningMoments rm = RunningMoments.weighted(d);
    for (int s = 0; s < n; s++) {
      // Polynomially decaying step sizes h_t = 0.1 (1 + t)^-0.55, with a few zero weights.
      w[s] = s % 97 == 5 ? 0 : 0.1 * Math.pow(1 + s, -0.55);
      rm.accept(s, w[s], x[s]);
    }
    double total = 0;
    for (double v : w) {
      total += v;
    }
    assertEquals(n, rm.count());
    assertClose(total, rm.totalWeight(), "total weight");
    for (int i = 0; i < d; i++) {
      double m = 0;
      for (int s = 0; s < n; s++) {
        m += w[s] * x[s][i];
      }
      m /= total;
      double ss = 0;
      for (int s = 0; s < n; s++) {
        ss += w[s] * (x[s][i] - m) * (x[s][i] - m);
      }
      assertClose(m, rm.mean(i), "weighted mean " + i);
      assertClose(ss / total, rm.variance(i), "weighted variance " + i);
    }
    float[] asFloat = new float[d];
    rm.copyMeanTo(asFloat);
    assertEquals((float) rm.mean(3), asFloat[3]);
  }

  @Test
  void equalWeightsGiveTheUnweightedMean() {
    SplittableRandom rnd = new SplittableRandom(13);
    float[][] x = data(rnd, 50, 3);
    RunningMoments a = RunningMoments.weighted(3);
    RunningMoments b = RunningMoments.unweighted(3);
    for (float[] row : x) {
      a.add(row, 0.01);
      b.add(row);
    }
    for (int i = 0; i < 3; i++) {
      assertClose(b.mean(i), a.mean(i), "mean");
      // weighted variance is S/W = (n-1)/n times the unbiased one
      assertClose(b.variance(i) * 49 / 50, a.variance(i), "variance");
    }
  }

  @Test
  void largeDimensionIsThreadCountIndependent() {
    int d = RunningMoments.GRAIN * 2 + 17; // three chunks, the last ragged
    SplittableRandom rnd = new SplittableRandom(14);
    float[][] x = new float[4][d];
    for (float[] row : x) {
      for (int i = 0; i < d; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    RunningMoments parallel = RunningMoments.weighted(d);
    RunningMoments serial = RunningMoments.weighted(d);
    for (int s = 0; s < x.length; s++) {
      parallel.accept(s, 0.5 + s, x[s]);
      int step = s;
      CpuPool.serially(() -> serial.accept(step, 0.5 + step, x[step]));
    }
    assertArrayEquals(serial.mean(), parallel.mean());
    assertArrayEquals(serial.variance(), parallel.variance());
    // Spot check one parameter in the last chunk against the formula.
    int i = d - 1;
    double total = 0.5 + 1.5 + 2.5 + 3.5;
    double m = (0.5 * x[0][i] + 1.5 * x[1][i] + 2.5 * x[2][i] + 3.5 * x[3][i]) / total;
    assertClose(m, parallel.mean(i), "mean of the last parameter");
  }

  @Test
  void rejectsBadInputWithoutChangingState() {
    RunningMoments rm = RunningMoments.weighted(4);
    rm.accept(0, 1, new float[] {1, 2, 3, 4});
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> rm.accept(41, 1, new float[] {1, 2, Float.NaN, 4}));
    assertTrue(
        nan.getMessage().contains("theta[2]") && nan.getMessage().contains("step 41"),
        nan.getMessage());
    IllegalArgumentException neg =
        assertThrows(IllegalArgumentException.class, () -> rm.accept(42, -0.5, new float[4]));
    assertTrue(neg.getMessage().contains("-0.5"), neg.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rm.accept(43, Double.NaN, new float[4]));
    assertThrows(
        IllegalArgumentException.class,
        () -> rm.accept(44, 1, new float[] {1, 2, 3, Float.POSITIVE_INFINITY}));
    IllegalArgumentException len =
        assertThrows(IllegalArgumentException.class, () -> rm.accept(45, 1, new float[5]));
    assertTrue(
        len.getMessage().contains("5") && len.getMessage().contains("D = 4"), len.getMessage());
    assertEquals(1, rm.count());
    assertArrayEquals(new double[] {1, 2, 3, 4}, rm.mean());
    assertArrayEquals(new double[] {0, 0, 0, 0}, rm.variance());
  }

  @Test
  void undefinedMomentsAreErrors() {
    RunningMoments u = RunningMoments.unweighted(2);
    assertThrows(IllegalStateException.class, u::mean);
    u.add(new float[] {1, 1});
    IllegalStateException one = assertThrows(IllegalStateException.class, u::variance);
    assertTrue(one.getMessage().contains("1"), one.getMessage());
    RunningMoments w = RunningMoments.weighted(2);
    w.add(new float[] {1, 1}, 0);
    IllegalStateException zero = assertThrows(IllegalStateException.class, w::mean);
    assertTrue(zero.getMessage().contains("1 samples"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RunningMoments.weighted(0));
    w.add(new float[] {2, 4}, 1);
    w.reset();
    assertEquals(0, w.count());
    assertThrows(IllegalStateException.class, w::mean);
  }
}
