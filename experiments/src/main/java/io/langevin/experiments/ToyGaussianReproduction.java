package io.langevin.experiments;

import io.langevin.experiments.sgmcmc.ToyGaussian;
import io.langevin.experiments.sgmcmc.ToyGaussian.Config;
import io.langevin.experiments.sgmcmc.ToyGaussian.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The toy-gaussian reproduction in {@code langevin repro}: the command's defaults, and the seed
 * talk's claim checked on the numbers this run produced (pSGLD's worst error over every a against
 * SGLD's with the same step size).
 */
final class ToyGaussianReproduction implements ReproCommand.Reproduction {
  @Override
  public String name() {
    return "toy-gaussian";
  }

  @Override
  public ReproCommand.Section run(Path out) throws IOException {
    Config c = new Config(new double[] {1, 10, 100}, ToyGaussian.SAMPLERS, 20_000, 2_000, 0.1, 0.1,
        8, 1);
    ToyGaussianCommand.Outcome o = ToyGaussianCommand.run(c, out);
    double sgld = worst(o, "sgld");
    double psgld = worst(o, "psgld");
    boolean holds = psgld < sgld;
    StringBuilder md = new StringBuilder();
    md.append("## SG-MCMC toy: N(0, diag(a, 1)) with one step size (`langevin toy-gaussian`)\n\n");
    md.append("Published (seed talk, pSGLD slide): \"When the covariance matrix of a target"
        + " distribution is mildly rescaled, we do not have to choose a new step size for"
        + " pSGLD.\" A qualitative claim; the pSGLD paper's Figure 1 numbers are not available.\n\n");
    md.append("Command: `./langevin toy-gaussian` (h = 0.1, 20,000 steps, 8 chains per cell).\n\n");
    md.append(o.markdown()).append('\n');
    md.append(String.format(Locale.ROOT,
        "Claim on this run: pSGLD's worst RMS relative error over a ∈ {1, 10, 100} is %.1f%%,"
            + " SGLD's with the same h is %.1f%%: %s.%n",
        100 * psgld, 100 * sgld, holds ? "reproduced" : "NOT reproduced"));
    for (Path p : o.plots()) {
      md.append("\n![").append(p.getFileName()).append("](").append(p.getFileName()).append(")");
    }
    md.append('\n');
    return new ReproCommand.Section(md.toString(), o.json()
        .put("claim", "psgld_worst_below_sgld_worst")
        .put("claim_holds", holds));
  }

  private static double worst(ToyGaussianCommand.Outcome o, String sampler) {
    double w = 0;
    for (Run r : o.runs()) {
      if (r.sampler().equals(sampler)) {
        w = Math.max(w, r.worstRelErr());
      }
    }
    return w;
  }
}
