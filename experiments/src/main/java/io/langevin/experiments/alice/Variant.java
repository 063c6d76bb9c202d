package io.langevin.experiments.alice;

import java.util.Locale;

/**
 * The toy games. λ is the weight of each variant's conditional-entropy term (see {@link
 * AliceGame} for the exact losses); {@link #defaultLambda} is the weight in the authors' script.
 */
public enum Variant {
  /** ALI / BiGAN game alone (λ is ignored: the CE weight is 0). */
  ALI("ali", false, 0),
  /** ALI + explicit ℓ2 cycles on x and z, weight λ ({@code ALICE_l2.py}: 1.0). */
  ALICE_L2("alice-l2", false, 1),
  /** ALI + adversarial cycles f_xx, f_zz, weight λ ({@code ALICE_A.py}: 0.1). */
  ALICE_ADV("alice-adv", false, 0.1),
  /** CycleGAN decomposition: marginal discriminators on x and z + ℓ2 cycles of weight λ. */
  CYCLEGAN("cyclegan", false, 1),
  /** ALI + 0.1·ℓ2 cycles + λ·ℓ2 on the 5 anchor pairs ({@code ALICE_l2_l2.py}: λ = 1.0). */
  SEMI_L2("semi-l2", true, 1),
  /**
   * ALI + 0.05·adversarial cycles + λ·conditional GAN on the anchor pairs ({@code ALICE_A_A.py}: λ
   * = 1.0).
   */
  SEMI_CGAN("semi-cgan", true, 1);

  private final String cliName;
  private final boolean semiSupervised;
  private final double defaultLambda;

  Variant(String cliName, boolean semiSupervised, double defaultLambda) {
    this.cliName = cliName;
    this.semiSupervised = semiSupervised;
    this.defaultLambda = defaultLambda;
  }

  /** The name on the command line and in CSV files, e.g. {@code "alice-l2"}. */
  public String cliName() {
    return cliName;
  }

  /** True for the variants trained with anchor pairs (z from the 2-mode mixture). */
  public boolean semiSupervised() {
    return semiSupervised;
  }

  /** The CE weight of the authors' script. */
  public double defaultLambda() {
    return defaultLambda;
  }

  /** The variant named {@code name} (its {@link #cliName()}, case-insensitive). */
  public static Variant parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Variant v : values()) {
      if (v.cliName.equals(n)) {
        return v;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Variant v : values()) {
      known.append(known.isEmpty() ? "" : ",").append(v.cliName);
    }
    throw new IllegalArgumentException("unknown variant '" + name + "'; choose from " + known);
  }
}
