package io.langevin.projection;

/**
 * Training in a random subspace: holds {@code θ_0} (a copy of the model's parameters at
 * construction), the trainable {@code θ_d} (length d, starting at zero as in the authors' code, so
 * the model starts exactly at {@code θ_0}) and a {@link Projection} P.
 *
 * <p>A training step with any optimiser or sampler over {@code θ_d}:
 *
 * <pre>{@code
 * subspace.expand(theta);                 // θ ← θ_0 + P·θ_d  (the model's arena)
 * loss = model.lossAndGradient(theta, g); // g = ∂loss/∂θ  (length D)
 * subspace.pullBack(g, gSmall);           // gSmall = Pᵀ·g   (length d)
 * sampler.step(subspace.thetaSmall(), gSmall, state);
 * }</pre>
 *
 * This class knows nothing of layers: θ and g are the flat arrays of any model. The work and its
 * threading are the projection's (results independent of the thread count). Not thread-safe.
 */
public final class Subspace {
  private final Projection projection;
  private final float[] theta0;
  private final float[] thetaSmall;

  /**
   * A subspace around {@code theta} (copied as θ_0; its length must be the projection's D), with
   * θ_d = 0.
   */
  public Subspace(Projection projection, float[] theta) {
    if (projection == null) {
      throw new IllegalArgumentException("Subspace: projection is null");
    }
    ProjectionChecks.length("Subspace", "theta (θ_0)", theta, projection.targetDim());
    this.projection = projection;
    this.theta0 = theta.clone();
    this.thetaSmall = new float[projection.sourceDim()];
  }

  /** The projection P. */
  public Projection projection() {
    return projection;
  }

  /** d, the number of trained coordinates. */
  public int dim() {
    return thetaSmall.length;
  }

  /** D, the model's parameter count. */
  public int fullDim() {
    return theta0.length;
  }

  /** θ_d itself (not a copy): the optimiser steps this array in place. */
  public float[] thetaSmall() {
    return thetaSmall;
  }

  /** A copy of θ_0. */
  public float[] theta0() {
    return theta0.clone();
  }

  /** Writes {@code thetaD = θ_0 + P·θ_d} (length D; typically the model's parameter arena). */
  public void expand(float[] thetaD) {
    projection.apply(thetaSmall, theta0, thetaD);
  }

  /**
   * Writes {@code gSmall = Pᵀ·gD}: the gradient with respect to θ_d of a loss whose θ-gradient is
   * gD.
   */
  public void pullBack(float[] gD, float[] gSmall) {
    projection.applyTranspose(gD, gSmall);
  }

  @Override
  public String toString() {
    return "Subspace[D=" + theta0.length + ", d=" + thetaSmall.length + ", " + projection + "]";
  }
}
