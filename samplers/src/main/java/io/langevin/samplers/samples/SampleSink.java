package io.langevin.samplers.samples;

import java.util.Objects;

/**
 * Receives posterior samples one at a time: the step number {@code t}, a weight (normally the step
 * size h_t, so that step-size-weighted averages of Welling &amp; Teh §1.1 come for free) and the
 * parameter vector θ_t.
 *
 * <p>Contract: the caller owns {@code theta} and reuses it on the next step, so a sink must copy
 * whatever it keeps before returning. Sinks are not thread-safe; feed each from one thread.
 *
 * <p>{@link #close()} does nothing by default; sinks that hold a file ({@link SampleFile.Writer})
 * or wrap another sink ({@link ThinnedSink}) override it. It is declared without a checked
 * exception so that a sink can sit in a try-with-resources block without a catch; I/O failures
 * surface as {@link java.io.UncheckedIOException}.
 *
 * <p>Tested through its implementations (SampleScheduleTest, LastSamplesTest, RunningMomentsTest,
 * SampleFileTest, ModelAverageTest).
 */
@FunctionalInterface
public interface SampleSink extends AutoCloseable {

  /**
   * Offers one sample.
   *
   * @param step the sampler step t the sample was taken at
   * @param weight the sample's weight (step size h_t, or 1 for an unweighted chain)
   * @param theta the parameter vector; read during the call only, never retained
   */
  void accept(long step, double weight, float[] theta);

  /** Releases what the sink holds (flushes and closes files). Does nothing by default. */
  @Override
  default void close() {}

  /**
   * A sink that forwards every sample to each of {@code sinks} in order, and closes them in order.
   * If closing one fails, the others are still closed and the first failure is rethrown.
   */
  static SampleSink tee(SampleSink... sinks) {
    Objects.requireNonNull(sinks, "sinks");
    SampleSink[] copy = sinks.clone();
    for (int i = 0; i < copy.length; i++) {
      Objects.requireNonNull(copy[i], "sinks[" + i + "]");
    }
    return new SampleSink() {
      @Override
      public void accept(long step, double weight, float[] theta) {
        for (SampleSink s : copy) {
          s.accept(step, weight, theta);
        }
      }

      @Override
      public void close() {
        RuntimeException first = null;
        for (SampleSink s : copy) {
          try {
            s.close();
          } catch (RuntimeException e) {
            if (first == null) {
              first = e;
            } else {
              first.addSuppressed(e);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      }
    };
  }
}
