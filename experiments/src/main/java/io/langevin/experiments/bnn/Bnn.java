package io.langevin.experiments.bnn;

import io.langevin.experiments.train.EpochReport;
import io.langevin.experiments.train.Trainer;
import io.langevin.nn.Metrics;
import io.langevin.nn.Model;
import io.langevin.nn.data.Dataset;
import io.langevin.nn.data.Split;
import io.langevin.samplers.Sampler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Bayesian neural network experiment of {@code langevin bnn}: every {@link BnnMethod} trains
 * the same network from the same initialisation on the same minibatch order for the same number
 * of epochs; optimisers predict with their last θ, SG-MCMC samplers with the Bayesian model
 * average of their samples after burn-in ({@link Trainer}).
 *
 * <p>Per method and epoch: the mean training loss, the error of the current θ on the whole
 * training set and on the test set, the error of the model average (samplers), and the NLL and ECE
 * of the method's predictive distribution (the average when there is one). At the end, on the
 * method's final predictive distribution: test error, NLL and ECE; the training error on the first
 * {@link Config#trainProbe} training examples (averaged like the test set for samplers, so the
 * train–test gap compares like with like); and the uncertainty scores: per test example the
 * predictive entropy (and, for samplers, the standard deviation over samples of the probability of
 * the predicted class), the AUROC of each for telling misclassified test examples from correct
 * ones, and, when an out-of-distribution set is given, the AUROC of the entropy for telling its
 * images from the test digits.
 *
 * <p>Nothing is lost on a crash: with a checkpoint folder, each method writes an atomic checkpoint
 * after every epoch and appends the epoch's row to {@code <method>.epochs.tsv} just before; {@link
 * Config#resume} continues each method after its last completed epoch (and keeps finished methods
 * as they are). Test: {@code BnnTest}.
 */
public final class Bnn {
  private Bnn() {}

