package io.langevin.bench;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.update.Update;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.nn.Activation;
import io.langevin.nn.Losses;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
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
 * Neural-net training throughput: one op is <b>one training step on one minibatch</b> = {@link
 * Model#lossAndGradient} (tape reset, gradient zeroing, forward, mean softmax cross-entropy,
 * backward) followed by one fused optimiser step {@link Update#step} over all D parameters, on 1
 * thread ({@code threads=1}, via {@link CpuPool#serially}) or on the pool ({@code threads=pool}).
 *
 * <ul>
 *   <li>{@code model=mlp}: MLP 784-400-400-10, ReLU, batch <b>100</b>, D = 478,410;
 *   <li>{@code model=lenet5}: LeNet-5 (Caffe variant, ReLU) on 1×28×28, batch <b>64</b>, D =
 *       431,080.
 * </ul>
 *
 * <p>The score is operations per second: <b>examples/s = score · batch</b> (100 for the MLP, 64
 * for LeNet-5). GFLOP/s = examples/s · {@link Training#flopsPerExample} / 10^9, counting only the
 * multiply-adds of the GEMMs/convolutions (2 FLOP each): forward, dW, and dX of every layer except
 * the first (the input needs no gradient, and the tape does not compute it). That is 2,238,400
 * FLOP per example for the MLP (≈ 6·weights − 2·784·400) and 13,182,000 for LeNet-5 (forward MACs
 * conv1 288,000 + conv2 1,600,000 + fc1 400,000 + fc2 5,000 = 2,293,000; backward dW the same, dX
 * 2,005,000). Bias, ReLU, pooling, softmax and the optimiser step are not counted.
 *
 * <p>Inputs are synthetic: pixels uniform in [0, 1) and labels uniform in 0..9 from a fixed seed.
 * The throughput does not depend on the values (dense kernels, no data-dependent branches except
 * max-pool's branch-free argmax) as long as they stay normal floats; the step size is small ({@code
 * lr = 1e-4}) and the batches rotate over {@link Training#BATCHES} random-label batches, so the
 * loss stays near ln 10 and nothing drifts to subnormals or overflows over a run. The optimiser is
 * {@code rule=sgd} (read θ, g, write θ) or {@code rule=momentum} (μ = 0.9, one state array).
 *
 * <p>Warm-up is 5 × 2 s: until C2 has compiled the GEMM micro-kernels, im2col and the rest, the
 * Vector API runs boxed and a step takes many times longer. Run: {@code java -jar
 * bench/target/benchmarks.jar TrainBench}. For reference (the figures on the development
 * machine): PyTorch 1.13 ≈ 48,000 examples/s for this MLP (one thread, its best) and ≈ 3,500
 * examples/s for LeNet-5; the {@code mlp-train} and {@code lenet-train} rows of {@code langevin
 * bench --quick} measure the same step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainBench {

  @Param({"mlp", "lenet5"})
  String model;

  @Param({"1", "pool"})
  String threads;

  @Param({"sgd"})
  String rule;

  private Training training;

  @Setup
  public void setUp() {
    training = Training.of(model, rule);
  }

  @Benchmark
  public double step() {
    if (threads.equals("1")) {
      double[] r = new double[1];
      CpuPool.serially(() -> r[0] = training.step());
      return r[0];
    }
    return training.step();
  }

  /**
   * One model with its synthetic data, tape and optimiser state: {@link #step} is one training
   * step, {@link #stepSplit} the same step with a timer split. Shared by this benchmark and the
   * quick bench.
   */
  public static final class Training {
    /** Random-label batches the steps rotate over. */
    public static final int BATCHES = 4;

    private final String name;
    private final Model net;
    private final int batch;
    private final double flopsPerExample;
    private final float[][] x = new float[BATCHES][];
    private final int[][] labels = new int[BATCHES][];
    private final Tape tape = new Tape();
    private final UpdateRule rule;
    private final UpdateParams p = new UpdateParams();
    private final float[][] state;
    private long step;

    private Training(String name, Model net, int batch, double flopsPerExample, UpdateRule rule) {
      this.name = name;
      this.net = net;
      this.batch = batch;
      this.flopsPerExample = flopsPerExample;
      this.rule = rule;
      SplittableRandom r = new SplittableRandom(11);
      int in = net.inputSize();
      int classes = net.outputSize();
      for (int b = 0; b < BATCHES; b++) {
        x[b] = new float[batch * in];
        for (int i = 0; i < x[b].length; i++) {
          x[b][i] = (float) r.nextDouble();
        }
        labels[b] = new int[batch];
        for (int i = 0; i < batch; i++) {
          labels[b][i] = r.nextInt(classes);
        }
      }
      int d = net.parameterCount();
      state = new float[rule.stateArrays()][d];
      p.lr = 1e-4f;
      p.gradScale = 1f;
      p.momentum = 0.9f;
    }

    /**
     * {@code "mlp"} (784-400-400-10, ReLU, batch 100) or {@code "lenet5"} (batch 64), stepped by
     * {@code "sgd"} or {@code "momentum"}.
     */
    public static Training of(String model, String rule) {
      UpdateRule r =
          switch (rule) {
            case "sgd" -> UpdateRule.SGD;
            case "momentum" -> UpdateRule.MOMENTUM;
            default -> throw new IllegalArgumentException(
                "unknown rule '" + rule + "'; known: sgd, momentum");
          };
      return switch (model) {
        case "mlp" -> new Training(
            "mlp", Models.mlp("784-400-400-10", Activation.RELU, 1L), 100, 2.0 * 1_119_200, r);
        case "lenet5" -> new Training("lenet5", Models.lenet5(1L), 64, 2.0 * 6_591_000, r);
        default -> throw new IllegalArgumentException(
            "unknown model '" + model + "'; known: mlp, lenet5");
      };
    }

    public String name() {
      return name;
    }

    /** Examples per step (the minibatch size). */
    public int batch() {
      return batch;
    }

    /** Number of parameters D. */
    public int parameterCount() {
      return net.parameterCount();
    }

    /** GEMM/convolution FLOP per example of one step (see the class comment of the bench). */
    public double flopsPerExample() {
      return flopsPerExample;
    }

    /** One training step: loss and gradient, then the optimiser step; returns the loss. */
    public double step() {
      int b = (int) (step % BATCHES);
      double loss =
          net.lossAndGradient(tape, x[b], labels[b], batch, io.langevin.nn.Mode.TRAIN, 5L, step);
      update();
      return loss;
    }

    /**
     * {@link #step} with a timer split, adding nanoseconds to {@code ns}: [0] tape reset and
     * gradient zeroing, [1] forward and loss, [2] backward, [3] optimiser step. Same work as {@link
     * Model#lossAndGradient} plus the update.
     */
    public double stepSplit(long[] ns) {
      int b = (int) (step % BATCHES);
      long t0 = System.nanoTime();
      tape.reset();
      net.arena().zeroGrad();
      long t1 = System.nanoTime();
      Var logits = net.forward(tape, x[b], batch, io.langevin.nn.Mode.TRAIN, 5L, step);
      Var loss = Losses.softmaxCrossEntropy(logits, labels[b]);
      long t2 = System.nanoTime();
      tape.backward(loss);
      long t3 = System.nanoTime();
      update();
      long t4 = System.nanoTime();
      ns[0] += t1 - t0;
      ns[1] += t2 - t1;
      ns[2] += t3 - t2;
      ns[3] += t4 - t3;
      return loss.item();
    }

    private void update() {
      p.step = step & 0xFFFFFFFFL;
      Update.step(rule, p, net.arena().theta(), net.arena().grad(), state, net.parameterCount());
      step++;
    }
  }
}
