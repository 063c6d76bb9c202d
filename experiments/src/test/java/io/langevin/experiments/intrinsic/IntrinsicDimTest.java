package io.langevin.experiments.intrinsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.experiments.train.Trainer;
import io.langevin.nn.Activation;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.nn.data.Datasets;
import io.langevin.nn.data.Split;
import io.langevin.projection.Projections;
import io.langevin.projection.Subspace;
import io.langevin.samplers.Adam;
import io.langevin.samplers.Sgd;
import io.langevin.samplers.Sgld;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toy objective, the d sweep, and subspace training through the {@link Trainer}. */
class IntrinsicDimTest {

  @TempDir Path dir;

  /** J and its gradient against central differences in double (J is quadratic: exact). */
  @Test
  void toyObjectiveValueAndGradient() {
    ToyObjective o = new ToyObjective(3, 4);
    float[] t = new float[12];
    for (int i = 0; i < t.length; i++) {
      t[i] = 0.1f * (i % 5) - 0.15f;
    }
    float[] g = new float[12];
    double j = o.valueAndGradient(t, g);
    double expect = 0;
    for (int r = 0; r < 3; r++) {
      double s = 0;
      for (int i = 4 * r; i < 4 * r + 4; i++) {
        s += t[i];
      }
      expect += (1 - s) * (1 - s);
    }
    assertEquals(expect, j, 1e-12);
    for (int i = 0; i < 12; i++) {
      float[] p = t.clone();
      float[] m = t.clone();
      p[i] += 0.25f;
      m[i] -= 0.25f;
      assertEquals((o.value(p) - o.value(m)) / 0.5, g[i], 1e-5, "coordinate " + i);
    }
    float[] solved = new float[12];
    java.util.Arrays.fill(solved, 0.25f);
    assertEquals(0, o.value(solved), 0);
    assertThrows(IllegalArgumentException.class, () -> o.value(new float[11]));
    assertThrows(IllegalArgumentException.class, () -> new ToyObjective(0, 5));
  }

