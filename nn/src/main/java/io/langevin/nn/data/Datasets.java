package io.langevin.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the data sets live and how to load them as a {@link Split}.
 *
 * <ul>
 *   <li>{@link #digits()}: the 10,000 MNIST digits embedded in the repository ({@code
 *       data/digits/}, 8,000 train / 2,000 test, see data/digits/README.md), found under the
 *       folder named by the system property {@code langevin.data} or else by looking upward from
 *       the working directory for {@code data/digits}.
 *   <li>{@link #fashion()}: Fashion-MNIST from the Debian package {@code dataset-fashion-mnist}
 *       ({@value #FASHION_DIR}); {@link #fashion(Path)} for another folder.
 *   <li>{@link #fromDirectory(Path)}: any folder holding the four MNIST-named IDX files.
 * </ul>
 *
 * Tested by DatasetsTest and EmbeddedDigitsTest.
 */
public final class Datasets {
  /** System property naming the data folder (the one that contains {@code digits/}). */
  public static final String DATA_PROPERTY = "langevin.data";

  /** Where the Debian package dataset-fashion-mnist installs its files. */
  public static final String FASHION_DIR = "/usr/share/datasets/fashion-mnist";

  private static final String[] TRAIN_PREFIX = {"train"};
  private static final String[] TEST_PREFIX = {"t10k", "test"};
  private static final String[] SUFFIX = {".gz", ""};

  private Datasets() {}

  /** The embedded digits (8,000 train, 2,000 test, 28×28, 10 classes). */
  public static Split digits() throws IOException {
    return fromDirectory(digitsDirectory(), "digits");
  }

  /**
   * The folder of the embedded digits: {@code $langevin.data/digits} when the system property is
   * set, else the first {@code data/digits} found in the working directory or one of its parents.
   *
   * @throws NoSuchFileException naming every place looked at
   */
  public static Path digitsDirectory() throws NoSuchFileException {
    String prop = System.getProperty(DATA_PROPERTY);
    if (prop != null) {
      Path dir = Path.of(prop).toAbsolutePath().resolve("digits");
      if (Files.isDirectory(dir)) {
        return dir;
      }
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "embedded digits not found: -D" + DATA_PROPERTY + "=" + prop + " but " + dir
              + " is not a folder (the property must name the repository's data/ folder)");
    }
    Path start = Path.of("").toAbsolutePath();
    List<Path> tried = new ArrayList<>();
    for (Path p = start; p != null; p = p.getParent()) {
      Path dir = p.resolve("data").resolve("digits");
      tried.add(dir);
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new NoSuchFileException(
        start.toString(),
        null,
        "embedded digits not found: no data/digits folder in the working directory or its parents"
            + " (looked at "
            + tried
            + "); run from inside the repository or set -D"
            + DATA_PROPERTY
            + "=<repository>/data");
  }

  /** Fashion-MNIST from {@value #FASHION_DIR} (Debian package dataset-fashion-mnist). */
  public static Split fashion() throws IOException {
    return fashion(Path.of(FASHION_DIR));
  }

  /**
   * Fashion-MNIST from {@code dir}; if the files are missing the message says how to get them.
   */
  public static Split fashion(Path dir) throws IOException {
    List<String> missing = missing(dir);
    if (!missing.isEmpty()) {
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "Fashion-MNIST not found in "
              + dir
              + " (missing: "
              + String.join(", ", missing)
              + "). Install it with `sudo apt install dataset-fashion-mnist` (files go to "
              + FASHION_DIR
              + "), or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
              + " t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from"
              + " https://github.com/zalandoresearch/fashion-mnist into a folder DIR and pass"
              + " --data-dir DIR");
    }
    return fromDirectory(dir, "fashion");
  }

  /**
   * Loads a folder of MNIST-format IDX files with the standard names: {@code
   * train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, and {@code t10k-images-idx3-ubyte},
   * {@code t10k-labels-idx1-ubyte} (or {@code test-} instead of {@code t10k-}), each optionally with
   * {@code .gz} (gzip is detected from the content either way).
   *
   * @throws NoSuchFileException listing every name looked for, if a file is missing
   */
  public static Split fromDirectory(Path dir) throws IOException {
    return fromDirectory(dir, dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
  }

  private static Split fromDirectory(Path dir, String name) throws IOException {
    List<String> missing = missing(dir);
    if (!missing.isEmpty()) {
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "no MNIST-format data set in "
              + dir
              + ": missing "
              + String.join(", ", missing)
              + " (looked for "
              + String.join(", ", allNames())
              + ")");
    }
    Dataset train =
        Dataset.load(
            find(dir, TRAIN_PREFIX, "images-idx3-ubyte"),
            find(dir, TRAIN_PREFIX, "labels-idx1-ubyte"),
            name + "/train");
    Dataset test =
        Dataset.load(
            find(dir, TEST_PREFIX, "images-idx3-ubyte"),
            find(dir, TEST_PREFIX, "labels-idx1-ubyte"),
            name + "/test");
    int classes = Math.max(train.classes(), test.classes());
    return new Split(withClasses(train, classes), withClasses(test, classes));
  }

  private static Dataset withClasses(Dataset d, int classes) {
    return d.classes() == classes
        ? d
        : new Dataset(d.images(), d.labels(), d.rows(), d.cols(), classes, d.name());
  }

  /** The descriptions of the four required files that are absent from dir. */
  private static List<String> missing(Path dir) {
    List<String> missing = new ArrayList<>();
    String[][] prefixes = {TRAIN_PREFIX, TRAIN_PREFIX, TEST_PREFIX, TEST_PREFIX};
    String[] stems = {
      "images-idx3-ubyte", "labels-idx1-ubyte", "images-idx3-ubyte", "labels-idx1-ubyte"
    };
    for (int i = 0; i < 4; i++) {
      if (find(dir, prefixes[i], stems[i]) == null) {
        missing.add(prefixes[i][0] + "-" + stems[i] + "[.gz]");
      }
    }
    return missing;
  }

  private static List<String> allNames() {
    List<String> names = new ArrayList<>();
    for (String[] prefixes : new String[][] {TRAIN_PREFIX, TEST_PREFIX}) {
      for (String p : prefixes) {
        for (String stem : new String[] {"images-idx3-ubyte", "labels-idx1-ubyte"}) {
          for (String s : SUFFIX) {
            names.add(p + "-" + stem + s);
          }
        }
      }
    }
    return names;
  }

  private static Path find(Path dir, String[] prefixes, String stem) {
    for (String p : prefixes) {
      for (String s : SUFFIX) {
        Path f = dir.resolve(p + "-" + stem + s);
        if (Files.isRegularFile(f)) {
          return f;
        }
      }
    }
    return null;
  }
}
