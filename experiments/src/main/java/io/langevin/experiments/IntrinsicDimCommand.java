package io.langevin.experiments;

import io.langevin.experiments.intrinsic.IntrinsicDim;
import io.langevin.experiments.intrinsic.Sweep;
import io.langevin.experiments.intrinsic.ToyObjective;
import io.langevin.experiments.plot.Figure;
import io.langevin.experiments.plot.Palette;
import io.langevin.experiments.plot.Panel;
import io.langevin.projection.Projections;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoublePredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code langevin intrinsic-dim}: the intrinsic dimension of the seed talk's toy objective, of the
 * 784-200-200-10 MLP ({@code fc}) and of the authors' LeNet ({@code lenet}) on a data set
 * ({@link IntrinsicDim}). Prints each d as it is measured, the direct-training baseline and
 * d_int90 against it (0.9 × baseline, "local") and against a fixed baseline of 1.0 (an accuracy
 * of 0.90, "global", as the paper's MNIST figures); writes {@code out/intrinsic-dim-TASK.png}.
 * With {@code --json} the last line is one JSON object.
 */
@Command(
    name = "intrinsic-dim",
    description = "Train in random subspaces θ = θ0 + Pθd of growing d and find d_int90.")
final class IntrinsicDimCommand implements Callable<Integer> {

  @Option(names = "--task", defaultValue = "toy", description = "toy, fc or lenet (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--data", paramLabel = "digits|fashion|DIR",
      description = "Data set of fc/lenet: the embedded digits (default), Fashion-MNIST, or a folder of IDX files.")
  String data;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of MNIST-format IDX files.")
  Path dataDir;

  @Option(names = "--projection", paramLabel = "dense|sparse|fastfood",
      description = "Projection P (default: dense for toy, sparse for fc and lenet).")
  String projection;

  @Option(names = "--dims", split = ",", paramLabel = "D",
      description = "Subspace dimensions to try (default: toy 1..2·groups; fc/lenet a geometric"
          + " search from --d-min, doubling until d_int90 is passed, then --refine bisections).")
  int[] dims;

  @Option(names = "--d-min", defaultValue = "100", description = "First d of the search (default: ${DEFAULT-VALUE}).")
  int dMin;

  @Option(names = "--refine", defaultValue = "3", description = "Bisection steps of the search (default: ${DEFAULT-VALUE}).")
  int refine;

  @Option(names = "--runs", defaultValue = "-1",
      description = "Runs per d with seeds S, S+1, … (default: 3 for toy, 1 for fc and lenet).")
  int runs;

  @Option(names = "--epochs", defaultValue = "20", description = "Epochs per run of fc/lenet (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--lr",
      description = "Adam learning rate on θd (default: 0.03 for fc and lenet; 0.2, decayed, for toy).")
  Double lr;

  @Option(names = "--direct-lr", defaultValue = "0.001",
      description = "Adam learning rate of direct training (default: ${DEFAULT-VALUE}, the authors').")
  double directLr;

  @Option(names = "--l2", defaultValue = "1e-4",
      description = "L2 coefficient on θ (loss + l2·|θ|², the authors' 1e-4; default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--batch", defaultValue = "128", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--groups", defaultValue = "10", description = "Toy: number of groups (default: ${DEFAULT-VALUE}).")
  int groups;

  @Option(names = "--group-size", defaultValue = "100", description = "Toy: parameters per group (default: ${DEFAULT-VALUE}).")
  int groupSize;

  @Option(names = "--steps", defaultValue = "5000", description = "Toy: Adam steps per run (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--tolerance", defaultValue = "1e-3",
      description = "Toy: J at or below this counts as reaching the minimum 0 (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "out", description = "Folder for the PNG (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  /** What a run of the command produced. */
  record Outcome(String task, String projection, int bigD, double baseline, int dInt90,
      int dInt90Global, List<Sweep.Point> curve, String markdown, JsonObject json, Path plot) {}

  @Override
  public Integer call() throws IOException {
    Outcome o = switch (task) {
      case "toy" -> toy(this, System.out);
      case "fc", "lenet" -> network(this, DataChoice.resolve(data, dataDir), System.out);
      default -> throw new IllegalArgumentException(
          "unknown task '" + task + "'; use toy, fc or lenet");
    };
    if (json) {
      System.out.println(o.json());
    }
    return 0;
  }

  private static String kind(String projection, String fallback) {
    String k = projection == null ? fallback : projection.trim().toLowerCase(Locale.ROOT);
    if (!Projections.KINDS.contains(k)) {
      throw new IllegalArgumentException(
          "unknown projection '" + projection + "'; use " + String.join(", ", Projections.KINDS));
    }
    return k;
  }

  /**
   * The toy objective: per d the exact minimum of J over the subspace (least squares) and the best
   * J Adam reaches by training θd; d_int = smallest d whose mean exact minimum is ≤ tolerance.
   */
  static Outcome toy(IntrinsicDimCommand o, PrintStream log) throws IOException {
    ToyObjective obj = new ToyObjective(o.groups, o.groupSize);
    String proj = kind(o.projection, "dense");
    double lr = o.lr != null ? o.lr : 0.2;
    int runs = o.runs > 0 ? o.runs : 3;
    if (o.steps < 1 || !(o.tolerance > 0)) {
      throw new IllegalArgumentException(
          "--steps must be >= 1 and --tolerance > 0, got " + o.steps + " and " + o.tolerance);
    }
    IntrinsicDim.ToyConfig c = new IntrinsicDim.ToyConfig(obj, proj, o.steps, lr);
    log.printf(Locale.ROOT,
        "intrinsic-dim toy: J(θ) = Σ_r (1 − Σ_{i in group r} θ_i)², %d groups of %d (D = %d);"
            + " %s projection, %d runs per d; per d the exact minimum of J over θ0 + Pθd (least"
            + " squares) and the best J of Adam on θd (lr %s decayed, %d steps); J ≤ %s counts"
            + " as 0%n",
        obj.groups(), obj.groupSize(), obj.dim(), proj, runs, lr, o.steps, o.tolerance);
    Sweep exact = new Sweep((d, s) -> IntrinsicDim.toyExactMinimum(c, d, s), runs, o.seed, null);
    Sweep trained = new Sweep((d, s) -> IntrinsicDim.toy(c, d, s), runs, o.seed, null);
    int[] dims = o.dims != null ? o.dims : range(1, 2 * obj.groups());
    log.printf(Locale.ROOT, "  %6s   %-22s   %-22s%n", "d", "min J over subspace", "Adam's best J");
    for (int d : dims) {
      Sweep.Point e = exact.at(d);
      Sweep.Point t = trained.at(d);
      log.printf(Locale.ROOT, "  %6d   %.3e ± %.1e    %.3e ± %.1e%n", d, e.mean(), e.std(),
          t.mean(), t.std());
    }
    Sweep.Point direct = new Sweep((d, s) -> IntrinsicDim.toy(c, 0, s), runs, o.seed, null).at(1);
    List<Sweep.Point> curve = exact.points();
    List<Sweep.Point> adam = trained.points();
    DoublePredicate zero = j -> j <= o.tolerance;
    int dInt = Sweep.first(curve, zero);
    int dAdam = Sweep.first(adam, zero);
    log.printf(Locale.ROOT, "direct training (Adam on all %d coordinates): best J %.3e%n",
        obj.dim(), direct.mean());
    log.printf(Locale.ROOT, "smallest d whose subspace reaches J ≤ %s: %s (the objective's"
        + " intrinsic dimension is %d); Adam reaches it from d = %s%n", o.tolerance,
        dInt < 0 ? "none tried" : dInt, obj.groups(), dAdam < 0 ? "none tried" : dAdam);
    Path plot = plot(curve, adam, "toy", proj, obj.dim(), Double.NaN, o.tolerance, o.out);
    log.println("plot: " + plot);
    StringBuilder md = new StringBuilder();
    md.append("| d | min J over the subspace | Adam's best J |\n|---|---|---|\n");
    for (int i = 0; i < curve.size(); i++) {
      Sweep.Point e = curve.get(i);
      Sweep.Point t = adam.get(i);
      md.append(String.format(Locale.ROOT, "| %d | %.3e ± %.1e | %.3e ± %.1e |%n", e.d(),
          e.mean(), e.std(), t.mean(), t.std()));
    }
    List<Object> adamJson = JsonObject.list();
    for (Sweep.Point t : adam) {
      adamJson.add(new JsonObject().put("d", t.d()).put("mean", t.mean()).put("std", t.std()));
    }
    JsonObject j = json("toy", proj, obj.dim(), direct.mean(), dInt, -1, curve)
        .put("groups", obj.groups()).put("group_size", obj.groupSize())
        .put("tolerance", o.tolerance).put("d_adam", dAdam < 0 ? null : dAdam)
        .put("adam", adamJson);
    return new Outcome("toy", proj, obj.dim(), direct.mean(), dInt, -1, curve, md.toString(), j,
        plot);
  }

  /** fc or lenet: direct baseline, then the sweep; d_int90 local and global. */
  static Outcome network(IntrinsicDimCommand o, DataChoice data, PrintStream log)
      throws IOException {
    String proj = kind(o.projection, "sparse");
    int runs = o.runs > 0 ? o.runs : 1;
    int bigD = IntrinsicDim.model(o.task, o.seed).parameterCount();
    double lr = o.lr != null ? o.lr : 0.03;
    IntrinsicDim.NetConfig sub = new IntrinsicDim.NetConfig(o.task, proj, data.split(), o.epochs,
        o.batch, lr, o.l2, null);
    IntrinsicDim.NetConfig dir = new IntrinsicDim.NetConfig(o.task, proj, data.split(), o.epochs,
        o.batch, o.directLr, o.l2, null);
    log.printf(Locale.ROOT,
        "intrinsic-dim %s on %s (%d train / %d test): D = %d, %s projection, Adam (β2 0.99) lr %s"
            + " on θd (direct: %s), l2 %s, batch %d, %d epochs, %d run(s) per d, seed %d%n",
        o.task, data.name(), data.split().train().count(), data.split().test().count(), bigD, proj,
        lr, o.directLr, o.l2, o.batch, o.epochs, runs, o.seed);
    long t0 = System.nanoTime();
    Sweep directSweep = new Sweep((d, s) -> IntrinsicDim.direct(dir, s), runs, o.seed, null);
    Sweep.Point direct = directSweep.at(1);
    double baseline = direct.mean();
    log.printf(Locale.ROOT, "direct training: test accuracy %.4f ± %.4f (%.0f s)%n", baseline,
        direct.std(), (System.nanoTime() - t0) * 1e-9);
    double local = 0.9 * baseline;
    double global = 0.9;
    Sweep sweep = new Sweep((d, s) -> {
      long t = System.nanoTime();
      double a = IntrinsicDim.subspace(sub, d, s);
      log.printf(Locale.ROOT, "  d = %6d  seed %d: test accuracy %.4f (%.0f s)%n", d, s, a,
          (System.nanoTime() - t) * 1e-9);
      return a;
    }, runs, o.seed, null);
    if (o.dims != null) {
      sweep.grid(o.dims);
    } else {
      // search for the higher threshold first, then refine the lower one inside the same grid
      double hi = Math.max(local, global);
      double lo = Math.min(local, global);
      sweep.search(o.dMin, bigD, a -> a >= hi, o.refine);
      sweep.search(o.dMin, bigD, a -> a >= lo, o.refine);
    }
    List<Sweep.Point> curve = sweep.points();
    log.println("test accuracy by d (mean ± std over runs):");
    for (Sweep.Point p : curve) {
      log.printf(Locale.ROOT, "  d = %6d   %.4f ± %.4f (%d run(s))%n", p.d(), p.mean(), p.std(),
          p.runs());
    }
    int dLocal = Sweep.first(curve, a -> a >= local);
    int dGlobal = Sweep.first(curve, a -> a >= global);
    log.printf(Locale.ROOT, "d_int90 against 0.9 × baseline (%.4f): %s; against 0.90: %s%n",
        local, dLocal < 0 ? "not reached" : dLocal, dGlobal < 0 ? "not reached" : dGlobal);
    log.printf(Locale.ROOT, "paper (Li et al. 2018, full MNIST: 60,000 training images, 100"
        + " epochs): %s d_int90 = %d against 0.90, %d against 0.9 × direct; this run: %s%n",
        o.task.equals("fc") ? "784-200-200-10" : "LeNet", o.task.equals("fc") ? 750 : 290,
        o.task.equals("fc") ? 625 : 275, data.name().equals("digits")
            ? "the embedded 10,000-digit subset (8,000 training images)" : data.name());
    Path plot = plot(curve, null,
        o.task + (data.name().equals("digits") ? "" : "-" + safe(data.name())), proj, bigD,
        baseline, Double.NaN, o.out);
    log.println("plot: " + plot);
    StringBuilder md = new StringBuilder();
    md.append("| d | test accuracy (mean ± std) | runs |\n|---|---|---|\n");
    md.append(String.format(Locale.ROOT, "| direct (D = %d) | %.4f ± %.4f | %d |%n", bigD, baseline,
        direct.std(), direct.runs()));
    for (Sweep.Point p : curve) {
      md.append(String.format(Locale.ROOT, "| %d | %.4f ± %.4f | %d |%n", p.d(), p.mean(),
          p.std(), p.runs()));
    }
    JsonObject j = json(o.task, proj, bigD, baseline, dLocal, dGlobal, curve)
        .put("data", data.name()).put("epochs", o.epochs);
    return new Outcome(o.task, proj, bigD, baseline, dLocal, dGlobal, curve, md.toString(), j,
        plot);
  }

  private static JsonObject json(String task, String proj, int bigD, double baseline, int dInt90,
      int dGlobal, List<Sweep.Point> curve) {
    List<Object> c = JsonObject.list();
    for (Sweep.Point p : curve) {
      c.add(new JsonObject().put("d", p.d()).put("mean", p.mean()).put("std", p.std())
          .put("runs", p.runs()));
    }
    JsonObject j = new JsonObject()
        .put("experiment", "intrinsic-dim")
        .put("task", task)
        .put("projection", proj)
        .put("D", bigD)
        .put("baseline", baseline)
        .put("d_int90", dInt90 < 0 ? null : dInt90)
        .put("curve", c);
    if (!task.equals("toy")) {
      j.put("d_int90_global", dGlobal < 0 ? null : dGlobal);
    }
    return j;
  }

  /** The curve (and, for the toy, Adam's trained J beside the exact minimum) with its lines. */
  private static Path plot(List<Sweep.Point> curve, List<Sweep.Point> trained, String name,
      String proj, int bigD, double baseline, double tolerance, Path dir) throws IOException {
    boolean toy = Double.isNaN(baseline);
    double[] x = new double[curve.size()];
    double[] y = new double[curve.size()];
    int n = 0;
    for (Sweep.Point p : curve) {
      n += p.runs();
    }
    double[] rx = new double[n];
    double[] ry = new double[n];
    int k = 0;
    for (int i = 0; i < curve.size(); i++) {
      Sweep.Point p = curve.get(i);
      x[i] = p.d();
      y[i] = toy ? Math.max(1e-16, p.mean()) : p.mean();
      for (double v : p.values()) {
        rx[k] = p.d();
        ry[k++] = toy ? Math.max(1e-16, v) : v;
      }
    }
    Figure f = new Figure(900, 560).title(String.format(Locale.ROOT,
        "intrinsic dimension: %s, D = %d, %s projection", name, bigD, proj));
    Panel p = f.panel(0, 0).xLabel("subspace dimension d").legend(Panel.Corner.LOWER_RIGHT);
    Color c = Palette.color(0);
    if (toy) {
      p.yLabel("J").logY().legend(Panel.Corner.UPPER_RIGHT);
      p.line(x, y, c, "min J over the subspace (mean)");
      p.scatter(rx, ry, Palette.withAlpha(c, 0.6), 4, "runs");
      double[] ty = new double[trained.size()];
      for (int i = 0; i < ty.length; i++) {
        ty[i] = Math.max(1e-16, trained.get(i).mean());
      }
      p.line(x, ty, Palette.color(1), "Adam's best J (mean)");
      p.hline(tolerance, Palette.color(3), "tolerance", true);
    } else {
      p.yLabel("test accuracy").logX();
      p.line(x, y, c, "mean over runs");
      p.scatter(rx, ry, Palette.withAlpha(c, 0.6), 4, "runs");
      p.hline(baseline, Palette.color(2), "direct training", false);
      p.hline(0.9 * baseline, Palette.color(3), "0.9 × direct", true);
      p.hline(0.9, Palette.color(7), "0.90", true);
    }
    return f.writePng(dir.resolve("intrinsic-dim-" + name + ".png"));
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from + 1];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }
}
