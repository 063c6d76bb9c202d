package io.langevin.experiments;

import io.langevin.experiments.sgmcmc.ToyGaussian;
import io.langevin.experiments.sgmcmc.ToyGaussian.Config;
import io.langevin.experiments.sgmcmc.ToyGaussian.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code langevin toy-gaussian}: the seed talk's toy (see {@link ToyGaussian}). Prints a table of
 * estimated variances, their relative errors and the ESS per sampler and a, a summary of the
 * worst error of each sampler over all a, writes one PNG per a under {@code --out}, and with
 * {@code --json} ends with one JSON object.
 */
@Command(
    name = "toy-gaussian",
    description = "Estimate the covariance of N(0, diag(a,1)) with one step size for every a.")
final class ToyGaussianCommand implements Callable<Integer> {

  @Option(names = "--a", split = ",", defaultValue = "1,10,100",
      description = "Variances a of the first coordinate (default: ${DEFAULT-VALUE}).")
  double[] as;

  @Option(names = "--sampler", split = ",", defaultValue = "all",
      description = "Samplers: sgld,psgld,sghmc,sgnht,santa or all (default: ${DEFAULT-VALUE}).")
  List<String> samplers;

  @Option(names = "--steps", defaultValue = "20000",
      description = "Steps per chain (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--burn-in", defaultValue = "-1",
      description = "Dropped first steps (default: a tenth of --steps).")
  int burnIn;

  @Option(names = "--step-size", defaultValue = "0.1",
      description = "The one step size h of every sampler (default: ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--grad-noise", defaultValue = "0.1",
      description = "Std of the noise added to each gradient (default: ${DEFAULT-VALUE}).")
  double gradNoise;

  @Option(names = "--runs", defaultValue = "8",
      description = "Independent chains per sampler and a (seeds seed, seed+1, …; default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "out",
      description = "Folder for the PNGs (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    List<String> names = new ArrayList<>();
    for (String s : samplers) {
      if (s.equals("all")) {
        names.addAll(ToyGaussian.SAMPLERS);
      } else {
        names.add(s.trim().toLowerCase(Locale.ROOT));
      }
    }
    Config c = new Config(as, List.copyOf(names), steps, burnIn < 0 ? steps / 10 : burnIn,
        stepSize, gradNoise, runs, seed);
    Outcome o = run(c, out);
    if (json) {
      System.out.println(o.json());
    }
    return 0;
  }

  /** The table, plots, summary and JSON of one configuration. */
  record Outcome(List<Run> runs, List<Path> plots, String markdown, JsonObject json) {}

  static Outcome run(Config c, Path out) throws IOException {
    System.out.printf(Locale.ROOT,
        "toy-gaussian: N(0, diag(a,1)), a = %s; one step size h = %s; %d steps, burn-in %d,"
            + " gradient noise %s; %d chains per cell (seeds %d..), errors are RMS over chains%n",
        join(c.as()), c.stepSize(), c.steps(), c.burnIn(), c.gradNoise(), c.runs(), c.seed());
    String header = String.format(Locale.ROOT, "%-7s %6s %10s %9s %10s %9s %9s %9s %7s",
        "sampler", "a", "var_x", "rel_err_x", "var_y", "rel_err_y", "ESS_x", "ESS_y", "time");
    System.out.println(header);
    StringBuilder md = new StringBuilder();
    md.append("| sampler | a | var_x | RMS rel. error x | var_y | RMS rel. error y | ESS x | ESS y |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    List<Run> runs = ToyGaussian.runAll(c, r -> {
      System.out.printf(Locale.ROOT, "%-7s %6s %10.4g %8.1f%% %10.4g %8.1f%% %9.0f %9.0f %6.1fs%n",
          r.sampler(), fmt(r.a()), r.varX(), 100 * r.relErrX(), r.varY(), 100 * r.relErrY(),
          r.essX(), r.essY(), r.seconds());
      System.out.flush();
    });
    List<Object> rows = JsonObject.list();
    for (Run r : runs) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %.4g | %.1f%% | %.4g | %.1f%% | %.0f | %.0f |\n",
          r.sampler(), fmt(r.a()), r.varX(), 100 * r.relErrX(), r.varY(), 100 * r.relErrY(),
          r.essX(), r.essY()));
      rows.add(new JsonObject()
          .put("sampler", r.sampler())
          .put("a", r.a())
          .put("var_x", r.varX())
          .put("var_y", r.varY())
          .put("rel_err_x", r.relErrX())
          .put("rel_err_y", r.relErrY())
          .put("ess", r.ess())
          .put("ess_x", r.essX())
          .put("ess_y", r.essY())
          .put("cov_xy", r.covXY()));
    }
    System.out.println("worst relative error of the variances over every a, per sampler:");
    md.append("\nWorst relative error of the two variances over every a:");
    List<Object> worst = JsonObject.list();
    for (String s : c.samplers()) {
      double w = 0;
      double minEss = Double.POSITIVE_INFINITY;
      for (Run r : runs) {
        if (r.sampler().equals(s)) {
          w = Math.max(w, r.worstRelErr());
          minEss = Math.min(minEss, r.ess());
        }
      }
      System.out.printf(Locale.ROOT, "  %-7s %6.1f%%   (smallest ESS %.0f)%n", s, 100 * w, minEss);
      md.append(String.format(Locale.ROOT, " %s %.1f%% (smallest ESS %.0f);", s, 100 * w, minEss));
      worst.add(new JsonObject().put("sampler", s).put("worst_rel_err", w).put("min_ess", minEss));
    }
    md.setLength(md.length() - 1);
    md.append(".\n");
    List<Path> plots = ToyGaussian.plot(runs, c, out);
    for (Path p : plots) {
      System.out.println("plot: " + p);
    }
    JsonObject json = new JsonObject()
        .put("experiment", "toy-gaussian")
        .put("step_size", c.stepSize())
        .put("steps", c.steps())
        .put("burn_in", c.burnIn())
        .put("grad_noise", c.gradNoise())
        .put("runs", c.runs())
        .put("seed", c.seed())
        .put("results", rows)
        .put("worst", worst);
    return new Outcome(runs, plots, md.toString(), json);
  }

  private static String fmt(double a) {
    return a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a);
  }

  private static String join(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.isEmpty() ? "" : ",").append(fmt(d));
    }
    return sb.toString();
  }
}
