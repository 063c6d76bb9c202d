package io.langevin.bench.gpu;

import io.langevin.kernels.cuda.CudaFwht;
import io.langevin.kernels.cuda.CudaGemm;
import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.CudaOps;
import io.langevin.kernels.cuda.CudaTimer;
import io.langevin.kernels.cuda.DeviceArray;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.nn.Activation;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.nn.cuda.CudaNet;
import io.langevin.projection.FastfoodProjection;
import io.langevin.projection.SparseProjection;
import io.langevin.projection.cuda.CudaFastfood;
import io.langevin.projection.cuda.CudaSparse;
import io.langevin.projection.cuda.DeviceProjection;
import io.langevin.kernels.update.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The timing half of the GPU check ({@code cuda-src/gpu-check.sh run}): the noise, every update
 * rule, ReLU and axpy, FWHT, the Fastfood and sparse projections, GEMM and whole training steps
 * timed with CUDA events (median of repetitions after warm-up) on data made on the device,
 * reported as GB/s (bytes each call must move: every input read once, every output written once)
 * or GFLOP/s, and as a ratio to a device-to-device copy of 1 GiB measured first in the same run.
 * Correctness is the JUnit half's job (the Cuda*Test classes); this only times. (The convolution,
 * pooling, softmax and bias kernels are timed only inside the training steps.)
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.langevin.bench.gpu.GpuBench [--quick] [TSV]
 * </pre>
 *
 * Prints one line per kernel as it goes and the table last; writes the table as TSV when a path is
 * given. {@code --quick}: sizes ÷ 16 (for a smoke run).
 */
public final class GpuBench {
  /** One measured row. */
  record Row(String kernel, String size, double ms, double gbs, double gflops, double ofCopy) {}

  /**
   * Calls per pair of events: the launches queue back to back, so the host's launch latency (tens
   * of microseconds through JCuda) is paid once per pair, not per call.
   */
  static final int INNER = 10;

  private final CudaKernels cuda;
  private final CudaTimer timer;
  private final List<Row> rows = new ArrayList<>();
  private final int scale;
  private double copyGbs = Double.NaN;

  GpuBench(CudaKernels cuda, int scale) {
    this.cuda = cuda;
    this.timer = new CudaTimer(cuda);
    this.scale = scale;
  }

