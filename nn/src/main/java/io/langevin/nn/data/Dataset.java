package io.langevin.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An in-memory classification data set: {@code count()} images of {@code rows × cols} pixels as
 * floats in [0, 1] (byte / 255), row-major, image after image in one array of length {@code count()
 * * rows * cols}, and one label in [0, classes) per image.
 *
 * @param images pixels, {@code images[i * features() + r * cols + c]} = pixel (r, c) of image i
 * @param labels label of each image, in [0, classes)
 * @param rows image height
 * @param cols image width
 * @param classes number of classes (labels are below it)
 * @param name a short name for messages and logs (e.g. "digits/train")
 */
public record Dataset(
    float[] images, int[] labels, int rows, int cols, int classes, String name) {

  public Dataset {
    if (rows <= 0 || cols <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          "rows, cols, classes must be positive, got " + rows + ", " + cols + ", " + classes);
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("data set " + name + " is empty");
    }
    if ((long) labels.length * rows * cols != images.length) {
      throw new IllegalArgumentException(
          "images.length "
              + images.length
              + " != labels.length "
              + labels.length
              + " * "
              + rows
              + " * "
              + cols);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of example " + i + " is outside [0, " + classes + ")");
      }
    }
  }

  /** Number of examples. */
  public int count() {
    return labels.length;
  }

  /** Pixels per image, {@code rows * cols}. */
  public int features() {
    return rows * cols;
  }

  /**
   * The first {@code n} examples (copied), named {@code name + "[:n]"}; this data set itself when
   * {@code n} ≥ {@link #count()}.
   */
  public Dataset head(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("head of " + name + ": n must be >= 1, got " + n);
    }
    if (n >= count()) {
      return this;
    }
    return new Dataset(
        java.util.Arrays.copyOf(images, n * features()),
        java.util.Arrays.copyOf(labels, n),
        rows,
        cols,
        classes,
        name + "[:" + n + "]");
  }

  /**
   * Loads an images/labels IDX pair (raw or gzipped, see {@link IdxReader}). Pixels become
   * {@code byte / 255f}; {@code classes} is the largest label + 1. The label count must equal the
   * image count.
   *
   * @throws IdxFormatException if either file is malformed or the counts differ
   */
  public static Dataset load(Path images, Path labels, String name) throws IOException {
    IdxReader.Images im = IdxReader.readImages(images);
    byte[] lb = IdxReader.readLabels(labels);
    if (lb.length != im.count()) {
      throw new IdxFormatException(
          labels,
          4,
          "expected as many labels as images: images file "
              + images
              + " holds "
              + im.count()
              + " images, labels file holds "
              + lb.length
              + " labels",
          null);
    }
    int[] y = new int[lb.length];
    int max = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = lb[i] & 0xFF;
      max = Math.max(max, y[i]);
    }
    byte[] px = im.pixels();
    float[] x = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      x[i] = (px[i] & 0xFF) / 255f;
    }
    return new Dataset(x, y, im.rows(), im.cols(), max + 1, name);
  }

  /** Number of examples of each class, indexed by label. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    for (int y : labels) {
      counts[y]++;
    }
    return counts;
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ": " + count() + " x " + rows + "x" + cols + ", " + classes
        + " classes]";
  }
}
