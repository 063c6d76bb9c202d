package io.langevin.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The digits committed under data/digits (see data/digits/README.md). */
class EmbeddedDigitsTest {
  static final int[] TRAIN_COUNTS = {801, 902, 793, 826, 784, 690, 811, 856, 755, 782};
  static final int[] TEST_COUNTS = {200, 225, 198, 206, 196, 173, 203, 214, 189, 196};

  static Split digits;

  @BeforeAll
  static void load() throws IOException {
    digits = Datasets.digits();
  }

  @Test
  void shapesAndNames() throws IOException {
    assertTrue(Files.isRegularFile(Datasets.digitsDirectory().resolve("README.md")));
    assertEquals(8000, digits.train().count());
    assertEquals(2000, digits.test().count());
    for (Dataset d : new Dataset[] {digits.train(), digits.test()}) {
      assertEquals(28, d.rows());
      assertEquals(28, d.cols());
      assertEquals(10, d.classes());
      assertEquals(d.count() * 784, d.images().length);
    }
    assertEquals("digits/train", digits.train().name());
    assertEquals("digits/test", digits.test().name());
    assertEquals(10, digits.classes());
  }

  @Test
  void stratifiedClassCounts() {
    assertArrayEquals(TRAIN_COUNTS, digits.train().classCounts());
    assertArrayEquals(TEST_COUNTS, digits.test().classCounts());
    for (int c = 0; c < 10; c++) {
      int total = TRAIN_COUNTS[c] + TEST_COUNTS[c];
      // 20 % of each class, rounded down or up
      assertTrue(Math.abs(TEST_COUNTS[c] - total / 5.0) < 1, "class " + c);
    }
  }

  @Test
  void splitIsShuffled() {
    // classes are interleaved: no run of 50 equal labels at the start (a class-sorted file has 801)
    int[] y = digits.train().labels();
    int run = 1;
    for (int i = 1; i < 200 && y[i] == y[0]; i++) {
      run++;
    }
    assertTrue(run < 50, "first " + run + " labels are all " + y[0]);
  }

  @Test
  void pixelStatisticsLookLikeMnist() {
    for (Dataset d : new Dataset[] {digits.train(), digits.test()}) {
      float[] x = d.images();
      double sum = 0;
      long nonzero = 0;
      long saturated = 0;
      for (float v : x) {
        assertTrue(v >= 0f && v <= 1f, d.name() + ": pixel " + v);
        sum += v;
        nonzero += v > 0 ? 1 : 0;
        saturated += v == 1f ? 1 : 0;
      }
      double mean = sum / x.length;
      assertTrue(mean > 0.12 && mean < 0.14, d.name() + ": mean pixel " + mean);
      double frac = (double) nonzero / x.length;
      assertTrue(frac > 0.17 && frac < 0.21, d.name() + ": nonzero fraction " + frac);
      assertTrue(saturated > 0, d.name());
      // MNIST digits are centred in a 20x20 box: the outer border rows/cols are nearly blank,
      // and the centre pixel is ink far more often than a corner
      double border = 0;
      double centre = 0;
      for (int i = 0; i < d.count(); i++) {
        int base = i * 784;
        border += x[base] + x[base + 27] + x[base + 27 * 28] + x[base + 783];
        centre += x[base + 14 * 28 + 14];
      }
      assertEquals(0, border, 1e-9, d.name() + ": corner pixels should be blank");
      assertTrue(centre / d.count() > 0.2, d.name() + ": centre mean " + centre / d.count());
    }
  }

  @Test
  void classMeansDiffer() {
    // mean image of ones is much thinner than that of zeros (ink mass per image)
    Dataset d = digits.train();
    double[] ink = new double[10];
    for (int i = 0; i < d.count(); i++) {
      double s = 0;
      for (int p = 0; p < 784; p++) {
        s += d.images()[i * 784 + p];
      }
      ink[d.labels()[i]] += s;
    }
    int[] counts = d.classCounts();
    for (int c = 0; c < 10; c++) {
      ink[c] /= counts[c];
    }
    for (int c = 0; c < 10; c++) {
      if (c != 1) {
        assertTrue(ink[1] < ink[c], "ink of 1s " + ink[1] + " vs " + c + ": " + ink[c]);
      }
    }
  }
}
