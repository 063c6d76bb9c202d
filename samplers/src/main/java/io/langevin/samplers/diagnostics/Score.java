package io.langevin.samplers.diagnostics;

/** The score of a target density, ∇_x log p(x), as used by {@link KernelSteinDiscrepancy}. */
@FunctionalInterface
public interface Score {

  /** ∇ log p at {@code x} (length d); a fresh array of length d. {@code x} must not be modified. */
  double[] gradLogDensity(double[] x);
}
