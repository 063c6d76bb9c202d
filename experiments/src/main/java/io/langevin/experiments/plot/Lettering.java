package io.langevin.experiments.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;

/**
 * Text on a figure: four logical "SansSerif" fonts (ticks, axis labels, panel titles, figure
 * title) sized with the figure, measured and drawn with anchors. If the JVM cannot render text
 * (on a headless host without fonts or fontconfig the font code throws: "No fonts found",
 * fontconfig errors, a missing libfreetype), the first failure
 * switches text off for the figure, sizes are estimated instead, and {@link #failure()} says why;
 * the figure is still drawn. Tested through {@code FigureTest}.
 */
final class Lettering {

  enum Kind {
    TICK,
    LABEL,
    TITLE,
    FIGURE_TITLE
  }

  private final Graphics2D g;
  private final Font[] fonts = new Font[Kind.values().length];
  private String failure;

  Lettering(Graphics2D g, double scale) {
    this.g = g;
    fonts[Kind.TICK.ordinal()] = new Font(Font.SANS_SERIF, Font.PLAIN, size(11, scale));
    fonts[Kind.LABEL.ordinal()] = new Font(Font.SANS_SERIF, Font.PLAIN, size(13, scale));
    fonts[Kind.TITLE.ordinal()] = new Font(Font.SANS_SERIF, Font.BOLD, size(13, scale));
    fonts[Kind.FIGURE_TITLE.ordinal()] = new Font(Font.SANS_SERIF, Font.BOLD, size(16, scale));
    try {
      g.getFontMetrics(fonts[0]).stringWidth("0");
    } catch (RuntimeException | Error e) {
      disable(e);
    }
  }

  private static int size(int base, double scale) {
    return Math.max(8, (int) Math.round(base * scale));
  }

  /** Why text is off, or null when text renders. */
  String failure() {
    return failure;
  }

  int height(Kind k) {
    Font f = fonts[k.ordinal()];
    if (failure == null) {
      try {
        return g.getFontMetrics(f).getHeight();
      } catch (RuntimeException | Error e) {
        disable(e);
      }
    }
    return (int) Math.ceil(f.getSize2D() * 1.2);
  }

  int width(Kind k, String s) {
    Font f = fonts[k.ordinal()];
    if (failure == null) {
      try {
        return g.getFontMetrics(f).stringWidth(s);
      } catch (RuntimeException | Error e) {
        disable(e);
      }
    }
    return (int) Math.ceil(f.getSize2D() * 0.6 * s.length());
  }

  /**
   * Draws {@code s} so that the point (x, y) is at horizontal fraction {@code ax} of its width (0
   * left, 0.5 centre, 1 right) and vertical fraction {@code ay} of its height (0 top, 0.5 middle,
   * 1 bottom of the line box).
   */
  void draw(Kind k, String s, double x, double y, double ax, double ay) {
    if (failure != null || s.isEmpty()) {
      return;
    }
    try {
      Font f = fonts[k.ordinal()];
      FontMetrics fm = g.getFontMetrics(f);
      g.setFont(f);
      double left = x - ax * fm.stringWidth(s);
      double top = y - ay * fm.getHeight();
      g.drawString(s, (float) left, (float) (top + fm.getAscent()));
    } catch (RuntimeException | Error e) {
      disable(e);
    }
  }

  /** Like {@link #draw} for text turned 90° counter-clockwise (a y-axis label), centred on (x, y). */
  void drawVertical(Kind k, String s, double x, double y) {
    if (failure != null || s.isEmpty()) {
      return;
    }
    AffineTransform saved = g.getTransform();
    try {
      g.translate(x, y);
      g.rotate(-Math.PI / 2);
      draw(k, s, 0, 0, 0.5, 0.5);
    } finally {
      g.setTransform(saved);
    }
  }

  /** Turns text off after a font failure; resource exhaustion (out of memory, stack) still propagates. */
  private void disable(Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof InternalError)) {
      throw (VirtualMachineError) e;
    }
    if (failure == null) {
      failure = "text disabled, fonts unavailable: " + e;
    }
  }
}
