package io.langevin.kernels.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.tensor.ParameterArena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops} on its kernel path at sizes where the element-wise kernels split their work over
 * {@link CpuPool} (tensors of 2^18 elements, four chunks of 2^16), with every operand at a non-zero
 * offset in a {@link ParameterArena}:
 *
 * <ul>
 *   <li>Without transcendental functions, the forward values and every gradient are bit-identical
 *       on one thread ({@link CpuPool#serially}) and pooled.
 *   <li>With them (tanh, sigmoid, exp, log, softplus, BCE) too: the SIMD maps are built on {@code
 *       VectorMath}, which gives the same bits in the interpreter, C1 and C2. (They once used
 *       {@code lanewise(EXP/…)}, whose bits changed when C2 compiled it, so the two passes here
 *       could differ by a few ulp depending on how warm the JIT was, and this test had to be
 *       disabled.)
 *   <li>A large broadcast chain agrees with a float64 closed form, so a consistent indexing error
 *       at chunk or row boundaries cannot hide behind the 1-vs-N comparison.
 * </ul>
 *
 * Small-size correctness of each op is {@code GradientCheckTest}'s job.
 */
class OpsKernelPathTest {

  private static final int N = 1024;
  private static final int IN = 48;
  private static final int OUT = 256; // N·OUT = 2^18 elements per activation

  /** Every activation value and the loss of one pass, for comparison across runs. */
  private record Pass(List<float[]> values, float[] grad) {}

  private static ParameterArena arena(long seed) {
    ParameterArena arena =
        ParameterArena.builder()
            .add("pad", 5) // every operand sits at a non-zero offset
            .add("x", N, IN)
            .add("w", OUT, IN)
            .add("b", OUT)
            .add("r", OUT)
            .add("q", N, OUT)
            .add("p", N, OUT)
            .build();
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] th = arena.theta();
    for (int i = 0; i < th.length; i++) {
      th[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    ParameterArena.Param p = arena.param("p"); // BCE targets in (0, 1)
    for (int i = 0; i < p.size(); i++) {
      th[p.offset() + i] = (float) (0.05 + 0.9 * rnd.nextDouble());
    }
    float[] g = arena.grad();
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (rnd.nextDouble() - 0.5); // gradients accumulate onto these
    }
    return arena;
  }

  /**
   * One forward and backward pass through the element-wise ops, all summed into one loss: linear →
   * (tanh or relu) → mul by a row → sum, relu, scale, add/sub with row broadcasts on both sides,
   * reshape, concat, mean and mseLoss; with {@code transcendental} also sigmoid, exp, log, softplus
   * and bceWithLogits.
   */
  private static Pass pass(ParameterArena arena, boolean transcendental) {
    Tape t = new Tape();
    Var x = t.param(arena, "x");
    Var w = t.param(arena, "w");
    Var b = t.param(arena, "b");
    Var r = t.param(arena, "r");
    Var q = t.param(arena, "q");
    Var p = t.param(arena, "p");
    List<Var> acts = new ArrayList<>();
    Var z = track(acts, Ops.linear(x, w, b));
    Var h = track(acts, transcendental ? Ops.tanh(z) : Ops.relu(z));
    Var hr = track(acts, Ops.mul(h, r));
    Var rz = track(acts, Ops.mul(r, Ops.relu(z)));
    Var d = track(acts, Ops.sub(Ops.sub(z, r), Ops.scale(Ops.sub(r, q), 0.5f)));
    Var cat = track(acts, Ops.concat(hr, Ops.reshape(Ops.reshape(rz, OUT, N), N, OUT)));
    List<Var> losses = new ArrayList<>();
    losses.add(Ops.sum(hr));
    losses.add(Ops.mean(Ops.reshape(cat, 2 * N, OUT)));
    losses.add(Ops.sum(Ops.mul(Ops.add(r, d), q)));
    losses.add(Ops.mseLoss(d, q));
    if (transcendental) {
      Var s = track(acts, Ops.sigmoid(Ops.sub(z, r)));
      Var e = track(acts, Ops.exp(Ops.scale(Ops.sub(r, q), 0.5f)));
      Var l = track(acts, Ops.log(Ops.add(s, e)));
      Var sp = track(acts, Ops.softplus(Ops.add(r, q)));
      losses.add(Ops.sum(Ops.mul(l, q)));
      losses.add(Ops.mseLoss(sp, q));
      losses.add(Ops.bceWithLogits(z, p));
    }
    Var loss = losses.get(0);
    for (int i = 1; i < losses.size(); i++) {
      loss = Ops.add(loss, losses.get(i));
    }
    track(acts, loss);
    t.backward(loss);
    List<float[]> values = new ArrayList<>();
    for (Var v : acts) {
      values.add(v.value().toArray());
    }
    return new Pass(values, arena.grad().clone());
  }

  private static Var track(List<Var> acts, Var v) {
    acts.add(v);
    return v;
  }

  @Test
  void largeChainWithoutTranscendentalsIsBitIdenticalOnOneThreadAndPooled() {
    Pass[] serial = new Pass[1];
    CpuPool.serially(() -> serial[0] = pass(arena(7), false));
    Pass pooled = pass(arena(7), false);
    assertEquals(serial[0].values().size(), pooled.values().size());
    for (int i = 0; i < pooled.values().size(); i++) {
      assertArrayEquals(serial[0].values().get(i), pooled.values().get(i), "activation " + i);
    }
    assertArrayEquals(serial[0].grad(), pooled.grad(), "arena gradient");
    assertReachesEveryParameter(pooled, 7, "x", "w", "b", "r", "q");
  }

  @Test
  void largeChainWithTranscendentalsIsBitIdenticalOnOneThreadAndPooled() {
    Pass[] serial = new Pass[1];
    CpuPool.serially(() -> serial[0] = pass(arena(8), true));
    Pass pooled = pass(arena(8), true);
    assertEquals(serial[0].values().size(), pooled.values().size());
    for (int i = 0; i < pooled.values().size(); i++) {
      assertArrayEquals(serial[0].values().get(i), pooled.values().get(i), "activation " + i);
    }
    ParameterArena layout = arena(8);
    for (ParameterArena.Param p : layout.params()) {
      int from = p.offset();
      int to = from + p.size();
      assertArrayEquals(
          Arrays.copyOfRange(serial[0].grad(), from, to),
          Arrays.copyOfRange(pooled.grad(), from, to),
          "gradient of " + p.name());
    }
    assertReachesEveryParameter(pooled, 8, "x", "w", "b", "r", "q", "p");
  }

  /**
   * The padding's gradient is untouched, and on each parameter the pass uses, fewer than 1% of the
   * entries kept their pre-filled value (a few may, where a tiny gradient is absorbed in rounding):
   * the pass is not vacuous. The loss is finite.
   */
  private static void assertReachesEveryParameter(Pass pass, long seed, String... used) {
    ParameterArena before = arena(seed);
    float[] g0 = before.grad();
    ParameterArena.Param pad = before.param("pad");
    for (int i = pad.offset(); i < pad.offset() + pad.size(); i++) {
      assertEquals(g0[i], pass.grad()[i], 0f, "padding gradient " + i);
    }
    for (String name : used) {
      ParameterArena.Param p = before.param(name);
      int unchanged = 0;
      for (int i = p.offset(); i < p.offset() + p.size(); i++) {
        unchanged += pass.grad()[i] == g0[i] ? 1 : 0;
      }
      assertTrue(
          unchanged < p.size() / 100, name + ": " + unchanged + " gradient entries unchanged");
    }
    float loss = pass.values().get(pass.values().size() - 1)[0];
    assertTrue(Float.isFinite(loss), "loss " + loss);
  }

  /**
   * {@code L = Σ relu(a − c) ⊙ r + Σ relu(a) ⊙ a} for a [1024, 256] against a row c and a row r:
   * the forward value and the gradients with respect to a, c and r against float64 closed forms.
   */
  @Test
  void largeBroadcastChainMatchesFloat64() {
    ParameterArena arena =
        ParameterArena.builder().add("pad", 3).add("a", N, OUT).add("c", OUT).add("r", OUT).build();
    SplittableRandom rnd = new SplittableRandom(3);
    float[] th = arena.theta();
    for (int i = 0; i < th.length; i++) {
      th[i] = (float) (rnd.nextDouble() * 3 - 1.5);
    }
    int ao = arena.param("a").offset();
    int co = arena.param("c").offset();
    int ro = arena.param("r").offset();
    Tape t = new Tape();
    Var a = t.param(arena, "a");
    Var c = t.param(arena, "c");
    Var r = t.param(arena, "r");
    Var loss =
        Ops.add(Ops.sum(Ops.mul(Ops.relu(Ops.sub(a, c)), r)), Ops.sum(Ops.mul(Ops.relu(a), a)));
    t.backward(loss);

    double lRef = 0;
    double lAbs = 0;
    double[] dc = new double[OUT];
    double[] dr = new double[OUT];
    float[] g = arena.grad();
    double maxRel = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < OUT; j++) {
        double av = th[ao + i * OUT + j];
        double u = av - th[co + j];
        double ru = Math.max(u, 0);
        double rv = th[ro + j];
        lRef += ru * rv + Math.max(av, 0) * av;
        lAbs += Math.abs(ru * rv) + Math.max(av, 0) * av;
        double du = u > 0 ? rv : 0;
        double da = du + (av > 0 ? 2 * av : 0);
        dc[j] -= du;
        dr[j] += ru;
        // a − c, the products and 2a-as-a+a are each rounded once in float32.
        maxRel = Math.max(maxRel, Math.abs(g[ao + i * OUT + j] - da) / Math.max(1, Math.abs(da)));
      }
    }
    assertTrue(maxRel < 1e-5, "max relative error of da " + maxRel);
    // Float32 vector partial sums, each lane over ≤ 2^16/64 = 1024 terms at 512 bits: worst case
    // ≈ 1024 · 2^-24 ≈ 6e-5 of Σ|terms| (random-walk errors are far smaller; wider at 128 bits).
    // A dropped or doubled chunk or row moves the loss by ≥ 1e-3 of Σ|terms|.
    assertEquals(lRef, loss.item(), 1e-4 * lAbs, "loss");
    for (int j = 0; j < OUT; j++) {
      // Row sums of 1024 float terms ≤ 3, row by row: error ≲ 1024 · 2^-24 · 1024 · 3 ≈ 0.19.
      assertEquals(dc[j], g[co + j], 0.2, "dc " + j);
      assertEquals(dr[j], g[ro + j], 0.2, "dr " + j);
    }
  }
}
