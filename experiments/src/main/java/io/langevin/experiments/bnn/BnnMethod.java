package io.langevin.experiments.bnn;

import io.langevin.samplers.Adam;
import io.langevin.samplers.Psgld;
import io.langevin.samplers.Rmsprop;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.Santa;
import io.langevin.samplers.Sgd;
import io.langevin.samplers.Sghmc;
import io.langevin.samplers.Sgld;
import io.langevin.samplers.Sgnht;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The methods of {@code langevin bnn}: an optimiser or SG-MCMC sampler and the noise layers of the
 * network it trains. Every method minimises (or samples) the same energy: the mean softmax
 * cross-entropy of a minibatch scaled by N (the training-set size, {@code gradScale(N)}) plus a
 * N(0, 1) prior on every weight ({@code prior(1)}; the authors' {@code weightDecay = 1/N} on the
 * mean loss).
 *
 * <p>Learning rates {@code lr} are stated on the mean loss (what the authors' code calls the
 * learning rate) and converted to this library's h form: plain gradient methods (SGD, SGLD, SGHMC,
 * SGNHT) take h = lr/N; preconditioned ones (RMSprop, pSGLD, Adam, Santa) are invariant to the
 * gradient's scale, so h = lr and their ε/λ is scaled by N to mean what it means on the mean loss.
 * Samplers run at the temperature of the authors' code, T = 1/N (noise {@code sqrt(2·lr)/N} on
 * the mean loss: {@code StepSizeConvention.fromAuthorsCode}), or at a given T (1 = the posterior).
 *
 * <table>
 *   <caption>Defaults (lr on the mean loss)</caption>
 *   <tr><th>method</th><th>update</th><th>network</th></tr>
 *   <tr><td>sgd</td><td>SGD, lr 0.1</td><td>plain</td></tr>
 *   <tr><td>rmsprop</td><td>RMSprop, lr 5e-4, α 0.99, ε 1e-5 (the pSGLD authors' MNIST run)</td><td>plain</td></tr>
 *   <tr><td>adam</td><td>Adam, lr 1e-3, β 0.9/0.999, ε 1e-8</td><td>plain</td></tr>
 *   <tr><td>sgld</td><td>SGLD, lr 0.1 (the authors' "1e-1 for SGLD")</td><td>plain</td></tr>
 *   <tr><td>psgld</td><td>pSGLD, lr 5e-4, α 0.99, λ 1e-5: RMSprop's twin</td><td>plain</td></tr>
 *   <tr><td>sghmc</td><td>SGHMC, lr 0.01, friction α 0.1 (momentum 0.9, effective lr 0.1)</td><td>plain</td></tr>
 *   <tr><td>sgnht</td><td>SGNHT, lr 0.01, diffusion A 0.1</td><td>plain</td></tr>
 *   <tr><td>santa</td><td>Santa (Euler), η 1e-3 (see below), exploration for the first 30 % of the
 *       steps (the authors' 30 of 100 epochs), then refinement</td><td>plain</td></tr>
 *   <tr><td>dropout</td><td>RMSprop as above</td><td>Bernoulli dropout after every hidden layer</td></tr>
 *   <tr><td>gaussian-dropout</td><td>RMSprop as above</td><td>Gaussian dropout, same rate</td></tr>
 *   <tr><td>dropconnect</td><td>RMSprop as above</td><td>DropConnect on every hidden linear layer</td></tr>
 *   <tr><td>psgld+dropout</td><td>pSGLD as above</td><td>Bernoulli dropout (the CVPR 2016 recipe)</td></tr>
 * </table>
 *
 * Santa's η is not the authors' (4e-11 with a gradient scaled by N = 60,000 and their own
 * preconditioner, "step size needs to take square"); 1e-3 was chosen on the embedded digits as the
 * largest of {1e-2, 1e-3, 1e-4, 1e-5} that trains stably (1e-2 diverges within 5 steps; 1e-4
 * and 1e-5 reach 7.7 % and 26 % test error after 3 epochs against 4.1 % for 1e-3).
 */
public record BnnMethod(String name, Noise noise, Update update) {

  /** The noise layers of a method's network. */
  public enum Noise {
    NONE,
    DROPOUT,
    GAUSSIAN_DROPOUT,
    DROPCONNECT
  }

  /** The update of a method, by name of the sampler class. */
  public enum Update {
    SGD(0.1, false),
    RMSPROP(5e-4, false),
    ADAM(1e-3, false),
    SGLD(0.1, true),
    PSGLD(5e-4, true),
    SGHMC(0.01, true),
    SGNHT(0.01, true),
    SANTA(1e-3, true);

    private final double defaultLr;
    private final boolean sampler;

    Update(double defaultLr, boolean sampler) {
      this.defaultLr = defaultLr;
      this.sampler = sampler;
    }

    public double defaultLr() {
      return defaultLr;
    }

    /** Whether this is an SG-MCMC sampler (its predictions are model-averaged). */
    public boolean sampler() {
      return sampler;
    }
  }

  /** Every method, in report order. */
  public static final List<BnnMethod> ALL =
      List.of(
          new BnnMethod("sgd", Noise.NONE, Update.SGD),
          new BnnMethod("rmsprop", Noise.NONE, Update.RMSPROP),
          new BnnMethod("adam", Noise.NONE, Update.ADAM),
          new BnnMethod("sgld", Noise.NONE, Update.SGLD),
          new BnnMethod("psgld", Noise.NONE, Update.PSGLD),
          new BnnMethod("sghmc", Noise.NONE, Update.SGHMC),
          new BnnMethod("sgnht", Noise.NONE, Update.SGNHT),
          new BnnMethod("santa", Noise.NONE, Update.SANTA),
          new BnnMethod("dropout", Noise.DROPOUT, Update.RMSPROP),
          new BnnMethod("gaussian-dropout", Noise.GAUSSIAN_DROPOUT, Update.RMSPROP),
          new BnnMethod("dropconnect", Noise.DROPCONNECT, Update.RMSPROP),
          new BnnMethod("psgld+dropout", Noise.DROPOUT, Update.PSGLD));

  /** The methods named in {@code names} ("all" for every one), in the order given. */
  public static List<BnnMethod> parse(List<String> names) {
    Map<String, BnnMethod> byName = new LinkedHashMap<>();
    for (BnnMethod m : ALL) {
      byName.put(m.name, m);
    }
    List<BnnMethod> out = new ArrayList<>();
    for (String raw : names) {
      String n = raw.trim().toLowerCase(Locale.ROOT);
      if (n.equals("all")) {
        for (BnnMethod m : ALL) {
          if (!out.contains(m)) {
            out.add(m);
          }
        }
        continue;
      }
      BnnMethod m = byName.get(n);
      if (m == null) {
        throw new IllegalArgumentException(
            "unknown method '" + raw + "'; known: " + String.join(",", byName.keySet()) + ",all");
      }
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no method given");
    }
    return out;
  }

  /** Whether the method's predictions are a model average of samples. */
  public boolean sampler() {
    return update.sampler();
  }

  /**
   * The sampler of this method for N training examples and {@code steps} steps in all.
   *
   * @param lr learning rate on the mean loss (NaN: the default of {@link #update})
   * @param temperature the samplers' T in the h form (NaN: the authors' 1/N)
   */
  public Sampler sampler(int n, long steps, double lr, double temperature) {
    double l = Double.isNaN(lr) ? update.defaultLr : lr;
    double t = Double.isNaN(temperature) ? 1.0 / n : temperature;
    return switch (update) {
      case SGD -> Sgd.builder().stepSize(l / n).gradScale(n).prior(1).build();
      case RMSPROP ->
          Rmsprop.builder().stepSize(l).decay(0.99).eps(1e-5 * n).gradScale(n).prior(1).build();
      case ADAM -> Adam.builder().stepSize(l).eps(1e-8 * n).gradScale(n).prior(1).build();
      case SGLD -> Sgld.builder().stepSize(l / n).temperature(t).gradScale(n).prior(1).build();
      case PSGLD ->
          Psgld.builder()
              .stepSize(l)
              .decay(0.99)
              .lambda(1e-5 * n)
              .temperature(t)
              .gradScale(n)
              .prior(1)
              .build();
      case SGHMC ->
          Sghmc.builder().stepSize(l / n).friction(0.1).temperature(t).gradScale(n).prior(1)
              .build();
      case SGNHT ->
          Sgnht.builder().stepSize(l / n).diffusion(0.1).temperature(t).gradScale(n).prior(1)
              .build();
      case SANTA ->
          Santa.builder()
              .scheme(Santa.Scheme.EULER)
              .stepSize(l)
              .lambda(1e-5 * n)
              .burnin(Math.max(1, (long) (0.3 * steps)))
              .temperature(t)
              .gradScale(n)
              .prior(1)
              .build();
    };
  }
}
