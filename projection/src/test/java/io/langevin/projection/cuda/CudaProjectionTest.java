package io.langevin.projection.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.cuda.Backend;
import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import io.langevin.projection.FastfoodProjection;
import io.langevin.projection.Projection;
import io.langevin.projection.SparseProjection;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaFastfood} and {@link CudaSparse} on a device against the CPU {@link
 * FastfoodProjection} and {@link SparseProjection}, for ragged D ∈ {1, 7, 1021, 4099, 100003} ×
 * d ∈ {1, 3, 31, 257, 1000}, plus Fastfood cases with {@code m = 2^⌈log₂ d⌉} above the 2^13 tile
 * (the transpose's full-pass path), d > D, and L = 2^23 (two global passes, the last fused with
 * θ0), and a per-layer sparse projection. Random inputs; outputs are poisoned with NaN and longer
 * than needed, so unwritten elements and writes past the end fail.
 *
 * <p>Each result (apply with θ0, with θ0 = null, in place with θ0 = out; transpose) must first be
 * within relative norm error 1e-5 of the CPU's, then bit-identical to it: the device performs the
 * CPU definition's roundings in the same order (see the classes), so any difference is a bug, but
 * the two checks tell a wrong result from a changed order. The adjoint identity {@code <P x, y> =
 * <x, Pᵀ y>} is checked on device results (dot products in double) to {@code 1e-5·(‖Px‖‖y‖ +
 * ‖x‖‖Pᵀy‖)}. Skipped, with the reason, without a CUDA device.
 */
class CudaProjectionTest {
  private static final int[] BIG_D = {1, 7, 1021, 4099, 100_003};
  private static final int[] SMALL_D = {1, 3, 31, 257, 1000};
  private static final int EXTRA = 5;
  private static final float PAST_END = 1e30f;

  private static CudaKernels cuda;

  @BeforeEach
  void device() {
    Assumptions.assumeTrue(CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    if (cuda == null) {
      cuda = CudaKernels.get();
      System.out.println("[cuda] CudaProjectionTest on " + cuda.deviceName());
    }
  }

  @Test
  void fastfoodMatchesTheCpuProjection() {
    long seed = 101;
    for (int bigD : BIG_D) {
      for (int d : SMALL_D) {
        FastfoodProjection p = new FastfoodProjection(bigD, d, seed++);
        try (CudaFastfood g = new CudaFastfood(cuda, p)) {
          assertEquals(p.blockLength(), g.blockLength());
          compare(p, new Fastfood(g), seed);
        }
      }
    }
  }

  @Test
  void fastfoodLargeBlocksAndWideSources() {
    int[][] cases = {
      {100_003, 10_000}, // m = 2^14 > tile: full passes before the tree
      {4099, 9000}, // L = m = 2^14: tree of one block
      {7, 4099}, // d > D: L from d
      {1021, 1021}, // d = D
      {4_200_000, 1000}, // L = 2^23: passes of 4 and 6 stages, the last with θ0
      {9000, 8192}, // m = tile exactly
    };
    long seed = 301;
    for (int[] c : cases) {
      FastfoodProjection p = new FastfoodProjection(c[0], c[1], seed++);
      try (CudaFastfood g = new CudaFastfood(cuda, p)) {
        compare(p, new Fastfood(g), seed);
      }
    }
  }

  @Test
  void sparseMatchesTheCpuProjection() {
    long seed = 201;
    for (int bigD : BIG_D) {
      for (int d : SMALL_D) {
        SparseProjection p = new SparseProjection(bigD, d, seed++);
        try (CudaSparse g = new CudaSparse(cuda, p)) {
          assertEquals(p.nonZeros(), g.nonZeros());
          compare(p, new Sparse(g), seed);
        }
      }
    }
    SparseProjection layers =
        SparseProjection.perLayer(new int[] {784 * 200, 200, 200 * 10, 10}, 750, 5);
    try (CudaSparse g = new CudaSparse(cuda, layers)) {
      compare(layers, new Sparse(g), 6);
    }
  }

  @Test
  void shortArraysAreRejectedWithTheNumbers() {
    FastfoodProjection fp = new FastfoodProjection(1021, 31, 1);
    SparseProjection sp = new SparseProjection(1021, 31, 1);
    try (CudaFastfood f = new CudaFastfood(cuda, fp);
        CudaSparse s = new CudaSparse(cuda, sp);
        DeviceArray small = cuda.alloc(30);
        DeviceArray big = cuda.alloc(1020);
        DeviceArray ok = cuda.alloc(1021)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.apply(small, null, ok));
      assertTrue(e.getMessage().contains("30") && e.getMessage().contains("31"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> f.apply(ok, big, ok));
      assertTrue(e.getMessage().contains("1020") && e.getMessage().contains("1021"));
      e = assertThrows(IllegalArgumentException.class, () -> f.applyTranspose(big, ok));
      assertTrue(e.getMessage().contains("1020"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> s.apply(ok, null, big));
      assertTrue(e.getMessage().contains("1020") && e.getMessage().contains("1021"));
      e = assertThrows(IllegalArgumentException.class, () -> s.applyTranspose(ok, small));
      assertTrue(e.getMessage().contains("30") && e.getMessage().contains("31"));
      assertThrows(IllegalArgumentException.class, () -> s.apply(null, null, ok));
    }
  }

  /** The device calls of one projection kind. */
  private interface Device {
    void apply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out);

    void applyTranspose(DeviceArray gD, DeviceArray outSmall);
  }

  private record Fastfood(CudaFastfood g) implements Device {
    @Override
    public void apply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out) {
      g.apply(thetaSmall, theta0, out);
    }

    @Override
    public void applyTranspose(DeviceArray gD, DeviceArray outSmall) {
      g.applyTranspose(gD, outSmall);
    }
  }