  public static void main(String[] args) throws IOException {
    boolean quick = false;
    Path tsv = null;
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else if (a.startsWith("--")) {
        throw new IllegalArgumentException("GpuBench: unknown option " + a + " (known: --quick)");
      } else {
        tsv = Path.of(a);
      }
    }
    CudaKernels cuda = CudaKernels.get();
    System.out.println("[gpu-bench] " + cuda.deviceName() + (quick ? " (quick sizes)" : ""));
    GpuBench b = new GpuBench(cuda, quick ? 16 : 1);
    List<String> failed = new ArrayList<>();
    for (Section s : b.sections()) {
      try {
        s.run();
      } catch (RuntimeException | Error e) {
        failed.add(s.name() + ": " + e);
        System.out.println("[gpu-bench] section " + s.name() + " FAILED: " + e);
        e.printStackTrace(System.out);
      }
    }
    b.print(tsv);
    if (!failed.isEmpty()) {
      System.out.println("[gpu-bench] failed sections: " + failed);
      System.exit(1);
    }
  }

  /** A named group of measurements. */
  record Section(String name, Runnable body) {
    void run() {
      body.run();
    }
  }

  List<Section> sections() {
    List<Section> s = new ArrayList<>();
    s.add(new Section("copy", this::copy));
    s.add(new Section("noise", this::noise));
    s.add(new Section("update", this::updates));
    s.add(new Section("projection", this::projection));
    s.add(new Section("ops", this::ops));
    s.add(new Section("sgemm", this::sgemm));
    s.add(new Section("train", this::train));
    return s;
  }

  // ---------------------------------------------------------------------------------- sections

  /** Device-to-device copy of 1 GiB (cuMemcpyDtoD): the bandwidth every ratio is taken against. */
  void copy() {
    int n = (1 << 28) / scale;
    try (DeviceArray a = cuda.alloc(n);
        DeviceArray b = cuda.alloc(n)) {
      cuda.gaussian(1, 0, 0, 0, a, n);
      double ms = timer.medianMillis(() -> b.copyFrom(a), 3, 11, INNER);
      double gbs = 8.0 * n / (ms * 1e6);
      copyGbs = gbs;
      add("copy D2D", n, ms, gbs, Double.NaN);
    }
  }

  /** Gaussian noise into one array (4 bytes written per element, Philox + Box–Muller). */
  void noise() {
    int n = 100_000_000 / scale;
    try (DeviceArray a = cuda.alloc(n)) {
      long[] step = {0};
      double ms =
          timer.medianMillis(() -> cuda.gaussian(7, step[0]++, 0, 0, a, n), 2, 11, INNER);
      add("noise gaussian", n, ms, 4.0 * n / (ms * 1e6), Double.NaN);
      ms = timer.medianMillis(() -> cuda.bits(7, step[0]++, 0, 0, a, n), 2, 11, INNER);
      add("noise bits", n, ms, 4.0 * n / (ms * 1e6), Double.NaN);
    }
  }

  /**
   * One fused step of every rule at D = 10^8, kernel alone ({@link CudaKernels#queueUpdate}) and,
   * for pSGLD, with the non-finite check read back every step ({@link CudaKernels#update}). Bytes:
   * θ and g read, θ written, each state array read and written: {@code 4·D·(3 + 2·states)}.
   */
  void updates() {
    int n = 100_000_000 / scale;
    try (DeviceArray theta = cuda.alloc(n);
        DeviceArray grad = cuda.alloc(n);
        DeviceArray s0 = cuda.alloc(n);
        DeviceArray s1 = cuda.alloc(n);
        DeviceArray s2 = cuda.alloc(n);
        DeviceArray s3 = cuda.alloc(n)) {
      DeviceArray[] state = {s0, s1, s2, s3};
      UpdateParams p = params();
      // the default grid policy for every rule, then the two fixed grids for three rules
      try {
        for (int perSm : new int[] {CudaKernels.AUTO, 0, 16}) {
          cuda.setElementwiseBlocksPerSm(perSm);
          String grid =
              perSm == CudaKernels.AUTO ? "" : perSm == 0 ? " (1 quad/thread)" : " (16 blocks/SM)";
          for (UpdateRule rule : UpdateRule.values()) {
            if (perSm != CudaKernels.AUTO
                && rule != UpdateRule.PSGLD
                && rule != UpdateRule.SGD
                && rule != UpdateRule.SANTA_EULER) {
              continue;
            }
            // fresh, finite data for each rule: θ, g ~ N(0, 1); states uniform in (0, 1]
            cuda.gaussian(11, rule.ordinal(), 0, 0, theta, n);
            cuda.gaussian(11, rule.ordinal(), 1, 0, grad, n);
            for (int k = 0; k < 4; k++) {
              cuda.uniform(11, rule.ordinal(), 2 + k, 0, state[k], n);
            }
            double ms =
                timer.medianMillis(
                    () -> {
                      p.step++;
                      cuda.queueUpdate(rule, p, theta, grad, state, 0, true);
                    },
                    2,
                    11,
                    INNER);
            double bytes = 4.0 * n * (3 + 2 * rule.stateArrays());
            String name = "update " + rule.name().toLowerCase(Locale.ROOT) + grid;
            add(name, n, ms, bytes / (ms * 1e6), Double.NaN);
            if (rule == UpdateRule.PSGLD && perSm == CudaKernels.AUTO) {
              cuda.clearNonFinite(); // report this loop's steps only
              io.langevin.kernels.update.RangeResult res =
                  new io.langevin.kernels.update.RangeResult();
              ms =
                  timer.medianMillis(
                      () -> {
                        p.step++;
                        cuda.update(rule, p, theta, grad, state, 0, true, res);
                      },
                      2,
                      11,
                      INNER);
              add("update psgld+check", n, ms, bytes / (ms * 1e6), Double.NaN);
              if (res.badIndex >= 0) {
                throw new IllegalStateException(
                    "psgld step produced a non-finite value at " + res.badIndex);
              }
            }
          }
        }
      } finally {
        cuda.setElementwiseBlocksPerSm(CudaKernels.AUTO);
      }
    }
  }

  /**
   * FWHT of 2^24 and 2^27 floats ({@link CudaFwht}: bytes = 8·n per pass over memory, the
   * shared-memory tile pass plus the global passes), and the Fastfood and sparse projections at D =
   * 3·10^7 (sparse 10^7), d = 1000, out = θ0 + P·θd and Pᵀ·g ({@code applyBytes}/{@code
   * transposeBytes}: the bytes each call must move).
   */
  void projection() {
    CudaFwht fwht = new CudaFwht(cuda);
    for (int log2n : new int[] {24, 27}) {
      int lg = scale == 1 ? log2n : log2n - 4;
      int n = 1 << lg;
      try (DeviceArray x = cuda.alloc(n)) {
        cuda.gaussian(9, 0, 0, 0, x, n);
        double ms = timer.medianMillis(() -> fwht.fwht(x, 0, lg, 1), 2, 11, INNER);
        int passes = 1 + CudaFwht.passStages(lg - CudaFwht.TILE_LOG).length;
        double gbs = 8.0 * n * passes / (ms * 1e6);
        add("fwht 2^" + lg + " (" + passes + " passes)", n, ms, gbs, Double.NaN);
      }
    }
    // D = 3·10^7 (L = 2^25): building the CPU object the device copies takes ~30 s at 10^8
    int bigD = 30_000_000 / scale;
    int d = 1000;
    try (CudaFastfood ff = new CudaFastfood(cuda, new FastfoodProjection(bigD, d, 3))) {
      projectionCase("fastfood", ff, 1);
    }
    int sparseD = 10_000_000 / scale;
    try (CudaSparse sp = new CudaSparse(cuda, new SparseProjection(sparseD, d, 4))) {
      projectionCase("sparse", sp, 2);
    }
  }

  /** {@code out = θ0 + P·θd} and {@code Pᵀ·g} of {@code p} on Gaussian data (noise step k). */
  private void projectionCase(String name, DeviceProjection p, int k) {
    int bigD = p.targetDim();
    int d = p.sourceDim();
    try (DeviceArray small = cuda.alloc(d);
        DeviceArray theta0 = cuda.alloc(bigD);
        DeviceArray out = cuda.alloc(bigD)) {
      cuda.gaussian(9, k, 0, 0, small, d);
      cuda.gaussian(9, k, 1, 0, theta0, bigD);
      String size = bigD + "x" + d;
      double ms = timer.medianMillis(() -> p.apply(small, theta0, out), 2, 11, INNER);
      addSized(name + " apply", size, ms, p.applyBytes(true) / (ms * 1e6), Double.NaN);
      ms = timer.medianMillis(() -> p.applyTranspose(theta0, small), 2, 11, INNER);
      addSized(name + " transpose", size, ms, p.transposeBytes() / (ms * 1e6), Double.NaN);
    }
  }

  /** Elementwise training ops at 10^8: ReLU (8 bytes per element), axpy (12). */
  void ops() {
    int n = 100_000_000 / scale;
    CudaOps ops = new CudaOps(cuda);
    try (DeviceArray x = cuda.alloc(n);
        DeviceArray y = cuda.alloc(n)) {
      cuda.gaussian(5, 0, 0, 0, x, n);
      cuda.gaussian(5, 0, 1, 0, y, n);
      double ms = timer.medianMillis(() -> ops.relu(n, x, 0, y, 0), 2, 11, INNER);
      add("relu", n, ms, 8.0 * n / (ms * 1e6), Double.NaN);
      ms = timer.medianMillis(() -> ops.axpy(n, 1e-3f, x, 0, y, 0), 2, 11, INNER);
      add("axpy", n, ms, 12.0 * n / (ms * 1e6), Double.NaN);
    }
  }

  /**
   * {@link CudaGemm} on a large square product and on the products of one MLP training step
   * (batch 100, 784-400-400-10: forward x·Wᵀ, backward dY·W and dYᵀ·X); {@code 2·m·n·k} FLOP.
   */
  void sgemm() {
    CudaGemm gemm = new CudaGemm(cuda);
    int big = 4096 / (scale == 1 ? 1 : 4);
    gemmCase(gemm, "sgemm NN", false, false, big, big, big);
    gemmCase(gemm, "sgemm NT", false, true, big, big, big);
    gemmCase(gemm, "sgemm TN", true, false, big, big, big);
    gemmCase(gemm, "sgemm mlp fwd NT", false, true, 100, 400, 784);
    gemmCase(gemm, "sgemm mlp dX NN", false, false, 100, 784, 400);
    gemmCase(gemm, "sgemm mlp dW TN", true, false, 400, 784, 100);
  }

  private void gemmCase(CudaGemm gemm, String name, boolean ta, boolean tb, int m, int n, int k) {
    try (DeviceArray a = cuda.alloc(m * k);
        DeviceArray b = cuda.alloc(k * n);
        DeviceArray c = cuda.alloc(m * n)) {
      cuda.gaussian(3, 0, 0, 0, a, a.length());
      cuda.gaussian(3, 0, 1, 0, b, b.length());
      int lda = ta ? m : k;
      int ldb = tb ? k : n;
      double ms =
          timer.medianMillis(
              () -> gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n),
              3,
              11,
              m * (long) n * k < 1L << 30 ? 20 : 1);
      double bytes = 4.0 * ((long) m * k + (long) k * n + (long) m * n);
      addSized(
          name, m + "x" + n + "x" + k, ms, bytes / (ms * 1e6), 2.0 * m * n * k / (ms * 1e6));
    }
  }

  /**
   * Training steps on the device ({@link CudaNet}: forward, softmax cross-entropy, backward, fused
   * pSGLD step; the batch stays on the device, as it would with a device-resident data set), batch
   * 100, for the MLP 784-400-400-10 and LeNet-5 of {@code TrainBench} (whose CPU figures are in
   * docs/BENCHMARKS.md). Reported as {@code ms} per step, steps/s in the kernel name and
   * examples/s in the size column.
   */
  void train() {
    trainCase("train mlp 784-400-400-10", Models.mlp("784-400-400-10", Activation.RELU, 1), 100);
    trainCase("train lenet5", Models.lenet5(1), 100);
  }

  private void trainCase(String name, Model model, int batch) {
    int in = model.inputSize();
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    float[] x = new float[batch * in];
    int[] labels = new int[batch];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < batch; i++) {
      labels[i] = r.nextInt(model.outputSize());
    }
    int d = model.parameterCount();
    try (CudaNet net = new CudaNet(cuda, model, batch);
        DeviceArray v = cuda.alloc(d)) {
      v.fill(1e-4f);
      net.setBatch(x, labels, batch);
      UpdateParams p = params();
      p.gradScale = 60_000f;
      p.lr = 1e-4f / 60_000f;
      io.langevin.kernels.update.RangeResult res = new io.langevin.kernels.update.RangeResult();
      double[] loss = new double[1];
      double ms =
          timer.medianMillis(
              () -> {
                loss[0] = net.lossAndGradient(batch);
                p.step++;
                net.step(UpdateRule.PSGLD, p, new DeviceArray[] {v}, res);
              },
              5,
              9,
              20);
      if (!Double.isFinite(loss[0]) || res.badIndex >= 0) {
        throw new IllegalStateException(name + ": loss " + loss[0] + ", bad index " + res.badIndex);
      }
      double exPerS = batch * 1000.0 / ms;
      Row row =
          new Row(
              name + " (steps/s " + String.format(Locale.ROOT, "%.0f", 1000.0 / ms) + ")",
              String.format(Locale.ROOT, "%.0f ex/s", exPerS),
              ms,
              Double.NaN,
              Double.NaN,
              Double.NaN);
      rows.add(row);
      System.out.println("[gpu-bench] " + format(row) + " loss " + loss[0]);
    }
  }

  static UpdateParams params() {
    UpdateParams p = new UpdateParams();
    p.lr = 1e-3f;
    p.gradScale = 1f;
    p.prior = 1e-4f;
    p.momentum = 0.9f;
    p.decay = 0.99f;
    p.beta1 = 0.9f;
    p.eps = 1e-5f;
    p.sigma = 1e-3f;
    p.anneal = 1e-3f;
    p.exploration = true;
    p.seed = 42;
    p.step = 0;
    return p;
  }

  // ---------------------------------------------------------------------------------- output

  void add(String kernel, long n, double ms, double gbs, double gflops) {
    Row r = new Row(kernel, Long.toString(n), ms, gbs, gflops, gbs / copyGbs);
    rows.add(r);
    System.out.println("[gpu-bench] " + format(r));
  }

  void addSized(String kernel, String size, double ms, double gbs, double gflops) {
    Row r = new Row(kernel, size, ms, gbs, gflops, gbs / copyGbs);
    rows.add(r);
    System.out.println("[gpu-bench] " + format(r));
  }

  static String format(Row r) {
    return String.format(
        Locale.ROOT,
        "%-36s %-16s %10.4f ms %9s GB/s %9s GFLOP/s %7s",
        r.kernel(),
        r.size(),
        r.ms(),
        Double.isNaN(r.gbs()) ? "-" : String.format(Locale.ROOT, "%.1f", r.gbs()),
        Double.isNaN(r.gflops()) ? "-" : String.format(Locale.ROOT, "%.1f", r.gflops()),
        Double.isNaN(r.ofCopy()) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.ofCopy()));
  }

  void print(Path tsv) throws IOException {
    System.out.println();
    System.out.println("GPU check timings on " + cuda.deviceName() + " (median, CUDA events)");
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-36s %-16s %13s %14s %17s %7s",
            "kernel",
            "size",
            "time",
            "bandwidth",
            "arithmetic",
            "of copy"));
    for (Row r : rows) {
      System.out.println(format(r));
    }
    if (tsv != null) {
      try (PrintWriter w =
          new PrintWriter(Files.newBufferedWriter(tsv, StandardCharsets.UTF_8))) {
        w.println("kernel\tsize\tms\tGB/s\tGFLOP/s\tof_copy");
        for (Row r : rows) {
          w.printf(
              Locale.ROOT,
              "%s\t%s\t%.5f\t%.2f\t%.2f\t%.4f%n",
              r.kernel(),
              r.size(),
              r.ms(),
              r.gbs(),
              r.gflops(),
              r.ofCopy());
        }
      }
    }
  }
}
