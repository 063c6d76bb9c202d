package io.langevin.experiments.intrinsic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoublePredicate;
import java.util.function.IntConsumer;

/**
 * A sweep over the subspace dimension d: R runs per d (seeds {@code seed, seed+1, …}), the mean
 * and standard deviation of their outcomes, and the smallest d whose mean passes a test (the
 * authors' notebook: the first d in sorted order whose mean accuracy over runs is above 0.9 ×
 * baseline). Either a given list of d, or a geometric grid from {@code dMin} by factor 2 until a
 * mean passes (or {@code dMax}), then {@code refine} bisection steps between the largest d that
 * fails and the smallest that passes. Test: {@code IntrinsicDimTest}.
 */
public final class Sweep {

  /** The outcome of one run in a d-dimensional subspace (an accuracy, or a loss). */
  @FunctionalInterface
  public interface Run {
    double perform(int d, long seed) throws java.io.IOException;
  }

  /**
   * The runs at one d.
   *
   * @param values each run's performance, in seed order
   */
  public record Point(int d, double mean, double std, double[] values) {
    public int runs() {
      return values.length;
    }

    static Point of(int d, double[] v) {
      double m = 0;
      for (double x : v) {
        m += x;
      }
      m /= v.length;
      double ss = 0;
      for (double x : v) {
        ss += (x - m) * (x - m);
      }
      return new Point(d, m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.clone());
    }
  }

  private final Run run;
  private final int runs;
  private final long seed;
  private final IntConsumer progress;
  private final Map<Integer, Point> done = new TreeMap<>();

  /**
   * @param progress called with each d before its runs start (for progress lines); may be null
   */
  public Sweep(Run run, int runs, long seed, IntConsumer progress) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs per d must be >= 1, got " + runs);
    }
    this.run = run;
    this.runs = runs;
    this.seed = seed;
    this.progress = progress;
  }

  /** The R runs at d (cached: a d already measured is not run again). */
  public Point at(int d) throws java.io.IOException {
    if (d < 1) {
      throw new IllegalArgumentException("subspace dimension d must be >= 1, got " + d);
    }
    Point p = done.get(d);
    if (p == null) {
      if (progress != null) {
        progress.accept(d);
      }
      double[] v = new double[runs];
      for (int r = 0; r < runs; r++) {
        v[r] = run.perform(d, seed + r);
      }
      p = Point.of(d, v);
      done.put(d, p);
    }
    return p;
  }

  /** Every d of {@code dims}. */
  public List<Point> grid(int[] dims) throws java.io.IOException {
    for (int d : dims) {
      at(d);
    }
    return points();
  }

  /**
   * The geometric grid dMin, 2·dMin, … (capped at dMax) until a mean {@code passes}, then {@code
   * refine} bisections between the largest d that fails and the smallest d that passes.
   */
  public List<Point> search(int dMin, int dMax, DoublePredicate passes, int refine)
      throws java.io.IOException {
    if (dMin < 1 || dMax < dMin) {
      throw new IllegalArgumentException(
          "search range must have 1 <= dMin <= dMax, got " + dMin + ", " + dMax);
    }
    int below = 0;
    int above = -1;
    for (long d = dMin; ; d *= 2) {
      int di = (int) Math.min(d, dMax);
      if (passes.test(at(di).mean())) {
        above = di;
        break;
      }
      below = di;
      if (di == dMax) {
        break;
      }
    }
    for (int i = 0; i < refine && above > 0 && above - below > 1; i++) {
      int mid = below + (above - below) / 2;
      if (passes.test(at(mid).mean())) {
        above = mid;
      } else {
        below = mid;
      }
    }
    return points();
  }

  /** Every point measured so far, by d. */
  public List<Point> points() {
    List<Point> l = new ArrayList<>(done.values());
    l.sort(Comparator.comparingInt(Point::d));
    return l;
  }

  /** The smallest d whose mean {@code passes}, or -1 when none does. */
  public static int first(List<Point> points, DoublePredicate passes) {
    for (Point p : points) {
      if (passes.test(p.mean())) {
        return p.d();
      }
    }
    return -1;
  }
}
