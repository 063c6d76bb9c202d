package io.langevin.samplers.statistics;

import io.langevin.samplers.Sampler;
import io.langevin.samplers.State;
import java.util.function.Consumer;

/** Chains of the library's samplers for {@link ChainRunner}: chain c gets its own noise seed. */
final class SamplerChains {
  private SamplerChains() {}

  /** Chain c runs {@code sampler} from {@code sampler.init(d, seed + 1000·c)}. */
  static ChainRunner.ChainFactory of(Sampler sampler, int d, long seed) {
    return of(sampler, d, seed, s -> {});
  }

  /** As {@link #of(Sampler, int, long)}, with {@code prepare} applied to each fresh state. */
  static ChainRunner.ChainFactory of(Sampler sampler, int d, long seed, Consumer<State> prepare) {
    return c -> {
      State state = sampler.init(d, seed + 1000L * c);
      prepare.accept(state);
      return (theta, grad, t) -> sampler.step(theta, grad, state, t);
    };
  }
}
