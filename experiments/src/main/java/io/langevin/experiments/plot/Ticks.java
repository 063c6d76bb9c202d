package io.langevin.experiments.plot;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Tick positions and labels. Linear axes use the 1-2-5 rule: the step is 1, 2 or 5 times a power
 * of ten, chosen closest to {@code span / target} (or the next smaller one while fewer than two
 * ticks would fall in the range), and the ticks are the multiples of the step
 * inside the range, computed as {@code k·m / 10^e} so that they are the doubles nearest to the
 * decimal values (0.6, not 0.6000000000000001). Log axes tick at powers of ten (every decade, or
 * every few when there are many), at 1-2-5 multiples of powers of ten when the range spans fewer
 * than three decades, and fall back to linear ticks within a decade. Tested by {@code TicksTest}.
 */
final class Ticks {

  /** Major tick values, their labels, and unlabelled minor ticks (log axes only). */
  record Set(double[] major, String[] labels, double[] minor) {}

  private Ticks() {}

  /** Ticks for a resolved axis, aiming at about {@code target} major ticks. */
  static Set of(Axis axis, int target) {
    if (!axis.log) {
      double[] t = linear(axis.lo, axis.hi, target);
      return new Set(t, labels(t, true), new double[0]);
    }
    double[] t = log(axis.lo, axis.hi, target);
    boolean decades = t.length >= 2 && isPowerOfTen(t[0]) && isPowerOfTen(t[1])
        && Math.abs(Math.log10(t[1] / t[0]) - 1) < 1e-9;
    double[] minor = decades ? logMinor(axis.lo, axis.hi) : new double[0];
    return new Set(t, labels(t, !isLogStyle(t)), minor);
  }

  /** Multiples of a 1-2-5 step in [lo, hi], about {@code target} of them. */
  static double[] linear(double lo, double hi, int target) {
    checkRange(lo, hi, target);
    double raw = (hi - lo) / target;
    int e = (int) Math.floor(Math.log10(raw));
    double f = raw / pow10(e);
    int m;
    if (f < 1.5) {
      m = 1;
    } else if (f < 3) {
      m = 2;
    } else if (f < 7) {
      m = 5;
    } else {
      m = 1;
      e++;
    }
    double slack = 1e-9;
    long k0;
    long k1;
    while (true) {
      double step = scaled(m, e);
      k0 = (long) Math.ceil(lo / step - slack);
      k1 = (long) Math.floor(hi / step + slack);
      if (k1 - k0 >= 1) {
        break;
      }
      // Fewer than two ticks (a wide step that straddles the range): next smaller 1-2-5 step.
      if (m == 1) {
        m = 5;
        e--;
      } else {
        m = m == 5 ? 2 : 1;
      }
    }
    int n = (int) (k1 - k0 + 1);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = scaled((k0 + i) * m, e);
    }
    return t;
  }

  /** Log-axis major ticks in [lo, hi] (lo > 0), about {@code target} of them. */
  static double[] log(double lo, double hi, int target) {
    checkRange(lo, hi, target);
    if (lo <= 0) {
      throw new IllegalArgumentException("log ticks need lo > 0, got [" + lo + ", " + hi + "]");
    }
    int k0 = (int) Math.ceil(Math.log10(lo) - 1e-9);
    int k1 = (int) Math.floor(Math.log10(hi) + 1e-9);
    int decades = k1 - k0 + 1;
    if (decades >= 3) {
      int most = Math.max(target, 6) + 1;
      int stride = 1;
      while ((decades + stride - 1) / stride > most) {
        stride++;
      }
      int first = Math.floorMod(k0, stride) == 0 ? k0 : k0 + stride - Math.floorMod(k0, stride);
      double[] t = new double[(k1 - first) / stride + 1];
      for (int i = 0; i < t.length; i++) {
        t[i] = pow10(first + i * stride);
      }
      return t;
    }
    double[] t = new double[3 * (decades + 2)];
    int n = 0;
    for (int k = k0 - 1; k <= k1; k++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = scaled(m, k);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
          t[n++] = v;
        }
      }
    }
    return n >= 3 ? Arrays.copyOf(t, n) : linear(lo, hi, target);
  }

  /** 2·10^k … 9·10^k inside [lo, hi]: unlabelled minor ticks between decade ticks. */
  static double[] logMinor(double lo, double hi) {
    int k0 = (int) Math.floor(Math.log10(lo));
    int k1 = (int) Math.floor(Math.log10(hi));
    if (k1 - k0 > 12) {
      return new double[0];
    }
    double[] t = new double[8 * (k1 - k0 + 1)];
    int n = 0;
    for (int k = k0; k <= k1; k++) {
      for (int m = 2; m <= 9; m++) {
        double v = scaled(m, k);
        if (v >= lo && v <= hi) {
          t[n++] = v;
        }
      }
    }
    return Arrays.copyOf(t, n);
  }

  /**
   * Labels for tick values: plain decimals ("0.25", "100"), or "2.5e-5" style when the values
   * are very large or very small. With {@code commonScale} every label gets the same number of
   * decimals ("0.0", "0.5", "1.0"), as on a linear axis.
   */
  static String[] labels(double[] ticks, boolean commonScale) {
    double maxAbs = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    int scale = 0;
    for (double v : ticks) {
      double a = Math.abs(v);
      maxAbs = Math.max(maxAbs, a);
      if (a > 0) {
        minAbs = Math.min(minAbs, a);
      }
      scale = Math.max(scale, BigDecimal.valueOf(v).stripTrailingZeros().scale());
    }
    boolean sci = maxAbs >= 1e5 || (minAbs < 1e-3 && commonScale) || minAbs < 1e-4;
    String[] out = new String[ticks.length];
    for (int i = 0; i < ticks.length; i++) {
      double v = ticks[i];
      if (v == 0) {
        out[i] = commonScale && !sci && scale > 0 ? BigDecimal.ZERO.setScale(scale).toPlainString() : "0";
        continue;
      }
      BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
      if (sci) {
        int exp = d.precision() - d.scale() - 1;
        String mantissa = d.movePointLeft(exp).stripTrailingZeros().toPlainString();
        out[i] = exp == 0 ? mantissa : mantissa + "e" + exp;
      } else if (commonScale) {
        out[i] = d.setScale(Math.max(scale, 0), java.math.RoundingMode.HALF_EVEN).toPlainString();
      } else {
        out[i] = d.toPlainString();
      }
    }
    return out;
  }

  private static boolean isLogStyle(double[] t) {
    for (double v : t) {
      if (!isPowerOfTen(v) && !isPowerOfTen(v / 2) && !isPowerOfTen(v / 5)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPowerOfTen(double v) {
    if (!(v > 0)) {
      return false;
    }
    double k = Math.rint(Math.log10(v));
    return Math.abs(v / pow10((int) k) - 1) < 1e-12;
  }

  private static void checkRange(double lo, double hi, int target) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi && Double.isFinite(hi - lo))) {
      throw new IllegalArgumentException("ticks need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    if (target < 2) {
      throw new IllegalArgumentException("tick target must be >= 2, got " + target);
    }
  }

  /** {@code m · 10^e} as the double nearest to that decimal (exact powers of ten up to 1e22). */
  private static double scaled(long m, int e) {
    return e >= 0 ? m * pow10(e) : m / pow10(-e);
  }

  private static double pow10(int e) {
    return Double.parseDouble("1e" + e);
  }
}
