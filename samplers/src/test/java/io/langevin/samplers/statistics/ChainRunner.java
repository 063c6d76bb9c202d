package io.langevin.samplers.statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs D independent chains of one sampler on one gradient oracle and keeps every post-burn-in
 * θ: samples[chain][coordinate][step] in double (float θ widened exactly). The chains run on
 * their own threads (one per chain, at most {@link #THREADS} at once): each chain is a
 * deterministic function of its seeds, so the result does not depend on the scheduling, and the
 * statistics tests take about half the wall time on the 2-core CI machine.
 */
final class ChainRunner {
  private ChainRunner() {}

  /** One sampler step: θ ← step(θ, ∇U(θ)) at step number t (t counts from 0, burn-in included). */
  interface Step {
    void step(float[] theta, float[] grad, long t);
  }

  /** A fresh chain (sampler plus its state) for chain index {@code chain}. */
  interface ChainFactory {
    Step create(int chain);
  }

  /** A fresh gradient oracle (with its own noise seed) for chain index {@code chain}. */
  interface GradientFactory {
    GaussianTarget.Gradient create(int chain);
  }

  static final int THREADS = 2;

  static double[][][] run(
      ChainFactory sampler, GradientFactory gradient, float[] theta0, int chains, int burnIn, int steps) {
    int d = theta0.length;
    double[][][] out = new double[chains][d][steps];
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, chains));
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int c = 0; c < chains; c++) {
        int chain = c;
        jobs.add(pool.submit(() -> runChain(sampler.create(chain), gradient.create(chain), theta0, burnIn, out[chain])));
      }
      for (Future<?> f : jobs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static void runChain(
      Step s, GaussianTarget.Gradient g, float[] theta0, int burnIn, double[][] o) {
    int d = theta0.length;
    int steps = o[0].length;
    float[] theta = theta0.clone();
    float[] grad = new float[d];
    long t = 0;
    for (int k = 0; k < burnIn; k++, t++) {
      g.compute(theta, grad);
      s.step(theta, grad, t);
    }
    for (int k = 0; k < steps; k++, t++) {
      g.compute(theta, grad);
      s.step(theta, grad, t);
      for (int i = 0; i < d; i++) {
        o[i][k] = theta[i];
      }
    }
  }
}
