package io.langevin.experiments.alice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each variant's two losses on a tiny game (width 8, depth 2, batch 6): the tape gradient against
 * central differences, and each loss reaching only the networks it trains.
 *
 * <p>Finite differences: the check is the directional derivative along a random unit direction d
 * over the trained parameters, {@code (L(θ + hd) − L(θ − hd)) / 2h} with h = 1e-2, in double,
 * with the same noise ε replayed (a fresh {@code SplittableRandom(42)} per evaluation). The
 * networks use tanh instead of ReLU here ({@code smooth}): this test checks how each variant wires
 * its losses (concat, frozen players, reused samples, weights), and a ReLU kink inside ±h would
 * blur a finite difference by several percent (seen: 25 % on a width-8 net); the ReLU op's own
 * gradient is checked in the kernels' GradientCheckTest. Tolerance 1 % of max(|g·d|, 0.05): the
 * float32 loss (summed in double) contributes ~1e-5 of round-off, the O(h²) term ~1e-4.
 */
class AliceGameTest {
  private static final int N = 6;

  private static float[] points(long seed, boolean x) {
    float[] p = new float[2 * N];
    if (x) {
      ToyData.sampleX(new SplittableRandom(seed), p, null, N);
    } else {
      ToyData.sampleZ(new SplittableRandom(seed), false, p, N);
    }
    return p;
  }

  private static double loss(AliceGame g, boolean gen, float[] x, float[] z) {
    Tape t = new Tape();
    Var cx = t.constant(x, N, 2);
    Var cz = t.constant(z, N, 2);
    SplittableRandom noise = new SplittableRandom(42);
    Var l = gen ? g.generatorLoss(t, cx, cz, noise) : g.discriminatorLoss(t, cx, cz, noise);
    return l.item();
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void gradientsMatchFiniteDifferences(Variant v) {
    for (boolean gen : new boolean[] {false, true}) {
      AliceGame g = new AliceGame(v, 0.7, 8, 2, 5, false, true);
      float[] x = points(1, true);
      float[] z = points(2, false);
      List<Mlp> trained = gen ? g.generators() : g.discriminators();
      List<Mlp> others = new ArrayList<>(gen ? g.discriminators() : g.generators());
      List<Mlp> all = new ArrayList<>(trained);
      all.addAll(others);
      for (Mlp m : all) {
        m.arena().zeroGrad();
      }
      Tape t = new Tape();
      Var l = gen
          ? g.generatorLoss(t, t.constant(x, N, 2), t.constant(z, N, 2), new SplittableRandom(42))
          : g.discriminatorLoss(t, t.constant(x, N, 2), t.constant(z, N, 2),
              new SplittableRandom(42));
      t.backward(l);
      String what = v.cliName() + (gen ? " generator loss" : " discriminator loss");
      for (Mlp m : others) {
        for (float gi : m.arena().grad()) {
          assertEquals(0f, gi, 0f, what + " must not reach " + m.name());
        }
      }
      // Random unit direction over the trained parameters; analytic g·d.
      SplittableRandom r = new SplittableRandom(99);
      List<double[]> dirs = new ArrayList<>();
      double norm = 0;
      double gradNorm = 0;
      for (Mlp m : trained) {
        double[] d = new double[m.parameterCount()];
        for (int i = 0; i < d.length; i++) {
          d[i] = r.nextGaussian();
          norm += d[i] * d[i];
          gradNorm += (double) m.arena().grad()[i] * m.arena().grad()[i];
        }
        dirs.add(d);
      }
      assertTrue(gradNorm > 1e-6, what + ": gradient is zero (" + gradNorm + ")");
      norm = Math.sqrt(norm);
      double analytic = 0;
      for (int k = 0; k < trained.size(); k++) {
        float[] grad = trained.get(k).arena().grad();
        double[] d = dirs.get(k);
        for (int i = 0; i < d.length; i++) {
          d[i] /= norm;
          analytic += grad[i] * d[i];
        }
      }
      double h = 1e-2;
      shift(trained, dirs, h);
      double plus = loss(g, gen, x, z);
      shift(trained, dirs, -2 * h);
      double minus = loss(g, gen, x, z);
      shift(trained, dirs, h);
      double fd = (plus - minus) / (2 * h);
      double tol = 0.01 * Math.max(Math.abs(analytic), 0.05);
      assertEquals(fd, analytic, tol, what + ": finite difference vs tape (tolerance " + tol + ")");
    }
  }

  private static void shift(List<Mlp> nets, List<double[]> dirs, double h) {
    for (int k = 0; k < nets.size(); k++) {
      float[] theta = nets.get(k).arena().theta();
      double[] d = dirs.get(k);
      for (int i = 0; i < d.length; i++) {
        theta[i] = (float) (theta[i] + h * d[i]);
      }
    }
  }

  /** The networks each variant builds, and λ's checks. */
  @ParameterizedTest
  @EnumSource(Variant.class)
  void networksOfEachVariant(Variant v) {
    AliceGame g = new AliceGame(v, 1, 16, 2, 1, false);
    assertEquals(2, g.generators().size());
    int expected = switch (v) {
      case ALI, ALICE_L2, SEMI_L2 -> 1;
      case CYCLEGAN -> 2;
      case ALICE_ADV -> 3;
      case SEMI_CGAN -> 4;
    };
    assertEquals(expected, g.discriminators().size(), v.cliName() + " discriminators");
    // 4 → 16 → 16 → 2: 80 + 272 + 34 parameters.
    assertEquals(386, g.generators().get(0).parameterCount());
    assertEquals(v == Variant.ALI ? 0 : 1, g.lambda(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AliceGame(v, -1, 16, 2, 1, false));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
