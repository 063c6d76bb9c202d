package io.langevin.kernels.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The float64 gradient check shared by {@code GradientCheckTest} and {@code
 * ConvOpsGradientCheckTest}: the op runs on a fresh tape over arena views placed after a 3-float
 * pad, with gradients pre-filled (so the check is on {@code grad − grad_before}, which also proves
 * accumulation and that the pad is untouched); its forward value is compared with the float64
 * reference to {@code 1e-4·max(1, |ref|)}, and the gradient of {@code L = Σ_i w_i·op(x)_i} (fixed
 * random weights) with central differences of the reference in double, {@code h =
 * 1e-5·max(1, |x|)}, to {@code 1e-3·max(1, |fd|)}.
 */
final class OpGradientCheck {
  static final double GRAD_TOL = 1e-3;
  static final double FWD_TOL = 1e-4;

  private OpGradientCheck() {}

  /** Fills {@code theta[off, off+n)} from {@code rnd}. */
  @FunctionalInterface
  interface Filler {
    void fill(float[] theta, int off, int n, SplittableRandom rnd);
  }

  /** One input: its filler and shape. */
  record Input(Filler fill, int... shape) {}

  /** ±[0.1, 2]: never zero, away from the relu kink. */
  static float sym(SplittableRandom r) {
    return (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + 1.9 * r.nextDouble()));
  }

  static void check(
      String name, Input[] inputs, Function<Var[], Var> op, Function<double[][], double[]> ref) {
    SplittableRandom rnd = new SplittableRandom(name.hashCode());
    ParameterArena.Builder ab = ParameterArena.builder().add("pad", 3);
    for (int k = 0; k < inputs.length; k++) {
      ab.add("x" + k, inputs[k].shape());
    }
    ParameterArena arena = ab.build();
    float[] theta = arena.theta();
    float[] grad = arena.grad();
    for (int i = 0; i < 3; i++) {
      theta[i] = sym(rnd);
    }
    for (int k = 0; k < inputs.length; k++) {
      ParameterArena.Param p = arena.param("x" + k);
      inputs[k].fill().fill(theta, p.offset(), p.size(), rnd);
    }
    for (int i = 0; i < grad.length; i++) {
      grad[i] = sym(rnd);
    }
    float[] gradBefore = grad.clone();

    Tape tape = new Tape();
    Var[] vars = new Var[inputs.length];
    double[][] xd = new double[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      ParameterArena.Param p = arena.param("x" + k);
      vars[k] = tape.param(p);
      xd[k] = new double[p.size()];
      for (int i = 0; i < p.size(); i++) {
        xd[k][i] = theta[p.offset() + i];
      }
    }
    Var out = op.apply(vars);

    double[] yRef = ref.apply(xd);
    assertEquals(yRef.length, out.size(), name + ": output size");
    for (int i = 0; i < yRef.length; i++) {
      double tol = FWD_TOL * Math.max(1, Math.abs(yRef[i]));
      assertEquals(yRef[i], out.value().at(i), tol, name + ": forward element " + i);
    }

    double[] w = new double[out.size()];
    float[] wf = new float[out.size()];
    for (int i = 0; i < w.length; i++) {
      wf[i] = (float) ((rnd.nextBoolean() ? 1 : -1) * (0.1 + 0.9 * rnd.nextDouble()));
      w[i] = wf[i];
    }
    tape.backward(out, Tensor.of(wf, out.shape()));

    for (int i = 0; i < 3; i++) {
      assertEquals(gradBefore[i], grad[i], 0f, name + ": padding gradient touched");
    }
    for (int k = 0; k < inputs.length; k++) {
      ParameterArena.Param p = arena.param("x" + k);
      for (int j = 0; j < p.size(); j++) {
        double x0 = xd[k][j];
        double h = 1e-5 * Math.max(1, Math.abs(x0));
        xd[k][j] = x0 + h;
        double lPlus = dot(w, ref.apply(xd));
        xd[k][j] = x0 - h;
        double lMinus = dot(w, ref.apply(xd));
        xd[k][j] = x0;
        double fd = (lPlus - lMinus) / (2 * h);
        double g = (double) grad[p.offset() + j] - gradBefore[p.offset() + j];
        assertEquals(
            fd,
            g,
            GRAD_TOL * Math.max(1, Math.abs(fd)),
            name + ": d/d input " + k + " element " + j);
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
