package io.langevin.projection;

/**
 * A fixed random linear map {@code P : R^d → R^D} ({@code d} = {@link #sourceDim()}, {@code D} =
 * {@link #targetDim()}) for training in a random subspace: {@code θ_D = θ_0 + P·θ_d} (Li, Farkhoor,
 * Liu, Yosinski, ICLR 2018). Only {@code θ_d} is trained; the gradient with respect to it is {@code
 * Pᵀ·g_D}.
 *
 * <p>Every implementation is a pure function of {@code (D, d, seed)} (the random numbers come from
 * Philox, see {@link io.langevin.kernels.random.Noise}), normalises its {@code d} columns to unit
 * Euclidean length over all {@code D} coordinates (exactly, or in expectation for {@link
 * FastfoodProjection}), and gives the same bits on 1 or N threads ({@link
 * io.langevin.kernels.cpu.CpuPool}). Implementations: {@link DenseProjection}, {@link
 * SparseProjection}, {@link FastfoodProjection}; made by name with {@link Projections#create}.
 *
 * <p>Wrong array lengths throw {@link IllegalArgumentException} with the expected and found
 * lengths. Calls on one instance must not overlap in time from several threads unless the class
 * says otherwise (the implementations here synchronise the calls that use shared scratch).
 */
public interface Projection {

  /** {@code d}: the length of θ_d, the number of columns of P. */
  int sourceDim();

  /** {@code D}: the length of θ_D (the model's parameter arena), the number of rows of P. */
  int targetDim();

  /**
   * Writes {@code out = θ_0 + P·θ_d}. {@code thetaSmall} has length {@code d}; {@code theta0} and
   * {@code out} have length {@code D}. {@code theta0} may be {@code null} (read as zero) and may be
   * the same array as {@code out}.
   */
  void apply(float[] thetaSmall, float[] theta0, float[] out);

  /**
   * Writes {@code outSmall = Pᵀ·gD}: {@code gD} has length {@code D}, {@code outSmall} length
   * {@code d}.
   */
  void applyTranspose(float[] gD, float[] outSmall);

  /** The seed the projection was generated from. */
  long seed();

  /** Kind, D, d, seed and the storage used, e.g. {@code "DenseProjection[D=…, d=…, …]"}. */
  @Override
  String toString();
}
