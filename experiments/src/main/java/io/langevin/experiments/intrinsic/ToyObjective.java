package io.langevin.experiments.intrinsic;

/**
 * The seed talk's toy objective for the intrinsic dimension: {@code J(θ) = Σ_r (1 − Σ_{i in group
 * r} θ_i)²} over {@code groups · groupSize} parameters, group r being the coordinates {@code [r·S,
 * (r+1)·S)}. Its minimum 0 is reached on an affine subspace of codimension {@code groups}, so a
 * random subspace θ_0 + Pθ_d (P of full column rank) reaches it exactly when d ≥ groups: the
 * intrinsic dimension is {@code groups}. The authors' notebook reports performance {@code
 * exp(−J)}. Test: {@code IntrinsicDimTest}.
 */
public final class ToyObjective {
  private final int groups;
  private final int groupSize;

  public ToyObjective(int groups, int groupSize) {
    if (groups < 1 || groupSize < 1 || (long) groups * groupSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "toy objective: groups and group size must be >= 1 (and their product fit an int), got "
              + groups
              + " and "
              + groupSize);
    }
    this.groups = groups;
    this.groupSize = groupSize;
  }

  public int groups() {
    return groups;
  }

  public int groupSize() {
    return groupSize;
  }

  /** D = groups · groupSize. */
  public int dim() {
    return groups * groupSize;
  }

  /** J(θ), summed in double. */
  public double value(float[] theta) {
    return valueAndGradient(theta, null);
  }

  /**
   * J(θ); when {@code grad} is not null it receives ∂J/∂θ_i = −2·(1 − Σ_{group of i} θ) for every
   * i.
   */
  public double valueAndGradient(float[] theta, float[] grad) {
    if (theta.length != dim() || (grad != null && grad.length != dim())) {
      throw new IllegalArgumentException(
          "toy objective: theta and grad must have "
              + dim()
              + " elements, got "
              + theta.length
              + (grad == null ? "" : " and " + grad.length));
    }
    double j = 0;
    for (int r = 0; r < groups; r++) {
      double s = 0;
      int from = r * groupSize;
      for (int i = from; i < from + groupSize; i++) {
        s += theta[i];
      }
      double res = 1 - s;
      j += res * res;
      if (grad != null) {
        java.util.Arrays.fill(grad, from, from + groupSize, (float) (-2 * res));
      }
    }
    return j;
  }
}
