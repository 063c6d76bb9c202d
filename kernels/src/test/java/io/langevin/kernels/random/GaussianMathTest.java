package io.langevin.kernels.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the IEEE-exact {@link GaussianMath} functions against {@code Math.log/sin/cos} in
 * double. Measured (and pinned here with a little headroom): {@code log} max error 0.83 ulp over
 * all 2^24 inputs {@code m·2^-24} (the whole domain the Gaussian uses) and 0.82 ulp over a grid of
 * 21 M normal floats; {@code sin2pi/cos2pi} max absolute error 6.3e-8 over all {@code u = n·2^-24}
 * in [0, 1).
 */
class GaussianMathTest {

  private static double ulpError(float got, double exact) {
    return Math.abs(got - exact) / Math.ulp((float) exact);
  }

  @Test
  void logWithinOneUlpOnTheWholeGaussianDomain() {
    double worst = 0;
    float at = 0;
    for (int m = 1; m < (1 << 24); m++) {
      float u = m * 0x1p-24f;
      double e = ulpError(GaussianMath.log(u), Math.log(u));
      if (e > worst) {
        worst = e;
        at = u;
      }
    }
    assertEquals(0f, GaussianMath.log(1f), "log(1)");
    assertTrue(worst < 0.9, "log max error " + worst + " ulp at u=" + at + " (measured 0.83)");
  }

  @Test
  void logWithinOneUlpOnNormalFloats() {
    double worst = 0;
    float at = 0;
    for (long bits = 0x00800000L; bits < 0x7f800000L; bits += 1009) {
      float x = Float.intBitsToFloat((int) bits);
      double exact = Math.log(x);
      if (exact == 0) {
        continue;
      }
      double e = ulpError(GaussianMath.log(x), exact);
      if (e > worst) {
        worst = e;
        at = x;
      }
    }
    assertTrue(worst < 0.9, "log max error " + worst + " ulp at x=" + at + " (measured 0.82)");
  }

  @Test
  void sinCosAbsoluteErrorBelow1e7() {
    double ws = 0;
    double wc = 0;
    for (int n = 0; n < (1 << 24); n++) {
      float u = n * 0x1p-24f;
      double a = 2 * Math.PI * u;
      ws = Math.max(ws, Math.abs(GaussianMath.sin2pi(u) - Math.sin(a)));
      wc = Math.max(wc, Math.abs(GaussianMath.cos2pi(u) - Math.cos(a)));
    }
    assertTrue(ws < 8e-8, "sin2pi max abs error " + ws + " (measured 6.3e-8)");
    assertTrue(wc < 8e-8, "cos2pi max abs error " + wc + " (measured 6.3e-8)");
  }

  @Test
  void quadrantBoundariesAreExact() {
    assertEquals(0f, GaussianMath.sin2pi(0f));
    assertEquals(1f, GaussianMath.cos2pi(0f));
    assertEquals(1f, GaussianMath.sin2pi(0.25f));
    assertEquals(0f, GaussianMath.cos2pi(0.25f), 0f);
    assertEquals(-1f, GaussianMath.cos2pi(0.5f));
    assertEquals(-1f, GaussianMath.sin2pi(0.75f));
  }

  /** The fused Box–Muller gives exactly r·cos2pi(u2), r·sin2pi(u2) with the separate functions. */
  @Test
  void boxMullerEqualsItsParts() {
    SplittableRandom rnd = new SplittableRandom(3);
    float[] out = new float[2];
    for (int i = 0; i < 200_000; i++) {
      int wa = rnd.nextInt();
      int wb = rnd.nextInt();
      GaussianMath.boxMuller(wa, wb, out, 0);
      float r = (float) Math.sqrt(-2f * GaussianMath.log(GaussianMath.openClosed(wa)));
      float u = GaussianMath.closedOpen(wb);
      assertEquals(
          Float.floatToRawIntBits(r * GaussianMath.cos2pi(u)), Float.floatToRawIntBits(out[0]));
      assertEquals(
          Float.floatToRawIntBits(r * GaussianMath.sin2pi(u)), Float.floatToRawIntBits(out[1]));
      double ref = Math.sqrt(-2 * Math.log(GaussianMath.openClosed(wa)));
      assertEquals(ref * Math.cos(2 * Math.PI * u), out[0], 1e-6 * (1 + ref));
      assertEquals(ref * Math.sin(2 * Math.PI * u), out[1], 1e-6 * (1 + ref));
    }
  }

  @Test
  void uniformMapsAreExactAndInRange() {
    assertEquals(0x1p-24f, GaussianMath.openClosed(0));
    assertEquals(1f, GaussianMath.openClosed(-1));
    assertEquals(0f, GaussianMath.closedOpen(0));
    assertEquals(1f - 0x1p-24f, GaussianMath.closedOpen(-1));
    assertEquals(0.5f + 0x1p-24f, GaussianMath.openClosed(0x80000000));
  }
}
