package io.langevin.experiments.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG figure: a title over a grid of {@link Panel}s (rows × cols, equal cells), drawn with
 * java.awt into an RGB {@link BufferedImage} (anti-aliased shapes and text, logical "SansSerif"
 * fonts sized with the cells) and written with {@link ImageIO}. Needs no display: loading this
 * class sets {@code java.awt.headless=true} unless the property was set already.
 *
 * <pre>{@code
 * Figure fig = new Figure(1, 2, 1200, 520).title("SGLD vs SGHMC");
 * fig.panel(0, 0).title("samples").scatter(x, y, Palette.color(0), 3, "SGLD")
 *     .ellipse(0, 0, Math.sqrt(a), 1, 0, 1, Color.BLACK, "target 1σ");
 * fig.panel(0, 1).histogram(x, 40, Palette.color(0), true).function(pdf, Color.BLACK, "N(0, a)");
 * fig.writePng(Path.of("out/toy.png"));
 * }</pre>
 *
 * <p>{@link #writePng} is atomic: it writes a temporary file in the target directory and moves it
 * over the target, so a reader never sees a half-written image. Tested by {@code FigureTest}.
 */
public final class Figure {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Largest width or height accepted, in pixels. */
  public static final int MAX_SIDE = 10_000;

  private static final int MIN_SIDE = 64;

  private final int rows;
  private final int cols;
  private final int width;
  private final int height;
  private final Panel[] panels;
  private String title = "";
  private final List<String> warnings = new ArrayList<>();

  /** A figure with one panel. */
  public Figure(int width, int height) {
    this(1, 1, width, height);
  }

  /** A figure of {@code rows × cols} panels, {@code width × height} pixels in all. */
  public Figure(int rows, int cols, int width, int height) {
    if (rows < 1 || cols < 1 || rows > 32 || cols > 32) {
      throw new IllegalArgumentException(
          "figure grid must be 1..32 × 1..32 panels, got " + rows + "x" + cols);
    }
    if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "figure size must be " + MIN_SIDE + ".." + MAX_SIDE + " px a side, got " + width + "x" + height);
    }
    this.rows = rows;
    this.cols = cols;
    this.width = width;
    this.height = height;
    this.panels = new Panel[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        panels[r * cols + c] = new Panel("panel (" + r + ", " + c + ")");
      }
    }
  }

  /** Title centred above all panels. */
  public Figure title(String title) {
    this.title = title == null ? "" : title;
    return this;
  }

  /** The panel at row {@code row}, column {@code col} (from the top left, 0-based). */
  public Panel panel(int row, int col) {
    if (row < 0 || row >= rows || col < 0 || col >= cols) {
      throw new IllegalArgumentException(
          "panel (" + row + ", " + col + ") is outside the " + rows + "x" + cols + " grid");
    }
    return panels[row * cols + col];
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Problems met by the last render that did not stop it (e.g. text off for lack of fonts). */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Draws the figure into a new {@code width × height} RGB image. */
  public BufferedImage render() {
    warnings.clear();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);

      int margin = 4;
      int cellW = (width - 2 * margin) / cols;
      double scale = Math.clamp(Math.sqrt((double) cellW * (height / rows)) / 420.0, 0.85, 1.6);
      Lettering t = new Lettering(g, scale);
      int top = margin;
      if (!title.isEmpty()) {
        int th = t.height(Lettering.Kind.FIGURE_TITLE);
        g.setColor(Color.BLACK);
        t.draw(Lettering.Kind.FIGURE_TITLE, title, width / 2.0, margin + 4, 0.5, 0);
        top += th + 6;
      }
      int cellH = (height - top - margin) / rows;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          Rectangle cell = new Rectangle(margin + c * cellW, top + r * cellH, cellW, cellH);
          panels[r * cols + c].render(g, t, cell);
        }
      }
      if (t.failure() != null) {
        warnings.add(t.failure());
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * Renders and writes the figure as a PNG at {@code file}, creating missing parent directories.
   * The image goes to a temporary file in the same directory first, then is moved over {@code
   * file} (atomically where the file system allows); the temporary file never outlives the call.
   *
   * @return {@code file}
   */
  public Path writePng(Path file) throws IOException {
    return writePng(render(), file);
  }

  /**
   * Writes {@code img} as a PNG at {@code file} as {@link #writePng(Path)} does: parent folders
   * created, a temporary file moved into place.
   *
   * @return {@code file}
   */
  public static Path writePng(BufferedImage img, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      if (!ImageIO.write(img, "png", tmp.toFile())) {
        throw new IOException("no PNG writer available in this JVM (javax.imageio)");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
