package io.langevin.samplers.schedule;

/**
 * {@code initial · factor^⌊t / every⌋}: the step size is multiplied by {@code factor} every {@code
 * every} steps (the pSGLD and Santa MATLAB code halve it every 20 epochs). Noise always on. Test:
 * {@code ScheduleTest}.
 */
public record BlockDecay(double initial, double factor, long every) implements Schedule {
  public BlockDecay {
    if (!(initial > 0) || Double.isInfinite(initial)) {
      throw new IllegalArgumentException(
          "block decay schedule: initial must be finite and > 0, got " + initial);
    }
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "block decay schedule: factor must be finite and > 0, got " + factor);
    }
    if (every <= 0) {
      throw new IllegalArgumentException("block decay schedule: every must be > 0, got " + every);
    }
  }

  @Override
  public double at(long t) {
    ScheduleChecks.step(t);
    return initial * Math.pow(factor, (double) (t / every));
  }

  @Override
  public String toString() {
    return "blockDecay(initial=" + initial + ", factor=" + factor + ", every=" + every + ")";
  }
}
