package io.langevin.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures end to end: every element written and read back, data-to-pixel placement, atomic
 * writes, headless use, input checks.
 */
public class FigureTest {

  @TempDir Path dir;

  private static final Color PROBE = new Color(0x12, 0xab, 0x34);

  // ---- a figure with every element ------------------------------------------------------------

  /** The sampler toy and the accuracy/training plots in one figure, with every kind of mark. */
  static Figure everything() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 3000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 2 * gauss(r);
      y[i] = gauss(r);
    }
    Figure fig = new Figure(2, 2, 900, 700).title("every element");
    fig.panel(0, 0)
        .title("samples")
        .xLabel("θ₁")
        .yLabel("θ₂")
        .equalAspect()
        .scatter(x, y, Palette.withAlpha(Palette.color(0), 0.3), 3, "SGLD")
        .ellipse(0, 0, 2, 1, 0, 1, Color.BLACK, "target 1σ")
        .ellipse(0, 0, 2, 1, 0.3, 2, Color.DARK_GRAY)
        .note("n = " + n)
        .text(2, 2, "annotation", Color.RED);
    fig.panel(0, 1)
        .title("marginal θ₁")
        .histogram(x, 40, Palette.color(1), true, "samples")
        .histogram(x, 20, -6, 6, Palette.color(2), false, "")
        .function(t -> Math.exp(-t * t / 8) / Math.sqrt(8 * Math.PI), Color.BLACK, "N(0, 4)")
        .legend(Panel.Corner.UPPER_LEFT);
    double[] d = {10, 30, 100, 300, 1000, 3000, 10000};
    double[] acc = {0.2, 0.35, 0.6, 0.85, 0.95, 0.97, 0.98};
    fig.panel(1, 0)
        .logX()
        .xLabel("dimension d")
        .yLabel("accuracy")
        .line(d, acc, Palette.color(3), "subspace")
        .scatter(d, acc, Palette.color(3), 6)
        .hline(0.9 * 0.98, Palette.color(4), "90% line", true)
        .legend(Panel.Corner.LOWER_RIGHT);
    double[] step = new double[500];
    double[] loss = new double[500];
    for (int i = 0; i < step.length; i++) {
      step[i] = i;
      loss[i] = 2.3 * Math.exp(-i / 100.0) + 0.05;
    }
    fig.panel(1, 1)
        .logY()
        .xLabel("step")
        .yLabel("loss")
        .line(step, loss, Palette.color(5), "train")
        .hline(0.05, Palette.color(6), "floor", false)
        .xRange(0, 500);
    return fig;
  }

  @Test
  void everyElementWritesAReadablePng() throws IOException {
    Figure fig = everything();
    Path file = dir.resolve("out/a/b/every.png");
    assertEquals(file, fig.writePng(file));
    BufferedImage img = ImageIO.read(file.toFile());
    assertEquals(900, img.getWidth());
    assertEquals(700, img.getHeight());
    // Not blank: luminance varies, and there are many colours.
    double sum = 0;
    double sum2 = 0;
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int py = 0; py < img.getHeight(); py++) {
      for (int px = 0; px < img.getWidth(); px++) {
        int rgb = img.getRGB(px, py);
        double lum = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
        sum += lum;
        sum2 += lum * lum;
        colours.add(rgb & 0xffffff);
      }
    }
    double count = img.getWidth() * (double) img.getHeight();
    double variance = sum2 / count - (sum / count) * (sum / count);
    assertTrue(variance > 100, "luminance variance " + variance);
    assertTrue(colours.size() > 50, colours.size() + " colours");
    // Text: when fonts work (no warning), the title band holds dark pixels.
    if (fig.warnings().isEmpty()) {
      assertTrue(darkPixels(img, new Rectangle(0, 0, 900, 25)) > 30, "no title text");
    } else {
      System.err.println("FigureTest: " + fig.warnings());
    }
    // The PNG holds exactly what render() draws (lossless, deterministic).
    BufferedImage again = fig.render();
    for (int py = 0; py < img.getHeight(); py += 3) {
      for (int px = 0; px < img.getWidth(); px++) {
        assertEquals(again.getRGB(px, py), img.getRGB(px, py), "pixel " + px + "," + py);
      }
    }
  }

  @Test
  void equalAspectGivesBothAxesTheSameScale() {
    Figure fig = everything();
    fig.render();
    Panel p = fig.panel(0, 0);
    double perUnitX = p.xPixel(1) - p.xPixel(0);
    double perUnitY = p.yPixel(0) - p.yPixel(1);
    assertEquals(perUnitX, perUnitY, 1e-9 * perUnitX);
  }

  // ---- data to pixel --------------------------------------------------------------------------

  private static final double[] PX = {1, 2.5, 9, 5, 0.2};
  private static final double[] PY = {1, 7, 3, 5, 9.6};

  @Test
  void scatterColoursThePixelsAtItsDataCoordinates() {
    Figure fig = new Figure(420, 320);
    Panel p = fig.panel(0, 0).xRange(0, 10).yRange(0, 10).title("t").xLabel("x").yLabel("y");
    double size = 7;
    p.scatter(PX, PY, PROBE, size);
    BufferedImage img = fig.render();
    Rectangle area = p.plotArea();
    assertEquals(area.x, p.xPixel(0), 0.0);
    assertEquals(area.x + area.width, p.xPixel(10), 1e-9);
    assertEquals(area.y + area.height, p.yPixel(0), 1e-9);
    assertEquals(area.y, p.yPixel(10), 1e-9);
    assertProbesAt(img, p, PX, PY, size);
    assertEquals(PX.length, p.drawnPoints());
  }

  @Test
  void scatterOnAutoRangeAndLogAxis() {
    double[] x = {1e-2, 0.3, 1, 40, 100};
    double[] y = {-3, 2, 0.5, 7.5, 1};
    Figure fig = new Figure(1, 2, 800, 320);
    Panel lin = fig.panel(0, 0).scatter(PX, PY, PROBE, 6);
    Panel log = fig.panel(0, 1).logX().scatter(x, y, PROBE, 6);
    BufferedImage img = fig.render();
    assertProbesAt(img, lin, PX, PY, 6);
    assertProbesAt(img, log, x, y, 6);
    // The automatic range holds the data with a margin; on the log axis 1 sits midway between 1e-2 and 1e2.
    assertTrue(lin.xAxis().lo < 0.2 && lin.xAxis().hi > 9 && lin.yAxis().lo < 1 && lin.yAxis().hi > 9.6);
    Rectangle area = log.plotArea();
    assertEquals(area.x + area.width / 2.0, log.xPixel(1), 1e-6);
    assertEquals(0.5 * (log.xPixel(1e-2) + log.xPixel(1e2)), log.xPixel(1), 1e-6);
    assertEquals(log.xPixel(10) - log.xPixel(1), log.xPixel(100) - log.xPixel(10), 1e-6);
  }

  /** Each point's pixel has the probe colour; every probe-coloured pixel lies on some point's disc. */
  private static void assertProbesAt(BufferedImage img, Panel p, double[] x, double[] y, double size) {
    int[] cx = new int[x.length];
    int[] cy = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      cx[i] = (int) Math.floor(p.xPixel(x[i]));
      cy[i] = (int) Math.floor(p.yPixel(y[i]));
      String where = "point (" + x[i] + ", " + y[i] + ") at pixel " + cx[i] + "," + cy[i];
      assertEquals(PROBE.getRGB(), img.getRGB(cx[i], cy[i]), where);
    }
    Rectangle area = p.plotArea();
    int probes = 0;
    for (int py = area.y; py < area.y + area.height; py++) {
      for (int px = area.x; px < area.x + area.width; px++) {
        if (img.getRGB(px, py) == PROBE.getRGB()) {
          probes++;
          boolean near = false;
          for (int i = 0; i < x.length; i++) {
            near |= Math.hypot(px - cx[i], py - cy[i]) <= size / 2 + 1.5;
          }
          assertTrue(near, "probe colour at " + px + "," + py + " far from every point");
        }
      }
    }
    // Each disc of diameter `size` fully covers at least about (size-2)² pixels.
    assertTrue(probes >= x.length * (size - 2) * (size - 2), probes + " probe pixels");
  }

  @Test
  void histogramFunctionAndLinesLandWhereTheDataSay() {
    Figure fig = new Figure(420, 320);
    Color blue = new Color(0, 0, 255);
    Color red = new Color(255, 0, 0);
    Color green = new Color(0, 160, 0);
    double[] values = {0.5, 0.6, 0.7, 0.9, 1.0, 0.55, 0.95, 0.65, 0.75, 0.85};
    // All ten values in the upper of two bins over [0, 1]: density 10 / (10 · 0.5) = 2 there, 0 below.
    Panel p = fig.panel(0, 0).xRange(0, 1).yRange(0, 4).legend(Panel.Corner.NONE)
        .histogram(values, 2, 0, 1, blue, true, "h")
        .function(t -> 3.0, red, "three")
        .hline(1.0, green, "one", false);
    BufferedImage img = fig.render();
    int inside = img.getRGB(px(p, 0.7), py(p, 1.6));
    assertTrue((inside & 255) > 240 && (inside >> 16 & 255) < 200, hex(inside) + " inside the bar");
    assertEquals(0xffffff, img.getRGB(px(p, 0.7), py(p, 2.3)) & 0xffffff, "above the bar");
    assertEquals(0xffffff, img.getRGB(px(p, 0.3), py(p, 1.6)) & 0xffffff, "empty lower bin");
    int curve = img.getRGB(px(p, 0.3), py(p, 3.0));
    assertTrue((curve >> 16 & 255) > 230 && (curve >> 8 & 255) < 90, hex(curve) + " on the curve");
    int rule = img.getRGB(px(p, 0.3), py(p, 1.0));
    assertTrue((rule >> 8 & 255) > 120 && (rule >> 16 & 255) < 90, hex(rule) + " on the hline");
  }

  private static int px(Panel p, double x) {
    return (int) Math.floor(p.xPixel(x));
  }

  private static int py(Panel p, double y) {
    return (int) Math.floor(p.yPixel(y));
  }

  private static String hex(int rgb) {
    return String.format("#%06x", rgb & 0xffffff);
  }

  private static int darkPixels(BufferedImage img, Rectangle r) {
    int n = 0;
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        int rgb = img.getRGB(x, y);
        if ((rgb >> 16 & 255) < 100 && (rgb >> 8 & 255) < 100 && (rgb & 255) < 100) {
          n++;
        }
      }
    }
    return n;
  }

  // ---- subsampling and skipped values ---------------------------------------------------------

  @Test
  void largeScattersAreSubsampledDeterministically() {
    int n = 50_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = Math.sin(i * 1e-3);
    }
    Figure fig = new Figure(400, 300);
    Panel p = fig.panel(0, 0).scatter(x, y, PROBE, 2);
    BufferedImage a = fig.render();
    assertEquals(Panel.MAX_SCATTER, p.drawnPoints());
    BufferedImage b = fig.render();
    for (int py = 0; py < a.getHeight(); py++) {
      for (int px = 0; px < a.getWidth(); px++) {
        assertEquals(a.getRGB(px, py), b.getRGB(px, py));
      }
    }
    Figure exact = new Figure(400, 300);
    int m = Panel.MAX_SCATTER;
    Panel q = exact.panel(0, 0).scatter(new double[m], new double[m], PROBE, 2);
    exact.render();
    assertEquals(Panel.MAX_SCATTER, q.drawnPoints());
  }

  @Test
  void nonFiniteAndOffLogValuesAreSkippedAndCounted() {
    Figure fig = new Figure(1, 2, 600, 300);
    Panel p = fig.panel(0, 0)
        .scatter(
            new double[] {1, Double.NaN, 3, 4},
            new double[] {1, 2, Double.POSITIVE_INFINITY, 4},
            PROBE,
            3)
        .line(new double[] {0, 1, 2}, new double[] {Double.NaN, 1, 2}, Color.BLACK, "l")
        .histogram(new double[] {1, 2, Double.NEGATIVE_INFINITY, 3, Double.NaN}, 3, Color.BLUE, false);
    assertEquals(2 + 1 + 2, p.skipped());
    Panel log = fig.panel(0, 1).logX().logY()
        .scatter(new double[] {-1, 0, 1, 10}, new double[] {1, 1, 1, -5}, PROBE, 3);
    fig.render();
    assertEquals(3, log.skipped());
    assertEquals(1, log.drawnPoints());
    // The automatic log range comes from the positive values only: x in {1, 10}, y in {1}.
    Axis ax = log.xAxis();
    assertTrue(ax.lo > 0.5 && ax.lo < 1 && ax.hi > 10 && ax.hi < 20, "" + ax);
    assertTrue(log.yAxis().lo < 1 && log.yAxis().hi > 1, "" + log.yAxis());
    assertEquals(5, p.skipped());
  }

  // ---- writing --------------------------------------------------------------------------------

  @Test
  void atomicWriteLeavesOnlyTheTarget() throws IOException {
    Path file = dir.resolve("figs/toy.png");
    Figure fig = new Figure(200, 150);
    fig.panel(0, 0).line(new double[] {0, 1}, new double[] {0, 1}, Color.BLUE, "");
    fig.writePng(file);
    byte[] first = Files.readAllBytes(file);
    fig.panel(0, 0).hline(0.5, Color.RED, "", true);
    fig.writePng(file); // replaces the existing file
    assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(file)), "second write replaced it");
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertEquals(List.of("toy.png"), s.map(f -> f.getFileName().toString()).toList());
    }
    assertEquals(200, ImageIO.read(file.toFile()).getWidth());
  }

  @Test
  void failedWriteRemovesItsTemporaryFile() throws IOException {
    Path blocker = dir.resolve("busy.png");
    Files.createDirectories(blocker);
    Files.writeString(blocker.resolve("keep"), "x");
    Figure fig = new Figure(200, 150);
    assertThrows(IOException.class, () -> fig.writePng(blocker));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("busy.png"), s.map(f -> f.getFileName().toString()).toList());
    }
  }

  // ---- headless -------------------------------------------------------------------------------

  @Test
  void rendersHeadless() {
    new Figure(100, 100).render();
    String flag = System.getProperty("java.awt.headless");
    assertTrue(GraphicsEnvironment.isHeadless(), "java.awt.headless=" + flag);
  }

  /** A fresh JVM with no display variables and no headless flag writes a figure. */
  @Test
  void writesWithoutADisplayInAFreshJvm() throws Exception {
    Path out = dir.resolve("child/fig.png");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), HeadlessMain.class.getName(), out.toString());
    pb.environment().remove("DISPLAY");
    pb.environment().remove("WAYLAND_DISPLAY");
    pb.redirectErrorStream(true);
    Process proc = pb.start();
    String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, proc.exitValue(), log);
    assertTrue(log.contains("headless=true"), log);
    BufferedImage img = ImageIO.read(out.toFile());
    assertEquals(320, img.getWidth());
    assertEquals(240, img.getHeight());
  }

  /** Child JVM entry point for {@link #writesWithoutADisplayInAFreshJvm}. */
  public static final class HeadlessMain {
    public static void main(String[] args) throws IOException {
      Figure fig = new Figure(320, 240).title("child");
      fig.panel(0, 0).scatter(new double[] {1, 2}, new double[] {3, 4}, Color.RED, 4, "p");
      fig.writePng(Path.of(args[0]));
      System.out.println("headless=" + GraphicsEnvironment.isHeadless() + " warnings=" + fig.warnings());
    }
  }

  // ---- input checks ---------------------------------------------------------------------------

  @Test
  void badInputIsRejectedWithTheNumbers() {
    Panel p = new Figure(300, 200).panel(0, 0);
    assertMessage("3", () -> p.scatter(new double[3], new double[2], Color.RED, 2));
    assertMessage("2", () -> p.line(new double[3], new double[2], Color.RED, ""));
    assertMessage("0", () -> p.histogram(new double[3], 0, Color.RED, true));
    assertMessage("[1.0, 1.0]", () -> p.histogram(new double[3], 5, 1, 1, Color.RED, true, ""));
    assertMessage("0.0", () -> p.scatter(new double[1], new double[1], Color.RED, 0));
    assertMessage("1.0", () -> p.ellipse(0, 0, 1, 1, 1, 1, Color.RED));
    assertMessage("sx=0.0", () -> p.ellipse(0, 0, 0, 1, 0, 1, Color.RED));
    assertMessage("-2.0", () -> p.ellipse(0, 0, 1, 1, 0, -2, Color.RED));
    assertMessage("NaN", () -> p.hline(Double.NaN, Color.RED, "", true));
    assertMessage("[2.0, 1.0]", () -> p.xRange(2, 1));
    assertMessage("Infinity", () -> p.yRange(0, Double.POSITIVE_INFINITY));
    assertMessage("NaN", () -> p.text(Double.NaN, 0, "t", Color.RED));
    assertMessage("[-1.0, 1.0]", () -> new Figure(300, 200).panel(0, 0).xRange(-1, 1).logX());
    assertMessage("[0.0, 1.0]", () -> new Figure(300, 200).panel(0, 0).logY().yRange(0, 1));
    assertMessage("logX", () -> new Figure(300, 200).panel(0, 0).logX().equalAspect());
    assertMessage("(2, 0)", () -> new Figure(2, 2, 300, 200).panel(2, 0));
    assertMessage("0x1", () -> new Figure(0, 1, 300, 200));
    assertMessage("10x200", () -> new Figure(10, 200));
    assertMessage("20x20", () -> new Figure(4, 4, 100, 100).render());
    assertThrows(NullPointerException.class, () -> p.scatter(null, new double[0], Color.RED, 1));
    assertThrows(NullPointerException.class, () -> p.line(new double[0], new double[0], null, ""));
    assertThrows(IllegalArgumentException.class, () -> Palette.color(-1));
    assertEquals(8, Palette.COLORS.size());
    assertEquals(8, Palette.COLORS.stream().distinct().count());
    assertFalse(Palette.COLORS.contains(Color.WHITE));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
  }

  private static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
