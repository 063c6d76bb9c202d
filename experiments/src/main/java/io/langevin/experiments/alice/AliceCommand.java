package io.langevin.experiments.alice;

import io.langevin.experiments.JsonObject;
import io.langevin.kernels.cpu.CpuPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code langevin alice}: ALICE's 2-D toy (Li et al., NIPS 2017) — the variants of {@link
 * Variant} on the 5-mode mixture, {@code --runs} seeds per (variant, λ, width, depth), run in
 * parallel one run per core ({@link Sweep}). Prints one progress line per run, then per cell the
 * median and quartiles of the score and of the reconstruction MSE of x, the collapsed fraction
 * (score &lt; 1.5), the median modes covered and the median on-mode fraction of G(z), beside the authors' medians over their 576
 * settings (ALI: score 2.34, MSE 4.37; ALICE λ = 1: 4.86, 0.0154; λ = 10: 3.43, 0.0007); writes
 * {@code out/alice-<variant>-l<λ>.png} (the paper's four panels, first seed of each cell); with
 * {@code --sweep FILE} keeps one CSV row per run and skips rows already there; with {@code --json}
 * ends with one JSON object.
 */
@Command(
    name = "alice",
    description = "ALICE toy: ALI vs ALICE (explicit/adversarial cycles, semi-supervised) on a 5-mode mixture.")
public final class AliceCommand implements Callable<Integer> {

  @Option(names = "--variant", split = ",", defaultValue = "ali,alice-l2",
      description = "Variants: ali, alice-l2, alice-adv, cyclegan, semi-l2, semi-cgan or all"
          + " (default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(names = "--lambda", split = ",", defaultValue = "1",
      description = "CE weights λ (ali ignores them; default: ${DEFAULT-VALUE}).")
  double[] lambdas;

  @Option(names = "--runs", defaultValue = "4",
      description = "Seeds per cell: seed, seed+1, … (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--iterations", defaultValue = "1600",
      description = "Outer iterations, each 1 discriminator + 5 generator steps"
          + " (default: ${DEFAULT-VALUE}, the scripts' 100 epochs).")
  int iterations;

  @Option(names = "--width", split = ",", defaultValue = "256",
      description = "Hidden widths of every network (default: ${DEFAULT-VALUE}).")
  int[] widths;

  @Option(names = "--depth", split = ",", defaultValue = "2",
      description = "Hidden layers of every network (default: ${DEFAULT-VALUE}).")
  int[] depths;

  @Option(names = "--threads", defaultValue = "0",
      description = "Runs at a time, each single-threaded (default: all cores).")
  int threads;

  @Option(names = "--sweep", paramLabel = "CSV",
      description = "Append one row per run to this CSV and skip the runs already in it.")
  Path sweep;

  @Option(names = "--anchors-on-modes",
      description = "Semi-supervised: x anchors at ±2 (on the modes) instead of the scripts' ±1.")
  boolean anchorsOnModes;

  @Option(names = "--out", defaultValue = "out",
      description = "Folder for the PNGs (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    List<Variant> vs = new ArrayList<>();
    for (String s : variants) {
      if (s.trim().equalsIgnoreCase("all")) {
        for (Variant v : Variant.values()) {
          if (!vs.contains(v)) {
            vs.add(v);
          }
        }
      } else {
        Variant v = Variant.parse(s);
        if (!vs.contains(v)) {
          vs.add(v);
        }
      }
    }
    AliceRun.Options o = AliceRun.Options.defaults()
        .withIterations(iterations)
        .withAnchorsOnModes(anchorsOnModes)
        .withKeepSamples(true);
    Config c = new Config(List.copyOf(vs), lambdas, runs, seed, widths, depths, o,
        threads > 0 ? threads : CpuPool.threads(), sweep);
    Outcome result = run(c, out);
    if (json) {
      System.out.println(result.json());
    }
    return 0;
  }

  /** What to run. */
  public record Config(
      List<Variant> variants,
      double[] lambdas,
      int runs,
      long seed,
      int[] widths,
      int[] depths,
      AliceRun.Options options,
      int threads,
      Path sweepCsv) {
    public Config {
      if (variants.isEmpty()) {
        throw new IllegalArgumentException("--variant needs at least one name");
      }
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
      }
    }
  }

  /** The statistics of one cell (variant, λ, width, depth) over its runs. */
  public record Cell(
      Variant variant,
      double lambda,
      int width,
      int depth,
      int runs,
      double[] score,
      double[] mse,
      double collapsed,
      double diverged,
      double modesMedian,
      double onModeMedian,
      double anchorMedian,
      double secondsMedian,
      double authorsScore,
      double authorsMse) {
    /** Median of the score (score[1]); score and mse hold {q25, median, q75}. */
    public double scoreMedian() {
      return score[1];
    }

    public double mseMedian() {
      return mse[1];
    }
  }

  /** The runs, the cells, the plots, a markdown table and the JSON of one invocation. */
  public record Outcome(
      List<AliceRun.Result> results, List<Cell> cells, List<Path> plots, String markdown,
      JsonObject json) {}

  /** The authors' medians over their 576 settings per λ (NaN: none published). */
  static double[] authors(Variant v, double lambda) {
    if (v != Variant.ALI && v != Variant.ALICE_L2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double l = v == Variant.ALI ? 0 : lambda;
    if (l == 0) {
      return new double[] {2.34, 4.37};
    } else if (l == 0.01) {
      return new double[] {4.20, 1.37};
    } else if (l == 0.1) {
      return new double[] {4.89, 0.082};
    } else if (l == 1) {
      return new double[] {4.86, 0.0154};
    } else if (l == 10) {
      return new double[] {3.43, 0.0007};
    }
    return new double[] {Double.NaN, Double.NaN};
  }

  /** Runs {@code c}, prints progress and the table, writes the plots under {@code out}. */
  public static Outcome run(Config c, Path out) throws IOException {
    List<Sweep.Task> tasks =
        Sweep.grid(c.variants(), c.lambdas(), c.seed(), c.runs(), c.widths(), c.depths());
    AliceRun.Options o = c.options();
    System.out.printf(Locale.ROOT,
        "alice: 5-mode GMM (var 0.04), %d runs (%d seeds per cell from %d), %d iterations of"
            + " %d discriminator + %d generator steps, batch %d, Adam lr %s β1 %s; %d runs at a"
            + " time, each single-threaded%s%n",
        tasks.size(), c.runs(), c.seed(), o.iterations(), o.discSteps(), o.genSteps(), o.batch(),
        o.lr(), o.beta1(), c.threads(),
        c.sweepCsv() == null ? "" : "; rows in " + c.sweepCsv());
    System.out.flush();
    Sweep.Outcome so = Sweep.run(tasks, o, c.sweepCsv(), c.threads(), r -> {
      System.out.printf(Locale.ROOT,
          "  %-9s λ=%-6s seed %-4d %dx%-4d score %5.2f  mse %9.5f  mse_z %8.4f  modes %d%s  %6.1fs%s%n",
          r.variant().cliName(), AlicePlot.fmt(r.lambda()), r.seed(), r.depth(), r.width(),
          r.score(), r.mse(), r.mseZ(), r.modes(),
          r.variant().semiSupervised()
              ? String.format(Locale.ROOT, "  anchors %.2f", r.anchorAccuracy()) : "",
          r.seconds(), r.diverged() ? "  DIVERGED (non-finite step; stopped there)" : "");
      System.out.flush();
    });
    if (so.resumed() > 0) {
      System.out.printf(Locale.ROOT, "  (%d runs read back from %s)%n", so.resumed(), c.sweepCsv());
    }
    List<AliceRun.Result> results = so.results();
    Map<String, List<AliceRun.Result>> byCell = new LinkedHashMap<>();
    for (AliceRun.Result r : results) {
      String k = r.variant().cliName() + "|" + r.lambda() + "|" + r.width() + "|" + r.depth();
      byCell.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
    }
    List<Cell> cells = new ArrayList<>();
    List<Path> plots = new ArrayList<>();
    boolean manyShapes = c.widths().length > 1 || c.depths().length > 1;
    for (List<AliceRun.Result> rs : byCell.values()) {
      AliceRun.Result first = rs.get(0);
      double[] score = new double[rs.size()];
      double[] mse = new double[rs.size()];
      double[] modes = new double[rs.size()];
      double[] anchors = new double[rs.size()];
      double[] onMode = new double[rs.size()];
      double[] secs = new double[rs.size()];
      int collapsed = 0;
      int diverged = 0;
      for (int i = 0; i < rs.size(); i++) {
        AliceRun.Result r = rs.get(i);
        score[i] = r.score();
        mse[i] = r.mse();
        modes[i] = r.modes();
        anchors[i] = r.anchorAccuracy();
        onMode[i] = r.onMode();
        secs[i] = r.seconds();
        collapsed += r.collapsed() ? 1 : 0;
        diverged += r.diverged() ? 1 : 0;
      }
      double[] a = authors(first.variant(), first.lambda());
      cells.add(new Cell(first.variant(), first.lambda(), first.width(), first.depth(), rs.size(),
          quartiles(score), quartiles(mse), (double) collapsed / rs.size(), (double) diverged / rs.size(), quartiles(modes)[1],
          quartiles(onMode)[1], quartiles(anchors)[1], quartiles(secs)[1], a[0], a[1]));
      for (AliceRun.Result r : rs) {
        if (r.samples() != null) {
          String name = "alice-" + r.variant().cliName() + "-l" + AlicePlot.fmt(r.lambda())
              + (manyShapes ? "-" + r.depth() + "x" + r.width() : "") + ".png";
          plots.add(AlicePlot.write(r, out.resolve(name)));
          break;
        }
      }
    }
    String header = String.format(Locale.ROOT, "%-9s %6s %7s %4s  %-22s %-30s %9s %5s %7s  %-17s",
        "variant", "λ", "net", "runs", "score med [q25,q75]", "MSE(x) med [q25,q75]", "collapsed",
        "modes", "on-mode", "authors score/MSE");
    System.out.println(header);
    StringBuilder md = new StringBuilder();
    md.append("| variant | λ | net | runs | score median [q25, q75] | MSE(x) median [q25, q75]"
        + " | collapsed | modes (median) | on-mode (median) | authors' median score / MSE |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<Object> rows = JsonObject.list();
    StringBuilder notes = new StringBuilder();
    for (Cell k : cells) {
      String authors = Double.isNaN(k.authorsScore()) ? "—"
          : String.format(Locale.ROOT, "%.2f / %s", k.authorsScore(), sig(k.authorsMse()));
      String net = k.depth() + "x" + k.width();
      System.out.printf(Locale.ROOT, "%-9s %6s %7s %4d  %-22s %-30s %8.0f%% %5.1f %6.0f%%  %-17s%n",
          k.variant().cliName(), AlicePlot.fmt(k.lambda()), net, k.runs(),
          String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", k.score()[1], k.score()[0], k.score()[2]),
          String.format(Locale.ROOT, "%s [%s, %s]", sig(k.mse()[1]), sig(k.mse()[0]), sig(k.mse()[2])),
          100 * k.collapsed(), k.modesMedian(), 100 * k.onModeMedian(), authors);
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f [%.2f, %.2f] | %s [%s, %s] | %.0f%% | %.1f | %.0f%% | %s |\n",
          k.variant().cliName(), AlicePlot.fmt(k.lambda()), net, k.runs(), k.score()[1],
          k.score()[0], k.score()[2], sig(k.mse()[1]), sig(k.mse()[0]), sig(k.mse()[2]),
          100 * k.collapsed(), k.modesMedian(), 100 * k.onModeMedian(), authors));
      JsonObject row = new JsonObject()
          .put("variant", k.variant().cliName())
          .put("lambda", k.lambda())
          .put("score_median", k.scoreMedian())
          .put("mse_median", k.mseMedian())
          .put("collapsed", k.collapsed())
          .put("runs", k.runs())
          .put("width", k.width())
          .put("depth", k.depth())
          .put("score_q25", k.score()[0])
          .put("score_q75", k.score()[2])
          .put("mse_q25", k.mse()[0])
          .put("mse_q75", k.mse()[2])
          .put("diverged", k.diverged())
          .put("modes_median", k.modesMedian())
          .put("on_mode_median", k.onModeMedian())
          .put("seconds_median", k.secondsMedian())
          .put("authors_score_median", Double.isNaN(k.authorsScore()) ? null : k.authorsScore())
          .put("authors_mse_median", Double.isNaN(k.authorsMse()) ? null : k.authorsMse());
      if (k.diverged() > 0) {
        System.out.printf(Locale.ROOT, "%-9s %6s   diverged (stopped at a non-finite step): %.0f%%%n",
            "", "", 100 * k.diverged());
        notes.append(String.format(Locale.ROOT, "\n%s λ = %s: %.0f%% of runs diverged.\n",
            k.variant().cliName(), AlicePlot.fmt(k.lambda()), 100 * k.diverged()));
      }
      if (k.variant().semiSupervised()) {
        row.put("anchor_accuracy_median", k.anchorMedian());
        System.out.printf(Locale.ROOT, "%-9s %6s   anchor agreement (median) %.2f%n", "", "",
            k.anchorMedian());
      }
      rows.add(row);
    }
    md.append(notes);
    for (Path p : plots) {
      System.out.println("plot: " + p);
    }
    JsonObject json = new JsonObject()
        .put("experiment", "alice")
        .put("results", rows)
        .put("iterations", o.iterations())
        .put("seed", c.seed());
    return new Outcome(results, cells, plots, md.toString(), json);
  }

  /** {q25, median, q75} by linear interpolation (numpy's default) over the finite values. */
  static double[] quartiles(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    return new double[] {quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75)};
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static String sig(double v) {
    if (!Double.isFinite(v)) {
      return "nan";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 0.1 ? "%.3f" : "%.2g", v);
  }
}
