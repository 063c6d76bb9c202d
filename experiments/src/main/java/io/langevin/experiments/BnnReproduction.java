package io.langevin.experiments;

import io.langevin.experiments.bnn.Bnn;
import io.langevin.experiments.bnn.BnnMethod;
import io.langevin.nn.data.Datasets;
import io.langevin.nn.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Bayesian-neural-network reproduction in {@code langevin repro}: a short {@code langevin
 * bnn} run on the embedded digits (784-400-400-10, the pSGLD authors' network) with the
 * optimisers, their SG-MCMC twins and pSGLD with dropout, and the seed talk's two qualitative
 * claims checked on the numbers it produced.
 */
final class BnnReproduction implements ReproCommand.Reproduction {
  /** Methods of the quick run. */
  static final List<String> METHODS =
      List.of("sgd", "rmsprop", "adam", "sgld", "psgld", "sghmc", "psgld+dropout");

  /** Epochs of the quick run. */
  static final int EPOCHS = 12;

  @Override
  public String name() {
    return "bnn";
  }

  @Override
  public ReproCommand.Section run(Path out) throws IOException {
    Split digits = Datasets.digits();
    Bnn.Config c = new Bnn.Config(digits, "digits", "mlp:400-400", BnnMethod.parse(METHODS),
        EPOCHS, 100, -1, -1, 1, 0.5f, Map.of(), Double.NaN, null, 2000, null, false);
    BnnCommand.Outcome o = BnnCommand.run(c, out, System.out);
    StringBuilder md = new StringBuilder();
    md.append("## Bayesian neural networks: optimisation vs SG-MCMC (`langevin bnn`)\n\n");
    md.append("Published (seed talk, \"Bayesian vs Optimization\" slides, pSGLD on MNIST):"
        + " \"Optimization converges faster on training, but overfit; uncertainty learned in"
        + " training prevent over-fitting on testing\" — pSGLD's test error below RMSprop's and"
        + " SGLD's. Qualitative claims; the papers' MNIST tables are not available (see"
        + " docs/RESULTS.md).\n\n");
    md.append(String.format(Locale.ROOT,
        "Command: `./langevin bnn --methods %s --epochs %d` (784-400-400-10 ReLU, batch 100, N(0, 1)"
            + " prior, samplers at the authors' T = 1/N, burn-in one epoch, a sample every 20"
            + " steps; 8,000 training / 2,000 test digits).%n%n",
        String.join(",", METHODS), EPOCHS));
    md.append(o.markdown()).append('\n');
    for (Path p : o.plots()) {
      md.append("![").append(p.getFileName()).append("](").append(p.getFileName()).append(")\n");
    }
    return new ReproCommand.Section(md.toString(), o.json()
        .put("claim", "psgld_below_rmsprop_and_sgld; optimiser_gap_larger")
        .put("claim_holds", Boolean.TRUE.equals(o.claims().psgldBest())
            && Boolean.TRUE.equals(o.claims().gapLarger())));
  }
}
