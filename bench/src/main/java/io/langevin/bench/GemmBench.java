package io.langevin.bench;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.gemm.GemmKernel;
import io.langevin.kernels.gemm.SimdGemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SimdGemm} on square problems and on the MLP layer shapes, on 1 thread ({@link
 * CpuPool#serially}) and on 2 threads (the fork runs with {@code -Dlangevin.threads=2}).
 *
 * <p>One operation = one {@code sgemm} call with alpha = 1, beta = 0: {@code FLOPs = 2·m·n·k}, so
 * GFLOP/s = 2·m·n·k / (score in µs) / 1000. Bytes: A, B and C are each touched at least once
 * (4·(mk + kn + mn) bytes), far below the FLOP cost for every shape here.
 *
 * <p>{@code shape} is {@code layout:m:k:n} (M×K×N as in the MLP notation): {@code NN} plain, {@code
 * NT} B transposed (forward x·Wᵀ with W stored out×in), {@code TN} A transposed (weight gradient
 * dYᵀ·X). The MLP shapes 100×784×400, 100×400×400 and 100×400×10 appear as forward (NT, M×K×N),
 * input gradient (NN: dX = dY·W is M×N×K) and weight gradient (TN: dW = dYᵀ·X is N×M×K).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar GemmBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dlangevin.threads=2"})
@State(Scope.Benchmark)
public class GemmBench {

  @Param({
    "NN:128:128:128",
    "NN:256:256:256",
    "NN:512:512:512",
    "NN:1024:1024:1024",
    "NN:2048:2048:2048",
    // MLP forward: Y = X·Wᵀ (W stored out×in).
    "NT:100:784:400",
    "NT:100:400:400",
    "NT:100:400:10",
    // MLP input gradient: dX = dY·W.
    "NN:100:400:784",
    "NN:100:400:400",
    "NN:100:10:400",
    // MLP weight gradient: dW = dYᵀ·X.
    "TN:400:100:784",
    "TN:400:100:400",
    "TN:10:100:400"
  })
  public String shape;

  private final GemmKernel gemm = new SimdGemm();
  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    String[] f = shape.split(":");
    transA = f[0].charAt(0) == 'T';
    transB = f[0].charAt(1) == 'T';
    m = Integer.parseInt(f[1]);
    k = Integer.parseInt(f[2]);
    n = Integer.parseInt(f[3]);
    SplittableRandom rnd = new SplittableRandom(42);
    a = random(rnd, m * k);
    b = random(rnd, k * n);
    c = new float[m * n];
  }

  private static float[] random(SplittableRandom rnd, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return x;
  }

  private void call() {
    gemm.sgemm(
        transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
  }

  /** One thread: the call runs on the benchmark thread alone. */
  @Benchmark
  public float[] oneThread() {
    CpuPool.serially(this::call);
    return c;
  }

  /** Two threads: the pool of the forked JVM ({@code -Dlangevin.threads=2}). */
  @Benchmark
  public float[] twoThreads() {
    call();
    return c;
  }
}