  private record Sparse(CudaSparse g) implements Device {
    @Override
    public void apply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out) {
      g.apply(thetaSmall, theta0, out);
    }

    @Override
    public void applyTranspose(DeviceArray gD, DeviceArray outSmall) {
      g.applyTranspose(gD, outSmall);
    }
  }

  private static void compare(Projection p, Device g, long seed) {
    int bigD = p.targetDim();
    int d = p.sourceDim();
    String what = p.toString();
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = random(rnd, d);
    float[] t0 = random(rnd, bigD);
    float[] y = random(rnd, bigD);
    float[] nanD = new float[bigD + EXTRA];
    Arrays.fill(nanD, Float.NaN);
    float[] nanSmall = new float[d + EXTRA];
    Arrays.fill(nanSmall, Float.NaN);

    float[] wantOut = new float[bigD];
    p.apply(x, t0, wantOut);
    float[] wantNoBase = new float[bigD];
    p.apply(x, null, wantNoBase);
    float[] wantT = new float[d];
    p.applyTranspose(y, wantT);

    try (DeviceArray dx = upload(x, EXTRA);
        DeviceArray dt0 = upload(t0, EXTRA);
        DeviceArray dy = upload(y, EXTRA);
        DeviceArray out = cuda.upload(nanD);
        DeviceArray outSmall = cuda.upload(nanSmall)) {
      g.apply(dx, dt0, out);
      check(wantOut, out.toFloats(), Float.NaN, what + " apply(θd, θ0)");
      out.copyFrom(nanD);
      g.apply(dx, null, out);
      float[] px = out.toFloats();
      check(wantNoBase, px, Float.NaN, what + " apply(θd, null)");
      g.apply(dx, dt0, dt0);
      check(wantOut, dt0.toFloats(), PAST_END, what + " apply(θd, θ0 = out)");
      g.applyTranspose(dy, outSmall);
      float[] pty = outSmall.toFloats();
      check(wantT, pty, Float.NaN, what + " applyTranspose");
      check(x, dx.toFloats(), PAST_END, what + " θd after the calls");
      check(y, dy.toFloats(), PAST_END, what + " gD after the calls");

      double a = 0;
      double b = 0;
      for (int i = 0; i < bigD; i++) {
        a += (double) px[i] * y[i];
      }
      for (int j = 0; j < d; j++) {
        b += (double) x[j] * pty[j];
      }
      double scale = norm(px, bigD) * norm(y, bigD) + norm(x, d) * norm(pty, d);
      if (!(Math.abs(a - b) <= 1e-5 * scale)) {
        fail(what + ": <Px, y> = " + a + " but <x, Pᵀy> = " + b + " (scale " + scale + ")");
      }
    }
  }

  /**
   * {@code want} (length n) against the first n of {@code got}; the rest must still hold {@code
   * tail} (bit for bit).
   */
  private static void check(float[] want, float[] got, float tail, String what) {
    int n = want.length;
    for (int i = n; i < got.length; i++) {
      if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(tail)) {
        fail(what + ": element " + i + " past the end was written (" + got[i] + ")");
      }
    }
    double err = 0;
    double ref = 0;
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(got[i])) {
        fail(what + ": element " + i + " of " + n + " not written (NaN), want " + want[i]);
      }
      double e = (double) got[i] - want[i];
      err += e * e;
      ref += (double) want[i] * want[i];
    }
    double rel = Math.sqrt(err) / Math.max(Math.sqrt(ref), Double.MIN_NORMAL);
    if (!(rel <= 1e-5)) {
      fail(what + ": relative norm error " + rel + " > 1e-5 (wrong result)");
    }
    for (int i = 0; i < n; i++) {
      if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
        fail(what + ": element " + i + " got " + got[i] + ", want " + want[i]
            + " (relative norm error " + rel + ": within 1e-5, but not bit-identical)");
      }
    }
  }

  private static DeviceArray upload(float[] a, int extra) {
    float[] b = Arrays.copyOf(a, a.length + extra);
    for (int i = a.length; i < b.length; i++) {
      b[i] = PAST_END; // would spoil any result that read past the end
    }
    return cuda.upload(b);
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static double norm(float[] a, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) a[i] * a[i];
    }
    return Math.sqrt(s);
  }
}
