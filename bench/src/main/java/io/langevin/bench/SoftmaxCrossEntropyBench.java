package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.nnops.ScalarSoftmaxCrossEntropy;
import io.langevin.kernels.nnops.SimdSoftmaxCrossEntropy;
import io.langevin.kernels.nnops.SoftmaxCrossEntropyKernel;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Softmax cross-entropy, scalar spec vs Vector API, on a rows × cols logit matrix ({@code shape} =
 * "100x10": a small classifier batch; "1000x1000": large, split over threads).
 *
 * <p>Throughput in calls per second; multiply by {@code rows·cols} for elements per second. Per
 * element the forward reads the logits twice (max pass, exp pass; the second from cache), writes
 * the probabilities once and rescales them in place: ≈ 8 bytes of compulsory traffic, one exp and ≈
 * 4 flops. The backward reads probabilities and writes gradients: 8 bytes and 1 flop per element.
 * The {@code …1t} variants run inside {@link CpuPool#serially} (1 thread); the others use every
 * pool thread (the SIMD kernel splits above 16384 elements; the scalar spec never splits).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SoftmaxCrossEntropyBench {

  @Param({"100x10", "1000x1000"})
  public String shape;

  @Param({"scalar", "simd"})
  public String impl;

  private SoftmaxCrossEntropyKernel kernel;
  private int rows;
  private int cols;
  private float[] logits;
  private float[] probs;
  private float[] dlogits;
  private int[] labels;

  @Setup
  public void setup() {
    String[] rc = shape.split("x");
    rows = Integer.parseInt(rc[0]);
    cols = Integer.parseInt(rc[1]);
    kernel = impl.equals("simd") ? new SimdSoftmaxCrossEntropy() : new ScalarSoftmaxCrossEntropy();
    SplittableRandom rnd = new SplittableRandom(7);
    logits = new float[rows * cols];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (rnd.nextDouble() * 20 - 10);
    }
    labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = rnd.nextInt(cols);
    }
    probs = new float[rows * cols];
    dlogits = new float[rows * cols];
    kernel.forward(rows, cols, logits, 0, labels, 0, probs, 0);
  }

  @Benchmark
  public float forward() {
    return kernel.forward(rows, cols, logits, 0, labels, 0, probs, 0);
  }

  @Benchmark
  public void forward1t(Blackhole bh) {
    CpuPool.serially(() -> bh.consume(kernel.forward(rows, cols, logits, 0, labels, 0, probs, 0)));
  }

  @Benchmark
  public float[] backward() {
    kernel.backward(rows, cols, probs, 0, labels, 0, 1f, dlogits, 0, false);
    return dlogits;
  }

  @Benchmark
  public float[] backward1t() {
    CpuPool.serially(() -> kernel.backward(rows, cols, probs, 0, labels, 0, 1f, dlogits, 0, false));
    return dlogits;
  }
}
