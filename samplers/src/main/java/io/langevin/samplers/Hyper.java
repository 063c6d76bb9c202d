package io.langevin.samplers;

/** Validation of hyperparameters, with the name and value in every message. */
final class Hyper {
  private Hyper() {}

  static double positive(String sampler, String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(sampler + ": " + what + " must be finite and > 0, got " + v);
    }
    return v;
  }

  static double nonNegative(String sampler, String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(sampler + ": " + what + " must be finite and ≥ 0, got " + v);
    }
    return v;
  }

  /** 0 ≤ v < 1. */
  static double fraction(String sampler, String what, double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(sampler + ": " + what + " must be in [0, 1), got " + v);
    }
    return v;
  }

  static double finite(String sampler, String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(sampler + ": " + what + " must be finite, got " + v);
    }
    return v;
  }
}
