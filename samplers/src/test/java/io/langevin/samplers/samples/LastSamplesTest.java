package io.langevin.samplers.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** LastSamples: ring order (oldest first), copying, partial fill, bad arguments. */
class LastSamplesTest {

  private static float[] theta(long step, int d) {
    float[] t = new float[d];
    for (int i = 0; i < d; i++) {
      t[i] = step * 10 + i;
    }
    return t;
  }

  @Test
  void partialFillKeepsArrivalOrder() {
    LastSamples last = new LastSamples(4, 3);
    last.accept(7, 0.5, theta(7, 3));
    last.accept(8, 0.25, theta(8, 3));
    assertEquals(2, last.size());
    assertArrayEquals(new long[] {7, 8}, last.steps());
    assertArrayEquals(new double[] {0.5, 0.25}, last.weights());
    assertArrayEquals(new float[] {70, 71, 72, 80, 81, 82}, last.toArray());
  }

  @Test
  void ringReturnsLastKOldestFirst() {
    int k = 3;
    int d = 2;
    LastSamples last = new LastSamples(k, d);
    float[] reused = new float[d];
    for (long t = 0; t < 11; t++) {
      float[] v = theta(t, d);
      System.arraycopy(v, 0, reused, 0, d);
      last.accept(t, t * 0.1, reused);
      // After every step: the last min(t+1, K) steps, oldest first.
      int expectSize = (int) Math.min(t + 1, k);
      assertEquals(expectSize, last.size());
      for (int i = 0; i < expectSize; i++) {
        long step = t - expectSize + 1 + i;
        assertEquals(step, last.step(i), "t=" + t + " i=" + i);
        assertEquals(step * 0.1, last.weight(i));
        assertArrayEquals(theta(step, d), last.sample(i));
      }
    }
    reused[0] = -1; // the caller reuses its array: the kept copy must not change
    assertArrayEquals(new float[] {100, 101}, last.sample(2));
    assertArrayEquals(new long[] {8, 9, 10}, last.steps());
    assertArrayEquals(new float[] {80, 81, 90, 91, 100, 101}, last.toArray());
    assertEquals(11, last.seen());
    float[] dst = new float[5];
    last.copyTo(0, dst, 3);
    assertArrayEquals(new float[] {0, 0, 0, 80, 81}, dst);
  }

  @Test
  void capacityOneAndClear() {
    LastSamples last = new LastSamples(1, 1);
    last.accept(1, 1, new float[] {1});
    last.accept(2, 1, new float[] {2});
    assertArrayEquals(new long[] {2}, last.steps());
    last.clear();
    assertEquals(0, last.size());
    assertEquals(0, last.toArray().length);
    last.accept(3, 1, new float[] {3});
    assertArrayEquals(new float[] {3}, last.toArray());
  }

  @Test
  void rejectsBadArguments() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new LastSamples(0, 3))
            .getMessage()
            .contains("0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new LastSamples(3, -2))
            .getMessage()
            .contains("-2"));
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> new LastSamples(1 << 16, 1 << 16));
    assertTrue(big.getMessage().contains("4294967296"), big.getMessage());
    LastSamples last = new LastSamples(2, 3);
    IllegalArgumentException len =
        assertThrows(IllegalArgumentException.class, () -> last.accept(5, 1, new float[4]));
    assertTrue(
        len.getMessage().contains("4") && len.getMessage().contains("D = 3"), len.getMessage());
    last.accept(0, 1, new float[3]);
    IndexOutOfBoundsException idx =
        assertThrows(IndexOutOfBoundsException.class, () -> last.step(1));
    assertTrue(idx.getMessage().contains("[0, 1)"), idx.getMessage());
  }
}
