package io.langevin.bench;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.cpu.CpuPool;
import io.langevin.nn.Activation;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.projection.DenseProjection;
import io.langevin.projection.FastfoodProjection;
import io.langevin.projection.Projection;
import io.langevin.projection.SparseProjection;
import io.langevin.projection.Subspace;
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
 * Random-subspace projections ({@code io.langevin.projection}): {@code apply} ({@code θ = θ_0 +
 * P·θ_d}) and {@code applyTranspose} ({@code g_d = Pᵀ·g}) at D = 199,210 (the 784-200-200-10 MLP)
 * with d = 750 (the paper's d_int90) and d = 10,000, and at D = 10^6 with d = 10,000; on 1 thread
 * ({@code threads=1}, via {@link CpuPool#serially}) and on the pool ({@code threads=pool}). The
 * {@code shape} parameter is {@code kind:D:d}.
 *
 * <p>Work and compulsory memory traffic per call (each direction; GB/s = bytes / time):
 *
 * <ul>
 *   <li>{@code dense-stored} (budget 1 GiB: Z held), only at D = 199,210, d = 750: 2·D·d = 298.8
 *       MFLOP and 4·D·d = 597.6 MB of Z read, plus 8·D = 1.6 MB (apply: θ_0 in, θ out) or 4·D = 0.8
 *       MB (transpose: g in).
 *   <li>{@code dense} (default 256 MiB budget, so Z is <b>regenerated</b> from Philox), only at D =
 *       199,210, d = 750: D·d = 149.4M Gaussians plus 298.8 MFLOP; compute-bound, no matrix
 *       traffic.
 *   <li>Dense is <b>skipped</b> at d = 10,000: Z would be 8 GB (D = 199,210) or 40 GB (D = 10^6),
 *       and regenerating it costs 2·10^9 (resp. 10^10) Gaussians, seconds per call.
 *   <li>{@code sparse} (global density 1/sqrt(D): nnz ≈ d·sqrt(D) = 335k, 4.46M, 10.0M for the
 *       three shapes): 2·nnz FLOPs; apply reads 12 bytes per nonzero (row, column, value) plus θ_0
 *       and writes θ: {@code 12·nnz + 8·D} bytes; transpose reads 8 bytes per nonzero plus one
 *       gather of g per nonzero: {@code 8·nnz + 4·D} bytes (+ the gathers).
 *   <li>{@code fastfood} (one block, L = 2^18 for D = 199,210, 2^20 for D = 10^6; m = 2^⌈log₂ d⌉):
 *       apply {@code L·log₂L + m·log₂m} add/sub, compulsory bytes {@code 8·L + 8·D} (3.69 MB, 16.4
 *       MB); transpose {@code L·log₂L + L·log₂m + L} add/sub, compulsory bytes {@code 12·L + 4·D}
 *       (3.94 MB, 16.6 MB). See {@link FastfoodProjection}.
 * </ul>
 *
 * <p>{@link Step}: one training step of the 784-200-200-10 ReLU MLP (batch 128, random inputs and
 * labels): {@code direct} = {@code Model.lossAndGradient} + an Adam step on θ (D = 199,210);
 * {@code sparse} / {@code fastfood} = {@code Subspace.expand} + {@code lossAndGradient} + {@code
 * pullBack} + an Adam step on θ_d (d = 750). The Adam step is the fused kernel {@code
 * Update.step(UpdateRule.ADAM, …)} that {@code samplers.Adam} runs (the bench module does not
 * depend on samplers). The ratio subspace/direct is the subspace training overhead.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ProjectionBench}. Setup of sparse at D =
 * 10^6 (10M nonzeros) takes a few seconds; dense calls take a few tenths of a second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ProjectionBench {

  /** The MLP's parameter count. */
  static final int BIG_D = 199_210;

  @Param({
    "fastfood:199210:750",
    "fastfood:199210:10000",
    "fastfood:1000000:10000",
    "sparse:199210:750",
    "sparse:199210:10000",
    "sparse:1000000:10000",
    "dense-stored:199210:750",
    "dense:199210:750"
  })
  String shape;

  @Param({"1", "pool"})
  String threads;

  private Projection p;
  private float[] thetaSmall;
  private float[] theta0;
  private float[] theta;
  private float[] g;
  private float[] gSmall;
  private Runnable apply;
  private Runnable transpose;

  /** A projection from {@code kind:D:d}. */
  static Projection make(String shape) {
    String[] f = shape.split(":");
    int bigD = Integer.parseInt(f[1]);
    int d = Integer.parseInt(f[2]);
    return switch (f[0]) {
      case "dense" -> new DenseProjection(bigD, d, 1);
      case "dense-stored" -> new DenseProjection(bigD, d, 1, 1L << 30);
      case "sparse" -> new SparseProjection(bigD, d, 1);
      case "fastfood" -> new FastfoodProjection(bigD, d, 1);
      default -> throw new IllegalArgumentException("unknown kind in " + shape);
    };
  }

  @Setup
  public void setUp() {
    p = make(shape);
    int bigD = p.targetDim();
    int d = p.sourceDim();
    SplittableRandom rnd = new SplittableRandom(3);
    thetaSmall = new float[d];
    gSmall = new float[d];
    theta0 = new float[bigD];
    theta = new float[bigD];
    g = new float[bigD];
    for (int j = 0; j < d; j++) {
      thetaSmall[j] = (float) rnd.nextGaussian() * 0.01f;
    }
    for (int i = 0; i < bigD; i++) {
      theta0[i] = (float) rnd.nextGaussian() * 0.05f;
      g[i] = (float) rnd.nextGaussian() * 1e-3f;
    }
    apply = () -> p.apply(thetaSmall, theta0, theta);
    transpose = () -> p.applyTranspose(g, gSmall);
  }

  static void run(String threads, Runnable r) {
    if (threads.equals("1")) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
  }

  @Benchmark
  public float[] apply() {
    run(threads, apply);
    return theta;
  }

  @Benchmark
  public float[] applyTranspose() {
    run(threads, transpose);
    return gSmall;
  }

  /** One training step of the MLP, direct or in a d = 750 subspace (see the class Javadoc). */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Fork(
      value = 1,
      jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  public static class Step {
    static final int BATCH = 128;
    static final int D_SMALL = 750;

    @Param({"direct", "sparse", "fastfood"})
    String mode;

    @Param({"1", "pool"})
    String threads;

    private Model model;
    private Subspace subspace;
    private final UpdateParams adam = UpdateBench.params(UpdateRule.ADAM);
    private final Tape tape = new Tape();
    private float[] x;
    private int[] labels;
    private float[] gSmall;
    private long step;
    private Runnable body;

    @Setup
    public void setUp() {
      model = Models.mlp("784-200-200-10", Activation.RELU, 1);
      SplittableRandom rnd = new SplittableRandom(5);
      x = new float[BATCH * 784];
      labels = new int[BATCH];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextDouble();
      }
      for (int i = 0; i < BATCH; i++) {
        labels[i] = rnd.nextInt(10);
      }
      float[] theta = model.arena().theta();
      if (mode.equals("direct")) {
        float[][] st = {new float[theta.length], new float[theta.length]};
        body =
            () -> {
              model.lossAndGradient(tape, x, labels, BATCH, io.langevin.nn.Mode.TRAIN, 0, step++);
              Update.step(UpdateRule.ADAM, adam, theta, model.arena().grad(), st, theta.length);
            };
      } else {
        Projection p = make(mode + ":" + theta.length + ":" + D_SMALL);
        subspace = new Subspace(p, theta);
        gSmall = new float[D_SMALL];
        float[][] st = {new float[D_SMALL], new float[D_SMALL]};
        body =
            () -> {
              subspace.expand(theta);
              model.lossAndGradient(tape, x, labels, BATCH, io.langevin.nn.Mode.TRAIN, 0, step++);
              subspace.pullBack(model.arena().grad(), gSmall);
              Update.step(UpdateRule.ADAM, adam, subspace.thetaSmall(), gSmall, st, D_SMALL);
            };
      }
    }

    @Benchmark
    public long step() {
      run(threads, body);
      return step;
    }
  }
}
