package io.langevin.kernels.update;

/** What one {@link UpdateKernel#range} call found: the first bad element, and SGNHT's Σ p'². */
public final class RangeResult {
  /** Index of the first element with a non-finite new value, or −1. */
  public int badIndex = -1;

  /** At {@link #badIndex}: θ before the step, the raw gradient, and the new θ. */
  public float badTheta, badGrad, badNewTheta;

  /** At {@link #badIndex}: which output was not finite (0 = θ, 1 + k = state array k). */
  public int badOutput;

  /** At {@link #badIndex}: that output's new value (NaN or ±Inf). */
  public float badValue;

  /** SGNHT: Σ p'·p' over the range (double). */
  public double sumSquares;

  /** Clears the result for reuse. */
  public void reset() {
    badIndex = -1;
    badTheta = badGrad = badNewTheta = badValue = 0f;
    badOutput = 0;
    sumSquares = 0;
  }
}
