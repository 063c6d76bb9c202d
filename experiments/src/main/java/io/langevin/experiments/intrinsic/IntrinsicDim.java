package io.langevin.experiments.intrinsic;

import io.langevin.experiments.train.EpochReport;
import io.langevin.experiments.train.Trainer;
import io.langevin.nn.Activation;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.nn.data.Split;
import io.langevin.projection.Projection;
import io.langevin.projection.Projections;
import io.langevin.projection.Subspace;
import io.langevin.samplers.Adam;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.State;
import io.langevin.samplers.schedule.Schedule;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The intrinsic dimension of an objective (Li, Farkhoor, Liu, Yosinski, ICLR 2018): train only
 * θ_d in θ = θ_0 + P·θ_d (θ_d from 0, θ_0 the usual initialisation, P a random projection with
 * unit-norm columns) and find the smallest d that reaches 90 % of direct training.
 *
 * <ul>
 *   <li>{@link #toy}: {@link ToyObjective} with Adam on θ_d (full gradient); per d the best J
 *       reached; its intrinsic dimension is the number of groups.
 *   <li>{@link #network}: a classifier ({@code fc}: 784-200-200-10 ReLU, D = 199,210; {@code
 *       lenet}: the authors' LeNet, D = 44,426) trained by Adam (lr 1e-3, β2 0.99, the authors'
 *       setting) with an L2 penalty on θ (the authors' {@code l2} on θ_D, here on weights and
 *       biases alike); the performance of a run is the test accuracy after the last epoch.
 * </ul>
 *
 * Every run's seed fixes θ_0 (the model's initialisation), P, and the minibatch order; run r of a
 * sweep uses seed + r. Test: {@code IntrinsicDimTest}.
 */
public final class IntrinsicDim {
  private IntrinsicDim() {}

  /**
   * Options of a network sweep.
   *
   * @param task {@code fc} or {@code lenet}
   * @param projection {@code dense}, {@code sparse} or {@code fastfood}
   * @param l2 the L2 coefficient: the loss gets {@code l2·|θ|²}, so the gradient {@code 2·l2·θ}
   */
  public record NetConfig(
      String task,
      String projection,
      Split data,
      int epochs,
      int batch,
      double lr,
      double l2,
      PrintStream progress) {}

  /** The model of a network task, initialised from {@code seed}. */
  public static Model model(String task, long seed) {
    return switch (task) {
      case "fc" -> Models.mlp("784-200-200-10", Activation.RELU, seed);
      case "lenet" -> Models.lenetSmall(seed);
      default ->
          throw new IllegalArgumentException("unknown task '" + task + "'; use toy, fc or lenet");
    };
  }

  /** Test accuracy of direct training (all D parameters) with seed {@code seed}. */
  public static double direct(NetConfig c, long seed) throws IOException {
    Model m = model(c.task(), seed);
    return lastAccuracy(trainer(c, m, null, seed).run());
  }

  /** Test accuracy of training θ_d in a d-dimensional subspace, seed {@code seed}. */
  public static double subspace(NetConfig c, int d, long seed) throws IOException {
    Model m = model(c.task(), seed);
    Projection p =
        Projections.create(c.projection(), m.parameterCount(), d, mix(seed ^ 0x50524F4AL));
    Subspace s = new Subspace(p, m.arena().theta());
    return lastAccuracy(trainer(c, m, s, seed).run());
  }

  private static Trainer trainer(NetConfig c, Model m, Subspace s, long seed) {
    Adam.Builder adam = Adam.builder().stepSize(c.lr()).beta2(0.99).eps(1e-8);
    if (s == null) {
      adam.prior(2 * c.l2()); // direct training: the L2 gradient 2·l2·θ as Adam's coupled decay
    }
    Trainer.Builder b =
        Trainer.builder(m, adam.build(), c.data())
            .epochs(c.epochs())
            .batchSize(c.batch())
            .seed(seed)
            .progress(c.progress())
            .interactive(false);
    if (s != null) {
      b.subspace(s, 2 * c.l2());
    }
    return b.build();
  }

  private static double lastAccuracy(List<EpochReport> reports) {
    return reports.get(reports.size() - 1).test().accuracy();
  }

  /**
   * Options of the toy.
   *
   * @param steps Adam steps per run (full gradient)
   * @param lr Adam's learning rate
   */
  public record ToyConfig(ToyObjective objective, String projection, int steps, double lr) {}