  /**
   * One run of the experiment.
   *
   * @param data training and test sets
   * @param dataName the data set's name for reports ("digits", "fashion", a folder)
   * @param model {@code mlp:H1-H2-…} or {@code lenet} ({@link BnnModels})
   * @param methods the methods, in report order
   * @param epochs epochs per method
   * @param batch minibatch size
   * @param burnIn sampler steps before the first sample (−1: one epoch)
   * @param thin steps between samples (−1: a tenth of an epoch)
   * @param seed seed of the initialisation, the minibatch order and all noise
   * @param dropoutRate rate of the dropout, Gaussian dropout and DropConnect layers
   * @param lr learning rates on the mean loss by method name (absent: the method's default)
   * @param temperature the samplers' temperature T (NaN: the authors' 1/N)
   * @param ood an out-of-distribution image set for the entropy AUROC, or null
   * @param trainProbe training examples on which the final training error is measured
   * @param checkpoints folder of the per-method checkpoints and epoch logs, or null for none
   * @param resume continue from the checkpoints in {@code checkpoints}
   */
  public record Config(
      Split data,
      String dataName,
      String model,
      List<BnnMethod> methods,
      int epochs,
      int batch,
      long burnIn,
      int thin,
      long seed,
      float dropoutRate,
      Map<String, Double> lr,
      double temperature,
      Dataset ood,
      int trainProbe,
      Path checkpoints,
      boolean resume) {
    public Config {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(methods, "methods");
      lr = Map.copyOf(lr);
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
      }
      if (!(dropoutRate > 0f && dropoutRate < 1f)) {
        throw new IllegalArgumentException("dropout rate must be in (0, 1), got " + dropoutRate);
      }
      if (trainProbe < 1) {
        throw new IllegalArgumentException("train probe must be >= 1 example, got " + trainProbe);
      }
      if (!(Double.isNaN(temperature) || temperature > 0)) {
        throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
      }
      for (String k : lr.keySet()) {
        if (BnnMethod.ALL.stream().noneMatch(m -> m.name().equals(k))) {
          throw new IllegalArgumentException(
              "--lr names unknown method '" + k + "'; known: "
                  + String.join(",", BnnMethod.ALL.stream().map(BnnMethod::name).toList()));
        }
        double v = lr.get(k);
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("--lr " + k + "=" + v + " must be finite and > 0");
        }
      }
      if (resume && checkpoints == null) {
        throw new IllegalArgumentException("resume needs a checkpoint folder");
      }
    }
  }

  /**
   * One epoch of one method.
   *
   * @param trainError error of the current θ on the whole training set
   * @param testError error of the current θ on the test set
   * @param averageError error of the model average on the test set (NaN: none yet, or optimiser)
   * @param nll test NLL of the method's predictive distribution (the average when there is one)
   * @param ece test ECE (15 bins) of the same
   */
  public record EpochRow(
      int epoch,
      double trainLoss,
      double trainError,
      double testError,
      double averageError,
      double nll,
      double ece,
      long samples,
      double seconds) {

    /** The test error of the method's predictive distribution at this epoch. */
    public double predictiveError() {
      return Double.isNaN(averageError) ? testError : averageError;
    }

    static EpochRow of(EpochReport r) {
      EpochReport.Scores p = r.average() != null ? r.average() : r.test();
      return new EpochRow(
          r.epoch(),
          r.trainLoss(),
          r.train() == null ? Double.NaN : 1 - r.train().accuracy(),
          1 - r.test().accuracy(),
          r.average() == null ? Double.NaN : 1 - r.average().accuracy(),
          p.nll(),
          p.ece(),
          r.samples(),
          r.seconds());
    }

    String tsv() {
      return String.format(
          Locale.ROOT,
          "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s",
          epoch, trainLoss, trainError, testError, averageError, nll, ece, samples, seconds);
    }

    static EpochRow parse(String line, Path file) throws IOException {
      String[] f = line.split("\t");
      try {
        if (f.length != 9) {
          throw new NumberFormatException(f.length + " fields, expected 9");
        }
        return new EpochRow(
            Integer.parseInt(f[0]),
            Double.parseDouble(f[1]),
            Double.parseDouble(f[2]),
            Double.parseDouble(f[3]),
            Double.parseDouble(f[4]),
            Double.parseDouble(f[5]),
            Double.parseDouble(f[6]),
            Long.parseLong(f[7]),
            Double.parseDouble(f[8]));
      } catch (NumberFormatException e) {
        throw new IOException(file + ": bad epoch row '" + line + "': " + e.getMessage(), e);
      }
    }
  }

  /**
   * The outcome of one method.
   *
   * @param testError test error of the final predictive distribution
   * @param trainError training error of the same on the training probe
   * @param aurocEntropy AUROC of the predictive entropy for misclassified test examples
   * @param aurocStd AUROC of the predictive std of the predicted class for the same (NaN:
   *     optimiser, no spread)
   * @param aurocOod AUROC of the entropy for the OOD images against the test set (NaN: none)
   * @param entropyCorrect mean predictive entropy of correctly classified test examples
   * @param entropyWrong mean predictive entropy of misclassified test examples
   * @param testProbs the final predictive probabilities of the test set
   * @param testStd per test probability its std over samples (null: optimiser)
   */
  public record MethodResult(
      BnnMethod method,
      String sampler,
      List<EpochRow> epochs,
      double testError,
      double trainError,
      double nll,
      double ece,
      double aurocEntropy,
      double aurocStd,
      double aurocOod,
      double entropyCorrect,
      double entropyWrong,
      long samples,
      double seconds,
      float[] testProbs,
      float[] testStd) {

    /** Test error minus training error of the final predictive distribution. */
    public double gap() {
      return testError - trainError;
    }
  }

  /** Runs every method of {@code c}; progress lines go to {@code out}. */
  public static List<MethodResult> run(Config c, PrintStream out) throws IOException {
    List<MethodResult> results = new ArrayList<>();
    for (BnnMethod m : c.methods()) {
      out.printf(Locale.ROOT, "== %s%n", m.name());
      results.add(runMethod(c, m, out));
    }
    return results;
  }

  /** Trains one method (or resumes it) and measures it. */
  public static MethodResult runMethod(Config c, BnnMethod method, PrintStream out)
      throws IOException {
    Split data = c.data();
    Dataset train = data.train();
    Dataset test = data.test();
    Model model =
        BnnModels.build(
            c.model(), train.rows(), train.cols(), data.classes(), method.noise(), c.dropoutRate(),
            c.seed());
    int n = train.count();
    long steps = (long) c.epochs() * (n / c.batch());
    Sampler sampler =
        method.sampler(n, steps, c.lr().getOrDefault(method.name(), Double.NaN), c.temperature());
    Dataset trainHead = train.head(c.trainProbe());
    List<EpochRow> rows = new ArrayList<>();
    Path ckpt = null;
    Path log = null;
    if (c.checkpoints() != null) {
      Files.createDirectories(c.checkpoints());
      String file = method.name().replace('+', '_');
      ckpt = c.checkpoints().resolve(file + ".ckpt");
      log = c.checkpoints().resolve(file + ".epochs.tsv");
    }
    Path logFile = log;
    Trainer.Builder b =
        Trainer.builder(model, sampler, data)
            .epochs(c.epochs())
            .batchSize(c.batch())
            .seed(c.seed())
            .evaluateTrain(true)
            .progress(out)
            .probe(trainHead)
            .onEpoch(
                r -> {
                  EpochRow row = EpochRow.of(r);
                  rows.add(row);
                  if (logFile != null) {
                    appendLine(logFile, row.tsv());
                  }
                });
    if (c.burnIn() >= 0) {
      b.burnIn(c.burnIn());
    }
    if (c.thin() > 0) {
      b.thin(c.thin());
    }
    if (c.ood() != null) {
      b.probe(c.ood());
    }
    if (ckpt != null) {
      b.checkpoint(ckpt);
    }
    Trainer t = b.build();
    long start = System.nanoTime();
    if (c.resume() && Files.exists(ckpt)) {
      List<EpochRow> logged = readLog(log);
      t.resume(ckpt); // loads θ, state and average; rows of the epochs run now arrive via onEpoch
      int done = t.completedEpochs();
      List<EpochRow> now = new ArrayList<>(rows);
      rows.clear();
      for (EpochRow r : logged) {
        if (r.epoch() <= done - now.size()) {
          rows.add(r);
        }
      }
      rows.addAll(now);
      out.printf(
          Locale.ROOT,
          "resumed %s from %s: %d epoch(s) from the log, %d trained now%n",
          method.name(), ckpt, rows.size() - now.size(), now.size());
    } else {
      if (log != null) {
        Files.deleteIfExists(log);
      }
      t.run();
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    int k = model.outputSize();

    Trainer.Predictive avg = method.sampler() ? t.predictive(0) : null;
    float[] testProbs;
    float[] testStd = null;
    float[] trainProbs;
    float[] oodProbs = null;
    if (avg != null) {
      testProbs = avg.mean();
      testStd = avg.std();
      trainProbs = t.predictive(1).mean();
      if (c.ood() != null) {
        oodProbs = t.predictive(2).mean();
      }
    } else {
      testProbs = t.predict(test);
      trainProbs = t.predict(trainHead);
      if (c.ood() != null) {
        oodProbs = t.predict(c.ood());
      }
    }
    int[] labels = test.labels();
    double[] entropy = Metrics.entropy(testProbs, test.count(), k);
    boolean[] wrong = Metrics.misclassified(testProbs, labels, k);
    double hRight = 0;
    double hWrong = 0;
    int nWrong = 0;
    for (int i = 0; i < wrong.length; i++) {
      if (wrong[i]) {
        hWrong += entropy[i];
        nWrong++;
      } else {
        hRight += entropy[i];
      }
    }
    int nRight = wrong.length - nWrong;
    boolean bothKinds = nWrong > 0 && nRight > 0;
    double aurocEntropy = bothKinds ? Metrics.auroc(entropy, wrong) : Double.NaN;
    double aurocStd = Double.NaN;
    if (testStd != null && bothKinds) {
      aurocStd = Metrics.auroc(predictedClassStd(testProbs, testStd, test.count(), k), wrong);
    }
    double aurocOod = Double.NaN;
    if (oodProbs != null) {
      double[] hOod = Metrics.entropy(oodProbs, c.ood().count(), k);
      double[] all = new double[entropy.length + hOod.length];
      boolean[] isOod = new boolean[all.length];
      System.arraycopy(entropy, 0, all, 0, entropy.length);
      System.arraycopy(hOod, 0, all, entropy.length, hOod.length);
      java.util.Arrays.fill(isOod, entropy.length, all.length, true);
      aurocOod = Metrics.auroc(all, isOod);
    }
    return new MethodResult(
        method,
        sampler.name(),
        List.copyOf(rows),
        1 - Metrics.accuracy(testProbs, labels, k),
        1 - Metrics.accuracy(trainProbs, trainHead.labels(), k),
        Metrics.nll(testProbs, labels, k),
        Metrics.expectedCalibrationError(testProbs, labels, k),
        aurocEntropy,
        aurocStd,
        aurocOod,
        nRight > 0 ? hRight / nRight : Double.NaN,
        nWrong > 0 ? hWrong / nWrong : Double.NaN,
        t.samples(),
        seconds,
        testProbs,
        testStd);
  }

  /** Per row: the std over samples of the probability of the row's most probable class. */
  static double[] predictedClassStd(float[] mean, float[] std, int n, int k) {
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = std[r * k + Metrics.argmax(mean, r * k, k)];
    }
    return out;
  }

  private static void appendLine(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<EpochRow> readLog(Path file) throws IOException {
    List<EpochRow> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(EpochRow.parse(line, file));
      } catch (IOException e) {
        if (i < lines.size() - 1) {
          throw e;
        }
        // a torn last line (a crash while appending): its epoch is retrained or was not logged
      }
    }
    return rows;
  }
}
