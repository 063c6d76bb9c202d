package io.langevin.samplers.samples;

import java.util.Objects;

/**
 * A {@link SampleSink} decorator that forwards only the steps its {@link SampleSchedule} keeps
 * (burn-in, then one step in k). Closing it closes the wrapped sink. Tested by SampleScheduleTest.
 */
public final class ThinnedSink implements SampleSink {

  private final SampleSchedule schedule;
  private final SampleSink target;
  private long forwarded;

  /** Forwards to {@code target} the steps {@code schedule} keeps. */
  public ThinnedSink(SampleSchedule schedule, SampleSink target) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public void accept(long step, double weight, float[] theta) {
    if (schedule.keeps(step)) {
      target.accept(step, weight, theta);
      forwarded++;
    }
  }

  /** The schedule applied. */
  public SampleSchedule schedule() {
    return schedule;
  }

  /** Number of samples forwarded so far. */
  public long forwarded() {
    return forwarded;
  }

  @Override
  public void close() {
    target.close();
  }
}
