package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.update.Update;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fused sampler/optimiser step ({@link Update#step}) over D parameters, on 1 thread ({@code
 * threads=1}, via {@link CpuPool#serially}) and on the pool ({@code threads=pool}, all CPUs; only
 * {@code D ≥ 2·Update.GRAIN = 65536} is split, so every D here is).
 *
 * <p>The score is milliseconds per step: <b>ns per parameter = score · 10^6 / D</b>, and <b>GB/s =
 * minimal bytes per parameter · D / (score · 10^6)</b>, with the minimal bytes (float32, STREAM
 * convention: no write-allocate traffic) of each rule:
 *
 * <ul>
 *   <li>{@code sgd}, {@code sgld}: read θ, g, write θ = <b>12 B</b> ({@code sgd} is SGLD with σ =
 *       0, bit for bit: SGLD minus its noise);
 *   <li>{@code psgld}, {@code sghmc}, {@code sgnht} (and RMSprop, momentum): read θ, g, one state,
 *       write θ and the state = <b>20 B</b>;
 *   <li>{@code adam}: read θ, g, m, v, write θ, m, v = <b>28 B</b>;
 *   <li>{@code santa} (Euler scheme, exploration, with noise and the correction term): read θ, g,
 *       v, u, α, q, write θ, v, u, α, q = <b>44 B</b>.
 * </ul>
 *
 * The facade also reads the gradient once more before the pass (its NaN/Inf pre-check, 4 B per
 * parameter), which these minimal figures do not count. Work per parameter besides the memory
 * traffic: one reproducible Gaussian for the noisy rules (about 2 ns on one thread on the 2-vCPU
 * development machine, the dominant cost), a sqrt and a division for the preconditioned ones, two
 * sqrt and two divisions for Santa. Each call uses a new step number, so it draws fresh noise.
 *
 * <p>Rough single-thread CPU time per parameter at D = 10^7 (loaded development machine): sgd
 * 1.3–1.6 ns, sgld 3.6–4.2, psgld 4.4–5.5, sghmc 5.2, sgnht 5.3, adam 2.5, santa 7.3 ns; the
 * 2-thread scaling could not be measured there (the second vCPU was busy). Warm-up is 6 × 2 s:
 * until C2 has compiled the rule's loop and the noise, the Vector API runs boxed (a first pool call
 * at D = 10^5 took 2.5 s there, the fourth warm-up iteration 1.2 ms). Run: {@code java -jar
 * bench/target/benchmarks.jar UpdateBench}; compare with {@code LimitsBench}'s triad.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
public class UpdateBench {

  @Param({"sgld", "psgld", "sghmc", "sgnht", "santa", "adam", "sgd"})
  String rule;

  @Param({"100000", "1000000", "10000000"})
  int d;

  @Param({"1", "pool"})
  String threads;

  private UpdateRule kind;
  private UpdateParams p;
  private float[] theta;
  private float[] grad;
  private float[][] state;

  /** The rule a bench name stands for. */
  public static UpdateRule rule(String name) {
    return switch (name) {
      case "sgd" -> UpdateRule.SGD;
      case "sgld" -> UpdateRule.SGLD;
      case "psgld" -> UpdateRule.PSGLD;
      case "sghmc" -> UpdateRule.SGHMC;
      case "sgnht" -> UpdateRule.SGNHT;
      case "santa" -> UpdateRule.SANTA_EULER;
      case "adam" -> UpdateRule.ADAM;
      default -> throw new IllegalArgumentException("unknown rule '" + name + "'");
    };
  }

  /** Minimal bytes moved per parameter by a step of {@code rule} (see the class comment). */
  public static int bytesPerParameter(UpdateRule rule) {
    return switch (rule) {
      case SGD, SGLD -> 12;
      case ADAM -> 28;
      case SANTA_EULER, SANTA_SSS -> 44;
      default -> 20;
    };
  }

  /**
   * Step parameters that keep a long run finite and normal: small steps, and no prior, so the
   * energy gradient stays the fixed random g. (With a prior, θ converges to −g/λ on this fixed
   * gradient, the energy gradient and the moment estimates decay geometrically and reach subnormal
   * floats after a few thousand steps, where every operation takes a slow microcode assist on x86:
   * Adam measured 30 ns per parameter instead of about 1.)
   */
  public static UpdateParams params(UpdateRule rule) {
    UpdateParams p = new UpdateParams();
    p.lr = 1e-4f;
    p.gradScale = 1f;
    p.prior = 0f;
    p.momentum = 0.9f;
    p.decay = 0.99f;
    p.beta1 = 0.9f;
    p.eps = 1e-5f;
    p.biasCorrection1 = 0.5f;
    p.biasCorrection2 = 0.5f;
    p.sigma = rule == UpdateRule.SGD ? 0f : (float) Math.sqrt(2e-4);
    p.anneal = 1e-6f;
    p.floor = 1e-3f;
    if (rule == UpdateRule.SANTA_EULER || rule == UpdateRule.SANTA_SSS) {
      // Santa's default noise scale (Santa.NoiseScale.CONSISTENT) at η = lr, T/β = 1: thermostat
      // target a = η, noise σ = sqrt(2·η^1.5), so the thermostat settles near α ≈ g·sqrt(η) ≪ 2
      // (the Euler scheme is stable only for α < 2); λ = 1 bounds g = 1/sqrt(λ + sqrt(v)) by 1.
      p.eps = 1f;
      p.anneal = p.lr;
      p.sigma = (float) Math.sqrt(2 * Math.pow(p.lr, 1.5));
    }
    p.exploration = true;
    p.correction = true;
    p.seed = 42;
    return p;
  }

  /** θ, g and state arrays of length d for {@code rule}: {θ, g, state 0, ...}. */
  public static float[][] arrays(UpdateRule rule, int d) {
    SplittableRandom r = new SplittableRandom(7);
    float[][] a = new float[2 + rule.stateArrays()][d];
    for (int i = 0; i < d; i++) {
      a[0][i] = (float) r.nextDouble(-1, 1);
      a[1][i] = (float) r.nextDouble(-1, 1);
    }
    if (rule == UpdateRule.SANTA_EULER || rule == UpdateRule.SANTA_SSS) {
      java.util.Arrays.fill(a[2], 0.3f); // v
      java.util.Arrays.fill(a[3], 1e-2f); // u ~ sqrt(anneal)
      java.util.Arrays.fill(a[4], 1e-2f); // α near its settling value g·sqrt(η)
      java.util.Arrays.fill(a[5], 1f); // q, the previous preconditioner
    } else {
      for (int k = 2; k < a.length; k++) {
        java.util.Arrays.fill(a[k], 0.1f);
      }
    }
    return a;
  }

  @Setup
  public void setUp() {
    kind = rule(rule);
    p = params(kind);
    float[][] a = arrays(kind, d);
    theta = a[0];
    grad = a[1];
    state = new float[a.length - 2][];
    System.arraycopy(a, 2, state, 0, state.length);
  }

  @Benchmark
  public double step() {
    p.step = (p.step + 1) & 0xFFFFFFFFL;
    if (threads.equals("1")) {
      double[] r = new double[1];
      CpuPool.serially(() -> r[0] = Update.step(kind, p, theta, grad, state, d));
      return r[0];
    }
    return Update.step(kind, p, theta, grad, state, d);
  }
}
