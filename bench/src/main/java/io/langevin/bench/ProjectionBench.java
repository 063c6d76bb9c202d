package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.projection.DenseProjection;
import io.langevin.projection.FastfoodProjection;
import io.langevin.projection.Projection;
import io.langevin.projection.SparseProjection;
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
 * Random-subspace projections ({@code io.langevin.projection}) at the size of the 784-200-200-10
 * MLP, D = 199,210, with d = 750 (the paper's d_int90): {@code apply} ({@code θ = θ_0 + P·θ_d}) and
 * {@code applyTranspose} ({@code g_d = Pᵀ·g}), on 1 thread ({@code threads=1}, via {@link
 * CpuPool#serially}) and on the pool ({@code threads=pool}).
 *
 * <p>Work and traffic per call (each direction, D·d = 149.4M):
 *
 * <ul>
 *   <li>{@code dense} (default 256 MiB budget, so Z is <b>regenerated</b>): D·d = 149.4M Philox
 *       Gaussians plus 2·D·d = 298.8 MFLOP; no matrix traffic. GFLOP/s = 0.2988 / time(s).
 *   <li>{@code dense-stored} (budget 1 GiB: Z held, 597.6 MB): 298.8 MFLOP and 597.6 MB of Z read
 *       per call: GB/s = 0.5976 / time(s), the figure to hold against the machine's bandwidth.
 *   <li>{@code sparse} (global density 1/sqrt(D), ~335k nonzeros): 2·nnz ≈ 0.67 MFLOP; apply reads
 *       12 bytes per nonzero (row, column, value), θ_0, and writes θ (≈ 8·D + 12·nnz ≈ 5.6 MB),
 *       transpose reads 8 bytes per nonzero plus one random gather of g per nonzero (≈ 2.7 MB +
 *       gathers).
 *   <li>{@code fastfood} (one block, L = 2^18): two FWHTs = 2·L·log₂L = 9.44M add/sub, plus L
 *       products; about 6 passes over 1 MB vectors (L2/L3) and one random gather of L floats:
 *       Gadd/s = 0.00944 / time(s).
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar ProjectionBench}. The dense variants cost a few
 * tenths of a second per call; short smoke runs see only a few calls of those.
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

  @Param({"750"})
  int d;

  @Param({"dense", "dense-stored", "sparse", "fastfood"})
  String kind;

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

  @Setup
  public void setUp() {
    p =
        switch (kind) {
          case "dense" -> new DenseProjection(BIG_D, d, 1);
          case "dense-stored" -> new DenseProjection(BIG_D, d, 1, 1L << 30);
          case "sparse" -> new SparseProjection(BIG_D, d, 1);
          case "fastfood" -> new FastfoodProjection(BIG_D, d, 1);
          default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    SplittableRandom rnd = new SplittableRandom(3);
    thetaSmall = new float[d];
    gSmall = new float[d];
    theta0 = new float[BIG_D];
    theta = new float[BIG_D];
    g = new float[BIG_D];
    for (int j = 0; j < d; j++) {
      thetaSmall[j] = (float) rnd.nextGaussian() * 0.01f;
    }
    for (int i = 0; i < BIG_D; i++) {
      theta0[i] = (float) rnd.nextGaussian() * 0.05f;
      g[i] = (float) rnd.nextGaussian() * 1e-3f;
    }
    apply = () -> p.apply(thetaSmall, theta0, theta);
    transpose = () -> p.applyTranspose(g, gSmall);
  }

  private void run(Runnable r) {
    if (threads.equals("1")) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
  }

  @Benchmark
  public float[] apply() {
    run(apply);
    return theta;
  }

  @Benchmark
  public float[] applyTranspose() {
    run(transpose);
    return gSmall;
  }
}
