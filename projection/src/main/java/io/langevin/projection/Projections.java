package io.langevin.projection;

import java.util.List;
import java.util.Locale;

/**
 * Makes a {@link Projection} by name: {@code "dense"} ({@link DenseProjection}, default 256 MiB
 * budget for storing the matrix), {@code "sparse"} ({@link SparseProjection}, global density {@code
 * 1/sqrt(D)}) or {@code "fastfood"} ({@link FastfoodProjection}). A model trained in a subspace is
 * thus stored as (architecture, kind, seed, θ_d).
 */
public final class Projections {

  /** The valid kinds, in the order error messages list them. */
  public static final List<String> KINDS = List.of("dense", "sparse", "fastfood");

  private Projections() {}

  /** A projection of kind {@code kind} from {@code R^d} into {@code R^D}. */
  public static Projection create(String kind, int bigD, int d, long seed) {
    String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
    return switch (k) {
      case "dense" -> new DenseProjection(bigD, d, seed);
      case "sparse" -> new SparseProjection(bigD, d, seed);
      case "fastfood" -> new FastfoodProjection(bigD, d, seed);
      default ->
          throw new IllegalArgumentException(
              "unknown projection kind '" + kind + "'; valid kinds: " + String.join(", ", KINDS));
    };
  }
}
