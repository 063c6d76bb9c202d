package io.langevin.experiments.alice;

import io.langevin.kernels.autodiff.Ops;
import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The networks and the two losses of one toy game (one {@link Variant}, CE weight λ), as the
 * authors' scripts define them ({@code toy_data/ALICE_*.py}), written in logit form with the stable
 * {@link Ops#bceWithLogits} (each BCE a mean over its batch).
 *
 * <p>Networks (widths and depth from the run options; the scripts: 2 × 256, ReLU):
 *
 * <ul>
 *   <li>generator {@code G(z, ε) = MLP([z, ε])} and encoder {@code E(x, ε) = MLP([x, ε])}, 4 → … →
 *       2, with ε ~ N(0, I₂) drawn afresh at every call;
 *   <li>joint discriminator {@code f(x, z) = MLP([x, z])}, 4 → … → 1 logit (all but cyclegan);
 *   <li>alice-adv and semi-cgan: cycle discriminators {@code f_xx([x, x'])}, {@code f_zz([z, z'])};
 *   <li>semi-cgan: pair discriminator {@code f_pair([x, z])} on the anchor pairs;
 *   <li>cyclegan: marginal discriminators {@code D_x(x)}, {@code D_z(z)}, 2 → … → 1.
 * </ul>
 *
 * <p>With {@code ẑ = E(x, ε)}, {@code x̃ = G(z, ε')}, {@code x̂ = G(ẑ, ε'')}, {@code z' = E(x̃,
 * ε''')} and BCE(l, y) the mean binary cross-entropy of logits l against label y:
 *
 * <ul>
 *   <li>discriminator loss: {@code BCE(f(x, ẑ), 1) + BCE(f(x̃, z), 0)} (the encoder pair is
 *       "real"); alice-adv and semi-cgan add {@code BCE(f_xx(x,x),1) + BCE(f_xx(x,x̂),0) +
 *       BCE(f_zz(z,z),1) + BCE(f_zz(z,z'),0)}; semi-cgan adds {@code BCE(f_pair(x_a,z_a),1) +
 *       BCE(f_pair(G(z_a),z_a),0) + BCE(f_pair(x_a,E(x_a)),0)} (the script flips these three
 *       labels, which is the same game); cyclegan uses {@code BCE(D_x(x),1) + BCE(D_x(x̃),0) +
 *       BCE(D_z(z),1) + BCE(D_z(ẑ),0)} instead of the joint term.
 *   <li>generator/encoder loss, ALI's swapped labels (Algorithm 1): {@code BCE(f(x̃, z), 1) +
 *       BCE(f(x, ẑ), 0)}, plus
 *       <ul>
 *         <li>alice-l2: {@code λ·(mean(x̂ − x)² + mean(z' − z)²)};
 *         <li>alice-adv: {@code λ·(BCE(f_xx(x, x̂), 1) + BCE(f_zz(z, z'), 1))};
 *         <li>cyclegan (no joint term): {@code BCE(D_x(x̃), 1) + BCE(D_z(ẑ), 1) + λ·(ℓ2 cycles)};
 *         <li>semi-l2: {@code 0.1·(ℓ2 cycles) + λ·(mean(G(z_a) − x_a)² + mean(E(x_a) − z_a)²)};
 *         <li>semi-cgan: {@code 0.05·(adversarial cycles) + λ·(BCE(f_pair(G(z_a),z_a),1) +
 *             BCE(f_pair(x_a,E(x_a)),1))}.
 *       </ul>
 * </ul>
 *
 * The scripts' generator-side terms {@code BCE(f_xx(x,x), 0)} and {@code BCE(f_pair(x_a,z_a), 0)}
 * do not depend on G or E and are left out (same gradient). Departures from the scripts: the
 * reconstructions reuse the samples ẑ and x̃ of the joint term instead of a fresh E(x) and G(z)
 * (the same distribution, two network passes fewer per step); networks are shared between the
 * forward and reconstruction passes (the intended semantics, see the reference's caveat 2.7.1).
 *
 * <p>In the discriminator loss, G and E run with constant parameters on constant inputs, so no
 * gradient reaches them; in the generator loss the discriminators run {@link Mlp#forward frozen}.
 * Gradients accumulate into each network's own arena; zero them before a backward pass. Tested by
 * {@code AliceGameTest}.
 */
final class AliceGame {
  /** The ℓ2 cycle weight kept in the semi-l2 script. */
  static final double SEMI_L2_CYCLE = 0.1;

  /** The adversarial cycle weight kept in the semi-cgan script. */
  static final double SEMI_CGAN_CYCLE = 0.05;

  /** Dimension of x, z and of the injected noise ε. */
  static final int DIM = 2;

  private final Variant variant;
  private final double lambda;
  private final Mlp g;
  private final Mlp e;
  private final Mlp f;
  private final Mlp fxx;
  private final Mlp fzz;
  private final Mlp fpair;
  private final Mlp dx;
  private final Mlp dz;
  private final float[] anchorX;
  private final float[] anchorZ;
  private final List<Mlp> generators = new ArrayList<>();
  private final List<Mlp> discriminators = new ArrayList<>();
  private final boolean smooth;

  /**
   * The networks of {@code variant}, initialised from {@code seed} (one derived seed per network).
   * λ must be finite and ≥ 0; ALI ignores it.
   */
  AliceGame(
      Variant variant, double lambda, int width, int depth, long seed, boolean anchorsOnModes) {
    this(variant, lambda, width, depth, seed, anchorsOnModes, false);
  }

  /** As above; {@code smooth} builds every network with tanh instead of ReLU (gradient checks). */
  AliceGame(
      Variant variant,
      double lambda,
      int width,
      int depth,
      long seed,
      boolean anchorsOnModes,
      boolean smooth) {
    this.smooth = smooth;
    if (!(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
    }
    this.variant = variant;
    this.lambda = variant == Variant.ALI ? 0 : lambda;
    SplittableRandom seeds = new SplittableRandom(seed);
    g = new Mlp("G", 2 * DIM, width, depth, DIM, seeds.nextLong(), smooth);
    e = new Mlp("E", 2 * DIM, width, depth, DIM, seeds.nextLong(), smooth);
    generators.add(g);
    generators.add(e);
    boolean cycleGan = variant == Variant.CYCLEGAN;
    boolean adversarialCycle = variant == Variant.ALICE_ADV || variant == Variant.SEMI_CGAN;
    f = cycleGan ? null : disc("f", 2 * DIM, width, depth, seeds.nextLong());
    fxx = adversarialCycle ? disc("f_xx", 2 * DIM, width, depth, seeds.nextLong()) : null;
    fzz = adversarialCycle ? disc("f_zz", 2 * DIM, width, depth, seeds.nextLong()) : null;
    fpair =
        variant == Variant.SEMI_CGAN ? disc("f_pair", 2 * DIM, width, depth, seeds.nextLong()) : null;
    dx = cycleGan ? disc("D_x", DIM, width, depth, seeds.nextLong()) : null;
    dz = cycleGan ? disc("D_z", DIM, width, depth, seeds.nextLong()) : null;
    anchorX = ToyData.anchorsX(anchorsOnModes);
    anchorZ = ToyData.anchorsZ();
  }

  private Mlp disc(String name, int in, int width, int depth, long seed) {
    Mlp m = new Mlp(name, in, width, depth, 1, seed, smooth);
    discriminators.add(m);
    return m;
  }

  Variant variant() {
    return variant;
  }

  /** The CE weight in use (0 for ALI). */
  double lambda() {
    return lambda;
  }

  /** G and E, in that order (the networks the generator loss trains). */
  List<Mlp> generators() {
    return List.copyOf(generators);
  }

  /** The discriminators of this variant (the networks the discriminator loss trains). */
  List<Mlp> discriminators() {
    return List.copyOf(discriminators);
  }

  /** The 5 x anchors in use, {@code [5, 2]}. */
  float[] anchorX() {
    return anchorX.clone();
  }

  /** The 5 z anchors, {@code [5, 2]}. */
  float[] anchorZ() {
    return anchorZ.clone();
  }

  /** {@code G(z, ε)} with fresh ε from {@code noise}; parameters constant when {@code frozen}. */
  Var generate(Tape t, Var z, SplittableRandom noise, boolean frozen) {
    return g.forward(t, Ops.concat(z, eps(t, z.shape()[0], noise)), frozen);
  }

  /** {@code E(x, ε)} with fresh ε from {@code noise}; parameters constant when {@code frozen}. */
  Var encode(Tape t, Var x, SplittableRandom noise, boolean frozen) {
    return e.forward(t, Ops.concat(x, eps(t, x.shape()[0], noise)), frozen);
  }

  /** The discriminator loss on the batch (x, z), both {@code [n, 2]} constants. */
  Var discriminatorLoss(Tape t, Var x, Var z, SplittableRandom noise) {
    Var zHat = encode(t, x, noise, true);
    Var xTilde = generate(t, z, noise, true);
    Var loss;
    if (variant == Variant.CYCLEGAN) {
      loss =
          sum(
              bce(t, dx.forward(t, x, false), 1),
              bce(t, dx.forward(t, xTilde, false), 0),
              bce(t, dz.forward(t, z, false), 1),
              bce(t, dz.forward(t, zHat, false), 0));
      return loss;
    }
    loss =
        Ops.add(
            bce(t, f.forward(t, Ops.concat(x, zHat), false), 1),
            bce(t, f.forward(t, Ops.concat(xTilde, z), false), 0));
    if (fxx != null) {
      Var xHat = generate(t, zHat, noise, true);
      Var zRec = encode(t, xTilde, noise, true);
      loss =
          sum(
              loss,
              bce(t, fxx.forward(t, Ops.concat(x, x), false), 1),
              bce(t, fxx.forward(t, Ops.concat(x, xHat), false), 0),
              bce(t, fzz.forward(t, Ops.concat(z, z), false), 1),
              bce(t, fzz.forward(t, Ops.concat(z, zRec), false), 0));
    }
    if (fpair != null) {
      Var xa = t.constant(anchorX, ToyData.ANCHORS, DIM);
      Var za = t.constant(anchorZ, ToyData.ANCHORS, DIM);
      loss =
          sum(
              loss,
              bce(t, fpair.forward(t, Ops.concat(xa, za), false), 1),
              bce(t, fpair.forward(t, Ops.concat(generate(t, za, noise, true), za), false), 0),
              bce(t, fpair.forward(t, Ops.concat(xa, encode(t, xa, noise, true)), false), 0));
    }
    return loss;
  }

  /** The generator/encoder loss on the batch (x, z), both {@code [n, 2]} constants. */
  Var generatorLoss(Tape t, Var x, Var z, SplittableRandom noise) {
    Var zHat = encode(t, x, noise, false);
    Var xTilde = generate(t, z, noise, false);
    Var loss;
    if (variant == Variant.CYCLEGAN) {
      loss =
          Ops.add(
              bce(t, dx.forward(t, xTilde, true), 1), bce(t, dz.forward(t, zHat, true), 1));
      return lambda == 0 ? loss : Ops.add(loss, l2Cycles(t, x, z, zHat, xTilde, noise, lambda));
    }
    loss =
        Ops.add(
            bce(t, f.forward(t, Ops.concat(xTilde, z), true), 1),
            bce(t, f.forward(t, Ops.concat(x, zHat), true), 0));
    switch (variant) {
      case ALI -> {}
      case ALICE_L2 -> {
        if (lambda != 0) {
          loss = Ops.add(loss, l2Cycles(t, x, z, zHat, xTilde, noise, lambda));
        }
      }
      case ALICE_ADV -> {
        if (lambda != 0) {
          loss = Ops.add(loss, adversarialCycles(t, x, z, zHat, xTilde, noise, lambda));
        }
      }
      case SEMI_L2 -> {
        loss = Ops.add(loss, l2Cycles(t, x, z, zHat, xTilde, noise, SEMI_L2_CYCLE));
        if (lambda != 0) {
          Var xa = t.constant(anchorX, ToyData.ANCHORS, DIM);
          Var za = t.constant(anchorZ, ToyData.ANCHORS, DIM);
          Var map =
              Ops.add(
                  Ops.mseLoss(generate(t, za, noise, false), xa),
                  Ops.mseLoss(encode(t, xa, noise, false), za));
          loss = Ops.add(loss, Ops.scale(map, (float) lambda));
        }
      }
      case SEMI_CGAN -> {
        loss = Ops.add(loss, adversarialCycles(t, x, z, zHat, xTilde, noise, SEMI_CGAN_CYCLE));
        if (lambda != 0) {
          Var xa = t.constant(anchorX, ToyData.ANCHORS, DIM);
          Var za = t.constant(anchorZ, ToyData.ANCHORS, DIM);
          Var pair =
              Ops.add(
                  bce(t, fpair.forward(t, Ops.concat(generate(t, za, noise, false), za), true), 1),
                  bce(t, fpair.forward(t, Ops.concat(xa, encode(t, xa, noise, false)), true), 1));
          loss = Ops.add(loss, Ops.scale(pair, (float) lambda));
        }
      }
      default -> throw new IllegalStateException("unhandled variant " + variant);
    }
    return loss;
  }

  /** {@code w·(mean(G(ẑ) − x)² + mean(E(x̃) − z)²)}. */
  private Var l2Cycles(
      Tape t, Var x, Var z, Var zHat, Var xTilde, SplittableRandom noise, double w) {
    Var c =
        Ops.add(
            Ops.mseLoss(generate(t, zHat, noise, false), x),
            Ops.mseLoss(encode(t, xTilde, noise, false), z));
    return Ops.scale(c, (float) w);
  }

  /** {@code w·(BCE(f_xx(x, G(ẑ)), 1) + BCE(f_zz(z, E(x̃)), 1))}. */
  private Var adversarialCycles(
      Tape t, Var x, Var z, Var zHat, Var xTilde, SplittableRandom noise, double w) {
    Var c =
        Ops.add(
            bce(t, fxx.forward(t, Ops.concat(x, generate(t, zHat, noise, false)), true), 1),
            bce(t, fzz.forward(t, Ops.concat(z, encode(t, xTilde, noise, false)), true), 1));
    return Ops.scale(c, (float) w);
  }

  private static Var eps(Tape t, int n, SplittableRandom noise) {
    float[] v = new float[n * DIM];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) noise.nextGaussian();
    }
    return t.constant(v, n, DIM);
  }

  private static Var bce(Tape t, Var logits, float label) {
    float[] y = new float[logits.size()];
    Arrays.fill(y, label);
    return Ops.bceWithLogits(logits, t.constant(y, logits.shape()));
  }

  private static Var sum(Var... terms) {
    Var s = terms[0];
    for (int i = 1; i < terms.length; i++) {
      s = Ops.add(s, terms[i]);
    }
    return s;
  }
}
