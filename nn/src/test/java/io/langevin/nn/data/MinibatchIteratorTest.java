package io.langevin.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Epoch coverage, determinism, drop-last and argument checks of MinibatchIterator. */
class MinibatchIteratorTest {
  private static final int F = 3;

  /** n examples of 1×3 "images" whose pixel p is 10·i + p, label i % 4. */
  private static Dataset tiny(int n) {
    float[] x = new float[n * F];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < F; p++) {
        x[i * F + p] = 10 * i + p;
      }
      y[i] = i % 4;
    }
    return new Dataset(x, y, 1, F, 4, "tiny");
  }

  /** The example ids of one epoch in visiting order, checking each row against its label. */
  private static int[] epoch(MinibatchIterator it, int e) {
    int b = it.batchSize();
    float[] x = new float[b * F];
    int[] y = new int[b];
    int[] ids = new int[it.examplesPerEpoch()];
    int k = 0;
    it.startEpoch(e);
    int batches = 0;
    while (it.hasNext()) {
      int n = it.next(x, y);
      boolean last = batches == it.batchesPerEpoch() - 1;
      assertTrue(n == b || last, "short batch " + n + " before the end");
      for (int i = 0; i < n; i++) {
        int id = (int) (x[i * F] / 10);
        for (int p = 0; p < F; p++) {
          assertEquals(10 * id + p, x[i * F + p]);
        }
        assertEquals(id % 4, y[i]);
        ids[k++] = id;
      }
      batches++;
    }
    assertEquals(it.batchesPerEpoch(), batches);
    assertEquals(ids.length, k);
    return ids;
  }

  @Test
  void everyExampleOncePerEpochKeepingLast() {
    MinibatchIterator it = new MinibatchIterator(tiny(23), 5, 42, false);
    assertEquals(5, it.batchesPerEpoch());
    assertEquals(23, it.examplesPerEpoch());
    for (int e = 0; e < 5; e++) {
      int[] ids = epoch(it, e);
      int[] sorted = ids.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < 23; i++) {
        assertEquals(i, sorted[i], "epoch " + e);
      }
    }
  }

  @Test
  void sameSeedSameOrderDifferentEpochDifferentOrder() {
    MinibatchIterator a = new MinibatchIterator(tiny(100), 7, 1234, false);
    MinibatchIterator b = new MinibatchIterator(tiny(100), 7, 1234, false);
    MinibatchIterator c = new MinibatchIterator(tiny(100), 7, 1235, false);
    int[] a0 = epoch(a, 0);
    int[] a1 = epoch(a, 1);
    int[] a2 = epoch(a, 2);
    // b visits epochs out of order: the order is a pure function of (seed, epoch)
    assertArrayEquals(a2, epoch(b, 2));
    assertArrayEquals(a0, epoch(b, 0));
    assertArrayEquals(a1, epoch(b, 1));
    assertArrayEquals(a1, epoch(a, 1), "restarting an epoch repeats it");
    assertFalse(Arrays.equals(a0, a1));
    assertFalse(Arrays.equals(a1, a2));
    assertFalse(Arrays.equals(a0, epoch(c, 0)), "different seed");
    int[] identity = new int[100];
    Arrays.setAll(identity, i -> i);
    assertFalse(Arrays.equals(identity, a0), "epoch 0 is shuffled too");
  }

  @Test
  void dropLastSkipsThePartialBatch() {
    MinibatchIterator it = new MinibatchIterator(tiny(23), 5, 7, true);
    assertEquals(4, it.batchesPerEpoch());
    assertEquals(20, it.examplesPerEpoch());
    boolean[] seen = new boolean[23];
    for (int e = 0; e < 20; e++) {
      int[] ids = epoch(it, e);
      assertEquals(20, ids.length);
      assertEquals(20, Arrays.stream(ids).distinct().count(), "epoch " + e);
      for (int id : ids) {
        seen[id] = true;
      }
    }
    for (int i = 0; i < 23; i++) {
      assertTrue(seen[i], "example " + i + " dropped in every one of 20 epochs");
    }
    // exact division: dropLast changes nothing
    MinibatchIterator exact = new MinibatchIterator(tiny(20), 5, 7, true);
    MinibatchIterator keep = new MinibatchIterator(tiny(20), 5, 7, false);
    assertEquals(4, exact.batchesPerEpoch());
    assertArrayEquals(epoch(keep, 3), epoch(exact, 3));
    // a batch of the whole set, and batches of one
    assertEquals(1, new MinibatchIterator(tiny(20), 20, 1, true).batchesPerEpoch());
    assertEquals(20, new MinibatchIterator(tiny(20), 1, 1, true).batchesPerEpoch());
  }

  @Test
  void dropLastAgreesWithKeepLastPrefix() {
    // same (seed, epoch) gives the same permutation whether or not the tail is dropped
    int[] keep = epoch(new MinibatchIterator(tiny(23), 5, 9, false), 4);
    int[] drop = epoch(new MinibatchIterator(tiny(23), 5, 9, true), 4);
    assertArrayEquals(Arrays.copyOf(keep, 20), drop);
  }

  @Test
  void permutationsArePermutationsAndRoughlyUniform() {
    for (int n : new int[] {1, 2, 13, 1021}) {
      int[] p = new int[n];
      MinibatchIterator.permutation(99, 3, p);
      int[] q = new int[n];
      MinibatchIterator.permutation(99, 3, q);
      assertArrayEquals(p, q);
      Arrays.sort(q);
      for (int i = 0; i < n; i++) {
        assertEquals(i, q[i]);
      }
    }
    // all 6 orders of 3 elements over 6000 epochs: each ~1000 (sd ~ 29)
    int[] hist = new int[6];
    int[] p = new int[3];
    for (int e = 0; e < 6000; e++) {
      MinibatchIterator.permutation(5, e, p);
      hist[p[0] * 2 + (p[1] > p[2] ? 1 : 0)]++;
    }
    for (int h : hist) {
      assertTrue(h > 850 && h < 1150, Arrays.toString(hist));
    }
  }

  @Test
  void badArguments() {
    Dataset d = tiny(10);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MinibatchIterator(d, 0, 1, false));
    assertTrue(e.getMessage().contains("[1, 10]") && e.getMessage().contains("got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MinibatchIterator(d, 11, 1, true));
    assertTrue(e.getMessage().contains("got 11"), e.getMessage());
    MinibatchIterator it = new MinibatchIterator(d, 4, 1, false);
    assertEquals(-1, it.epoch());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, () -> it.next(new float[12], new int[4]));
    e = assertThrows(IllegalArgumentException.class, () -> it.startEpoch(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    it.startEpoch(0);
    e = assertThrows(IllegalArgumentException.class, () -> it.next(new float[11], new int[4]));
    assertTrue(e.getMessage().contains("x.length >= 12") && e.getMessage().contains("got 11"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> it.next(new float[12], new int[3]));
    assertTrue(e.getMessage().contains("y.length >= 4"), e.getMessage());
    assertEquals(0, it.batchIndex(), "a rejected call does not advance");
    float[] x = new float[12];
    int[] y = new int[4];
    assertEquals(4, it.next(x, y));
    assertEquals(4, it.next(x, y));
    assertEquals(2, it.next(x, y));
    assertFalse(it.hasNext());
    NoSuchElementException n =
        assertThrows(NoSuchElementException.class, () -> it.next(x, y));
    assertTrue(n.getMessage().contains("epoch 0 is over after 3 batches"), n.getMessage());
  }
}
