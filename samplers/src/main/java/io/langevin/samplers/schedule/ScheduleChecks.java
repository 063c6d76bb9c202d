package io.langevin.samplers.schedule;

/** Argument checks shared by the schedules. */
final class ScheduleChecks {
  private ScheduleChecks() {}

  static void step(long t) {
    if (t < 0) {
      throw new IllegalArgumentException("schedule: step t must be ≥ 0, got " + t);
    }
  }
}
