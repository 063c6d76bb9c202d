package io.langevin.experiments.plot;

import java.awt.Color;
import java.util.List;

/**
 * The default series colours: eight distinct hues that read well on white (the Tableau 10
 * set without its two lightest members). Series {@code i} gets {@code Palette.color(i)}; the
 * sequence repeats after eight. Tested by {@code FigureTest}.
 */
public final class Palette {

  /** The eight colours, in order: blue, orange, green, red, purple, brown, pink, grey. */
  public static final List<Color> COLORS =
      List.of(
          new Color(0x1f77b4),
          new Color(0xff7f0e),
          new Color(0x2ca02c),
          new Color(0xd62728),
          new Color(0x9467bd),
          new Color(0x8c564b),
          new Color(0xe377c2),
          new Color(0x7f7f7f));

  private Palette() {}

  /** Colour of series {@code i} (any {@code i >= 0}; wraps around after eight). */
  public static Color color(int i) {
    if (i < 0) {
      throw new IllegalArgumentException("palette index must be >= 0, got " + i);
    }
    return COLORS.get(i % COLORS.size());
  }

  /** {@code c} with alpha {@code alpha} in [0, 1] (for translucent fills and dense scatters). */
  public static Color withAlpha(Color c, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(alpha * 255));
  }
}
