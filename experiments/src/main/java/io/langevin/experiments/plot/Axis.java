package io.langevin.experiments.plot;

/**
 * A resolved axis: its data range and scale (linear or log10), and the map from data values to
 * the unit interval (0 at {@code lo}, 1 at {@code hi}). Panels turn units into pixels. Tested
 * through {@code FigureTest} (data to pixel mapping).
 */
final class Axis {

  final boolean log;
  final double lo;
  final double hi;
  private final double a;
  private final double span;

  Axis(double lo, double hi, boolean log) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
      throw new IllegalArgumentException("axis range needs finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    if (log && lo <= 0) {
      throw new IllegalArgumentException("log axis range needs lo > 0, got [" + lo + ", " + hi + "]");
    }
    this.log = log;
    this.lo = lo;
    this.hi = hi;
    this.a = log ? Math.log10(lo) : lo;
    this.span = log ? Math.log10(hi) - a : hi - lo;
  }

  /** Whether {@code v} can be placed on this axis (finite, and positive on a log axis). */
  boolean accepts(double v) {
    return Double.isFinite(v) && (!log || v > 0);
  }

  /** Position of {@code v} on the axis: 0 at lo, 1 at hi (outside [0, 1] when out of range). */
  double unit(double v) {
    return ((log ? Math.log10(v) : v) - a) / span;
  }

  /** Inverse of {@link #unit}. */
  double value(double u) {
    double t = a + u * span;
    return log ? Math.pow(10, t) : t;
  }

  @Override
  public String toString() {
    return (log ? "log[" : "[") + lo + ", " + hi + "]";
  }
}
