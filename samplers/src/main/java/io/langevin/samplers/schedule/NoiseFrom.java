package io.langevin.samplers.schedule;

import java.util.Objects;

/**
 * A schedule with noise off before step {@code firstNoisyStep} and the step sizes of {@code base};
 * see {@link Schedule#noiseFrom(long)}. Test: {@code ScheduleTest}.
 */
public record NoiseFrom(Schedule base, long firstNoisyStep) implements Schedule {
  public NoiseFrom {
    Objects.requireNonNull(base, "base schedule");
    if (firstNoisyStep < 0) {
      throw new IllegalArgumentException(
          "noiseFrom: first noisy step must be ≥ 0, got " + firstNoisyStep);
    }
  }

  @Override
  public double at(long t) {
    return base.at(t);
  }

  @Override
  public boolean sampling(long t) {
    return t >= firstNoisyStep && base.sampling(t);
  }

  @Override
  public String toString() {
    return base + ".noiseFrom(" + firstNoisyStep + ")";
  }
}