  /**
   * The toy's intrinsic dimension is its number of groups G for every projection: the exact
   * minimum over the subspace is far from 0 for d = G − 1 (a random subspace cannot meet G
   * independent constraints) and 0 up to double rounding for d = G; and Adam, where the problem is
   * well conditioned (d = G + 2), trains θd down to the same minimum.
   */
  @Test
  void toyIntrinsicDimensionIsTheNumberOfGroups() throws IOException {
    // two group structures: the sweep's first d reaching J ≤ 1e-6 is exactly G
    for (int[] gs : new int[][] {{6, 50}, {4, 30}}) {
      ToyObjective obj = new ToyObjective(gs[0], gs[1]);
      for (String kind : Projections.KINDS) {
        IntrinsicDim.ToyConfig c = new IntrinsicDim.ToyConfig(obj, kind, 1, 0.2);
        Sweep sw = new Sweep((d, seed) -> IntrinsicDim.toyExactMinimum(c, d, seed), 3, 11, null);
        int[] dims = new int[2 * gs[0]];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = i + 1;
        }
        assertEquals(gs[0], Sweep.first(sw.grid(dims), j -> j <= 1e-6),
            kind + " with " + gs[0] + " groups of " + gs[1]);
      }
    }
    ToyObjective o = new ToyObjective(6, 50);
    for (String kind : Projections.KINDS) {
      IntrinsicDim.ToyConfig c = new IntrinsicDim.ToyConfig(o, kind, 4000, 0.2);
      for (long seed = 1; seed <= 2; seed++) {
        double below = IntrinsicDim.toyExactMinimum(c, 5, seed);
        double at = IntrinsicDim.toyExactMinimum(c, 6, seed);
        assertTrue(below > 1e-2, kind + " d = 5: " + below);
        assertTrue(at < 1e-12, kind + " d = 6: " + at);
        double trainedBelow = IntrinsicDim.toy(c, 5, seed);
        assertEquals(below, trainedBelow, 1e-3 + 1e-3 * below, kind + ": Adam at d = 5");
        assertTrue(IntrinsicDim.toy(c, 8, seed) < 1e-6, kind + ": Adam at d = 8");
      }
    }
  }

  @Test
  void sweepFindsTheFirstPassingDimension() throws IOException {
    List<Integer> calls = new ArrayList<>();
    // a made-up accuracy rising with d: 1 − 100/d
    Sweep s = new Sweep((d, seed) -> 1 - 100.0 / d + 1e-3 * (seed - 7), 3, 7, calls::add);
    List<Sweep.Point> pts = s.search(50, 100_000, a -> a >= 0.9, 6);
    // 50, 100, 200, 400, 800, 1600 (0.9375 passes), then bisection in (800, 1600]
    assertEquals(List.of(50, 100, 200, 400, 800, 1600), calls.subList(0, 6));
    int first = Sweep.first(pts, a -> a >= 0.9);
    assertTrue(first >= 1000 && first <= 1025, "threshold crossed at d = 1000: " + first);
    Sweep.Point p = pts.get(0);
    assertEquals(50, p.d());
    assertEquals(3, p.runs());
    assertEquals(1 - 100.0 / 50 + 1e-3, p.mean(), 1e-12); // seeds 7, 8, 9
    assertEquals(1e-3, p.std(), 1e-12);
    int before = calls.size();
    s.at(50);
    assertEquals(before, calls.size(), "a measured d is not run again");
    assertEquals(-1, Sweep.first(pts, a -> a > 2));
    assertThrows(IllegalArgumentException.class, () -> s.at(0));
    assertThrows(IllegalArgumentException.class, () -> new Sweep((d, x) -> 0, 0, 1, null));
  }

  /**
   * Subspace training through the Trainer: θ stays in θ0 + Pθd (checked against an explicit
   * expansion after training), the loss falls, and a resume from the epoch-1 checkpoint gives the
   * uninterrupted run's θd bit for bit.
   */
  @Test
  void trainerStepsTheSubspaceAndResumes() throws IOException {
    Split d = Datasets.digits();
    Split small = new Split(d.train().head(600), d.test().head(200));
    Model m = Models.mlp("784-16-10", Activation.RELU, 3);
    Subspace s = new Subspace(Projections.create("sparse", m.parameterCount(), 40, 9),
        m.arena().theta());
    Trainer t = Trainer.builder(m, Adam.of(0.05), small).epochs(2).batchSize(50).seed(4)
        .subspace(s, 2e-4).build();
    var reports = t.run();
    assertTrue(reports.get(1).trainLoss() < reports.get(0).trainLoss(), reports.toString());
    float[] expanded = new float[m.parameterCount()];
    s.expand(expanded);
    assertArrayEquals(expanded, m.arena().theta(), "θ = θ0 + Pθd after the last step");
    assertEquals(40, t.state().dim());

    Path ck = dir.resolve("sub.ckpt");
    Model m2 = Models.mlp("784-16-10", Activation.RELU, 3);
    Subspace s2 = new Subspace(Projections.create("sparse", m2.parameterCount(), 40, 9),
        m2.arena().theta());
    Trainer.builder(m2, Adam.of(0.05), small).epochs(1).batchSize(50).seed(4)
        .subspace(s2, 2e-4).checkpoint(ck).build().run();
    Model m3 = Models.mlp("784-16-10", Activation.RELU, 3);
    Subspace s3 = new Subspace(Projections.create("sparse", m3.parameterCount(), 40, 9),
        m3.arena().theta());
    Trainer.builder(m3, Adam.of(0.05), small).epochs(2).batchSize(50).seed(4)
        .subspace(s3, 2e-4).checkpoint(ck).build().resume(ck);
    assertArrayEquals(s.thetaSmall(), s3.thetaSmall());
    assertArrayEquals(m.arena().theta(), m3.arena().theta());

    // a sampler in the subspace: SGLD steps θd and the trainer averages its samples
    Model m4 = Models.mlp("784-16-10", Activation.RELU, 3);
    Subspace s4 = new Subspace(Projections.create("fastfood", m4.parameterCount(), 40, 9),
        m4.arena().theta());
    Trainer t4 = Trainer.builder(m4, Sgld.builder().stepSize(1e-4).gradScale(600).prior(1).build(),
        small).epochs(2).batchSize(50).seed(4).burnIn(12).thin(3).subspace(s4, 0).build();
    var r4 = t4.run();
    assertEquals(4, t4.samples());
    assertEquals(40, t4.state().dim());
    assertTrue(r4.get(1).average() != null && Double.isFinite(r4.get(1).average().nll()));

    Subspace wrong = new Subspace(Projections.create("dense", 10, 2, 1), new float[10]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, Sgd.of(0.1), small).epochs(1).subspace(wrong, 0).build());
    assertTrue(e.getMessage().contains("maps into 10 parameters"), e.getMessage());
  }
}
