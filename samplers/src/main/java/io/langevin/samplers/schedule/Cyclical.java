package io.langevin.samplers.schedule;

/**
 * The cyclical cosine step size of cSG-MCMC (Zhang, Li, Zhang, Chen, Wilson, ICLR 2020).
 *
 * <p>With K = {@code totalSteps}, M = {@code cycles} and cycle length L = ⌈K/M⌉, the step size at
 * step t (from 0) is
 *
 * <pre>α_t = α_0/2 · [cos(π · (t mod L) / L) + 1]</pre>
 *
 * (the paper's k − 1 is our t). Each cycle starts with an <em>exploration</em> stage of
 * noise-free steps, the first β = {@code exploration} fraction of the cycle: {@link #sampling} is
 * true from the first position j = t mod L with j/L ≥ β (the authors' CIFAR code, 50-epoch cycles
 * with noise from epoch 46, is β = 0.9). Beyond K the cycles go on. Test: {@code ScheduleTest}.
 */
public record Cyclical(double initial, long totalSteps, int cycles, double exploration)
    implements Schedule {
  public Cyclical {
    if (!(initial > 0) || Double.isInfinite(initial)) {
      throw new IllegalArgumentException(
          "cyclical schedule: initial step size must be finite and > 0, got " + initial);
    }
    if (cycles <= 0) {
      throw new IllegalArgumentException("cyclical schedule: cycles must be > 0, got " + cycles);
    }
    if (totalSteps < cycles) {
      throw new IllegalArgumentException(
          "cyclical schedule: totalSteps must be ≥ cycles, got totalSteps="
              + totalSteps
              + " cycles="
              + cycles);
    }
    if (!(exploration >= 0 && exploration <= 1)) {
      throw new IllegalArgumentException(
          "cyclical schedule: exploration fraction must be in [0, 1], got " + exploration);
    }
  }

  /** Cycle length L = ⌈K/M⌉. */
  public long cycleLength() {
    return (totalSteps + cycles - 1) / cycles;
  }

  /** The cycle (from 0) that step t falls in. */
  public long cycle(long t) {
    ScheduleChecks.step(t);
    return t / cycleLength();
  }

  /** Position of step t inside its cycle, {@code t mod L}. */
  public long positionInCycle(long t) {
    ScheduleChecks.step(t);
    return t % cycleLength();
  }

  /** The first position in a cycle with noise on: the smallest j with j/L ≥ β. */
  public long firstSamplingPosition() {
    long length = cycleLength();
    long j = (long) Math.ceil(exploration * length);
    while (j > 0 && (double) (j - 1) / length >= exploration) {
      j--;
    }
    while (j < length && (double) j / length < exploration) {
      j++;
    }
    return j;
  }

  @Override
  public double at(long t) {
    long length = cycleLength();
    double phase = (double) positionInCycle(t) / length;
    return initial * 0.5 * (Math.cos(Math.PI * phase) + 1);
  }

  @Override
  public boolean sampling(long t) {
    return positionInCycle(t) >= firstSamplingPosition();
  }

  @Override
  public String toString() {
    return "cyclical(initial="
        + initial
        + ", totalSteps="
        + totalSteps
        + ", cycles="
        + cycles
        + ", exploration="
        + exploration
        + ")";
  }
}
