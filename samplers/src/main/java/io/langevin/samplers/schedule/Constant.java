package io.langevin.samplers.schedule;

/** A constant step size; noise always on. Test: {@code ScheduleTest}. */
public record Constant(double value) implements Schedule {
  public Constant {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "constant schedule: value must be finite and ≥ 0, got " + value);
    }
  }

  @Override
  public double at(long t) {
    ScheduleChecks.step(t);
    return value;
  }

  @Override
  public String toString() {
    return "constant(" + value + ")";
  }
}
