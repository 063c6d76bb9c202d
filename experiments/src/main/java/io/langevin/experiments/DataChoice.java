package io.langevin.experiments;

import io.langevin.nn.data.Datasets;
import io.langevin.nn.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code --data digits|fashion|DIR} and {@code --data-dir DIR} options of the training
 * commands: the embedded 10,000 digits (default), Fashion-MNIST from the Debian package (or from
 * {@code --data-dir}), or any folder of MNIST-format IDX files ({@code --data DIR}, or {@code
 * --data-dir DIR} alone). A missing data set raises an error
 * that says how to get it.
 *
 * @param name what reports call the data ("digits", "fashion" or the folder)
 * @param split the training and test sets
 */
record DataChoice(String name, Split split) {

  static DataChoice resolve(String data, Path dataDir) throws IOException {
    if (data == null && dataDir != null) {
      return new DataChoice(dataDir.toString(), Datasets.fromDirectory(dataDir));
    }
    String d = data == null ? "digits" : data.trim();
    switch (d.toLowerCase(Locale.ROOT)) {
      case "digits" -> {
        if (dataDir != null) {
          throw new IllegalArgumentException(
              "--data-dir is for --data fashion or a folder; the digits are embedded");
        }
        return new DataChoice("digits", Datasets.digits());
      }
      case "fashion" -> {
        return new DataChoice(
            "fashion", dataDir == null ? Datasets.fashion() : Datasets.fashion(dataDir));
      }
      default -> {
        Path dir = Path.of(d);
        if (dataDir != null && !dataDir.equals(dir)) {
          throw new IllegalArgumentException(
              "--data " + d + " and --data-dir " + dataDir + " name two different folders");
        }
        return new DataChoice(dir.toString(), Datasets.fromDirectory(dir));
      }
    }
  }
}
