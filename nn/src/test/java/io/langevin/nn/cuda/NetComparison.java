package io.langevin.nn.cuda;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.ScalarUpdate;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.nn.Mode;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.nn.Conv2d;
import io.langevin.nn.Flatten;
import io.langevin.nn.Init;
import io.langevin.nn.Linear;
import io.langevin.nn.MaxPool2d;
import io.langevin.nn.Model;
import io.langevin.nn.ReLU;
import io.langevin.nn.Sequential;
import java.util.SplittableRandom;

/** Shared by the CudaNet tests: random batches and parameters, and the gradient comparison. */
final class NetComparison {
  private NetComparison() {}

  /**
   * A small net exercising what the stock models do not: stride 2 with padding 1, overlapping 3×3
   * stride-2 pooling (ties between ReLU zeros), a 2×2 kernel with padding, a non-square input, a
   * nested Sequential. Input {@code [2, 13, 11]}; 6 classes.
   */
  static Model oddNet(long seed) {
    Init he = Init.HE_NORMAL;
    Sequential net =
        new Sequential(
            new Sequential(new Conv2d("c1", 2, 4, 3, 2, 1, he), new ReLU()),
            new MaxPool2d(3, 2),
            new Conv2d("c2", 4, 5, 2, 1, 1, he),
            new ReLU(),
            new Flatten(),
            new Linear("fc", 60, 6, he));
    return new Model(net, seed, 2, 13, 11);
  }

  /** Gives every bias (zero after initialisation) random N(0, 0.1²) values, so the bias is used. */
  static Model withRandomBiases(Model m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (ParameterArena.Param p : m.arena().params()) {
      if (p.name().endsWith(".b")) {
        for (int i = 0; i < p.size(); i++) {
          p.value().put(i, (float) (0.1 * gaussian(r)));
        }
      }
    }
    return m;
  }

  static float[] inputs(Model m, int batch, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[batch * m.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) gaussian(r);
    }
    return x;
  }

  static int[] labels(Model m, int batch, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = r.nextInt(m.outputSize());
    }
    return y;
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  /** The SGD step the device-vs-CPU step tests take (lr 0.05, nothing else). */
  static UpdateParams sgdParams() {
    UpdateParams p = new UpdateParams();
    p.lr = 0.05f;
    return p;
  }

  /**
   * {@code steps} SGD steps of {@code model} on the CPU (loss and gradient of the batch at noise
   * step s, then {@code ScalarUpdate}); returns the final θ (left in the model's arena).
   */
  static float[] cpuSgdSteps(
      Model model, float[] x, int[] y, int batch, UpdateParams p, int steps) {
    RangeResult result = new RangeResult();
    ScalarUpdate update = new ScalarUpdate();
    int d = model.parameterCount();
    for (int s = 0; s < steps; s++) {
      model.lossAndGradient(new Tape(), x, y, batch, Mode.TRAIN, 0, s);
      update.range(
          UpdateRule.SGD,
          p,
          model.arena().theta(),
          model.arena().grad(),
          new float[0][],
          0,
          d,
          true,
          result);
    }
    return model.arena().theta().clone();
  }

  /** {@code ‖got − want‖ / ‖want‖} over {@code [from, from + n)}, in double. */
  static double relNorm(float[] want, float[] got, int from, int n) {
    double d = 0;
    double w = 0;
    for (int i = from; i < from + n; i++) {
      double e = (double) got[i] - want[i];
      d += e * e;
      w += (double) want[i] * want[i];
    }
    return w == 0 ? Math.sqrt(d) : Math.sqrt(d / w);
  }

  /**
   * Asserts the whole vector within {@code wholeTol} relative norm and every parameter tensor
   * within {@code tensorTol}; the message lists every tensor with its error and norm.
   */
  static void assertClose(
      Model m, float[] want, float[] got, double wholeTol, double tensorTol, String what) {
    if (got.length < want.length) {
      fail(what + ": " + got.length + " values for " + want.length + " parameters");
    }
    for (int i = 0; i < want.length; i++) {
      if (!Float.isFinite(got[i])) {
        fail(what + ": element " + i + " is " + got[i] + " (expected " + want[i] + ")");
      }
    }
    double whole = relNorm(want, got, 0, want.length);
    StringBuilder report = new StringBuilder();
    boolean bad = whole > wholeTol;
    for (ParameterArena.Param p : m.arena().params()) {
      double e = relNorm(want, got, p.offset(), p.size());
      double norm = Math.sqrt(sumSquares(want, p.offset(), p.size()));
      report.append(String.format(" %s: rel %.3g (norm %.4g);", p.name(), e, norm));
      if (e > tensorTol) {
        bad = true;
        report.append(" <-- exceeds ").append(tensorTol).append(';');
      }
    }
    String msg =
        what + ": whole rel " + String.format("%.3g", whole) + " (tol " + wholeTol + ");" + report;
    System.out.println("[cuda-net] " + msg);
    assertTrue(!bad, msg);
  }

  private static double sumSquares(float[] a, int from, int n) {
    double s = 0;
    for (int i = from; i < from + n; i++) {
      s += (double) a[i] * a[i];
    }
    return s;
  }
}
