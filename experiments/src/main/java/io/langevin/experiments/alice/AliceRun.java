package io.langevin.experiments.alice;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.update.NonFiniteStepException;
import io.langevin.samplers.Adam;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.State;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training run of a toy game and its test metrics, single-threaded when called inside {@code
 * CpuPool.serially} (as {@link Sweep} does).
 *
 * <p>Loop, as the authors' scripts: fixed train sets (x and z, {@link Options#trainSize} each),
 * each epoch shuffles x and z <em>independently</em> (unpaired batches) and cuts them into
 * {@code trainSize / batch} batches; each outer iteration takes the next batch and does {@link
 * Options#discSteps} discriminator steps then {@link Options#genSteps} generator/encoder steps on
 * it (the scripts: 1 then 5), each with fresh noise ε. Every network has its own Adam state (lr
 * 1e-3, β1 0.5, β2 0.999, ε 1e-8) and is stepped with {@link Sampler#step(float[], float[],
 * State)}; no decay, no early stopping. The scripts' 100 epochs × 16 batches = 1,600 iterations
 * (1,600 discriminator and 8,000 generator updates).
 *
 * <p>Evaluation on the test sets, one stochastic pass each: {@code ẑ = E(x)}, {@code x̂ = G(ẑ)},
 * {@code x̃ = G(z)}, {@code z' = E(x̃)}; score, modes covered and the on-mode fraction of x̃; MSE of
 * x̂ against x and of z' against z (means over elements); the anchor agreement (mean over both
 * directions of {@link ToyMetrics#anchorAgreement}, meaningful for the semi-supervised variants).
 *
 * <p>Randomness: the data from {@link Options#dataSeed} (the same sets for every run), the
 * initialisation, shuffles and noise from {@code seed}; a run is a pure function of (variant, λ,
 * seed, options). Tested by {@code AliceRunTest}.
 */
public final class AliceRun {
  private AliceRun() {}

  private static final long NOISE_KEY = 0xA11CE5EEDL;

  /** Score below which a run counts as collapsed (about one mode, the reference's reading). */
  public static final double COLLAPSE_SCORE = 1.5;

  /** What to run besides variant, λ and seed. */
  public record Options(
      int iterations,
      int width,
      int depth,
      int batch,
      int discSteps,
      int genSteps,
      double lr,
      double beta1,
      int trainSize,
      int testSize,
      long dataSeed,
      boolean anchorsOnModes,
      boolean keepSamples) {
    public Options {
      if (iterations < 0
          || width < 1
          || depth < 1
          || batch < 1
          || discSteps < 0
          || genSteps < 0
          || trainSize < batch
          || testSize < 1) {
        throw new IllegalArgumentException(
            "alice options: need iterations >= 0, width, depth, batch >= 1, steps >= 0,"
                + " trainSize >= batch, testSize >= 1; got iterations="
                + iterations
                + " width="
                + width
                + " depth="
                + depth
                + " batch="
                + batch
                + " discSteps="
                + discSteps
                + " genSteps="
                + genSteps
                + " trainSize="
                + trainSize
                + " testSize="
                + testSize);
      }
      if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1)) {
        throw new IllegalArgumentException(
            "alice options: need lr > 0 and beta1 in [0, 1), got lr=" + lr + " beta1=" + beta1);
      }
    }

    /**
     * The scripts' set-up: 1,600 iterations, 2 hidden layers of 256, batch 128, 1 discriminator
     * step then 5 generator steps, Adam lr 1e-3 β1 0.5, 2,048 train and 1,024 test points from
     * data seed 0, the authors' anchors, no samples kept.
     */
    public static Options defaults() {
      return new Options(1600, 256, 2, 128, 1, 5, 1e-3, 0.5, 2048, 1024, 0, false, false);
    }

    public Options withIterations(int n) {
      return new Options(n, width, depth, batch, discSteps, genSteps, lr, beta1, trainSize,
          testSize, dataSeed, anchorsOnModes, keepSamples);
    }

    public Options withWidth(int w) {
      return new Options(iterations, w, depth, batch, discSteps, genSteps, lr, beta1, trainSize,
          testSize, dataSeed, anchorsOnModes, keepSamples);
    }

    public Options withDepth(int d) {
      return new Options(iterations, width, d, batch, discSteps, genSteps, lr, beta1, trainSize,
          testSize, dataSeed, anchorsOnModes, keepSamples);
    }

    public Options withKeepSamples(boolean keep) {
      return new Options(iterations, width, depth, batch, discSteps, genSteps, lr, beta1,
          trainSize, testSize, dataSeed, anchorsOnModes, keep);
    }

    public Options withAnchorsOnModes(boolean onModes) {
      return new Options(iterations, width, depth, batch, discSteps, genSteps, lr, beta1,
          trainSize, testSize, dataSeed, onModes, keepSamples);
    }
  }

  /**
   * The test points and their images ({@code [n, 2]} each): x with its component, z, {@code ẑ =
   * E(x)}, {@code x̂ = G(ẑ)}, {@code x̃ = G(z)}, {@code z' = E(x̃)}, and the anchors in use.
   */
  public record Samples(
      float[] x,
      int[] xMode,
      float[] z,
      float[] zFromX,
      float[] xRec,
      float[] xFromZ,
      float[] zRec,
      float[] anchorX,
      float[] anchorZ) {
    public int size() {
      return x.length / 2;
    }
  }

  /**
   * One run's outcome. {@code collapsed} is {@code !(score >= 1.5)}; {@code diverged} when a step
   * met a non-finite gradient or value (training stopped there, metrics from the parameters as they
   * were). {@code samples} is null unless {@link Options#keepSamples}.
   */
  public record Result(
      Variant variant,
      double lambda,
      long seed,
      int width,
      int depth,
      int iterations,
      double score,
      double mse,
      double mseZ,
      int modes,
      double onMode,
      double anchorAccuracy,
      boolean collapsed,
      boolean diverged,
      double discLoss,
      double genLoss,
      double seconds,
      Samples samples) {}

  /** Trains {@code variant} with CE weight {@code lambda} from {@code seed} and evaluates it. */
  public static Result run(Variant variant, double lambda, long seed, Options o) {
    long start = System.nanoTime();
    ToyData.Sets data =
        ToyData.sets(o.dataSeed(), variant.semiSupervised(), o.trainSize(), o.testSize());
    AliceGame game = new AliceGame(variant, lambda, o.width(), o.depth(), seed, o.anchorsOnModes());
    SplittableRandom root = new SplittableRandom(seed ^ NOISE_KEY);
    SplittableRandom noise = root.split();
    SplittableRandom shuffle = root.split();
    Sampler adam = Adam.builder().stepSize(o.lr()).beta1(o.beta1()).beta2(0.999).eps(1e-8).build();
    List<Mlp> gens = game.generators();
    List<Mlp> discs = game.discriminators();
    State[] genState = new State[gens.size()];
    for (int i = 0; i < genState.length; i++) {
      genState[i] = adam.init(gens.get(i).parameterCount());
    }
    State[] discState = new State[discs.size()];
    for (int i = 0; i < discState.length; i++) {
      discState[i] = adam.init(discs.get(i).parameterCount());
    }

    int n = o.trainSize();
    int b = o.batch();
    int batches = n / b;
    int[] permX = identity(n);
    int[] permZ = identity(n);
    float[] xb = new float[2 * b];
    float[] zb = new float[2 * b];
    Tape tape = new Tape();
    double discLoss = Double.NaN;
    double genLoss = Double.NaN;
    boolean diverged = false;
    try {
      for (int it = 0; it < o.iterations(); it++) {
        int j = it % batches;
        if (j == 0) {
          permute(permX, shuffle);
          permute(permZ, shuffle);
        }
        gather(data.trainX(), permX, j * b, b, xb);
        gather(data.trainZ(), permZ, j * b, b, zb);
        for (int s = 0; s < o.discSteps(); s++) {
          tape.reset();
          zero(discs);
          Var loss =
              game.discriminatorLoss(tape, tape.constant(xb, b, 2), tape.constant(zb, b, 2), noise);
          tape.backward(loss);
          discLoss = loss.item();
          step(adam, discs, discState);
        }
        for (int s = 0; s < o.genSteps(); s++) {
          tape.reset();
          zero(gens);
          Var loss =
              game.generatorLoss(tape, tape.constant(xb, b, 2), tape.constant(zb, b, 2), noise);
          tape.backward(loss);
          genLoss = loss.item();
          step(adam, gens, genState);
        }
      }
    } catch (NonFiniteStepException ex) {
      diverged = true;
    }
    Samples s = evaluate(game, data, noise);
    int m = s.size();
    double score = ToyMetrics.inceptionScore(s.xFromZ(), m);
    double anchors =
        0.5
            * (ToyMetrics.anchorAgreement(s.z(), s.xFromZ(), m, s.anchorZ(), s.anchorX())
                + ToyMetrics.anchorAgreement(s.x(), s.zFromX(), m, s.anchorX(), s.anchorZ()));
    return new Result(
        variant,
        game.lambda(),
        seed,
        o.width(),
        o.depth(),
        o.iterations(),
        score,
        ToyMetrics.mse(s.x(), s.xRec(), 2 * m),
        ToyMetrics.mse(s.z(), s.zRec(), 2 * m),
        ToyMetrics.modesCovered(s.xFromZ(), m, ToyMetrics.MODE_FRACTION),
        ToyMetrics.onModeFraction(s.xFromZ(), m),
        anchors,
        !(score >= COLLAPSE_SCORE),
        diverged,
        discLoss,
        genLoss,
        (System.nanoTime() - start) * 1e-9,
        o.keepSamples() ? s : null);
  }

  /** One stochastic pass of E(x), G(E(x)), G(z), E(G(z)) over the test sets. */
  static Samples evaluate(AliceGame game, ToyData.Sets data, SplittableRandom noise) {
    int m = data.testSize();
    Tape t = new Tape();
    Var x = t.constant(data.testX(), m, 2);
    Var z = t.constant(data.testZ(), m, 2);
    Var zFromX = game.encode(t, x, noise, true);
    Var xRec = game.generate(t, zFromX, noise, true);
    Var xFromZ = game.generate(t, z, noise, true);
    Var zRec = game.encode(t, xFromZ, noise, true);
    return new Samples(
        data.testX().clone(),
        data.testXMode().clone(),
        data.testZ().clone(),
        zFromX.value().toArray(),
        xRec.value().toArray(),
        xFromZ.value().toArray(),
        zRec.value().toArray(),
        game.anchorX(),
        game.anchorZ());
  }

  private static void zero(List<Mlp> nets) {
    for (Mlp m : nets) {
      m.arena().zeroGrad();
    }
  }

  private static void step(Sampler adam, List<Mlp> nets, State[] states) {
    for (int i = 0; i < states.length; i++) {
      adam.step(nets.get(i).arena().theta(), nets.get(i).arena().grad(), states[i]);
    }
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /** Fisher-Yates shuffle. */
  private static void permute(int[] p, SplittableRandom r) {
    for (int i = p.length - 1; i > 0; i--) {
      int k = r.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[k];
      p[k] = tmp;
    }
  }

  private static void gather(float[] src, int[] perm, int from, int count, float[] dst) {
    for (int i = 0; i < count; i++) {
      int r = perm[from + i];
      dst[2 * i] = src[2 * r];
      dst[2 * i + 1] = src[2 * r + 1];
    }
  }
}
