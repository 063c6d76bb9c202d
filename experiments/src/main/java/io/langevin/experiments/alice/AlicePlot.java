package io.langevin.experiments.alice;

import io.langevin.experiments.plot.Figure;
import io.langevin.experiments.plot.Palette;
import io.langevin.experiments.plot.Panel;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The paper's four toy panels for one run ({@code toy_data/results/toy_data_results.png}): inferred
 * x from z ({@code G(z)} over the true x in grey), reconstructed x ({@code G(E(x))}), inferred z
 * from x ({@code E(x)}), reconstructed z ({@code E(G(z))} over the true z in grey). Reconstructed x
 * and inferred z are coloured by the component of the source x, so a mapping that mixes modes
 * shows as mixed colours; the semi-supervised variants also show the anchors (black).
 */
public final class AlicePlot {
  private AlicePlot() {}

  private static final Color TRUE = new Color(0, 0, 0, 40);

  /** Writes the four panels of {@code r} (which must hold samples) to {@code file}. */
  public static Path write(AliceRun.Result r, Path file) throws IOException {
    AliceRun.Samples s = r.samples();
    if (s == null) {
      throw new IllegalArgumentException(
          "alice plot: the run of " + r.variant().cliName() + " seed " + r.seed()
              + " kept no samples (Options.keepSamples)");
    }
    Figure fig = new Figure(1, 4, 1800, 520);
    fig.title(String.format(Locale.ROOT,
        "%s, λ = %s, seed %d (%d×%d, %d iterations): score %.2f, MSE(x) %.4f, %d modes",
        r.variant().cliName(), fmt(r.lambda()), r.seed(), r.depth(), r.width(), r.iterations(),
        r.score(), r.mse(), r.modes()));
    boolean anchors = r.variant().semiSupervised();

    Panel p = xPanel(fig.panel(0, 0), "Inferred x from z: G(z)");
    p.scatter(xs(s.x(), 0), xs(s.x(), 1), TRUE, 3, "true x");
    p.scatter(xs(s.xFromZ(), 0), xs(s.xFromZ(), 1), Palette.withAlpha(Palette.color(0), 0.6), 3,
        "G(z)");
    anchorMarks(p, s.anchorX(), anchors);

    p = xPanel(fig.panel(0, 1), "Reconstructed x: G(E(x))");
    byMode(p, s.xRec(), s.xMode());
    anchorMarks(p, s.anchorX(), anchors);

    p = zPanel(fig.panel(0, 2), "Inferred z from x: E(x)");
    byMode(p, s.zFromX(), s.xMode());
    anchorMarks(p, s.anchorZ(), anchors);

    p = zPanel(fig.panel(0, 3), "Reconstructed z: E(G(z))");
    p.scatter(xs(s.z(), 0), xs(s.z(), 1), TRUE, 3, "true z");
    p.scatter(xs(s.zRec(), 0), xs(s.zRec(), 1), Palette.withAlpha(Palette.color(2), 0.6), 3,
        "E(G(z))");
    anchorMarks(p, s.anchorZ(), anchors);
    return fig.writePng(file);
  }

  private static Panel xPanel(Panel p, String title) {
    return p.title(title).xLabel("x₁").yLabel("x₂").xRange(-3.5, 3.5).yRange(-3.5, 3.5)
        .equalAspect().legend(Panel.Corner.NONE);
  }

  private static Panel zPanel(Panel p, String title) {
    return p.title(title).xLabel("z₁").yLabel("z₂").xRange(-4.5, 4.5).yRange(-4.5, 4.5)
        .equalAspect().legend(Panel.Corner.NONE);
  }

  private static void byMode(Panel p, float[] pts, int[] modes) {
    for (int k = 0; k < ToyData.X_MODES; k++) {
      int count = 0;
      for (int m : modes) {
        count += m == k ? 1 : 0;
      }
      double[] x = new double[count];
      double[] y = new double[count];
      int j = 0;
      for (int i = 0; i < modes.length; i++) {
        if (modes[i] == k) {
          x[j] = pts[2 * i];
          y[j++] = pts[2 * i + 1];
        }
      }
      p.scatter(x, y, Palette.withAlpha(Palette.color(k), 0.7), 3);
    }
  }

  private static void anchorMarks(Panel p, float[] a, boolean show) {
    if (show) {
      p.scatter(xs(a, 0), xs(a, 1), Color.BLACK, 9, "anchors");
    }
  }

  private static double[] xs(float[] pts, int axis) {
    double[] v = new double[pts.length / 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = pts[2 * i + axis];
    }
    return v;
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
