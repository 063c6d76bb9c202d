package io.langevin.samplers.statistics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.samplers.Sgld;
import io.langevin.samplers.diagnostics.KernelSteinDiscrepancy;
import io.langevin.samplers.diagnostics.Score;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Recipe R5: the IMQ kernel Stein discrepancy (c = 1, β = −1/2) of 2,000 thinned samples accepts a
 * correct sampler and detects a broken one whose injected noise is halved.
 *
 * <p>Target: the law SGLD really converges to at h = 0.1 on the correlated 2-D Gaussian, N(μ, C_h)
 * with C_h = (P − hP²/2)⁻¹ exact ({@link DiscretisedCovariance#sgld}), so a correct chain is a
 * perfect sampler of it apart from autocorrelation; the chain is thinned by 50 steps (its slowest
 * direction relaxes in 1/(h·λ_min(P)) ≈ 18 steps, so residual correlation is e^{-50/18} ≈ 6%).
 * The threshold is the null distribution of the statistic itself: 30 sets of 2,000 i.i.d. draws
 * of N(μ, C_h) give its mean m and sd s; threshold m + 4.5·s. Broken sampler: the same SGLD with
 * noise sd halved (temperature 1/4: variances ≈ C/4), same seed.
 */
class KsdBrokenSamplerTest {
  private static final int N = 2_000;
  private static final int THIN = 50;

  @Test
  void ksdAcceptsSgldAndRejectsHalvedNoise() {
    GaussianTarget t = GaussianTarget.correlated();
    double h = 0.1;
    double[][] ch = DiscretisedCovariance.sgld(t, h, 1, 0);
    double[][] prec = StationaryCovariance.inverse(ch);
    Score score =
        x -> {
          double[] s = new double[2];
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
              s[i] -= prec[i][j] * (x[j] - t.mean[j]);
            }
          }
          return s;
        };
    KernelSteinDiscrepancy ksd = new KernelSteinDiscrepancy();

    // Null distribution from i.i.d. draws of N(μ, C_h).
    double[][] l = StationaryCovariance.cholesky(ch);
    SplittableRandom r = new SplittableRandom(2718);
    int reps = 30;
    double sum = 0, sum2 = 0;
    for (int k = 0; k < reps; k++) {
      double[][] x = new double[N][2];
      for (int n = 0; n < N; n++) {
        double z0 = r.nextGaussian(), z1 = r.nextGaussian();
        x[n][0] = t.mean[0] + l[0][0] * z0;
        x[n][1] = t.mean[1] + l[1][0] * z0 + l[1][1] * z1;
      }
      double v = ksd.compute(x, score);
      sum += v;
      sum2 += v * v;
    }
    double mean = sum / reps;
    double sd = Math.sqrt((sum2 - reps * mean * mean) / (reps - 1));
    double threshold = mean + ChainMoments.Z * sd;

    double good = ksd.compute(thinned(Sgld.of(h), t), score);
    double broken = ksd.compute(thinned(Sgld.builder().stepSize(h).temperature(0.25).build(), t), score);
    String msg =
        String.format(
            "KSD of %d samples: i.i.d. null %.4f ± %.4f, threshold %.4f; SGLD %.4f; SGLD with the"
                + " noise halved %.4f",
            N, mean, sd, threshold, good, broken);
    System.out.println(msg);
    assertTrue(good <= threshold, "correct SGLD rejected: " + msg);
    assertTrue(broken > threshold, "broken SGLD not detected: " + msg);
  }

  private static double[][] thinned(Sgld sampler, GaussianTarget t) {
    double[][][] s =
        ChainRunner.run(
            SamplerChains.of(sampler, 2, 950), c -> t.gradient(0, 951), t.oneSdFromMean(), 1, 5_000, N * THIN);
    double[][] x = new double[N][2];
    for (int n = 0; n < N; n++) {
      x[n][0] = s[0][0][(n + 1) * THIN - 1];
      x[n][1] = s[0][1][(n + 1) * THIN - 1];
    }
    return x;
  }
}
