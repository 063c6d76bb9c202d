package io.langevin.experiments.train;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.update.NonFiniteStepException;
import io.langevin.nn.Metrics;
import io.langevin.nn.Mode;
import io.langevin.nn.Model;
import io.langevin.nn.data.Dataset;
import io.langevin.nn.data.MinibatchIterator;
import io.langevin.nn.data.Split;
import io.langevin.projection.Subspace;
import io.langevin.samplers.Checkpoint;
import io.langevin.samplers.CheckpointException;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.State;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Trains any classifier {@link Model} with any {@link Sampler} (optimiser or SG-MCMC sampler) on a
 * {@link Split}.
 *
 * <p>Per step: the next minibatch of a {@link MinibatchIterator} (shuffled by {@code seed}, the
 * order of epoch e a pure function of (seed, e)), {@link Model#lossAndGradient} in {@link
 * Mode#TRAIN} (mean softmax cross-entropy; noise layers keyed by (noise seed, sampler step)), then
 * {@code sampler.step(θ, grad, state)}. With a mean loss, build the sampler with {@code
 * gradScale(N)} (N = training examples) so that {@code s·g} is the full-data gradient.
 *
 * <p>After each epoch: metrics (accuracy, NLL, ECE) of the current θ on the test set (and on the
 * training set if asked), in {@link Mode#EVAL}; and for a sampler ({@code temperature() > 0}) the
 * Bayesian model average of the test-set predictions of the samples collected so far. A sample is
 * the θ after step k (k = steps taken) for k &gt; burn-in, {@code (k − burnIn) % thin == 0}, and
 * the schedule injecting noise at that step (exploration stages of cyclical schedules give no
 * samples). Each sample has weight 1; its test-set probabilities p and their squares p² are added
 * to running double sums of E·C values, so memory is bounded by the test set, not by the number
 * of samples, and {@link #predictive} gives the mean and the standard deviation over samples of
 * every predicted probability. {@link Builder#probe} adds data sets (for example out-of-distribution
 * images, or a subset of the training set) whose predictions are averaged the same way; each
 * costs one forward pass over it per sample.
 *
 * <p><b>Subspace training</b> ({@link Builder#subspace}): the sampler steps θ_d (length d) of a
 * {@link Subspace} instead of θ; before every forward pass the model's θ is {@code θ_0 + P·θ_d},
 * and the gradient the sampler gets is {@code Pᵀ·∂loss/∂θ} (plus, with a full-space weight
 * decay w, {@code Pᵀ·(w·θ)}: an L2 penalty on θ, not on θ_d, as the intrinsic-dimension authors'
 * code). Checkpoints then hold θ_d and the sampler state of dimension d.
 *
 * <p>Progress goes to the given {@link PrintStream}: an interactive bar (one line redrawn with
 * {@code \r}: epoch, percentage, loss, last test accuracy, ETA) when a terminal is attached, else
 * plain lines (one per epoch, plus one per 10% of an epoch when ≥ 10 s passed since the last line).
 *
 * <p>Checkpoints (when a path is given), after each epoch: the sampler state and θ in {@code path}
 * ({@link Checkpoint}, atomic, CRC) and the completed epoch count, configuration fingerprint and
 * running average in {@code path + ".trainer"} ({@link TrainerState}, atomic, CRC). The trainer
 * state is first written as {@code ".trainer.next"}, then the checkpoint, then it is moved over
 * {@code ".trainer"}, so a crash at any point leaves a consistent pair (resume picks the trainer
 * state whose step matches the checkpoint). {@link #resume(Path)} continues after the last
 * completed epoch and reproduces the uninterrupted run bit for bit (θ, state, average).
 *
 * <p>Test: {@code TrainerTest}.
 */
public final class Trainer {
  private static final long SAMPLER_SALT = 0x5341_4D50_4C45_5253L; // "SAMPLERS"
  private static final long NOISE_SALT = 0x4E4F_4953_454B_4559L; // "NOISEKEY"

  private final Model model;
  private final Sampler sampler;
  private final Split data;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final boolean dropLast;
  private final long burnIn;
  private final int thin;
  private final boolean evaluateTrain;
  private final int evalBatch;
  private final Path checkpoint;
  private final PrintStream out;
  private final boolean interactive;
  private final boolean averaging;
  private final List<Dataset> sets;
  private final java.util.function.Consumer<EpochReport> onEpoch;
  private final Subspace subspace;
  private final float fullDecay;
  /** What the sampler steps: θ, or θ_d of the subspace. */
  private final float[] stepped;
  /** The gradient the sampler gets: the arena's, or Pᵀ·g of the subspace. */
  private final float[] steppedGrad;
  private final int stepsPerEpoch;
  private final int classes;

  private final Tape tape = new Tape();
  private final Tape evalTape = new Tape();
  private State state;
  /** Per evaluation set (test, then the probes): Σp over samples, then Σp², each count·classes. */
  private double[] sum;
  private double weight;
  private long samples;
  private int completed;
  private double lastTestAccuracy = Double.NaN;

  private Trainer(Builder b) {
    this.model = b.model;
    this.sampler = b.sampler;
    this.data = b.data;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.dropLast = b.dropLast;
    this.evaluateTrain = b.evaluateTrain;
    this.evalBatch = b.evalBatch;
    this.checkpoint = b.checkpoint;
    this.out = b.progress;
    this.interactive = b.interactive != null ? b.interactive : terminal();
    Dataset train = data.train();
    if (epochs <= 0) {
      throw new IllegalArgumentException("Trainer: epochs must be > 0, got " + epochs);
    }
    if (batchSize <= 0 || batchSize > train.count()) {
      throw new IllegalArgumentException(
          "Trainer: batch size must be in [1, "
              + train.count()
              + "] (the training set size), got "
              + batchSize);
    }
    if (evalBatch <= 0) {
      throw new IllegalArgumentException(
          "Trainer: evaluation batch must be > 0, got " + evalBatch);
    }
    if (model.inputSize() != train.features()) {
      throw new IllegalArgumentException(
          "Trainer: the model takes "
              + model.inputSize()
              + " inputs per example "
              + Arrays.toString(model.inputShape())
              + " but "
              + train.name()
              + " has "
              + train.features()
              + " features ("
              + train.rows()
              + "x"
              + train.cols()
              + ")");
    }
    if (model.outputSize() < data.classes()) {
      throw new IllegalArgumentException(
          "Trainer: the model has "
              + model.outputSize()
              + " outputs but the data have "
              + data.classes()
              + " classes");
    }
    this.classes = model.outputSize();
    this.stepsPerEpoch = dropLast ? train.count() / batchSize : ceilDiv(train.count(), batchSize);
    this.burnIn = b.burnIn >= 0 ? b.burnIn : stepsPerEpoch;
    this.thin = b.thin > 0 ? b.thin : Math.max(1, stepsPerEpoch / 10);
    this.averaging = sampler.temperature() > 0;
    List<Dataset> all = new ArrayList<>();
    all.add(data.test());
    for (Dataset p : b.probes) {
      if (p.features() != train.features()) {
        throw new IllegalArgumentException(
            "Trainer: probe "
                + p.name()
                + " has "
                + p.features()
                + " features per example, the model takes "
                + train.features());
      }
      all.add(p);
    }
    this.sets = List.copyOf(all);
    this.onEpoch = b.onEpoch;
    this.subspace = b.subspace;
    this.fullDecay = (float) b.fullDecay;
    if (subspace != null && subspace.fullDim() != model.parameterCount()) {
      throw new IllegalArgumentException(
          "Trainer: the subspace maps into "
              + subspace.fullDim()
              + " parameters, the model has "
              + model.parameterCount());
    }
    this.stepped = subspace == null ? model.arena().theta() : subspace.thetaSmall();
    this.steppedGrad = subspace == null ? model.arena().grad() : new float[subspace.dim()];
  }

  /** A builder for training {@code model} with {@code sampler} on {@code data}. */
  public static Builder builder(Model model, Sampler sampler, Split data) {
    return new Builder(model, sampler, data);
  }

  /** Options of a {@link Trainer}; {@link #epochs} is required. */
  public static final class Builder {
    private final Model model;
    private final Sampler sampler;
    private final Split data;
    private int epochs;
    private int batchSize = 100;
    private long seed;
    private boolean dropLast = true;
    private long burnIn = -1;
    private int thin = -1;
    private boolean evaluateTrain;
    private int evalBatch = 500;
    private Path checkpoint;
    private PrintStream progress;
    private Boolean interactive;
    private final List<Dataset> probes = new ArrayList<>();
    private java.util.function.Consumer<EpochReport> onEpoch = r -> {};
    private Subspace subspace;
    private double fullDecay;

    private Builder(Model model, Sampler sampler, Split data) {
      this.model = Objects.requireNonNull(model, "model");
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      this.data = Objects.requireNonNull(data, "data");
    }

    /** Total number of epochs of the run (a resumed run counts the completed ones). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Examples per minibatch (default 100). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Seed of the shuffling, the sampler noise and the noise layers (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Skip the last, partial minibatch of an epoch (default true). */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** Steps before the first sample (default: one epoch of steps). */
    public Builder burnIn(long steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("Trainer: burn-in must be >= 0 steps, got " + steps);
      }
      this.burnIn = steps;
      return this;
    }

    /**
     * One sample every {@code thin} steps after burn-in (default: about 10 per epoch, {@code
     * max(1, stepsPerEpoch / 10)}). Each sample costs one forward pass over the test set.
     */
    public Builder thin(int thin) {
      if (thin <= 0) {
        throw new IllegalArgumentException("Trainer: thin must be > 0 steps, got " + thin);
      }
      this.thin = thin;
      return this;
    }

    /** Also evaluate the current θ on the training set after each epoch (default false). */
    public Builder evaluateTrain(boolean on) {
      this.evaluateTrain = on;
      return this;
    }

    /** Examples per forward pass when evaluating (default 500; memory only, not results). */
    public Builder evalBatch(int examples) {
      this.evalBatch = examples;
      return this;
    }

    /** Write a checkpoint to {@code file} (and {@code file + ".trainer"}) after each epoch. */
    public Builder checkpoint(Path file) {
      this.checkpoint = file;
      return this;
    }

    /** Where progress goes (default: none). */
    public Builder progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    /**
     * Also average the predictions of every sample on {@code d} (probe set i, counted from 1, of
     * {@link Trainer#predictive}); costs one forward pass over {@code d} per sample.
     */
    public Builder probe(Dataset d) {
      this.probes.add(Objects.requireNonNull(d, "probe"));
      return this;
    }

    /**
     * Called with each epoch's report as soon as it is measured, before that epoch's checkpoint is
     * written (so a listener's log never lags behind the checkpoint; on a resume, drop logged
     * epochs beyond {@link Trainer#completedEpochs}).
     */
    public Builder onEpoch(java.util.function.Consumer<EpochReport> listener) {
      this.onEpoch = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Train θ_d of {@code s} (whose D must be the model's parameter count) instead of θ, with an
     * L2 penalty {@code fullDecay/2·|θ|²} on the full θ (0: none). See the class comment.
     */
    public Builder subspace(Subspace s, double fullDecay) {
      if (!(fullDecay >= 0) || Double.isInfinite(fullDecay)) {
        throw new IllegalArgumentException(
            "Trainer: full-space weight decay must be finite and >= 0, got " + fullDecay);
      }
      this.subspace = Objects.requireNonNull(s, "subspace");
      this.fullDecay = fullDecay;
      return this;
    }

    /** Force the bar (true) or plain lines (false); default: bar when a terminal is attached. */
    public Builder interactive(boolean on) {
      this.interactive = on;
      return this;
    }

    /**
     * @throws IllegalArgumentException on epochs or batch size ≤ 0, a batch larger than the
     *     training set, thin ≤ 0, or a model whose input size is not the data's feature count
     */
    public Trainer build() {
      return new Trainer(this);
    }
  }

  /** Trains from the model's current θ and a fresh sampler state for all epochs. */
  public List<EpochReport> run() throws IOException {
    state = sampler.init(stepped.length, samplerSeed());
    sum = new double[averagedLength()];
    weight = 0;
    samples = 0;
    completed = 0;
    lastTestAccuracy = Double.NaN;
    return train();
  }

  /**
   * Loads θ (into the model), the sampler state and the running average from a checkpoint written
   * by a trainer of the same configuration, and trains the remaining epochs up to {@code epochs}
   * (none when the checkpoint already has them). Returns the reports of the epochs run now.
   *
   * @throws CheckpointException if the files are corrupt, belong to another sampler or
   *     configuration, or do not match each other
   */
  public List<EpochReport> resume(Path file) throws IOException {
    float[] theta = new float[stepped.length];
    State s = Checkpoint.resume(file, sampler, theta);
    TrainerState ts = matchingState(file, s.t());
    String expected = fingerprint();
    if (!ts.fingerprint().equals(expected)) {
      throw new CheckpointException(
          file,
          "written by a trainer of another configuration: file has "
              + ts.fingerprint()
              + ", this trainer has "
              + expected);
    }
    if (s.dim() != stepped.length) {
      throw new CheckpointException(
          file, "state of " + s.dim() + " parameters, this trainer steps " + stepped.length);
    }
    if (ts.steps() != (long) ts.epoch() * stepsPerEpoch) {
      throw new CheckpointException(
          file,
          "step "
              + ts.steps()
              + " is not the end of epoch "
              + ts.epoch()
              + " ("
              + stepsPerEpoch
              + " steps per epoch)");
    }
    System.arraycopy(theta, 0, stepped, 0, theta.length);
    state = s;
    completed = ts.epoch();
    samples = ts.samples();
    weight = ts.weight();
    int len = averagedLength();
    if (ts.sum().length != len) {
      throw new CheckpointException(
          file, "average of " + ts.sum().length + " values, this trainer keeps " + len);
    }
    sum = ts.sum();
    lastTestAccuracy = Double.NaN;
    return train();
  }

  /** The trainer-state file that goes with checkpoint {@code file}. */
  public static Path trainerStateFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".trainer");
  }

  private static Path nextStateFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".trainer.next");
  }

  private TrainerState matchingState(Path file, long t) throws IOException {
    Path main = trainerStateFile(file);
    Path next = nextStateFile(file);
    List<String> seen = new ArrayList<>();
    for (Path p : new Path[] {main, next}) {
      if (Files.exists(p)) {
        TrainerState ts = TrainerState.read(p);
        if (ts.steps() == t) {
          return ts;
        }
        seen.add(p.getFileName() + " at step " + ts.steps());
      }
    }
    throw new CheckpointException(
        file,
        "no trainer state for step "
            + t
            + " of the checkpoint (found: "
            + (seen.isEmpty() ? "none; looked for " + main.getFileName() : String.join(", ", seen))
            + ")");
  }

  private List<EpochReport> train() throws IOException {
    Dataset train = data.train();
    int features = train.features();
    float[] theta = stepped;
    float[] grad = steppedGrad;
    expand();
    float[] x = new float[batchSize * features];
    int[] y = new int[batchSize];
    MinibatchIterator it = new MinibatchIterator(train, batchSize, seed, dropLast);
    long noiseSeed = mix(seed ^ NOISE_SALT);
    List<EpochReport> reports = new ArrayList<>();
    Progress bar = new Progress((long) (epochs - completed) * stepsPerEpoch);
    for (int e = completed; e < epochs; e++) {
      long start = System.nanoTime();
      it.startEpoch(e);
      double lossSum = 0;
      int batch = 0;
      while (it.hasNext()) {
        int n = it.next(x, y);
        int[] labels = n == batchSize ? y : Arrays.copyOf(y, n);
        long step = state.t();
        double loss = model.lossAndGradient(tape, x, labels, n, Mode.TRAIN, noiseSeed, step);
        if (subspace != null) {
          pullBack();
        }
        try {
          sampler.step(theta, grad, state);
        } catch (NonFiniteStepException ex) {
          NonFiniteStepException w =
              new NonFiniteStepException(
                  "epoch "
                      + (e + 1)
                      + "/"
                      + epochs
                      + ", batch "
                      + (batch + 1)
                      + "/"
                      + stepsPerEpoch
                      + " (sampler step "
                      + step
                      + ", minibatch loss "
                      + loss
                      + "): "
                      + ex.getMessage(),
                  ex.step(),
                  ex.index(),
                  ex.partial());
          w.initCause(ex);
          bar.clear();
          throw w;
        }
        expand();
        lossSum += loss;
        batch++;
        collect();
        bar.step(e, batch, lossSum / batch);
      }
      float[] testProbs = predict(data.test());
      EpochReport.Scores test = scores(testProbs, data.test().labels());
      lastTestAccuracy = test.accuracy();
      EpochReport.Scores avg = null;
      if (averaging && weight > 0) {
        avg = scores(averageProbabilities(), data.test().labels());
      }
      EpochReport.Scores tr = evaluateTrain ? scores(predict(train), train.labels()) : null;
      EpochReport r =
          new EpochReport(
              e + 1,
              lossSum / Math.max(1, batch),
              test,
              avg,
              tr,
              samples,
              state.t(),
              (System.nanoTime() - start) * 1e-9);
      onEpoch.accept(r);
      completed = e + 1;
      if (checkpoint != null) {
        writeCheckpoint();
      }
      reports.add(r);
      bar.epochDone(r);
    }
    return reports;
  }

  private void collect() {
    if (!averaging) {
      return;
    }
    long k = state.t();
    if (k <= burnIn || (k - burnIn) % thin != 0 || !sampler.stepSize().sampling(k - 1)) {
      return;
    }
    int at = 0;
    for (Dataset d : sets) {
      float[] p = predict(d);
      for (int j = 0; j < p.length; j++) {
        double v = p[j];
        sum[at + j] += v;
        sum[at + p.length + j] += v * v;
      }
      at += 2 * p.length;
    }
    weight += 1;
    samples++;
  }

  private void writeCheckpoint() throws IOException {
    Path next = nextStateFile(checkpoint);
    new TrainerState(fingerprint(), completed, state.t(), samples, weight, sum).write(next);
    Checkpoint.write(checkpoint, sampler, state, stepped);
    TrainerState.promote(next, trainerStateFile(checkpoint));
  }

  /** With a subspace: θ ← θ_0 + P·θ_d in the model's arena. */
  private void expand() {
    if (subspace != null) {
      subspace.expand(model.arena().theta());
    }
  }

  /** With a subspace: the sampler's gradient Pᵀ·(g + w·θ). */
  private void pullBack() {
    float[] g = model.arena().grad();
    if (fullDecay > 0) {
      float[] th = model.arena().theta();
      for (int i = 0; i < g.length; i++) {
        g[i] += fullDecay * th[i];
      }
    }
    subspace.pullBack(g, steppedGrad);
  }

  /** Evaluation-mode class probabilities of the current θ on every example of {@code d}. */
  public float[] predict(Dataset d) {
    int n = d.count();
    int f = d.features();
    float[] probs = new float[n * classes];
    for (int from = 0; from < n; from += evalBatch) {
      int b = Math.min(evalBatch, n - from);
      evalTape.reset();
      Var logits = model.forward(evalTape, d.images(), from * f, b, Mode.EVAL, 0, 0);
      float[] p = Metrics.softmax(logits.value().toArray(), b, classes);
      System.arraycopy(p, 0, probs, from * classes, b * classes);
    }
    evalTape.reset();
    return probs;
  }

  private EpochReport.Scores scores(float[] probs, int[] labels) {
    return new EpochReport.Scores(
        Metrics.accuracy(probs, labels, classes),
        Metrics.nll(probs, labels, classes),
        Metrics.expectedCalibrationError(probs, labels, classes));
  }

  /**
   * The model-averaged test-set probabilities (E·C, row-major) of the samples so far, or null when
   * there is none (optimisers, or still in burn-in).
   */
  public float[] averageProbabilities() {
    Predictive p = predictive(0);
    return p == null ? null : p.mean();
  }

  /**
   * The model average on evaluation set {@code set} (0: the test set; i ≥ 1: the i-th {@link
   * Builder#probe}), or null when there is no sample yet (optimisers, or still in burn-in).
   *
   * @param mean mean over samples of each predicted probability (count·classes, row-major)
   * @param std standard deviation over samples of each predicted probability (population form,
   *     0 with one sample)
   * @param samples the number of samples averaged
   */
  public record Predictive(float[] mean, float[] std, long samples) {}

  /** See {@link Predictive}; {@code set} 0 is the test set, 1… the probes in builder order. */
  public Predictive predictive(int set) {
    if (set < 0 || set >= sets.size()) {
      throw new IllegalArgumentException(
          "Trainer: evaluation set " + set + " out of range [0, " + sets.size() + ")");
    }
    if (!averaging || !(weight > 0)) {
      return null;
    }
    int at = 0;
    for (int i = 0; i < set; i++) {
      at += 2 * sets.get(i).count() * classes;
    }
    int len = sets.get(set).count() * classes;
    float[] mean = new float[len];
    float[] std = new float[len];
    for (int j = 0; j < len; j++) {
      double m = sum[at + j] / weight;
      double var = sum[at + len + j] / weight - m * m;
      mean[j] = (float) m;
      std[j] = (float) Math.sqrt(Math.max(0, var));
    }
    return new Predictive(mean, std, samples);
  }

  /** The evaluation sets: the test set, then the probes. */
  public List<Dataset> evaluationSets() {
    return sets;
  }

  private int averagedLength() {
    if (!averaging) {
      return 0;
    }
    int n = 0;
    for (Dataset d : sets) {
      n += 2 * d.count() * classes;
    }
    return n;
  }

  /** The sampler state (live), or null before {@link #run}/{@link #resume}. */
  public State state() {
    return state;
  }

  /** Epochs completed so far. */
  public int completedEpochs() {
    return completed;
  }

  /** Samples in the model average. */
  public long samples() {
    return samples;
  }

  /** Sampler steps per epoch. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** Steps between samples. */
  public int thin() {
    return thin;
  }

  /** Burn-in in steps. */
  public long burnIn() {
    return burnIn;
  }

  /** Whether this run averages predictions (the sampler's temperature is positive). */
  public boolean averaging() {
    return averaging;
  }

  private long samplerSeed() {
    return mix(seed ^ SAMPLER_SALT);
  }

  /** Everything a resumed run must share with the run that wrote the checkpoint. */
  private String fingerprint() {
    return "trainer{batch="
        + batchSize
        + ", seed="
        + seed
        + ", dropLast="
        + dropLast
        + ", burnIn="
        + burnIn
        + ", thin="
        + thin
        + ", train="
        + data.train().name()
        + "/"
        + data.train().count()
        + ", test="
        + data.test().name()
        + "/"
        + data.test().count()
        + ", model="
        + Arrays.toString(model.inputShape())
        + "->"
        + Arrays.toString(model.outputShape())
        + "/"
        + model.parameterCount()
        + ", stepsPerEpoch="
        + stepsPerEpoch
        + ", probes="
        + sets.subList(1, sets.size()).stream().map(d -> d.name() + "/" + d.count()).toList()
        + (subspace == null ? "" : ", " + subspace + ", fullDecay=" + fullDecay)
        + "}";
  }

  private static boolean terminal() {
    Console c = System.console();
    return c != null && c.isTerminal();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The progress bar or plain lines. */
  private final class Progress {
    private static final int WIDTH = 30;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDraw;
    private long lastLine = System.nanoTime();
    private int lastDecile;
    private int drawnLength;

    Progress(long totalSteps) {
      this.totalSteps = totalSteps;
    }

    void step(int epoch, int batch, double meanLoss) {
      done++;
      if (out == null) {
        return;
      }
      long now = System.nanoTime();
      if (interactive) {
        if (now - lastDraw < 100_000_000L && batch < stepsPerEpoch) {
          return;
        }
        lastDraw = now;
        double frac = (double) batch / stepsPerEpoch;
        int filled = (int) (frac * WIDTH);
        StringBuilder s = new StringBuilder("\r");
        s.append(String.format("epoch %d/%d [", epoch + 1, epochs));
        for (int i = 0; i < WIDTH; i++) {
          s.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        s.append(
            String.format(
                "] %3d%% %d/%d loss %.4f acc %s ETA %s",
                (int) (frac * 100),
                batch,
                stepsPerEpoch,
                meanLoss,
                Double.isNaN(lastTestAccuracy) ? "-" : String.format("%.4f", lastTestAccuracy),
                eta(now)));
        int len = s.length();
        while (s.length() < drawnLength) {
          s.append(' ');
        }
        drawnLength = len;
        out.print(s);
        out.flush();
      } else {
        int decile = (int) ((long) batch * 10 / stepsPerEpoch);
        if (batch == 1) {
          lastDecile = 0;
        }
        if (decile > lastDecile && batch < stepsPerEpoch) {
          lastDecile = decile;
          if (now - lastLine >= 10_000_000_000L) {
            lastLine = now;
            out.printf(
                "epoch %d/%d  %d%%  step %d/%d  loss %.4f  ETA %s%n",
                epoch + 1, epochs, decile * 10, batch, stepsPerEpoch, meanLoss, eta(now));
          }
        }
      }
    }

    void epochDone(EpochReport r) {
      if (out == null) {
        return;
      }
      clear();
      out.println(r.toString().replaceFirst("^epoch \\d+", "epoch " + r.epoch() + "/" + epochs));
      out.flush();
      lastLine = System.nanoTime();
    }

    void clear() {
      if (out != null && interactive && drawnLength > 0) {
        out.print("\r" + " ".repeat(drawnLength) + "\r");
        drawnLength = 0;
      }
    }

    private String eta(long now) {
      if (done == 0) {
        return "?";
      }
      double perStep = (now - startNanos) * 1e-9 / done;
      long secs = Math.round(perStep * (totalSteps - done));
      return secs >= 3600
          ? String.format("%d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60)
          : String.format("%d:%02d", secs / 60, secs % 60);
    }
  }
}
