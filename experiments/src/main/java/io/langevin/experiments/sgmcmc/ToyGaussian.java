package io.langevin.experiments.sgmcmc;

import io.langevin.experiments.plot.Figure;
import io.langevin.experiments.plot.Palette;
import io.langevin.experiments.plot.Panel;
import io.langevin.kernels.random.Noise;
import io.langevin.samplers.Psgld;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.Santa;
import io.langevin.samplers.Sghmc;
import io.langevin.samplers.Sgld;
import io.langevin.samplers.Sgnht;
import io.langevin.samplers.State;
import io.langevin.samplers.diagnostics.EffectiveSampleSize;
import io.langevin.samplers.schedule.Schedule;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The seed talk's toy: estimate the covariance of N(0, diag(a, 1)) by SG-MCMC with ONE step size
 * for every a ("when the covariance matrix of a target distribution is mildly rescaled, we do not
 * have to choose a new step size for pSGLD"). Set-up as the pSGLD authors' 2-D simulation
 * ({@code simulation/2D/sgld_rmsprop.m}): chain started at (0, 0), energy gradient Σ⁻¹θ plus
 * injected gradient noise {@code gradNoise·N(0, I)} (their 0.1), pSGLD with RMSprop decay 0.9999
 * and λ = 1e-4 (a long average keeps the preconditioner nearly constant, so the Γ term the
 * samplers omit stays negligible).
 *
 * <p>Every sampler gets the same number h as its step size in its own parameterisation: SGLD and
 * pSGLD h, SGHMC and SGNHT η = h (friction 0.1 for SGHMC; SGNHT's default diffusion A = 0.01),
 * Santa (SSS, exploration throughout, no annealing: β_t = 1 so it samples at T = 1, decay 0.9999,
 * λ = 1e-4) η = h. Burn-in draws are dropped; variances are the unbiased sample variances of the
 * rest, averaged over {@code runs} independent chains; errors are root-mean-square over the chains; ESS is Geyer's initial monotone sequence estimate ({@link EffectiveSampleSize}) of each
 * coordinate.
 *
 * <p>Randomness: sampler noise from the sampler's seed, the injected gradient noise of step t from
 * Philox under a different key ({@code seed ^ GRAD_KEY}), so every run is a pure function of the
 * seed.
 */
public final class ToyGaussian {
  /** Samplers in report order. */
  public static final List<String> SAMPLERS = List.of("sgld", "psgld", "sghmc", "sgnht", "santa");

  private static final long GRAD_KEY = 0x6A09E667F3BCC908L;

  /** What to run. */
  public record Config(
      double[] as,
      List<String> samplers,
      int steps,
      int burnIn,
      double stepSize,
      double gradNoise,
      int runs,
      long seed) {
    public Config {
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be ≥ 1, got " + runs);
      }
      if (as.length == 0) {
        throw new IllegalArgumentException("--a needs at least one value");
      }
      for (double a : as) {
        if (!(a > 0) || !Double.isFinite(a)) {
          throw new IllegalArgumentException("--a values must be finite and > 0, got " + a);
        }
      }
      for (String s : samplers) {
        if (!SAMPLERS.contains(s)) {
          throw new IllegalArgumentException(
              "unknown sampler '" + s + "'; choose from " + String.join(",", SAMPLERS) + " or all");
        }
      }
      if (samplers.isEmpty()) {
        throw new IllegalArgumentException("--sampler needs at least one name");
      }
      if (burnIn < 0 || steps - burnIn < 100) {
        throw new IllegalArgumentException(
            "need steps − burn-in ≥ 100 kept samples, got steps " + steps + ", burn-in " + burnIn);
      }
      if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
        throw new IllegalArgumentException("--step-size must be finite and > 0, got " + stepSize);
      }
      if (!(gradNoise >= 0) || !Double.isFinite(gradNoise)) {
        throw new IllegalArgumentException("--grad-noise must be finite and ≥ 0, got " + gradNoise);
      }
    }
  }

  /**
   * The estimate of one sampler on one a over {@code runs} chains (seeds seed, seed+1, …): mean
   * variances, root-mean-square relative errors of the variances (bias and Monte Carlo error
   * together), mean ESS per chain; x and y are the kept draws of the first chain (for plots).
   */
  public record Run(
      String sampler,
      double a,
      double varX,
      double varY,
      double covXY,
      double relErrX,
      double relErrY,
      double essX,
      double essY,
      double seconds,
      double[] x,
      double[] y) {
    /** The smaller of the two coordinates' ESS. */
    public double ess() {
      return Math.min(essX, essY);
    }

    /** The larger of the two RMS relative errors of the variances. */
    public double worstRelErr() {
      return Math.max(relErrX, relErrY);
    }
  }

  private ToyGaussian() {}

  /** The sampler {@code name} with step size h, configured as the class comment says. */
  public static Sampler sampler(String name, double h, int steps) {
    return switch (name) {
      case "sgld" -> Sgld.of(h);
      case "psgld" -> Psgld.builder().stepSize(h).decay(0.9999).lambda(1e-4).firstSquare(true).build();
      case "sghmc" -> Sghmc.builder().stepSize(h).friction(0.1).build();
      case "sgnht" -> Sgnht.of(h);
      case "santa" ->
          Santa.builder()
              .stepSize(h)
              .scheme(Santa.Scheme.SSS)
              .decay(0.9999)
              .lambda(1e-4)
              .burnin(steps + 1L)
              .annealing(Schedule.constant(1))
              .build();
      default -> throw new IllegalArgumentException("unknown sampler '" + name + "'");
    };
  }

  /** Runs every sampler on every a, reporting each run to {@code progress} as it finishes. */
  public static List<Run> runAll(Config c, Consumer<Run> progress) {
    List<Run> runs = new ArrayList<>();
    for (String s : c.samplers()) {
      for (double a : c.as()) {
        Run r = run(s, a, c);
        progress.accept(r);
        runs.add(r);
      }
    }
    return runs;
  }

  /** {@code c.runs()} chains of sampler {@code name} on N(0, diag(a, 1)), summarised. */
  public static Run run(String name, double a, Config c) {
    long start = System.nanoTime();
    double vx = 0, vy = 0, cxy = 0, ex = 0, ey = 0, ssx = 0, ssy = 0;
    Chain first = null;
    for (int r = 0; r < c.runs(); r++) {
      Chain ch = chain(name, a, c, c.seed() + r);
      first = r == 0 ? ch : first;
      vx += ch.varX;
      vy += ch.varY;
      cxy += ch.covXY;
      ex += EffectiveSampleSize.of(ch.x);
      ey += EffectiveSampleSize.of(ch.y);
      ssx += (ch.varX - a) * (ch.varX - a);
      ssy += (ch.varY - 1) * (ch.varY - 1);
    }
    int n = c.runs();
    double seconds = (System.nanoTime() - start) * 1e-9;
    return new Run(name, a, vx / n, vy / n, cxy / n, Math.sqrt(ssx / n) / a, Math.sqrt(ssy / n),
        ex / n, ey / n, seconds, first.x, first.y);
  }

  private record Chain(double varX, double varY, double covXY, double[] x, double[] y) {}

  /** One chain of {@code c.steps()} steps under {@code seed}. */
  private static Chain chain(String name, double a, Config c, long seed) {
    Sampler sampler = sampler(name, c.stepSize(), c.steps());
    float[] theta = new float[2];
    float[] grad = new float[2];
    float[] noise = new float[2];
    State state = sampler.init(2, seed);
    int kept = c.steps() - c.burnIn();
    double[] x = new double[kept];
    double[] y = new double[kept];
    float invA = (float) (1.0 / a);
    float sd = (float) c.gradNoise();
    long gradKey = seed ^ GRAD_KEY;
    for (int t = 0; t < c.steps(); t++) {
      grad[0] = theta[0] * invA;
      grad[1] = theta[1];
      if (sd != 0f) {
        Noise.gaussian(gradKey, t, 0, 0, noise, 0, 2);
        grad[0] += sd * noise[0];
        grad[1] += sd * noise[1];
      }
      sampler.step(theta, grad, state, t);
      if (t >= c.burnIn()) {
        x[t - c.burnIn()] = theta[0];
        y[t - c.burnIn()] = theta[1];
      }
    }
    double mx = mean(x);
    double my = mean(y);
    double vx = 0;
    double vy = 0;
    double cxy = 0;
    for (int i = 0; i < kept; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      vx += dx * dx;
      vy += dy * dy;
      cxy += dx * dy;
    }
    vx /= kept - 1;
    vy /= kept - 1;
    cxy /= kept - 1;
    return new Chain(vx, vy, cxy, x, y);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  /**
   * One PNG per a: a row per sampler with the samples over the target's 1σ and 2σ ellipses, and
   * both marginal histograms over the target density. Returns the files written.
   */
  public static List<Path> plot(List<Run> runs, Config c, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (double a : c.as()) {
      List<Run> rows = runs.stream().filter(r -> r.a() == a).toList();
      Figure f = new Figure(rows.size(), 3, 1200, 320 * rows.size() + 60);
      f.title(String.format(Locale.ROOT,
          "N(0, diag(%s, 1)), step size %s, %d steps (burn-in %d), gradient noise %s; first of %d chains",
          num(a), num(c.stepSize()), c.steps(), c.burnIn(), num(c.gradNoise()), c.runs()));
      double sx = Math.sqrt(a);
      for (int i = 0; i < rows.size(); i++) {
        Run r = rows.get(i);
        Color col = Palette.color(i);
        f.panel(i, 0)
            .title(r.sampler() + ": samples")
            .xLabel("x")
            .yLabel("y")
            .xRange(-4 * sx, 4 * sx)
            .yRange(-4, 4)
            .scatter(r.x(), r.y(), Palette.withAlpha(col, 0.25), 2)
            .ellipse(0, 0, sx, 1, 0, 1, Color.BLACK, "target 1σ")
            .ellipse(0, 0, sx, 1, 0, 2, Color.DARK_GRAY, "target 2σ");
        f.panel(i, 1)
            .title(String.format(Locale.ROOT, "x: mean var %.3g (target %s), ESS %.0f",
                r.varX(), num(a), r.essX()))
            .xLabel("x")
            .histogram(r.x(), 60, -4 * sx, 4 * sx, col, true, r.sampler())
            .function(v -> Math.exp(-v * v / (2 * a)) / Math.sqrt(2 * Math.PI * a),
                Color.BLACK, "N(0, " + num(a) + ")");
        f.panel(i, 2)
            .title(String.format(Locale.ROOT, "y: mean var %.3g (target 1), ESS %.0f",
                r.varY(), r.essY()))
            .xLabel("y")
            .histogram(r.y(), 60, -4, 4, col, true, r.sampler())
            .function(v -> Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI), Color.BLACK, "N(0, 1)");
      }
      files.add(f.writePng(dir.resolve("toy-gaussian-a" + num(a) + ".png")));
    }
    return files;
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
