package io.langevin.samplers.statistics;

import io.langevin.samplers.Sampler;
import io.langevin.samplers.State;
import java.util.function.Consumer;

/**
 * Chains of the library's samplers for {@link ChainRunner}: chain c gets its own noise seed. Every
 * seed of the statistics tests goes through {@link #seed(long)}, which adds the system property
 * {@code langevin.stats.seedOffset} (default 0): CI runs the fixed seeds, and a developer can
 * rerun the whole set with other seeds ({@code -Dlangevin.stats.seedOffset=N}) to check that no
 * test passes only by the luck of its seed.
 */
final class SamplerChains {
  private static final long OFFSET = Long.getLong("langevin.stats.seedOffset", 0L);

  private SamplerChains() {}

  /** {@code base} plus the seed offset. */
  static long seed(long base) {
    return base + OFFSET * 7919;
  }

  /** Chain c runs {@code sampler} from {@code sampler.init(d, seed + 1000·c)}. */
  static ChainRunner.ChainFactory of(Sampler sampler, int d, long seed) {
    return of(sampler, d, seed, s -> {});
  }

  /** As {@link #of(Sampler, int, long)}, with {@code prepare} applied to each fresh state. */
  static ChainRunner.ChainFactory of(Sampler sampler, int d, long seed, Consumer<State> prepare) {
    return c -> {
      State state = sampler.init(d, seed(seed + 1000L * c));
      prepare.accept(state);
      return (theta, grad, t) -> sampler.step(theta, grad, state, t);
    };
  }
}