  /**
   * The best J over the Adam steps of one run in a d-dimensional subspace (d = 0 or d ≥ D:
   * training all D coordinates directly). θ_0 is N(0, 0.01²) from the seed.
   */
  public static double toy(ToyConfig c, int d, long seed) {
    ToyObjective obj = c.objective();
    int bigD = obj.dim();
    float[] theta = initialTheta(bigD, seed);
    float[] g = new float[bigD];
    boolean directly = d <= 0 || d >= bigD;
    Subspace s =
        directly
            ? null
            : new Subspace(Projections.create(c.projection(), bigD, d, mix(seed ^ 0x50524F4AL)),
                theta);
    float[] x = directly ? theta : s.thetaSmall();
    float[] gx = directly ? g : new float[d];
    // lr/(1 + 10·t/steps): a constant rate leaves Adam circling the minimum of a quadratic
    Sampler adam = Adam.builder()
        .stepSize(Schedule.polynomial(c.lr() * c.steps() / 10.0, c.steps() / 10.0, 1)).build();
    State st = adam.init(x.length, seed);
    double best = Double.POSITIVE_INFINITY;
    for (int t = 0; t < c.steps(); t++) {
      if (s != null) {
        s.expand(theta);
      }
      double j = obj.valueAndGradient(theta, g);
      best = Math.min(best, j);
      if (s != null) {
        s.pullBack(g, gx);
      }
      adam.step(x, gx, st);
    }
    if (s != null) {
      s.expand(theta);
    }
    return Math.min(best, obj.value(theta));
  }

  /**
   * The exact minimum of J over the same subspace as {@link #toy} with the same seed (θ_0 and P):
   * J is quadratic, {@code J = |b − M·θ_d|²} with {@code b = 1 − A·θ_0} and {@code M = A·P} (A the
   * G×D group-sum matrix), so its minimum is the squared distance of b from the column space of M,
   * computed in double by modified Gram–Schmidt on M's columns (columns of norm below 1e-9 of
   * the largest after orthogonalisation are dependent and skipped). d ≤ 0 or d ≥ D: 0.
   */
  public static double toyExactMinimum(ToyConfig c, int d, long seed) {
    ToyObjective obj = c.objective();
    int bigD = obj.dim();
    int groups = obj.groups();
    int size = obj.groupSize();
    if (d <= 0 || d >= bigD) {
      return 0;
    }
    float[] theta0 = initialTheta(bigD, seed);
    Projection p = Projections.create(c.projection(), bigD, d, mix(seed ^ 0x50524F4AL));
    double[] b = new double[groups];
    for (int r = 0; r < groups; r++) {
      double s = 0;
      for (int i = r * size; i < (r + 1) * size; i++) {
        s += theta0[i];
      }
      b[r] = 1 - s;
    }
    float[] e = new float[d];
    float[] col = new float[bigD];
    double[][] q = new double[d][];
    int rank = 0;
    double largest = 0;
    for (int j = 0; j < d; j++) {
      java.util.Arrays.fill(e, 0f);
      e[j] = 1f;
      p.apply(e, null, col);
      double[] m = new double[groups];
      for (int r = 0; r < groups; r++) {
        for (int i = r * size; i < (r + 1) * size; i++) {
          m[r] += col[i];
        }
      }
      for (int pass = 0; pass < 2; pass++) { // twice is enough (Kahan–Parlett)
        for (int k = 0; k < rank; k++) {
          double dot = 0;
          for (int r = 0; r < groups; r++) {
            dot += q[k][r] * m[r];
          }
          for (int r = 0; r < groups; r++) {
            m[r] -= dot * q[k][r];
          }
        }
      }
      double norm = 0;
      for (double v : m) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      largest = Math.max(largest, norm);
      if (norm > 1e-9 * largest && rank < groups) {
        for (int r = 0; r < groups; r++) {
          m[r] /= norm;
        }
        q[rank++] = m;
      }
    }
    double j = 0;
    for (double v : b) {
      j += v * v;
    }
    for (int k = 0; k < rank; k++) {
      double dot = 0;
      for (int r = 0; r < groups; r++) {
        dot += q[k][r] * b[r];
      }
      j -= dot * dot;
    }
    return Math.max(0, j);
  }

  private static float[] initialTheta(int bigD, long seed) {
    float[] theta = new float[bigD];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < bigD; i++) {
      theta[i] = (float) (0.01 * gaussian(r));
    }
    return theta;
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** "d = 750: 0.9123 ± 0.0040 (3 runs)". */
  public static String describe(Sweep.Point p) {
    return String.format(
        Locale.ROOT, "d = %d: %.4f ± %.4f (%d runs)", p.d(), p.mean(), p.std(), p.runs());
  }
}
