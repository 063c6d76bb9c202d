package io.langevin.samplers.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SampleSchedule (burn-in, thinning), ThinnedSink and SampleSink.tee. */
class SampleScheduleTest {

  @Test
  void keepsEveryStepByDefault() {
    SampleSchedule all = SampleSchedule.all();
    for (long t = 0; t < 100; t++) {
      assertTrue(all.keeps(t), "step " + t);
    }
    assertFalse(all.keeps(-1));
    assertTrue(all.keeps(Long.MAX_VALUE));
  }

  @Test
  void burnInThenOneInK() {
    SampleSchedule s = SampleSchedule.of(10, 3);
    List<Long> kept = new ArrayList<>();
    for (long t = -5; t < 25; t++) {
      if (s.keeps(t)) {
        kept.add(t);
      }
    }
    assertEquals(List.of(10L, 13L, 16L, 19L, 22L), kept);
  }

  @Test
  void edgeCases() {
    // k = 1 with burn-in: everything from B on.
    SampleSchedule b = SampleSchedule.of(5, 1);
    assertFalse(b.keeps(4));
    assertTrue(b.keeps(5));
    assertTrue(b.keeps(6));
    // B = 0 with thinning: multiples of k, 0 included.
    SampleSchedule k = SampleSchedule.of(0, 4);
    assertTrue(k.keeps(0));
    assertFalse(k.keeps(3));
    assertTrue(k.keeps(4));
    // Huge values do not overflow.
    SampleSchedule big = SampleSchedule.of(Long.MAX_VALUE - 1, Long.MAX_VALUE);
    assertFalse(big.keeps(Long.MAX_VALUE - 2));
    assertTrue(big.keeps(Long.MAX_VALUE - 1));
    assertFalse(big.keeps(Long.MAX_VALUE));
    assertFalse(big.keeps(Long.MIN_VALUE));
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e1 =
        assertThrows(IllegalArgumentException.class, () -> SampleSchedule.of(-1, 1));
    assertTrue(
        e1.getMessage().contains("burn-in") && e1.getMessage().contains("-1"), e1.getMessage());
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> SampleSchedule.of(0, 0));
    assertTrue(
        e2.getMessage().contains("thinning") && e2.getMessage().contains("0"), e2.getMessage());
    IllegalArgumentException e3 =
        assertThrows(IllegalArgumentException.class, () -> new SampleSchedule(3, -7));
    assertTrue(e3.getMessage().contains("-7"), e3.getMessage());
  }

  @Test
  void countKeptMatchesBruteForce() {
    long[][] schedules = {{0, 1}, {0, 7}, {5, 1}, {5, 3}, {17, 4}, {100, 10}};
    for (long[] bk : schedules) {
      SampleSchedule s = SampleSchedule.of(bk[0], bk[1]);
      for (long first = -3; first < 40; first += 3) {
        for (long last = first - 2; last < 60; last += 5) {
          long expected = 0;
          for (long t = first; t <= last; t++) {
            if (s.keeps(t)) {
              expected++;
            }
          }
          assertEquals(expected, s.countKept(first, last), s + " [" + first + ", " + last + "]");
        }
      }
    }
    assertEquals(Long.MAX_VALUE, SampleSchedule.all().countKept(1, Long.MAX_VALUE));
  }

  @Test
  void thinnedSinkForwardsOnlyKeptStepsAndCloses() {
    List<Long> steps = new ArrayList<>();
    List<Float> first = new ArrayList<>();
    boolean[] closed = {false};
    SampleSink target =
        new SampleSink() {
          @Override
          public void accept(long step, double weight, float[] theta) {
            steps.add(step);
            first.add(theta[0]);
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };
    float[] theta = new float[2];
    try (ThinnedSink sink = new ThinnedSink(SampleSchedule.of(3, 2), target)) {
      for (long t = 0; t < 10; t++) {
        theta[0] = t;
        sink.accept(t, 0.1, theta);
      }
      assertEquals(4, sink.forwarded());
    }
    assertEquals(List.of(3L, 5L, 7L, 9L), steps);
    assertEquals(List.of(3f, 5f, 7f, 9f), first);
    assertTrue(closed[0]);
  }

  @Test
  void teeFeedsEverySinkInOrder() {
    LastSamples a = new LastSamples(4, 2);
    RunningMoments b = RunningMoments.unweighted(2);
    try (SampleSink both = SampleSink.tee(a, b)) {
      both.accept(0, 1, new float[] {1, 2});
      both.accept(1, 1, new float[] {3, 6});
    }
    assertEquals(2, a.size());
    assertEquals(2, b.count());
    assertEquals(2.0, b.mean(0));
    assertEquals(4.0, b.mean(1));
  }
}
