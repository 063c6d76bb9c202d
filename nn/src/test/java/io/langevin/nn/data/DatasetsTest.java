package io.langevin.nn.data;

import static io.langevin.nn.data.IdxTestFiles.gzip;
import static io.langevin.nn.data.IdxTestFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating data sets: fromDirectory naming rules, the Fashion-MNIST hint, langevin.data. */
class DatasetsTest {
  @TempDir Path dir;

  private static byte[] pixels(int n, int salt) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + salt);
    }
    return b;
  }

  /** Writes a 5-image train set and a 3-image test set of 2×3 images. */
  private void writeSet(Path d, String testPrefix, boolean gz) throws IOException {
    Files.createDirectories(d);
    String ext = gz ? ".gz" : "";
    byte[][] files = {
      idx(pixels(30, 1), 5, 2, 3), idx(new byte[] {0, 1, 9, 2, 1}, 5),
      idx(pixels(18, 2), 3, 2, 3), idx(new byte[] {5, 0, 3}, 3)
    };
    String[] names = {
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      testPrefix + "-images-idx3-ubyte", testPrefix + "-labels-idx1-ubyte"
    };
    for (int i = 0; i < 4; i++) {
      Files.write(d.resolve(names[i] + ext), gz ? gzip(files[i]) : files[i]);
    }
  }

  @Test
  void fromDirectoryReadsStandardNamesRawOrGz() throws IOException {
    for (String prefix : new String[] {"t10k", "test"}) {
      for (boolean gz : new boolean[] {false, true}) {
        Path d = dir.resolve(prefix + gz);
        writeSet(d, prefix, gz);
        Split s = Datasets.fromDirectory(d);
        assertEquals(5, s.train().count());
        assertEquals(3, s.test().count());
        assertEquals(2, s.train().rows());
        assertEquals(3, s.test().cols());
        // classes agree across the split: max label 9 (train) even though test only reaches 5
        assertEquals(10, s.train().classes());
        assertEquals(10, s.test().classes());
        assertArrayEquals(new int[] {5, 0, 3}, s.test().labels());
        assertEquals((pixels(30, 1)[7] & 0xFF) / 255f, s.train().images()[7]);
        assertEquals(d.getFileName() + "/train", s.train().name());
      }
    }
  }

  @Test
  void fromDirectoryListsNamesWhenMissing() throws IOException {
    writeSet(dir, "t10k", true);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> Datasets.fromDirectory(dir));
    String m = e.getMessage();
    assertTrue(m.contains("missing t10k-labels-idx1-ubyte[.gz]"), m);
    for (String name :
        new String[] {
          "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte", "test-labels-idx1-ubyte.gz"
        }) {
      assertTrue(m.contains(name), name + " not in: " + m);
    }
  }

  @Test
  void fromDirectoryPropagatesFormatErrors() throws IOException {
    writeSet(dir, "test", false);
    Files.write(dir.resolve("test-labels-idx1-ubyte"), idx(new byte[] {1, 2}, 2));
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> Datasets.fromDirectory(dir));
    assertTrue(e.getMessage().contains("holds 3 images"), e.getMessage());
    assertTrue(e.getMessage().contains("holds 2 labels"), e.getMessage());
  }

  @Test
  void absentFashionSaysHowToGetIt() {
    assumeFalse(Files.isDirectory(Path.of(Datasets.FASHION_DIR)), "Fashion-MNIST is installed");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, Datasets::fashion);
    String m = e.getMessage();
    assertTrue(m.contains("Fashion-MNIST not found in /usr/share/datasets/fashion-mnist"), m);
    assertTrue(m.contains("sudo apt install dataset-fashion-mnist"), m);
    assertTrue(m.contains("https://github.com/zalandoresearch/fashion-mnist"), m);
    assertTrue(m.contains("--data-dir DIR"), m);
    assertTrue(m.contains("t10k-images-idx3-ubyte.gz"), m);
  }

  @Test
  void fashionFromGivenFolder() throws IOException {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> Datasets.fashion(dir.resolve("none")));
    assertTrue(e.getMessage().contains("sudo apt install dataset-fashion-mnist"), e.getMessage());
    writeSet(dir, "t10k", true);
    Split s = Datasets.fashion(dir);
    assertEquals("fashion/test", s.test().name());
    assertEquals(3, s.test().count());
  }

  @Test
  void dataPropertyLocatesDigits() throws IOException {
    Path found = Datasets.digitsDirectory();
    assertTrue(Files.isRegularFile(found.resolve("train-images-idx3-ubyte.gz")), found.toString());
    String old = System.getProperty(Datasets.DATA_PROPERTY);
    try {
      System.setProperty(Datasets.DATA_PROPERTY, found.getParent().toString());
      assertEquals(found.toAbsolutePath(), Datasets.digitsDirectory());
      System.setProperty(Datasets.DATA_PROPERTY, dir.toString());
      NoSuchFileException e =
          assertThrows(NoSuchFileException.class, Datasets::digitsDirectory);
      assertTrue(e.getMessage().contains(dir.resolve("digits").toString()), e.getMessage());
      assertTrue(e.getMessage().contains("-Dlangevin.data=" + dir), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(Datasets.DATA_PROPERTY);
      } else {
        System.setProperty(Datasets.DATA_PROPERTY, old);
      }
    }
  }
}
