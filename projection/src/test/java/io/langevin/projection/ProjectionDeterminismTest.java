package io.langevin.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.cpu.CpuPool;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Same seed ⇒ the same projection, bit for bit: a second instance, and the same calls on 1 thread
 * ({@link CpuPool#serially}) and on the pool, at sizes that split into several chunks (dense D =
 * 20,000: several apply and transpose chunks; sparse and Fastfood D = 140,000: several row chunks,
 * L = 2^18 so the transforms split too). A different seed gives a different projection. Dense
 * stored and regenerated (budget 0) agree bit for bit, also with an odd d and with d above one
 * regeneration block (d = 9000: one row per block).
 */
class ProjectionDeterminismTest {

  private static float[][] run(Projection p, long seed) {
    float[] x = TestVectors.random(seed, p.sourceDim());
    float[] t0 = TestVectors.random(seed + 1, p.targetDim());
    float[] y = TestVectors.random(seed + 2, p.targetDim());
    float[] out = new float[p.targetDim()];
    float[] back = new float[p.sourceDim()];
    p.apply(x, t0, out);
    p.applyTranspose(y, back);
    return new float[][] {out, back};
  }

  private static void assertBits(float[][] a, float[][] b, String what) {
    for (int k = 0; k < a.length; k++) {
      assertArrayEquals(a[k], b[k], what + (k == 0 ? " apply" : " transpose"));
      for (int i = 0; i < a[k].length; i++) {
        if (Float.floatToRawIntBits(a[k][i]) != Float.floatToRawIntBits(b[k][i])) {
          throw new AssertionError(what + ": element " + i + " differs in its bits");
        }
      }
    }
  }

  @Test
  void sameSeedSameBitsOnOneOrManyThreads() {
    int[][] sizes = {{20_000, 64}, {140_000, 64}, {140_000, 64}};
    String[] kinds = {"dense", "sparse", "fastfood"};
    for (int k = 0; k < kinds.length; k++) {
      int bigD = sizes[k][0];
      int d = sizes[k][1];
      Projection a = TestVectors.make(kinds[k], bigD, d, 42);
      Projection b = TestVectors.make(kinds[k], bigD, d, 42);
      float[][] pool = run(a, 5);
      float[][][] serial = new float[1][][];
      CpuPool.serially(() -> serial[0] = run(b, 5));
      assertBits(pool, serial[0], a + " pool vs serial");
      assertBits(pool, run(b, 5), a + " second instance");
      Projection c = TestVectors.make(kinds[k], bigD, d, 43);
      assertFalse(Arrays.equals(pool[0], run(c, 5)[0]), a + ": seed 43 gave the same apply");
    }
  }

  @Test
  void serialConstructionGivesTheSameProjection() {
    for (String kind : Projections.KINDS) {
      Projection a = TestVectors.make(kind, 140_000, 33, 9);
      Projection[] b = new Projection[1];
      CpuPool.serially(() -> b[0] = TestVectors.make(kind, 140_000, 33, 9));
      assertBits(run(a, 1), run(b[0], 1), kind + " built on 1 thread vs the pool");
    }
  }

  @Test
  void storedAndRegeneratedDenseAgreeBitForBit() {
    int[][] sizes = {{20_000, 37}, {4099, 64}, {10, 9000}, {1, 1}, {3000, 1}};
    for (int[] s : sizes) {
      DenseProjection stored = new DenseProjection(s[0], s[1], 7);
      DenseProjection regen = new DenseProjection(s[0], s[1], 7, 0);
      assertTrue(stored.isStored(), stored.toString());
      assertFalse(regen.isStored(), regen.toString());
      for (int j = 0; j < s[1]; j++) {
        if (stored.columnScale(j) != regen.columnScale(j)) {
          throw new AssertionError("column scale " + j + " differs: " + stored + " vs " + regen);
        }
      }
      assertBits(run(stored, 3), run(regen, 3), stored + " vs " + regen);
      float[][][] serial = new float[1][][];
      CpuPool.serially(() -> serial[0] = run(regen, 3));
      assertBits(run(stored, 3), serial[0], "stored (pool) vs regenerated (serial), " + regen);
    }
  }
}
