package io.langevin.samplers.averaging;

/**
 * A model as a function of its flat parameter vector: class probabilities for a fixed set of E
 * examples and C classes, row-major ({@code p[e*C + c]}), length E·C, each row summing to 1.
 *
 * <p>The returned array is read before the next call, so an implementation may reuse one output
 * array. {@code theta} must not be modified.
 */
@FunctionalInterface
public interface Predictor {

  /** Class probabilities of the E examples under parameters {@code theta}, E·C floats. */
  float[] predict(float[] theta);
}
