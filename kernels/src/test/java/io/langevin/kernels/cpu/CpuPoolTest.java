package io.langevin.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CpuPoolTest {

  /** forRange covers [0, n) exactly once with grain-sized chunks and a ragged last one. */
  @Test
  void forRangeCoversEveryIndexOnce() {
    for (int n : new int[] {0, 1, 7, 100, 1023, 1024, 1025, 100_003}) {
      int[] hits = new int[n];
      CpuPool.forRange(n, 64, (lo, hi) -> {
        assertTrue(hi - lo <= 64 && lo < hi, "chunk [" + lo + "," + hi + ")");
        for (int i = lo; i < hi; i++) {
          hits[i]++;
        }
      });
      for (int i = 0; i < n; i++) {
        assertEquals(1, hits[i], "index " + i + " of n=" + n);
      }
    }
  }

  /** serially() keeps every chunk on the calling thread, in order. */
  @Test
  void seriallyRunsOnTheCallerInOrder() {
    Thread me = Thread.currentThread();
    AtomicInteger expected = new AtomicInteger();
    CpuPool.serially(() -> CpuPool.forChunks(50, c -> {
      assertEquals(me, Thread.currentThread());
      assertEquals(expected.getAndIncrement(), c);
    }));
    assertEquals(50, expected.get());
  }

  /** Pooled runs use more than one thread when the pool has them. */
  @Test
  void pooledRunsMayUseWorkers() {
    ConcurrentHashMap<Thread, Boolean> seen = new ConcurrentHashMap<>();
    CpuPool.forChunks(64, c -> {
      seen.put(Thread.currentThread(), true);
      long s = 0;
      for (int i = 0; i < 200_000; i++) {
        s += i ^ c;
      }
      assertTrue(s >= 0);
    });
    assertTrue(seen.size() >= 1 && seen.size() <= CpuPool.threads(), "threads used: " + seen.size());
  }

  /** Chunk partials combined in chunk order give the same bits on 1 or N threads. */
  @Test
  void orderedPartialsAreThreadCountIndependent() {
    float[] x = new float[1_000_003];
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] pooled = partialSums(x);
    float[][] serial = new float[1][];
    CpuPool.serially(() -> serial[0] = partialSums(x));
    assertArrayEquals(serial[0], pooled);
  }

  private static float[] partialSums(float[] x) {
    int grain = 4096;
    float[] partial = new float[(x.length + grain - 1) / grain];
    CpuPool.forRange(x.length, grain, (lo, hi) -> {
      float s = 0;
      for (int i = lo; i < hi; i++) {
        s += x[i];
      }
      partial[lo / grain] = s;
    });
    return partial;
  }

  /** An exception thrown in a chunk reaches the caller. */
  @Test
  void failuresPropagate() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CpuPool.forChunks(10, c -> {
          if (c == 7) {
            throw new IllegalStateException("chunk 7 failed");
          }
        }));
    assertEquals("chunk 7 failed", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CpuPool.forRange(10, 0, (a, b) -> {}));
  }
}
