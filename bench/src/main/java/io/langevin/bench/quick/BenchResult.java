package io.langevin.bench.quick;

/**
 * One quick-bench figure: {@code value} in {@code unit} for {@code kernel} at {@code shape} on
 * {@code threads} threads, beside the machine {@code limit} (same unit) measured in the same run,
 * and {@code ratio = value / limit}. {@code note} says what the limit is, for the human table.
 */
public record BenchResult(
    String kernel, String shape, int threads, double value, String unit, double limit, String note) {

  public double ratio() {
    return limit > 0 ? value / limit : Double.NaN;
  }
}
