package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.random.Noise;
import org.junit.jupiter.api.Test;

/**
 * One SGLD step written out by hand in double in each convention of the literature equals the
 * h-form step of {@link Sgld} after conversion. Tolerance 1e-5 × (|θ| + |drift| + |noise|): float
 * rounding of a few operations (see {@code SamplerStepTest}); a wrong factor of 2 or √2 in h or T
 * moves the value by a large fraction of a term.
 */
class StepSizeConventionTest {
  private static final int D = 29;
  private static final long SEED = 17;
  private static final long N = 600;

  private final float[] theta = ChainFixture.random(1, D, 1.0);
  private final float[] grad = ChainFixture.random(2, D, 0.01); // a batch-mean gradient
  private final double lambda = 1.0; // prior N(0, 1)

  private double[] xi() {
    float[] x = new float[D];
    Noise.gaussian(SEED, 0, Sampler.NOISE_STREAM, x);
    double[] d = new double[D];
    for (int i = 0; i < D; i++) {
      d[i] = x[i];
    }
    return d;
  }

  private float[] hFormStep(StepSizeConvention.HForm hf) {
    Sampler sgld =
        Sgld.builder()
            .stepSize(hf.h())
            .temperature(hf.temperature())
            .prior(lambda)
            .gradScale(N)
            .build();
    float[] th = theta.clone();
    sgld.step(th, grad, sgld.init(D, SEED));
    return th;
  }

  private static void close(int i, double expected, float actual, double scale) {
    double tol = 1e-5 * scale;
    assertTrue(
        Math.abs(expected - actual) <= tol,
        "theta[" + i + "]: expected " + expected + ", got " + actual + " (tolerance " + tol + ")");
  }

  @Test
  void wellingTeh() {
    // θ ← θ + (ε/2)·ĝ + N(0, ε), ĝ = −∇Ũ = −(N·ḡ + λθ), at T = 1 and at T = 0.3
    double eps = 2e-4;
    for (double temp : new double[] {1, 0.3}) {
      float[] th = hFormStep(StepSizeConvention.fromWellingTeh(eps, temp));
      double[] xi = xi();
      for (int i = 0; i < D; i++) {
        double ghat = -(N * grad[i] + lambda * theta[i]);
        double drift = (eps / 2) * ghat;
        double noise = Math.sqrt(eps * temp) * xi[i];
        close(i, theta[i] + drift + noise, th[i], Math.abs(theta[i]) + Math.abs(drift)
            + Math.abs(noise));
      }
    }
  }

  @Test
  void meanLoss() {
    // θ ← θ − ε·∇L̄ + sqrt(2ε·T_m)·ξ with L̄ = λθ²/(2N) + mean NLL, T_m = 1/N (posterior)
    double eps = 0.05;
    double tm = 1.0 / N;
    StepSizeConvention.HForm hf = StepSizeConvention.fromMeanLoss(eps, tm, N);
    assertEquals(1.0, hf.temperature(), 1e-15);
    float[] th = hFormStep(hf);
    double[] xi = xi();
    for (int i = 0; i < D; i++) {
      double gradMeanLoss = grad[i] + lambda * theta[i] / N;
      double drift = -eps * gradMeanLoss;
      double noise = Math.sqrt(2 * eps * tm) * xi[i];
      close(i, theta[i] + drift + noise, th[i], Math.abs(theta[i]) + Math.abs(drift)
          + Math.abs(noise));
    }
  }

  @Test
  void authorsCode() {
    // pSGLD/SGLD MATLAB: params −= lr·grad + sqrt(2·lr)·randn/N, grad = batch mean + θ/N·λ
    double lr = 5e-4;
    StepSizeConvention.HForm hf = StepSizeConvention.fromAuthorsCode(lr, N);
    assertEquals(1.0 / N, hf.temperature(), 1e-18);
    assertEquals(lr / N, hf.h(), 1e-20);
    float[] th = hFormStep(hf);
    double[] xi = xi();
    for (int i = 0; i < D; i++) {
      double drift = -lr * (grad[i] + lambda * theta[i] / N);
      double noise = Math.sqrt(2 * lr) * xi[i] / N;
      close(i, theta[i] + drift + noise, th[i], Math.abs(theta[i]) + Math.abs(drift)
          + Math.abs(noise));
    }
  }

  @Test
  void roundTrips() {
    assertEquals(2e-4, StepSizeConvention.toWellingTeh(
        StepSizeConvention.fromWellingTeh(2e-4, 1).h()), 0);
    StepSizeConvention.HForm hf = StepSizeConvention.fromMeanLoss(0.05, 0.002, 500);
    assertEquals(0.05, StepSizeConvention.toMeanLossStep(hf.h(), 500), 1e-17);
    assertEquals(0.002, StepSizeConvention.toMeanLossTemperature(hf.temperature(), 500), 1e-18);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> StepSizeConvention.fromMeanLoss(0.1, 1, 0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StepSizeConvention.fromWellingTeh(-1, 1));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
  }
}
