package io.langevin.bench.quick;

import io.langevin.bench.TrainBench;
import io.langevin.bench.UpdateBench;
import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.elementwise.Elementwise;
import io.langevin.kernels.fwht.Fwht;
import io.langevin.kernels.gemm.Gemm;
import io.langevin.kernels.random.Noise;
import io.langevin.kernels.update.Update;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code langevin bench --quick}: every kernel's figure in well under a minute, each beside a limit
 * measured in the same run ({@link MachineLimits}). Figures are medians of short timed batches, not
 * JMH; the JMH classes in {@code io.langevin.bench} give the recorded figures.
 *
 * <p>Kernel names (for {@code --only}): {@code triad}, {@code peak}, {@code gemm}, {@code fwht},
 * {@code gaussian}, {@code axpy}, and the fused sampler/optimiser steps {@code sgld}, {@code psgld},
 * {@code sghmc}, {@code sgnht}, {@code santa} (Euler, exploration), {@code adam} at {@code
 * D=10000000} parameters, in GB/s of the rule's minimal bytes per parameter ({@link
 * UpdateBench#bytesPerParameter}: 12, 20, 20, 20, 44, 28; the facade's extra gradient pre-check read
 * is not counted) against the triad. GEMM shapes are {@code MxKxN}; the MLP layer shapes carry their
 * layout after a colon: {@code NT} = A·Bᵀ (forward x·Wᵀ), {@code NN} = A·B (backward dX = dY·W),
 * {@code TN} = Aᵀ·B (backward dW = dYᵀ·X).
 *
 * <p>{@code mlp-train} (MLP 784-400-400-10, batch 100) and {@code lenet-train} (LeNet-5, batch 64)
 * are whole training steps ({@link TrainBench.Training}: loss and gradient, then an SGD step) in
 * examples/s. Their limit is the FMA peak divided by the step's GEMM/convolution FLOP per example
 * ({@link TrainBench.Training#flopsPerExample}), so the ratio is the fraction of the FMA peak the
 * step reaches; the note gives the split of one thread's step time (reset and gradient zeroing,
 * forward with the loss, backward, optimiser step).
 *
 * <p>{@code fastfood-apply}, {@code fastfood-transpose}, {@code sparse-apply}, {@code dense-apply}
 * are the random-subspace projections ({@link io.langevin.projection}) at {@code D=199210,d=750}
 * (the MLP 784-200-200-10 at the paper's d_int90), in ms per call. Their limit is the memory floor
 * in ms: the call's compulsory bytes ({@link #projectionBytes}) over the triad bandwidth, so the
 * ratio is "times the floor". Dense is the stored matrix (597.6 MB read per call) when the heap
 * allows, else regenerated from Philox (compute-bound: the note says so and the limit is the
 * stored floor, for scale).
 */
public final class QuickBench {
  /** Every kernel name this bench knows, in run order. */
  public static final List<String> KERNELS =
      List.of(
          "triad", "peak", "gemm", "fwht", "gaussian", "axpy", "sgld", "psgld", "sghmc", "sgnht",
          "santa", "adam", "mlp-train", "lenet-train", "fastfood-apply", "fastfood-transpose",
          "sparse-apply", "dense-apply");

  /** The fused-step rows, in run order (a subset of {@link #KERNELS}). */
  private static final List<String> UPDATE_RULES =
      List.of("sgld", "psgld", "sghmc", "sgnht", "santa", "adam");

  /** The projection rows, in run order (a subset of {@link #KERNELS}). */
  private static final List<String> PROJECTION_ROWS =
      List.of("fastfood-apply", "fastfood-transpose", "sparse-apply", "dense-apply");

  /** D and d of the projection rows: the MLP 784-200-200-10 at d = 750. */
  private static final int PROJ_D = 199_210;

  private static final int PROJ_SMALL = 750;

  /** Parameters of the fused-step rows: 4 to 6 arrays of 40 MB. */
  private static final int UPDATE_D = 10_000_000;

  private static final double SECONDS = 1.0;

  private final Set<String> only;
  private final Consumer<BenchResult> sink;
  private final List<BenchResult> results = new ArrayList<>();
  private final int nThreads = CpuPool.threads();
  private final double[] triad = new double[2];
  private final double[] fma = new double[2];
  private final double[] add = new double[2];

  /**
   * @param only kernel names to run (empty = all); limits are always measured
   * @param sink receives each result as soon as it is measured (progress)
   */
  public QuickBench(Set<String> only, Consumer<BenchResult> sink) {
    for (String k : only) {
      if (!KERNELS.contains(k)) {
        throw new IllegalArgumentException("unknown kernel '" + k + "'; known: " + KERNELS);
      }
    }
    this.only = only;
    this.sink = sink;
  }

  /** Runs the selected kernels and returns their results in order. */
  public List<BenchResult> run() {
    int[] threadCounts = nThreads > 1 ? new int[] {1, nThreads} : new int[] {1};
    MachineLimits.warmup(1.0);
    for (int t = 0; t < threadCounts.length; t++) {
      triad[t] = MachineLimits.triad(threadCounts[t], SECONDS);
      fma[t] = MachineLimits.fmaPeak(threadCounts[t], SECONDS * 0.75);
      add[t] = MachineLimits.addPeak(threadCounts[t], SECONDS * 0.75);
      if (selected("triad")) {
        emit("triad", "n=" + MachineLimits.TRIAD_N, threadCounts[t], triad[t], "GB/s", triad[t], "itself");
      }
      if (selected("peak")) {
        emit("peak", "fma", threadCounts[t], fma[t], "GFLOP/s", fma[t], "itself");
        emit("peak", "add", threadCounts[t], add[t], "GFLOP/s", add[t], "itself");
      }
    }
    if (selected("gemm")) {
      // The packed micro-kernel is large: give C2 time to compile it before anything is timed.
      gemmWarmup(1.5);
      for (int t = 0; t < threadCounts.length; t++) {
        gemm(1024, 1024, 1024, false, false, threadCounts[t], t, "1024x1024x1024");
      }
      // MLP 784-400-400-10 with batch 100: forward x·Wᵀ, backward dX = dY·W and dW = dYᵀ·X.
      int[][] layers = {{784, 400}, {400, 400}, {400, 10}};
      for (int[] l : layers) {
        int in = l[0], out = l[1];
        gemm(100, in, out, false, true, 1, 0, "100x" + in + "x" + out + ":NT");
        gemm(100, out, in, false, false, 1, 0, "100x" + out + "x" + in + ":NN");
        gemm(out, 100, in, true, false, 1, 0, out + "x100x" + in + ":TN");
      }
    }
    if (selected("fwht")) {
      int n = 1 << 20;
      float[] fresh = random(n, 3);
      float[] x = fresh.clone();
      int[] calls = {0};
      // The unnormalised transform grows values by about √n per call; restore the input every 8
      // calls (a 4 MiB copy, < 3 % of the time) so the timing never runs on Inf/NaN.
      double sec = time(1, () -> {
        if (++calls[0] % 8 == 0) {
          System.arraycopy(fresh, 0, x, 0, n);
        }
        Fwht.kernel().transform(x, 0, n);
      });
      double gflops = (double) n * 20 / sec / 1e9;
      emit("fwht", "n=" + n, 1, gflops, "GFLOP/s", add[0], "vector add peak; " + fmt(sec * 1e3) + " ms");
    }
    if (selected("gaussian")) {
      int n = 1 << 20;
      float[] out = new float[n];
      for (int t = 0; t < threadCounts.length; t++) {
        long[] step = {0};
        double sec = time(threadCounts[t], () -> Noise.gaussian(42L, step[0]++, 0, 0L, out, 0, n));
        double nsPerNumber = sec * 1e9 / n * threadCounts[t];
        emit("gaussian", "n=" + n, threadCounts[t], 4.0 * n / sec / 1e9, "GB/s", triad[t],
            "triad; " + fmt(nsPerNumber) + " ns per number per thread");
      }
    }
    if (selected("axpy")) {
      int n = 1 << 24;
      float[] x = random(n, 5);
      float[] y = random(n, 6);
      for (int t = 0; t < threadCounts.length; t++) {
        double sec = time(threadCounts[t], () -> Elementwise.kernel().axpy(1e-6f, x, 0, y, 0, n));
        emit("axpy", "n=" + n, threadCounts[t], 12.0 * n / sec / 1e9, "GB/s", triad[t], "triad");
      }
    }
    for (String name : UPDATE_RULES) {
      if (selected(name)) {
        update(name, threadCounts);
      }
    }
    if (selected("mlp-train")) {
      train("mlp-train", "mlp", threadCounts);
    }
    if (selected("lenet-train")) {
      train("lenet-train", "lenet5", threadCounts);
    }
    for (String name : PROJECTION_ROWS) {
      if (selected(name)) {
        projection(name, threadCounts);
      }
    }
    return results;
  }

  /**
   * One training-step row per thread count: examples/s, against the FMA peak expressed in
   * examples/s (peak FLOP/s over the step's FLOP per example).
   */
  private void train(String kernel, String model, int[] threadCounts) {
    TrainBench.Training tr = TrainBench.Training.of(model, "sgd");
    // Until C2 has compiled the GEMM, im2col and elementwise paths the Vector API runs boxed and a
    // step is many times slower (on a fresh JVM the first step takes about 2 s, and the step time
    // settles after 3-4 s of steps): run steps on 1 thread for 4 s, then on the pool for 1 s,
    // before timing anything.
    long end = System.nanoTime() + 4_000_000_000L;
    while (System.nanoTime() < end) {
      CpuPool.serially(tr::step);
    }
    end = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < end) {
      tr.step();
    }
    String shape = (model.equals("mlp") ? "784-400-400-10" : "lenet5") + " b=" + tr.batch();
    double mflop = tr.flopsPerExample() / 1e6;
    for (int t = 0; t < threadCounts.length; t++) {
      double sec = time(threadCounts[t], tr::step);
      double peakExamples = fma[t] * 1e9 / tr.flopsPerExample();
      emit(kernel, shape, threadCounts[t], tr.batch() / sec, "examples/s", peakExamples,
          "FMA peak at " + fmt(mflop) + " MFLOP/example; " + fmt(sec * 1e3) + " ms/step; "
              + split(tr, threadCounts[t]));
    }
  }

  /** Percent of a step's time in reset+zeroGrad / forward+loss / backward / update. */
  private static String split(TrainBench.Training tr, int threads) {
    long[] ns = new long[4];
    Runnable r = () -> {
      long end = System.nanoTime() + 500_000_000L;
      while (System.nanoTime() < end) {
        tr.stepSplit(ns);
      }
    };
    if (threads == 1) {
      CpuPool.serially(r);
    } else {
      r.run();
    }
    double total = ns[0] + ns[1] + ns[2] + ns[3];
    return String.format("zero %.0f%% fwd %.0f%% bwd %.0f%% step %.0f%%",
        100 * ns[0] / total, 100 * ns[1] / total, 100 * ns[2] / total, 100 * ns[3] / total);
  }

  /** One fused-step row per thread count: GB/s of the rule's minimal bytes, against the triad. */
  private void update(String name, int[] threadCounts) {
    UpdateRule rule = UpdateBench.rule(name);
    UpdateParams p = UpdateBench.params(rule);
    // Warm up on a small D first: until C2 has compiled the rule's vector loop (and the noise),
    // the Vector API runs boxed and one call of D = 10^7 would take seconds.
    float[][] w = UpdateBench.arrays(rule, 1 << 14);
    float[][] ws = Arrays.copyOfRange(w, 2, w.length);
    long end = System.nanoTime() + 1_500_000_000L;
    while (System.nanoTime() < end) {
      p.step = (p.step + 1) & 0xFFFFFFFFL;
      Update.step(rule, p, w[0], w[1], ws, w[0].length);
    }
    float[][] a = UpdateBench.arrays(rule, UPDATE_D);
    float[][] st = Arrays.copyOfRange(a, 2, a.length);
    int bytes = UpdateBench.bytesPerParameter(rule);
    for (int t = 0; t < threadCounts.length; t++) {
      double sec =
          time(
              threadCounts[t],
              () -> {
                p.step = (p.step + 1) & 0xFFFFFFFFL;
                Update.step(rule, p, a[0], a[1], st, UPDATE_D);
              });
      emit(name, "D=" + UPDATE_D, threadCounts[t], (double) bytes * UPDATE_D / sec / 1e9, "GB/s",
          triad[t], "triad; " + bytes + " B/param, " + fmt(sec * 1e9 / UPDATE_D) + " ns/param");
    }
  }

  /**
   * Compulsory bytes of one projection call at D, d: Fastfood apply {@code 8L + 8D} (table indices
   * and scaled diagonal streamed, θ_0 read, θ written), transpose {@code 12L + 4D} (g, π⁻¹, the
   * permuted diagonal, the gathered vector once); sparse apply {@code 12·nnz + 8D}; dense (stored)
   * {@code 4·D·d + 8D}.
   */
  static double projectionBytes(String kernel, io.langevin.projection.Projection p) {
    double bigD = p.targetDim();
    return switch (kernel) {
      case "fastfood-apply" ->
          8.0 * ((io.langevin.projection.FastfoodProjection) p).blockLength() + 8 * bigD;
      case "fastfood-transpose" ->
          12.0 * ((io.langevin.projection.FastfoodProjection) p).blockLength() + 4 * bigD;
      case "sparse-apply" ->
          12.0 * ((io.langevin.projection.SparseProjection) p).nonZeros() + 8 * bigD;
      default -> 4.0 * bigD * p.sourceDim() + 8 * bigD;
    };
  }

  /** One projection row per thread count: ms per call against the memory floor in ms. */
  private void projection(String name, int[] threadCounts) {
    io.langevin.projection.Projection p;
    String how = "";
    switch (name) {
      case "fastfood-apply", "fastfood-transpose" ->
          p = new io.langevin.projection.FastfoodProjection(PROJ_D, PROJ_SMALL, 1);
      case "sparse-apply" -> p = new io.langevin.projection.SparseProjection(PROJ_D, PROJ_SMALL, 1);
      default -> {
        boolean store = Runtime.getRuntime().maxMemory() > (3L << 29);
        p =
            new io.langevin.projection.DenseProjection(
                PROJ_D, PROJ_SMALL, 1, store ? 1L << 30 : 0L);
        how = store ? "stored Z; " : "regenerated Z (heap too small to store): compute-bound; ";
      }
    }
    float[] small = random(PROJ_SMALL, 7);
    float[] theta0 = random(PROJ_D, 8);
    float[] out = new float[PROJ_D];
    float[] g = random(PROJ_D, 9);
    float[] gSmall = new float[PROJ_SMALL];
    boolean transpose = name.endsWith("transpose");
    Runnable call =
        transpose ? () -> p.applyTranspose(g, gSmall) : () -> p.apply(small, theta0, out);
    // Let C2 compile the kernels (the Vector API runs boxed until then).
    long end = System.nanoTime() + (name.startsWith("dense") ? 1_000_000_000L : 1_500_000_000L);
    while (System.nanoTime() < end) {
      CpuPool.serially(call);
    }
    double bytes = projectionBytes(name, p);
    for (int t = 0; t < threadCounts.length; t++) {
      double sec = time(threadCounts[t], call);
      double floorMs = bytes / (triad[t] * 1e9) * 1e3;
      emit(name, "D=" + PROJ_D + ",d=" + PROJ_SMALL, threadCounts[t], sec * 1e3, "ms", floorMs,
          how + "memory floor " + fmt(bytes / 1e6) + " MB / triad; " + fmt(bytes / sec / 1e9)
              + " GB/s");
    }
  }

  private void gemm(int m, int k, int n, boolean ta, boolean tb, int threads, int t, String shape) {
    float[] a = random(m * k, 1);
    float[] b = random(k * n, 2);
    float[] c = new float[m * n];
    int lda = ta ? m : k;
    int ldb = tb ? k : n;
    Runnable call = () -> Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    // Each shape may take its own path (packed, direct, dot products): let C2 compile that path.
    long end = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 300 && System.nanoTime() < end; i++) {
      call.run();
    }
    double sec = time(threads, call);
    emit("gemm", shape, threads, 2.0 * m * n * k / sec / 1e9, "GFLOP/s", fma[t], "vector FMA peak");
  }

  private static void gemmWarmup(double seconds) {
    int n = 512;
    float[] a = random(n * n, 1);
    float[] b = random(n * n, 2);
    float[] c = new float[n * n];
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int i = 0;
    while (System.nanoTime() < end) {
      boolean ta = (i & 1) != 0;
      boolean tb = (i & 2) != 0;
      Gemm.sgemm(ta, tb, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
      i++;
    }
  }

  private static double time(int threads, Runnable r) {
    return MachineLimits.time(threads, r, SECONDS);
  }

  private boolean selected(String kernel) {
    return only.isEmpty() || only.contains(kernel);
  }

  private void emit(String kernel, String shape, int threads, double value, String unit, double limit, String note) {
    BenchResult r = new BenchResult(kernel, shape, threads, value, unit, limit, note);
    results.add(r);
    sink.accept(r);
  }

  private static float[] random(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  static String fmt(double v) {
    return String.format("%.3g", v);
  }
}
