package io.langevin.projection;

/** Argument checks every {@link Projection} shares; messages carry the numbers. */
final class ProjectionChecks {
  private ProjectionChecks() {}

  /** Checks the dimensions given to a constructor. */
  static void dims(String kind, int bigD, int d) {
    if (bigD < 1 || d < 1) {
      throw new IllegalArgumentException(
          kind + ": dimensions must be >= 1, found D=" + bigD + " d=" + d);
    }
  }

  static void apply(Projection p, float[] thetaSmall, float[] theta0, float[] out) {
    String name = p.getClass().getSimpleName();
    length(name + ".apply", "thetaSmall (θ_d)", thetaSmall, p.sourceDim());
    if (theta0 != null) {
      length(name + ".apply", "theta0 (θ_0)", theta0, p.targetDim());
    }
    length(name + ".apply", "out (θ_D)", out, p.targetDim());
  }

  static void transpose(Projection p, float[] gD, float[] outSmall) {
    String name = p.getClass().getSimpleName();
    length(name + ".applyTranspose", "gD", gD, p.targetDim());
    length(name + ".applyTranspose", "outSmall", outSmall, p.sourceDim());
  }

  static void length(String op, String what, float[] a, int expected) {
    if (a == null) {
      throw new IllegalArgumentException(
          op + ": " + what + " is null, expected length " + expected);
    }
    if (a.length != expected) {
      throw new IllegalArgumentException(
          op + ": " + what + " has length " + a.length + ", expected " + expected);
    }
  }
}
