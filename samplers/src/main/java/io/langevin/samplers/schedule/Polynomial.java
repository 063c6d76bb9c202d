package io.langevin.samplers.schedule;

/**
 * The polynomial decay {@code a·(b + t)^(−γ)} of Welling and Teh (2011), whose analysis asks for
 * γ ∈ (0.5, 1]; SGMCMCJax's default is γ = 0.55. Any finite γ is accepted: γ = 0 is constant and
 * γ &lt; 0 grows (Santa's annealing β_t = (1 + t)^0.5 is {@code polynomial(1, 1, −0.5)}). Noise always
 * on. Test: {@code ScheduleTest}.
 */
public record Polynomial(double a, double b, double gamma) implements Schedule {
  public Polynomial {
    if (!(a > 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException("polynomial schedule: a must be finite and > 0, got " + a);
    }
    if (!(b > 0) || Double.isInfinite(b)) {
      throw new IllegalArgumentException(
          "polynomial schedule: b must be finite and > 0 (t starts at 0), got " + b);
    }
    if (!Double.isFinite(gamma)) {
      throw new IllegalArgumentException("polynomial schedule: gamma must be finite, got " + gamma);
    }
  }

  @Override
  public double at(long t) {
    ScheduleChecks.step(t);
    return a * Math.pow(b + t, -gamma);
  }

  @Override
  public String toString() {
    return "polynomial(a=" + a + ", b=" + b + ", gamma=" + gamma + ")";
  }
}
