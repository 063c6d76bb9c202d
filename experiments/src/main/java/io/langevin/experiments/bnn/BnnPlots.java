package io.langevin.experiments.bnn;

import io.langevin.experiments.plot.Figure;
import io.langevin.experiments.plot.Palette;
import io.langevin.experiments.plot.Panel;
import io.langevin.nn.Metrics;
import io.langevin.nn.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The figures of {@code langevin bnn}: the over-fitting curves (test error of each method's
 * predictive distribution and training error of its current θ, per epoch) and a gallery of the
 * most and least certain test images of one method (lowest and highest predictive entropy).
 */
public final class BnnPlots {
  private BnnPlots() {}

  /**
   * Test error against epoch: one panel for the optimisers and samplers, one (when any ran) for the
   * dropout family beside RMSprop and pSGLD, and one for the training error of the current θ of
   * the first group. Errors are on a log axis; a zero error is drawn at half an example.
   */
  public static Path errorCurves(
      List<Bnn.MethodResult> results, String title, int trainCount, int testCount, Path file)
      throws IOException {
    List<Bnn.MethodResult> plain = new ArrayList<>();
    List<Bnn.MethodResult> noisy = new ArrayList<>();
    for (Bnn.MethodResult r : results) {
      (r.method().noise() == BnnMethod.Noise.NONE ? plain : noisy).add(r);
    }
    if (!noisy.isEmpty()) {
      List<Bnn.MethodResult> withTwins = new ArrayList<>();
      for (Bnn.MethodResult r : plain) {
        String n = r.method().name();
        if (n.equals("rmsprop") || n.equals("psgld")) {
          withTwins.add(r);
        }
      }
      withTwins.addAll(noisy);
      noisy = withTwins;
    }
    int cols = (plain.isEmpty() ? 0 : 2) + (noisy.isEmpty() ? 0 : 1);
    Figure f = new Figure(1, cols, 700 * cols, 560).title(title);
    int col = 0;
    if (!plain.isEmpty()) {
      curves(f.panel(0, col++).title("test error (samplers: model average once sampling starts)"),
          plain, testCount, false);
    }
    if (!noisy.isEmpty()) {
      curves(f.panel(0, col++).title("dropout family beside RMSprop and pSGLD: test error"),
          noisy, testCount, false);
    }
    if (!plain.isEmpty()) {
      curves(f.panel(0, col).title("training error of the current weights"), plain, trainCount,
          true);
    }
    return f.writePng(file);
  }

  private static void curves(Panel p, List<Bnn.MethodResult> rs, int examples, boolean train) {
    p.xLabel("epoch").yLabel("error").logY().legend(Panel.Corner.UPPER_RIGHT);
    double floor = 0.5 / examples;
    for (int i = 0; i < rs.size(); i++) {
      List<Bnn.EpochRow> rows = rs.get(i).epochs();
      double[] x = new double[rows.size()];
      double[] y = new double[rows.size()];
      for (int e = 0; e < rows.size(); e++) {
        x[e] = rows.get(e).epoch();
        y[e] = Math.max(floor, train ? rows.get(e).trainError() : rows.get(e).predictiveError());
      }
      p.line(x, y, Palette.color(i), rs.get(i).method().name());
    }
  }

  /**
   * The {@code count} most certain (top row) and least certain (bottom row) test images of {@code
   * r}, by the entropy of its predictive distribution; each captioned {@code label→prediction} and
   * the predicted probability.
   */
  public static Path certaintyGallery(Bnn.MethodResult r, Dataset test, int count, Path file)
      throws IOException {
    int k = r.testProbs().length / test.count();
    double[] h = Metrics.entropy(r.testProbs(), test.count(), k);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < test.count(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> h[i]).thenComparingInt(i -> i));
    int n = Math.min(count, test.count());
    int scale = 3;
    int cell = Math.max(test.rows(), test.cols()) * scale + 8;
    int caption = 18;
    int rowTitle = 22;
    int width = n * cell + 16;
    int rowHeight = rowTitle + cell + caption;
    BufferedImage img = new BufferedImage(width, 2 * rowHeight + 8, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int row = 0; row < 2; row++) {
        int y0 = row * rowHeight + 4;
        text(
            g,
            String.format(
                Locale.ROOT,
                "%s: %s certain test images (predictive entropy %s)",
                r.method().name(),
                row == 0 ? "most" : "least",
                row == 0 ? "lowest" : "highest"),
            8,
            y0 + 15,
            Color.BLACK,
            13);
        for (int j = 0; j < n; j++) {
          int idx = row == 0 ? order.get(j) : order.get(order.size() - 1 - j);
          int x0 = 8 + j * cell;
          drawImage(img, test, idx, x0 + 4, y0 + rowTitle, scale);
          int label = test.labels()[idx];
          int pred = Metrics.argmax(r.testProbs(), idx * k, k);
          String cap =
              String.format(Locale.ROOT, "%d→%d %.2f", label, pred, r.testProbs()[idx * k + pred]);
          text(g, cap, x0 + 2, y0 + rowTitle + cell + 12, pred == label ? Color.DARK_GRAY : Color.RED, 11);
        }
      }
    } finally {
      g.dispose();
    }
    return Figure.writePng(img, file);
  }

  private static void drawImage(BufferedImage img, Dataset d, int idx, int x0, int y0, int scale) {
    int f = d.features();
    for (int r = 0; r < d.rows(); r++) {
      for (int c = 0; c < d.cols(); c++) {
        float v = d.images()[idx * f + r * d.cols() + c];
        int grey = 255 - Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
        int rgb = (grey << 16) | (grey << 8) | grey;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            img.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
          }
        }
      }
    }
  }

  /** Draws text when fonts work in this JVM (headless machines without fonts draw none). */
  private static void text(Graphics2D g, String s, int x, int y, Color c, int size) {
    try {
      g.setColor(c);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
      g.drawString(s, x, y);
    } catch (RuntimeException | Error e) {
      // no usable font: the images alone still say which are certain
    }
  }
}
