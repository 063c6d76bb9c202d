package io.langevin.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * One plot area of a {@link Figure}: axes (fixed or automatic ranges, linear or log scale, 1-2-5
 * ticks, grid), a title and axis labels, and the marks added to it, drawn in the order added:
 * scatters, lines, histograms, horizontal rules, covariance ellipses, function curves and text.
 * Marks with a non-empty label get a legend entry.
 *
 * <p>Input checks: arrays must be non-null and paired arrays of equal length (an {@link
 * IllegalArgumentException} names both lengths); NaN and infinite values are dropped and counted
 * in {@link #skipped()}, as are values that a log axis cannot show (x or y &le; 0), counted when
 * the figure is drawn. Scatters of more than {@value #MAX_SCATTER} finite points keep a
 * deterministic, evenly strided subset of that many. Data are copied when added.
 *
 * <p>Automatic ranges cover every mark's data plus 5% on each side (on a log axis, 5% of the
 * decades); a histogram's bars keep a linear y axis starting at 0. Function curves are sampled
 * over the resolved x range and count towards the automatic y range. Tested by {@code FigureTest}.
 */
public final class Panel {

  /** Where the legend goes inside the plot area; {@code NONE} hides it. */
  public enum Corner {
    UPPER_RIGHT,
    UPPER_LEFT,
    LOWER_RIGHT,
    LOWER_LEFT,
    NONE
  }

  /** Largest number of points a scatter draws; larger inputs are strided down to this many. */
  public static final int MAX_SCATTER = 20_000;

  private static final int MAX_BINS = 100_000;
  private static final double FAR = 1e9;
  private static final Color GRID = new Color(0xe8e8e8);
  private static final Color MINOR_GRID = new Color(0xf4f4f4);
  private static final Color INK = new Color(0x333333);
  private static final Stroke DASH =
      new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
  private static final Stroke SOLID = new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final Stroke THIN = new BasicStroke(1f);

  private final String where;
  private String title = "";
  private String xLabel = "";
  private String yLabel = "";
  private double xLo = Double.NaN;
  private double xHi = Double.NaN;
  private double yLo = Double.NaN;
  private double yHi = Double.NaN;
  private boolean logX;
  private boolean logY;
  private boolean equalAspect;
  private Corner legend = Corner.UPPER_RIGHT;
  private final List<Mark> marks = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private long skippedOnAdd;
  private long skippedOnDraw;
  private int drawnPoints;

  // Set by the last render.
  private Axis xAxis;
  private Axis yAxis;
  private Rectangle plot;

  Panel(String where) {
    this.where = where;
  }

  // ---- axes and text -------------------------------------------------------------------------

  /** Title drawn above the plot area. */
  public Panel title(String title) {
    this.title = text(title);
    return this;
  }

  /** Label under the x axis. */
  public Panel xLabel(String label) {
    this.xLabel = text(label);
    return this;
  }

  /** Label left of the y axis (drawn vertically). */
  public Panel yLabel(String label) {
    this.yLabel = text(label);
    return this;
  }

  /** Fixes the x range to [lo, hi] instead of fitting it to the data. */
  public Panel xRange(double lo, double hi) {
    checkRange("xRange", lo, hi, logX);
    xLo = lo;
    xHi = hi;
    return this;
  }

  /** Fixes the y range to [lo, hi] instead of fitting it to the data. */
  public Panel yRange(double lo, double hi) {
    checkRange("yRange", lo, hi, logY);
    yLo = lo;
    yHi = hi;
    return this;
  }

  /** Log10 scale on the x axis (x &le; 0 is not drawn). */
  public Panel logX() {
    if (equalAspect) {
      throw new IllegalArgumentException("logX: the panel has equalAspect, which needs linear axes");
    }
    if (!Double.isNaN(xLo)) {
      checkRange("logX with xRange", xLo, xHi, true);
    }
    logX = true;
    return this;
  }

  /** Log10 scale on the y axis (y &le; 0 is not drawn). */
  public Panel logY() {
    if (equalAspect) {
      throw new IllegalArgumentException("logY: the panel has equalAspect, which needs linear axes");
    }
    if (!Double.isNaN(yLo)) {
      checkRange("logY with yRange", yLo, yHi, true);
    }
    logY = true;
    return this;
  }

  /**
   * One data unit spans as many pixels on x as on y (so a circle looks round): the axis with
   * fewer pixels per unit is widened about its centre when drawn, even a fixed one. Both axes
   * must be linear.
   */
  public Panel equalAspect() {
    if (logX || logY) {
      throw new IllegalArgumentException(
          "equalAspect needs linear axes, got logX=" + logX + ", logY=" + logY);
    }
    equalAspect = true;
    return this;
  }

  /** Where the legend goes (default upper right); {@link Corner#NONE} hides it. */
  public Panel legend(Corner corner) {
    this.legend = Objects.requireNonNull(corner, "legend corner");
    return this;
  }

  /** A line of text in the upper-left corner of the plot area (several notes stack down). */
  public Panel note(String line) {
    notes.add(text(line));
    return this;
  }

  // ---- marks ---------------------------------------------------------------------------------

  /** Points (x[i], y[i]) as filled discs {@code pointSize} pixels across, without a legend entry. */
  public Panel scatter(double[] x, double[] y, Color color, double pointSize) {
    return scatter(x, y, color, pointSize, "");
  }

  /**
   * Points (x[i], y[i]) as filled discs {@code pointSize} pixels across (use a translucent colour,
   * see {@link Palette#withAlpha}, for dense clouds). Pairs with a non-finite coordinate are
   * skipped; beyond {@value #MAX_SCATTER} finite points, an evenly strided subset is drawn.
   */
  public Panel scatter(double[] x, double[] y, Color color, double pointSize, String label) {
    double[][] xy = pairs("scatter", x, y);
    Objects.requireNonNull(color, "scatter: color");
    if (!(pointSize > 0 && pointSize <= 100)) {
      throw new IllegalArgumentException("scatter: pointSize must be in (0, 100] px, got " + pointSize);
    }
    int n = xy[0].length;
    if (n > MAX_SCATTER) {
      double[] sx = new double[MAX_SCATTER];
      double[] sy = new double[MAX_SCATTER];
      for (int i = 0; i < MAX_SCATTER; i++) {
        int j = (int) ((long) i * n / MAX_SCATTER);
        sx[i] = xy[0][j];
        sy[i] = xy[1][j];
      }
      xy = new double[][] {sx, sy};
    }
    marks.add(new Scatter(xy[0], xy[1], color, pointSize, text(label)));
    return this;
  }

  /** A polyline through (x[i], y[i]) in the order given; non-finite pairs are skipped. */
  public Panel line(double[] x, double[] y, Color color, String label) {
    double[][] xy = pairs("line", x, y);
    marks.add(new Series(xy[0], xy[1], Objects.requireNonNull(color, "line: color"), text(label)));
    return this;
  }

  /** Histogram over [min, max] of the finite values, without a legend entry. */
  public Panel histogram(double[] values, int bins, Color color, boolean density) {
    return histogram(values, bins, color, density, "");
  }

  /**
   * Histogram of the finite values in {@code bins} equal bins over [min, max] of the values.
   * Heights are counts, or with {@code density} counts / (n · bin width) so the bars integrate to
   * 1 and compare directly with a density drawn by {@link #function}.
   */
  public Panel histogram(double[] values, int bins, Color color, boolean density, String label) {
    Objects.requireNonNull(values, "histogram: values");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    } else if (lo == hi) {
      double d = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
      lo -= d;
      hi += d;
    }
    return histogram(values, bins, lo, hi, color, density, label);
  }

  /**
   * Histogram with {@code bins} equal bins over the given [lo, hi] (so that several histograms
   * share bins). Finite values outside [lo, hi] are not drawn but still count in the density's n,
   * so the bars integrate to the fraction of values inside.
   */
  public Panel histogram(
      double[] values, int bins, double lo, double hi, Color color, boolean density, String label) {
    Objects.requireNonNull(values, "histogram: values");
    Objects.requireNonNull(color, "histogram: color");
    if (bins < 1 || bins > MAX_BINS) {
      throw new IllegalArgumentException("histogram: bins must be in [1, " + MAX_BINS + "], got " + bins);
    }
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi && Double.isFinite(hi - lo))) {
      throw new IllegalArgumentException("histogram: need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    long[] counts = new long[bins];
    long finite = 0;
    double width = (hi - lo) / bins;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        skippedOnAdd++;
        continue;
      }
      finite++;
      if (v < lo || v > hi) {
        continue;
      }
      int b = (int) ((v - lo) / (hi - lo) * bins);
      counts[Math.min(b, bins - 1)]++;
    }
    double[] edges = new double[bins + 1];
    double[] heights = new double[bins];
    for (int b = 0; b <= bins; b++) {
      edges[b] = b == bins ? hi : lo + b * width;
    }
    for (int b = 0; b < bins; b++) {
      heights[b] = density ? (finite == 0 ? 0 : counts[b] / (finite * width)) : counts[b];
    }
    marks.add(new Bars(edges, heights, color, text(label)));
    return this;
  }

  /** A horizontal line across the plot at {@code y}, solid or dashed. */
  public Panel hline(double y, Color color, String label, boolean dashed) {
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("hline: y must be finite, got " + y);
    }
    marks.add(new Rule(y, Objects.requireNonNull(color, "hline: color"), text(label), dashed));
    return this;
  }

  /** {@link #ellipse(double, double, double, double, double, double, Color, String)} without a label. */
  public Panel ellipse(double cx, double cy, double sx, double sy, double rho, double nSigma, Color color) {
    return ellipse(cx, cy, sx, sy, rho, nSigma, color, "");
  }

  /**
   * The {@code nSigma} contour of a 2-D Gaussian with mean (cx, cy), standard deviations sx, sy and
   * correlation rho: the points at Mahalanobis distance {@code nSigma} from the mean.
   */
  public Panel ellipse(
      double cx, double cy, double sx, double sy, double rho, double nSigma, Color color, String label) {
    if (!(Double.isFinite(cx) && Double.isFinite(cy))) {
      throw new IllegalArgumentException("ellipse: centre must be finite, got (" + cx + ", " + cy + ")");
    }
    if (!(sx > 0 && sy > 0 && Double.isFinite(sx) && Double.isFinite(sy))) {
      throw new IllegalArgumentException(
          "ellipse: sx and sy must be finite and > 0, got sx=" + sx + ", sy=" + sy);
    }
    if (!(rho > -1 && rho < 1)) {
      throw new IllegalArgumentException("ellipse: rho must be in (-1, 1), got " + rho);
    }
    if (!(nSigma > 0 && Double.isFinite(nSigma))) {
      throw new IllegalArgumentException("ellipse: nSigma must be finite and > 0, got " + nSigma);
    }
    Objects.requireNonNull(color, "ellipse: color");
    marks.add(new Contour(cx, cy, sx, sy, rho, nSigma, color, text(label)));
    return this;
  }

  /**
   * The curve y = f(x) over the panel's x range (sampled at 600 points, evenly in log space on a
   * log axis); points where f is not finite break the curve.
   */
  public Panel function(DoubleUnaryOperator f, Color color, String label) {
    marks.add(
        new Curve(
            Objects.requireNonNull(f, "function: f"),
            Objects.requireNonNull(color, "function: color"),
            text(label)));
    return this;
  }

  /** Text with its left baseline at data coordinates (x, y). */
  public Panel text(double x, double y, String text, Color color) {
    if (!(Double.isFinite(x) && Double.isFinite(y))) {
      throw new IllegalArgumentException("text: position must be finite, got (" + x + ", " + y + ")");
    }
    marks.add(new Label(x, y, text(text), Objects.requireNonNull(color, "text: color")));
    return this;
  }

  /**
   * Values dropped so far: non-finite inputs (one per dropped pair or value), plus the points the
   * last drawing could not place on a log axis.
   */
  public long skipped() {
    return skippedOnAdd + skippedOnDraw;
  }

  // ---- data to pixels (valid after the figure is rendered) ------------------------------------

  /** Pixel column (continuous) of data x in the last rendered image. */
  double xPixel(double x) {
    rendered();
    return plot.x + xAxis.unit(x) * plot.width;
  }

  /** Pixel row (continuous, growing downwards) of data y in the last rendered image. */
  double yPixel(double y) {
    rendered();
    return plot.y + plot.height - yAxis.unit(y) * plot.height;
  }

  /** Scatter discs drawn by the last render (after subsampling and clipping). */
  int drawnPoints() {
    rendered();
    return drawnPoints;
  }

  /** The plot area (inside the axes) of the last rendered image. */
  Rectangle plotArea() {
    rendered();
    return new Rectangle(plot);
  }

  Axis xAxis() {
    rendered();
    return xAxis;
  }

  Axis yAxis() {
    rendered();
    return yAxis;
  }

  private void rendered() {
    if (plot == null) {
      throw new IllegalStateException(where + " has not been rendered yet");
    }
  }

  // ---- drawing -------------------------------------------------------------------------------

  /** Draws the panel into {@code cell} (the figure has filled it white). */
  void render(Graphics2D g, Lettering t, Rectangle cell) {
    skippedOnDraw = 0;
    drawnPoints = 0;
    Span sx = new Span(logX);
    for (Mark m : marks) {
      m.extentX(sx);
    }
    xAxis = resolve("x", xLo, xHi, logX, sx, false);
    Span sy = new Span(logY);
    boolean bars = false;
    for (Mark m : marks) {
      m.extentY(sy, xAxis);
      bars |= m instanceof Bars;
    }
    yAxis = resolve("y", yLo, yHi, logY, sy, bars);

    int tickLen = 5;
    int tickH = t.height(Lettering.Kind.TICK);
    int labelH = t.height(Lettering.Kind.LABEL);
    int top = title.isEmpty() ? 12 : t.height(Lettering.Kind.TITLE) + 10;
    int bottom = tickLen + 3 + tickH + (xLabel.isEmpty() ? 0 : labelH + 2) + 8;
    int plotH = cell.height - top - bottom;
    int right = 16;
    Ticks.Set yt = null;
    int plotW = 0;
    // With equal aspect, widening an axis may change the y tick labels and so the left margin:
    // lay out and equalise twice, then only recompute the y ticks for the final range.
    for (int pass = 0; pass < (equalAspect ? 3 : 1); pass++) {
      yt = Ticks.of(yAxis, Math.clamp(plotH / 55, 3, 10));
      if (pass == 2) {
        break; // keep plotW, so the aspect stays exact
      }
      int yw = 0;
      for (String s : yt.labels()) {
        yw = Math.max(yw, t.width(Lettering.Kind.TICK, s));
      }
      int left = 8 + (yLabel.isEmpty() ? 0 : labelH + 4) + yw + 4 + tickLen;
      plotW = cell.width - left - right;
      if (plotW < 20 || plotH < 20) {
        throw new IllegalArgumentException(
            where + " is too small: a " + cell.width + "x" + cell.height + " px cell leaves a "
                + plotW + "x" + plotH + " px plot area (need at least 20x20)");
      }
      if (equalAspect) {
        equalise(plotW, plotH);
      }
    }
    Ticks.Set xt = null;
    for (int target = Math.clamp(plotW / 90, 3, 10); target >= 2; target--) {
      xt = Ticks.of(xAxis, target);
      int need = 0;
      for (String s : xt.labels()) {
        need = Math.max(need, t.width(Lettering.Kind.TICK, s) + 12);
      }
      if (need * xt.major().length <= plotW) {
        break;
      }
    }
    plot = new Rectangle(cell.x + cell.width - right - plotW, cell.y + top, plotW, plotH);

    // Grid.
    g.setStroke(THIN);
    g.setColor(MINOR_GRID);
    for (double v : xt.minor()) {
      vertical(g, xPixel(v), plot.y, plot.y + plot.height);
    }
    for (double v : yt.minor()) {
      horizontal(g, yPixel(v), plot.x, plot.x + plot.width);
    }
    g.setColor(GRID);
    for (double v : xt.major()) {
      vertical(g, xPixel(v), plot.y, plot.y + plot.height);
    }
    for (double v : yt.major()) {
      horizontal(g, yPixel(v), plot.x, plot.x + plot.width);
    }

    // Marks, clipped to the plot area.
    Shape clip = g.getClip();
    g.clip(plot);
    for (Mark m : marks) {
      m.draw(this, g, t);
    }
    g.setClip(clip);

    // Frame, ticks, tick labels.
    g.setStroke(THIN);
    g.setColor(INK);
    g.draw(new Rectangle2D.Double(plot.x - 0.5, plot.y - 0.5, plot.width + 1, plot.height + 1));
    int base = plot.y + plot.height;
    for (int i = 0; i < xt.major().length; i++) {
      double px = snap(xPixel(xt.major()[i]));
      g.draw(new Line2D.Double(px, base, px, base + tickLen));
      t.draw(Lettering.Kind.TICK, xt.labels()[i], px, base + tickLen + 3, 0.5, 0);
    }
    for (double v : xt.minor()) {
      double px = snap(xPixel(v));
      g.draw(new Line2D.Double(px, base, px, base + tickLen / 2.0));
    }
    for (int i = 0; i < yt.major().length; i++) {
      double py = snap(yPixel(yt.major()[i]));
      g.draw(new Line2D.Double(plot.x - tickLen, py, plot.x, py));
      t.draw(Lettering.Kind.TICK, yt.labels()[i], plot.x - tickLen - 4, py, 1, 0.5);
    }
    for (double v : yt.minor()) {
      double py = snap(yPixel(v));
      g.draw(new Line2D.Double(plot.x - tickLen / 2.0, py, plot.x, py));
    }

    // Labels and title.
    double midX = plot.x + plot.width / 2.0;
    if (!xLabel.isEmpty()) {
      t.draw(Lettering.Kind.LABEL, xLabel, midX, base + tickLen + 3 + tickH + 2, 0.5, 0);
    }
    if (!yLabel.isEmpty()) {
      t.drawVertical(Lettering.Kind.LABEL, yLabel, cell.x + 8 + labelH / 2.0, plot.y + plot.height / 2.0);
    }
    if (!title.isEmpty()) {
      t.draw(Lettering.Kind.TITLE, title, midX, plot.y - 5, 0.5, 1);
    }

    // Notes (upper left) and legend.
    double ny = plot.y + 4;
    for (String s : notes) {
      t.draw(Lettering.Kind.TICK, s, plot.x + 6, ny, 0, 0);
      ny += tickH;
    }
    drawLegend(g, t);
  }

  private void drawLegend(Graphics2D g, Lettering t) {
    List<Mark> labelled = new ArrayList<>();
    for (Mark m : marks) {
      if (!m.label().isEmpty()) {
        labelled.add(m);
      }
    }
    if (legend == Corner.NONE || labelled.isEmpty()) {
      return;
    }
    int rowH = Math.max(t.height(Lettering.Kind.TICK), 14);
    int swatch = 24;
    int pad = 6;
    int textW = 0;
    for (Mark m : labelled) {
      textW = Math.max(textW, t.width(Lettering.Kind.TICK, m.label()));
    }
    int w = pad + swatch + 6 + textW + pad;
    int h = pad + rowH * labelled.size() + pad;
    int inset = 8;
    boolean rightSide = legend == Corner.UPPER_RIGHT || legend == Corner.LOWER_RIGHT;
    boolean upper = legend == Corner.UPPER_RIGHT || legend == Corner.UPPER_LEFT;
    int x = rightSide ? plot.x + plot.width - inset - w : plot.x + inset;
    int y = upper ? plot.y + inset : plot.y + plot.height - inset - h;
    g.setColor(new Color(255, 255, 255, 225));
    g.fill(new Rectangle2D.Double(x, y, w, h));
    g.setStroke(THIN);
    g.setColor(new Color(0xbbbbbb));
    g.draw(new Rectangle2D.Double(x + 0.5, y + 0.5, w - 1, h - 1));
    for (int i = 0; i < labelled.size(); i++) {
      Mark m = labelled.get(i);
      double cy = y + pad + rowH * (i + 0.5);
      m.swatch(g, x + pad, cy, swatch);
      g.setColor(INK);
      t.draw(Lettering.Kind.TICK, m.label(), x + pad + swatch + 6, cy, 0, 0.5);
    }
  }

  /** Widens x or y about its centre so both have the same pixels per data unit. */
  private void equalise(int plotW, int plotH) {
    double px = plotW / (xAxis.hi - xAxis.lo);
    double py = plotH / (yAxis.hi - yAxis.lo);
    if (px < py) {
      double c = 0.5 * (yAxis.lo + yAxis.hi);
      double half = 0.5 * plotH / px;
      yAxis = new Axis(c - half, c + half, false);
    } else if (py < px) {
      double c = 0.5 * (xAxis.lo + xAxis.hi);
      double half = 0.5 * plotW / py;
      xAxis = new Axis(c - half, c + half, false);
    }
  }

  private static void vertical(Graphics2D g, double px, double y0, double y1) {
    double x = snap(px);
    g.draw(new Line2D.Double(x, y0, x, y1));
  }

  private static void horizontal(Graphics2D g, double py, double x0, double x1) {
    double y = snap(py);
    g.draw(new Line2D.Double(x0, y, x1, y));
  }

  /** Centre of the pixel containing p, so that 1 px lines are crisp under anti-aliasing. */
  private static double snap(double p) {
    return Math.floor(p) + 0.5;
  }

  private static double far(double p) {
    return Math.max(-FAR, Math.min(FAR, p));
  }

  /** Adds (x, y) to a path, starting a new piece after a gap; returns whether the point was placed. */
  private boolean pathTo(Path2D.Double path, double x, double y, boolean pen) {
    if (!xAxis.accepts(x) || !yAxis.accepts(y)) {
      return false;
    }
    double px = far(xPixel(x));
    double py = far(yPixel(y));
    if (pen) {
      path.lineTo(px, py);
    } else {
      path.moveTo(px, py);
    }
    return true;
  }

  private static Axis resolve(String name, double lo, double hi, boolean log, Span s, boolean fromZero) {
    if (!Double.isNaN(lo)) {
      return new Axis(lo, hi, log);
    }
    if (s.empty()) {
      return log ? new Axis(1, 10, true) : new Axis(0, 1, false);
    }
    double a = s.lo;
    double b = s.hi;
    if (log) {
      double la = Math.log10(a);
      double lb = Math.log10(b);
      if (lb - la < 1e-9) {
        la -= 0.5;
        lb += 0.5;
      }
      double pad = 0.05 * (lb - la);
      return new Axis(Math.pow(10, la - pad), Math.pow(10, lb + pad), true);
    }
    if (b - a <= 1e-12 * Math.max(Math.abs(a), Math.abs(b))) {
      double d = a == 0 ? 0.5 : 0.05 * Math.abs(a);
      a -= d;
      b += d;
    }
    double pad = 0.05 * (b - a);
    double nlo = a - pad;
    double nhi = b + pad;
    if (fromZero && a >= 0 && nlo < 0) {
      nlo = 0;
    }
    if (!(Double.isFinite(nlo) && Double.isFinite(nhi) && Double.isFinite(nhi - nlo))) {
      throw new IllegalArgumentException(
          name + " data range [" + s.lo + ", " + s.hi + "] is too wide to plot; fix the range");
    }
    return new Axis(nlo, nhi, false);
  }

  private static void checkRange(String what, double lo, double hi, boolean log) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi && Double.isFinite(hi - lo))) {
      throw new IllegalArgumentException(what + ": need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    if (log && lo <= 0) {
      throw new IllegalArgumentException(what + ": a log axis needs lo > 0, got [" + lo + ", " + hi + "]");
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  /** The finite pairs of (x, y), copied; counts the dropped pairs. */
  private double[][] pairs(String what, double[] x, double[] y) {
    Objects.requireNonNull(x, what + ": x");
    Objects.requireNonNull(y, what + ": y");
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          what + ": x has " + x.length + " values but y has " + y.length);
    }
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        n++;
      }
    }
    double[] fx = new double[n];
    double[] fy = new double[n];
    int j = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        fx[j] = x[i];
        fy[j] = y[i];
        j++;
      }
    }
    skippedOnAdd += x.length - n;
    return new double[][] {fx, fy};
  }

  /** Running min/max of the values an axis can show. */
  private static final class Span {
    final boolean log;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;

    Span(boolean log) {
      this.log = log;
    }

    void add(double v) {
      if (Double.isFinite(v) && (!log || v > 0)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }

    boolean empty() {
      return lo > hi;
    }
  }

  // ---- marks ---------------------------------------------------------------------------------

  private sealed interface Mark permits Scatter, Series, Bars, Rule, Contour, Curve, Label {
    void extentX(Span s);

    void extentY(Span s, Axis x);

    void draw(Panel p, Graphics2D g, Lettering t);

    String label();

    /** Legend sample, {@code w} px wide, centred vertically on {@code cy}. */
    void swatch(Graphics2D g, double x, double cy, double w);
  }

  private record Scatter(double[] x, double[] y, Color color, double size, String label) implements Mark {
    @Override
    public void extentX(Span s) {
      for (double v : x) {
        s.add(v);
      }
    }

    @Override
    public void extentY(Span s, Axis xa) {
      for (double v : y) {
        s.add(v);
      }
    }

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      g.setColor(color);
      double r = size / 2;
      Rectangle area = p.plot;
      Ellipse2D.Double disc = new Ellipse2D.Double();
      for (int i = 0; i < x.length; i++) {
        if (!p.xAxis.accepts(x[i]) || !p.yAxis.accepts(y[i])) {
          p.skippedOnDraw++;
          continue;
        }
        double px = p.xPixel(x[i]);
        double py = p.yPixel(y[i]);
        if (px < area.x - r || px > area.x + area.width + r
            || py < area.y - r || py > area.y + area.height + r) {
          continue;
        }
        disc.setFrame(px - r, py - r, size, size);
        g.fill(disc);
        p.drawnPoints++;
      }
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy, double w) {
      double d = Math.clamp(size, 5, 10);
      g.setColor(new Color(color.getRGB()));
      g.fill(new Ellipse2D.Double(x0 + w / 2 - d / 2, cy - d / 2, d, d));
    }
  }

  private record Series(double[] x, double[] y, Color color, String label) implements Mark {
    @Override
    public void extentX(Span s) {
      for (double v : x) {
        s.add(v);
      }
    }

    @Override
    public void extentY(Span s, Axis xa) {
      for (double v : y) {
        s.add(v);
      }
    }

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int i = 0; i < x.length; i++) {
        boolean placed = p.pathTo(path, x[i], y[i], pen);
        if (!placed) {
          p.skippedOnDraw++;
        }
        pen = placed;
      }
      g.setColor(color);
      g.setStroke(SOLID);
      g.draw(path);
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy, double w) {
      g.setColor(color);
      g.setStroke(SOLID);
      g.draw(new Line2D.Double(x0 + 2, cy, x0 + w - 2, cy));
    }
  }

  private record Bars(double[] edges, double[] heights, Color color, String label) implements Mark {
    @Override
    public void extentX(Span s) {
      s.add(edges[0]);
      s.add(edges[edges.length - 1]);
    }

    @Override
    public void extentY(Span s, Axis xa) {
      if (!s.log) {
        s.add(0);
      }
      for (double h : heights) {
        s.add(h);
      }
    }

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      double base = p.yPixel(p.yAxis.log ? p.yAxis.lo : 0);
      Color fill = fill(color);
      Path2D.Double outline = new Path2D.Double();
      boolean pen = false;
      for (int b = 0; b < heights.length; b++) {
        double e0 = edges[b];
        double e1 = edges[b + 1];
        if (!p.xAxis.accepts(e0) || !p.yAxis.accepts(heights[b])) {
          if (pen) {
            outline.lineTo(outline.getCurrentPoint().getX(), far(base));
          }
          pen = false;
          continue;
        }
        double x0 = far(p.xPixel(e0));
        double x1 = far(p.xPixel(e1));
        double top = far(p.yPixel(heights[b]));
        g.setColor(fill);
        g.fill(new Rectangle2D.Double(x0, Math.min(top, base), x1 - x0, Math.abs(base - top)));
        if (!pen) {
          outline.moveTo(x0, far(base));
        }
        outline.lineTo(x0, top);
        outline.lineTo(x1, top);
        pen = true;
      }
      if (pen) {
        outline.lineTo(outline.getCurrentPoint().getX(), far(base));
      }
      g.setColor(color);
      g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      g.draw(outline);
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy, double w) {
      Rectangle2D.Double r = new Rectangle2D.Double(x0 + 4, cy - 5, w - 8, 10);
      g.setColor(fill(color));
      g.fill(r);
      g.setColor(color);
      g.setStroke(THIN);
      g.draw(r);
    }

    private static Color fill(Color c) {
      return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(c.getAlpha() * 0.35f));
    }
  }

  private record Rule(double y, Color color, String label, boolean dashed) implements Mark {
    @Override
    public void extentX(Span s) {}

    @Override
    public void extentY(Span s, Axis xa) {
      s.add(y);
    }

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      if (!p.yAxis.accepts(y)) {
        p.skippedOnDraw++;
        return;
      }
      double py = far(p.yPixel(y));
      g.setColor(color);
      g.setStroke(dashed ? DASH : SOLID);
      g.draw(new Line2D.Double(p.plot.x, py, p.plot.x + p.plot.width, py));
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy, double w) {
      g.setColor(color);
      g.setStroke(dashed ? DASH : SOLID);
      g.draw(new Line2D.Double(x0 + 2, cy, x0 + w - 2, cy));
    }
  }

  private record Contour(
      double cx, double cy, double sx, double sy, double rho, double n, Color color, String label)
      implements Mark {
    private static final int STEPS = 240;

    @Override
    public void extentX(Span s) {
      s.add(cx - n * sx);
      s.add(cx + n * sx);
    }

    @Override
    public void extentY(Span s, Axis xa) {
      s.add(cy - n * sy);
      s.add(cy + n * sy);
    }

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      // Cholesky factor of [[sx², ρ sx sy], [ρ sx sy, sy²]] applied to the circle of radius n.
      double q = Math.sqrt(1 - rho * rho);
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int i = 0; i <= STEPS; i++) {
        double a = 2 * Math.PI * i / STEPS;
        double c = Math.cos(a);
        double s = Math.sin(a);
        pen = p.pathTo(path, cx + n * sx * c, cy + n * sy * (rho * c + q * s), pen);
      }
      g.setColor(color);
      g.setStroke(SOLID);
      g.draw(path);
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy0, double w) {
      g.setColor(color);
      g.setStroke(SOLID);
      g.draw(new Ellipse2D.Double(x0 + 3, cy0 - 5, w - 6, 10));
    }
  }

  private record Curve(DoubleUnaryOperator f, Color color, String label) implements Mark {
    private static final int STEPS = 600;

    @Override
    public void extentX(Span s) {}

    @Override
    public void extentY(Span s, Axis xa) {
      for (int i = 0; i <= STEPS / 3; i++) {
        s.add(f.applyAsDouble(xa.value(i / (STEPS / 3.0))));
      }
    }

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int i = 0; i <= STEPS; i++) {
        double x = p.xAxis.value(i / (double) STEPS);
        pen = p.pathTo(path, x, f.applyAsDouble(x), pen);
      }
      g.setColor(color);
      g.setStroke(SOLID);
      g.draw(path);
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy, double w) {
      g.setColor(color);
      g.setStroke(SOLID);
      g.draw(new Line2D.Double(x0 + 2, cy, x0 + w - 2, cy));
    }
  }

  private record Label(double x, double y, String text, Color color) implements Mark {
    @Override
    public void extentX(Span s) {}

    @Override
    public void extentY(Span s, Axis xa) {}

    @Override
    public void draw(Panel p, Graphics2D g, Lettering t) {
      if (!p.xAxis.accepts(x) || !p.yAxis.accepts(y)) {
        p.skippedOnDraw++;
        return;
      }
      g.setColor(color);
      t.draw(Lettering.Kind.TICK, text, p.xPixel(x), p.yPixel(y), 0, 0.8);
    }

    @Override
    public String label() {
      return "";
    }

    @Override
    public void swatch(Graphics2D g, double x0, double cy, double w) {}
  }
}
