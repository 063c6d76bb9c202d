package io.langevin.experiments;

import io.langevin.experiments.bnn.Bnn;
import io.langevin.experiments.bnn.BnnMethod;
import io.langevin.experiments.bnn.BnnPlots;
import io.langevin.nn.data.Dataset;
import io.langevin.nn.data.Datasets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code langevin bnn}: optimisers against SG-MCMC samplers (and dropout) on one network, data set
 * and minibatch order ({@link Bnn}). Prints each method's epochs as they finish, then a summary
 * table (test and training error, their gap, NLL, ECE, uncertainty AUROCs), the seed talk's two
 * claims checked on this run, and writes {@code out/bnn-error.png} (error vs epoch) and {@code
 * out/bnn-certainty-METHOD.png} (most and least certain test images of the first sampler). With
 * {@code --json} the last line is one JSON object.
 */
@Command(
    name = "bnn",
    description =
        "Bayesian neural networks: optimisers vs SG-MCMC (model averaging) vs dropout on the same"
            + " network and data order; over-fitting curves and predictive uncertainty.")
final class BnnCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "digits|fashion|DIR",
      description = "Data set: the embedded digits (default), Fashion-MNIST, or a folder of IDX files.")
  String data;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder of MNIST-format IDX files (alone, or with --data fashion).")
  Path dataDir;

  @Option(names = "--model", defaultValue = "mlp:400-400",
      description = "mlp:H1-H2-… (ReLU) or lenet (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--methods", split = ",", defaultValue = "all",
      description = "Methods (default: all): sgd,rmsprop,adam,sgld,psgld,sghmc,sgnht,santa,"
          + "dropout,gaussian-dropout,dropconnect,psgld+dropout.")
  List<String> methods;

  @Option(names = "--epochs", defaultValue = "20",
      description = "Epochs per method (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "100",
      description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--burnin", defaultValue = "-1", paramLabel = "STEPS",
      description = "Sampler steps before the first sample (default: one epoch).")
  long burnIn;

  @Option(names = "--thin", defaultValue = "-1", paramLabel = "STEPS",
      description = "Steps between samples (default: a quarter of an epoch).")
  int thin;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dropout", defaultValue = "0.5",
      description = "Rate of dropout, Gaussian dropout and DropConnect (default: ${DEFAULT-VALUE}).")
  float dropout;

  @Option(names = "--lr", split = ",", paramLabel = "METHOD=LR",
      description = "Learning rate on the mean loss for a method, e.g. --lr psgld=1e-3,sgd=0.05.")
  Map<String, Double> lr = new LinkedHashMap<>();

  @Option(names = "--temperature", paramLabel = "T",
      description = "Samplers' temperature (1 = the posterior; default: 1/N, the authors' code).")
  Double temperature;

  @Option(names = "--ood", defaultValue = "auto", paramLabel = "auto|none|fashion|DIR",
      description = "Out-of-distribution images for the entropy AUROC (default auto: Fashion-MNIST"
          + " when installed and the data are digits).")
  String ood;

  @Option(names = "--train-probe", defaultValue = "2000", paramLabel = "N",
      description = "Training examples on which the final training error is measured (default: ${DEFAULT-VALUE}).")
  int trainProbe;

  @Option(names = "--out", defaultValue = "out",
      description = "Folder for the PNGs and checkpoints (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--resume",
      description = "Continue every method from its checkpoint in OUT/bnn-checkpoints.")
  boolean resume;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  /** What one run produced. */
  record Outcome(List<Bnn.MethodResult> results, String markdown, JsonObject json, List<Path> plots,
      Claims claims) {}

  /**
   * The seed talk's claims on this run: pSGLD's averaged test error below RMSprop's and SGLD's;
   * the optimisers' mean train–test gap above the samplers'. A claim whose methods did not run is
   * null.
   */
  record Claims(Boolean psgldBest, Boolean gapLarger, String text) {}

  @Override
  public Integer call() throws IOException {
    DataChoice d = DataChoice.resolve(data, dataDir);
    Bnn.Config c = new Bnn.Config(d.split(), d.name(), model, BnnMethod.parse(methods), epochs,
        batch, burnIn, thin, seed, dropout, lr, temperature == null ? Double.NaN : temperature,
        oodSet(d), trainProbe, out.resolve("bnn-checkpoints"), resume);
    Outcome o = run(c, out, System.out);
    if (json) {
      System.out.println(o.json());
    }
    return 0;
  }

  private Dataset oodSet(DataChoice d) throws IOException {
    String o = ood.trim();
    int n = d.split().test().count();
    switch (o.toLowerCase(Locale.ROOT)) {
      case "none":
        return null;
      case "auto":
        if (!d.name().equals("digits")) {
          return null;
        }
        if (!Files.isDirectory(Path.of(Datasets.FASHION_DIR))) {
          System.out.println("ood: Fashion-MNIST is not installed (sudo apt install"
              + " dataset-fashion-mnist), so no out-of-distribution AUROC");
          return null;
        }
        return Datasets.fashion().test().head(n);
      case "fashion":
        return Datasets.fashion().test().head(n);
      case "digits":
        return Datasets.digits().test().head(n);
      default:
        return Datasets.fromDirectory(Path.of(o)).test().head(n);
    }
  }

  /** Runs {@code c}, prints the summary, writes the PNGs under {@code dir}. */
  static Outcome run(Bnn.Config c, Path dir, PrintStream log) throws IOException {
    int n = c.data().train().count();
    log.printf(Locale.ROOT,
        "bnn: %s on %s (%d train / %d test), %d epochs, batch %d, seed %d; samplers at T = %s;"
            + " same initialisation and minibatch order for every method%n",
        c.model(), c.dataName(), n, c.data().test().count(), c.epochs(), c.batch(), c.seed(),
        Double.isNaN(c.temperature()) ? "1/N (the authors' code)" : Double.toString(c.temperature()));
    int stepsPerEpoch = n / c.batch();
    Bnn.Config run = c.thin() > 0 ? c : withThin(c, Math.max(1, stepsPerEpoch / 4));
    List<Bnn.MethodResult> results = Bnn.run(run, log);

    boolean ood = c.ood() != null;
    String header = String.format(Locale.ROOT,
        "%-16s %8s %8s %7s %7s %7s %9s %9s %9s %7s %7s",
        "method", "test_err", "train_err", "gap", "nll", "ece", "auroc_H", "auroc_std",
        ood ? "auroc_ood" : "-", "samples", "time");
    log.println();
    log.println("final predictive distribution (samplers: model average; train error on the first "
        + c.trainProbe() + " training examples):");
    log.println(header);
    StringBuilder md = new StringBuilder();
    md.append("| method | update | test error | train error | gap | NLL | ECE | AUROC entropy"
        + " (misclassified) | AUROC std (misclassified) |")
        .append(ood ? " AUROC entropy (OOD) |" : "")
        .append(" samples |\n|---|---|---|---|---|---|---|---|---|")
        .append(ood ? "---|" : "").append("---|\n");
    List<Object> rows = JsonObject.list();
    for (Bnn.MethodResult r : results) {
      log.printf(Locale.ROOT, "%-16s %7.2f%% %7.2f%% %6.2f%% %7.4f %7.4f %9s %9s %9s %7d %6.0fs%n",
          r.method().name(), 100 * r.testError(), 100 * r.trainError(), 100 * r.gap(), r.nll(),
          r.ece(), f3(r.aurocEntropy()), f3(r.aurocStd()), ood ? f3(r.aurocOod()) : "-",
          r.samples(), r.seconds());
      md.append(String.format(Locale.ROOT, "| %s | %s | %.2f%% | %.2f%% | %.2f%% | %.4f | %.4f | %s | %s |",
          r.method().name(), r.sampler(), 100 * r.testError(), 100 * r.trainError(),
          100 * r.gap(), r.nll(), r.ece(), f3(r.aurocEntropy()), f3(r.aurocStd())));
      if (ood) {
        md.append(' ').append(f3(r.aurocOod())).append(" |");
      }
      md.append(' ').append(r.samples()).append(" |\n");
      List<Object> curve = JsonObject.list();
      for (Bnn.EpochRow e : r.epochs()) {
        curve.add(new JsonObject()
            .put("epoch", e.epoch())
            .put("train_loss", e.trainLoss())
            .put("train_error", e.trainError())
            .put("test_error", e.testError())
            .put("average_error", e.averageError())
            .put("nll", e.nll())
            .put("ece", e.ece())
            .put("samples", e.samples()));
      }
      rows.add(new JsonObject()
          .put("method", r.method().name())
          .put("test_error", r.testError())
          .put("train_error", r.trainError())
          .put("nll", r.nll())
          .put("ece", r.ece())
          .put("epochs", r.epochs().size())
          .put("update", r.sampler())
          .put("auroc_entropy_misclassified", r.aurocEntropy())
          .put("auroc_std_misclassified", r.aurocStd())
          .put("auroc_entropy_ood", r.aurocOod())
          .put("entropy_correct", r.entropyCorrect())
          .put("entropy_misclassified", r.entropyWrong())
          .put("samples", r.samples())
          .put("seconds", r.seconds())
          .put("curve", curve));
    }
    Claims claims = claims(results, c.data().test().count());
    log.println(claims.text());
    md.append('\n').append(claims.text()).append('\n');

    List<Path> plots = new ArrayList<>();
    plots.add(BnnPlots.errorCurves(results,
        String.format(Locale.ROOT, "%s on %s: error vs epoch", c.model(), c.dataName()),
        c.data().train().count(), c.data().test().count(), dir.resolve("bnn-error.png")));
    Bnn.MethodResult gallery = results.stream().filter(r -> r.method().name().equals("psgld"))
        .findFirst().orElse(results.stream().filter(r -> r.testStd() != null).findFirst()
            .orElse(results.get(0)));
    plots.add(BnnPlots.certaintyGallery(gallery, c.data().test(), 12,
        dir.resolve("bnn-certainty-" + gallery.method().name().replace('+', '_') + ".png")));
    for (Path p : plots) {
      log.println("plot: " + p);
    }
    JsonObject j = new JsonObject()
        .put("experiment", "bnn")
        .put("data", c.dataName())
        .put("model", c.model())
        .put("results", rows)
        .put("epochs", c.epochs())
        .put("seed", c.seed())
        .put("claim_psgld_below_rmsprop_and_sgld", claims.psgldBest())
        .put("claim_optimiser_gap_larger", claims.gapLarger());
    return new Outcome(results, md.toString(), j, plots, claims);
  }

  static Claims claims(List<Bnn.MethodResult> results, int testCount) {
    Map<String, Bnn.MethodResult> by = new LinkedHashMap<>();
    for (Bnn.MethodResult r : results) {
      by.put(r.method().name(), r);
    }
    StringBuilder t = new StringBuilder("claims of the seed talk on this run:\n");
    Boolean best = null;
    if (by.containsKey("psgld") && by.containsKey("rmsprop") && by.containsKey("sgld")) {
      double p = by.get("psgld").testError();
      double r = by.get("rmsprop").testError();
      double s = by.get("sgld").testError();
      best = p < r && p < s;
      double se = Math.sqrt(p * (1 - p) / testCount);
      t.append(String.format(Locale.ROOT,
          "- pSGLD's model-averaged test error %.2f%% vs RMSprop %.2f%% and SGLD %.2f%%: %s"
              + " (binomial standard error of one error rate on %d test images: %.2f%%;"
              + " smaller differences are within noise)%n",
          100 * p, 100 * r, 100 * s, best ? "holds" : "does NOT hold", testCount, 100 * se));
    } else {
      t.append("- pSGLD vs RMSprop and SGLD: not run (needs psgld, rmsprop, sgld)\n");
    }
    double optGap = 0;
    double smpGap = 0;
    int nOpt = 0;
    int nSmp = 0;
    for (Bnn.MethodResult r : results) {
      if (r.method().noise() != BnnMethod.Noise.NONE) {
        continue; // dropout variants are neither plain optimisers nor samplers
      }
      if (r.method().sampler()) {
        smpGap += r.gap();
        nSmp++;
      } else {
        optGap += r.gap();
        nOpt++;
      }
    }
    Boolean gap = null;
    if (nOpt > 0 && nSmp > 0) {
      optGap /= nOpt;
      smpGap /= nSmp;
      gap = optGap > smpGap;
      t.append(String.format(Locale.ROOT,
          "- mean train-test gap (test error minus training error): optimisers %.2f%% (%d),"
              + " samplers %.2f%% (%d): optimisation over-fits more: %s%n",
          100 * optGap, nOpt, 100 * smpGap, nSmp, gap ? "holds" : "does NOT hold"));
    } else {
      t.append("- train-test gap: needs at least one optimiser and one sampler without dropout\n");
    }
    return new Claims(best, gap, t.toString().strip());
  }

  private static Bnn.Config withThin(Bnn.Config c, int thin) {
    return new Bnn.Config(c.data(), c.dataName(), c.model(), c.methods(), c.epochs(), c.batch(),
        c.burnIn(), thin, c.seed(), c.dropoutRate(), c.lr(), c.temperature(), c.ood(),
        c.trainProbe(), c.checkpoints(), c.resume());
  }

  private static String f3(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
