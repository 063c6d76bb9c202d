package io.langevin.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tick positions (1-2-5 rule, log decades) and their labels. */
class TicksTest {

  @Test
  void unitInterval() {
    double[] t = Ticks.linear(0, 1, 5);
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, t, 0.0);
    assertArrayEquals(
        new String[] {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}, Ticks.labels(t, true));
  }

  @Test
  void asymmetricRange() {
    double[] t = Ticks.linear(-3.2, 7.9, 5);
    assertArrayEquals(new double[] {-2, 0, 2, 4, 6}, t, 0.0);
    assertArrayEquals(new String[] {"-2", "0", "2", "4", "6"}, Ticks.labels(t, true));
    // More ticks wanted: step 1.
    assertArrayEquals(
        new double[] {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7}, Ticks.linear(-3.2, 7.9, 10), 0.0);
  }

  @Test
  void stepsOfFive() {
    assertArrayEquals(new double[] {0, 5, 10, 15, 20}, Ticks.linear(-1, 22, 5), 0.0);
    assertArrayEquals(new double[] {0.85, 0.9, 0.95, 1.0}, Ticks.linear(0.83, 1.01, 4), 0.0);
  }

  @Test
  void logDecades() {
    double[] t = Ticks.log(1e-3, 1e2, 5);
    assertArrayEquals(new double[] {1e-3, 1e-2, 1e-1, 1, 10, 100}, t, 0.0);
    Axis axis = new Axis(1e-3, 1e2, true);
    Ticks.Set s = Ticks.of(axis, 5);
    assertArrayEquals(new String[] {"0.001", "0.01", "0.1", "1", "10", "100"}, s.labels());
    // Minor ticks: 2..9 × 10^k between the decades, none at a decade.
    assertEquals(8 * 5, s.minor().length);
    assertEquals(2e-3, s.minor()[0], 0.0);
    assertEquals(9e1, s.minor()[s.minor().length - 1], 0.0);
    for (double v : s.minor()) {
      double m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-12));
      assertTrue(Math.abs(m - Math.rint(m)) < 1e-9 && m >= 2 - 1e-9 && m <= 9 + 1e-9, "minor " + v);
    }
  }

  @Test
  void logManyDecadesStridesAndGoesScientific() {
    double[] t = Ticks.log(1e-12, 1e12, 5);
    assertTrue(t.length >= 3 && t.length <= 8, "count " + t.length);
    double ratio = t[1] / t[0];
    for (int i = 1; i < t.length; i++) {
      assertEquals(ratio, t[i] / t[i - 1], ratio * 1e-9);
    }
    assertTrue(ratio >= 100, "stride " + ratio);
    String[] labels = Ticks.of(new Axis(1e-12, 1e12, true), 5).labels();
    for (String l : labels) {
      assertTrue(l.matches("1(e-?\\d+)?"), l);
    }
  }

  @Test
  void logFewDecadesUsesOneTwoFive() {
    assertArrayEquals(new double[] {5, 10, 20, 50, 100, 200}, Ticks.log(4, 250, 5), 0.0);
    assertArrayEquals(
        new String[] {"5", "10", "20", "50", "100", "200"},
        Ticks.of(new Axis(4, 250, true), 5).labels());
    // Inside one decade: linear ticks.
    assertArrayEquals(new double[] {2, 3, 4, 5, 6, 7, 8}, Ticks.log(2, 8, 5), 0.0);
  }

  @Test
  void scientificLabels() {
    double[] small = Ticks.linear(0, 1e-5, 5);
    assertArrayEquals(new double[] {0, 2e-6, 4e-6, 6e-6, 8e-6, 1e-5}, small, 0.0);
    assertArrayEquals(
        new String[] {"0", "2e-6", "4e-6", "6e-6", "8e-6", "1e-5"}, Ticks.labels(small, true));
    double[] big = Ticks.linear(0, 3e6, 3);
    assertArrayEquals(new double[] {0, 1e6, 2e6, 3e6}, big, 0.0);
    assertArrayEquals(new String[] {"0", "1e6", "2e6", "3e6"}, Ticks.labels(big, true));
    assertArrayEquals(
        new String[] {"2.5e-5", "5e-5", "7.5e-5"}, Ticks.labels(new double[] {2.5e-5, 5e-5, 7.5e-5}, true));
  }

  /** Random ranges: increasing ticks inside the range, a constant 1-2-5 step, a sane count. */
  @Test
  void randomRangesFollowTheRule() {
    SplittableRandom r = new SplittableRandom(20240611);
    for (int trial = 0; trial < 2000; trial++) {
      double scale = Math.pow(10, r.nextInt(-8, 9));
      double lo = (r.nextDouble() * 2 - 1) * scale * 10;
      double hi = lo + scale * (0.05 + 20 * r.nextDouble());
      int target = r.nextInt(2, 11);
      double[] t = Ticks.linear(lo, hi, target);
      String where = "[" + lo + ", " + hi + "] target " + target;
      assertTrue(t.length >= 2 && t.length <= 2 * target + 2, where + ": " + t.length + " ticks");
      double step = t[1] - t[0];
      double e = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
      double m = step / e;
      boolean oneTwoFive = Math.abs(m - 1) < 1e-6 || Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6;
      assertTrue(oneTwoFive, where + ": step " + step);
      for (int i = 0; i < t.length; i++) {
        assertTrue(t[i] >= lo - 1e-9 * step && t[i] <= hi + 1e-9 * step, where + ": tick " + t[i]);
        if (i > 0) {
          assertEquals(step, t[i] - t[i - 1], step * 1e-6, where);
        }
      }
      String[] labels = Ticks.labels(t, true);
      assertEquals(t.length, java.util.Set.of(labels).size(), where + ": duplicate labels");
    }
  }

  @Test
  void badInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ticks.linear(2, 1, 5));
    assertTrue(e.getMessage().contains("[2.0, 1.0]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ticks.linear(0, Double.NaN, 5));
    e = assertThrows(IllegalArgumentException.class, () -> Ticks.linear(0, 1, 1));
    assertTrue(e.getMessage().contains("1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ticks.log(-1, 10, 5));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Axis(0, 10, true));
  }
}
