package io.langevin.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.random.ScalarNoise;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.UpdateRule;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA kernels on a real device against the Java specs: Philox words, uniforms and Gaussians
 * bit for bit with {@link ScalarNoise}; one step of every {@link UpdateRule} (noise on and off,
 * Santa's stages and correction) bit for bit with {@code ScalarUpdate} for θ' and every state
 * output, at ragged sizes and offsets; SGNHT's Σ p'² within 1e-12 relative (per-block tree sums
 * instead of index order); the first non-finite index, that such an element is not stored, and
 * that {@code write = false} stores nothing. Skipped, with the reason, without a CUDA device and
 * fatbin.
 */
class CudaKernelsTest {
  private static CudaKernels cuda;

  @BeforeEach
  void device() {
    Assumptions.assumeTrue(
        CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    if (cuda == null) {
      cuda = CudaKernels.get();
      System.out.println("[cuda] CudaKernelsTest on " + cuda.deviceName());
    }
  }

  @Test
  void noiseIsBitIdenticalToScalarNoise() {
    SplittableRandom r = new SplittableRandom(21);
    long[] firsts = {0, 1, 3, 1021, 4, (1L << 33) + 5, (1L << 40) + 2, 6};
    int[] sizes = {1, 7, 13, 31, 1021, 1025, 4099, 1 << 20};
    ScalarNoise spec = new ScalarNoise();
    for (int c = 0; c < sizes.length; c++) {
      long seed = r.nextLong();
      long step = r.nextLong(1L << 32);
      int stream = r.nextInt();
      long first = firsts[c];
      int n = sizes[c];
      String what = "seed=" + seed + " step=" + step + " stream=" + stream + " first=" + first;
      try (DeviceArray d = cuda.alloc(n)) {
        int[] want = new int[n];
        int[] got = new int[n];
        spec.bits(seed, step, stream, first, want, 0, n);
        cuda.bits(seed, step, stream, first, d, n);
        d.copyTo(got, 0);
        assertArrayEquals(want, got, "bits " + what);
        float[] wf = new float[n];
        spec.uniform(seed, step, stream, first, wf, 0, n);
        cuda.uniform(seed, step, stream, first, d, n);
        assertBits(wf, d.toFloats(), "uniform " + what);
        spec.gaussian(seed, step, stream, first, wf, 0, n);
        cuda.gaussian(seed, step, stream, first, d, n);
        assertBits(wf, d.toFloats(), "gaussian " + what);
      }
    }
  }

  @Test
  void everyUpdateRuleIsBitIdenticalToScalarUpdate() {
    int[] sizes = {1, 7, 13, 31, 1021, 1024, 1025, 4099, 300_001};
    checkRules(new SplittableRandom(22), sizes);
  }

  /**
   * The same values from every grid (the kernels loop, so the grid must not matter): one block per
   * SM, where every thread loops over several quads (300,001 elements are about 75,000 quads for
   * 132·256 threads on an H200), and one thread per quad; the noise likewise at 2^20 elements; and SGNHT with an
   * aligned range that fills its capped grid, looping, plus a ragged last quad.
   */
  @Test
  void everyGridGivesTheSameBits() {
    try {
      for (int perSm : new int[] {1, 0}) {
        cuda.setElementwiseBlocksPerSm(perSm);
        checkRules(new SplittableRandom(25 + perSm), new int[] {1021, 4099, 300_001});
        int n = 1 << 20;
        float[] want = new float[n];
        new ScalarNoise().gaussian(77, 5, 3, 8, want, 0, n);
        try (DeviceArray d = cuda.alloc(n)) {
          cuda.gaussian(77, 5, 3, 8, d, n);
          assertBits(want, d.toFloats(), "gaussian, " + perSm + " blocks/SM");
        }
      }
      cuda.setElementwiseBlocksPerSm(CudaKernels.AUTO);
      SplittableRandom r = new SplittableRandom(26);
      int big = 8 * CudaKernels.THREADS * cuda.maxBlocks() + 3;
      UpdateCase k = new UpdateCase(UpdateRule.SGNHT, UpdateCase.params(r), 0, big, r);
      checkRules(List.of(k));
    } finally {
      cuda.setElementwiseBlocksPerSm(CudaKernels.AUTO);
    }
  }

  private void checkRules(SplittableRandom r, int[] sizes) {
    checkRules(UpdateCase.all(r, sizes, CudaHostMathTest.BASES));
  }

  private void checkRules(List<UpdateCase> cases) {
    for (UpdateCase k : cases) {
      RangeResult want = k.reference();
      RangeResult got = new RangeResult();
      DeviceArray[] st = new DeviceArray[4];
      try (DeviceArray th = upload(k, k.theta);
          DeviceArray g = upload(k, k.grad);
          DeviceArray s0 = upload(k, k.state[0]);
          DeviceArray s1 = upload(k, k.state[1]);
          DeviceArray s2 = upload(k, k.state[2]);
          DeviceArray s3 = upload(k, k.state[3])) {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        cuda.update(k.rule, k.p, th, g, st, k.base, true, got);
        assertEquals(-1, want.badIndex, k + ": spec found a non-finite value");
        assertEquals(-1, got.badIndex, k + ": device found a non-finite value");
        assertBits(k.slice(k.refTheta), th.toFloats(), k + " theta'");
        for (int s = 0; s < k.rule.stateArrays(); s++) {
          assertBits(k.slice(k.refState[s]), st[s].toFloats(), k + " state " + s + "'");
        }
        if (k.rule == UpdateRule.SGNHT) {
          // the spec adds n squares one by one (relative error up to n·2^-52, +5e-13 seen at 4.3M);
          // one element missing or doubled would move the sum by about 1/n
          double tol = Math.max(1e-12, k.n * 0x1p-52) * want.sumSquares;
          assertEquals(want.sumSquares, got.sumSquares, tol, k + ": sum of squares");
        }
      }
    }
  }

  @Test
  void firstNonFiniteElementIsReportedAndNotStored() {
    SplittableRandom r = new SplittableRandom(23);
    for (UpdateRule rule : new UpdateRule[] {UpdateRule.SGLD, UpdateRule.PSGLD, UpdateRule.ADAM}) {
      UpdateCase k = new UpdateCase(rule, UpdateCase.params(r), 3, 5000, r);
      k.grad[3 + 4321] = Float.NaN;
      k.grad[3 + 1234] = Float.POSITIVE_INFINITY;
      RangeResult want = k.reference();
      RangeResult got = new RangeResult();
      try (DeviceArray th = upload(k, k.theta);
          DeviceArray g = upload(k, k.grad);
          DeviceArray s0 = upload(k, k.state[0]);
          DeviceArray s1 = upload(k, k.state[1])) {
        float[] before = th.toFloats();
        cuda.update(rule, k.p, th, g, new DeviceArray[] {s0, s1}, k.base, false, got);
        assertEquals(3 + 1234, want.badIndex, rule + " spec");
        assertEquals(want.badIndex, got.badIndex, rule + " first bad index (check pass)");
        assertEquals(want.badTheta, got.badTheta, rule + " bad element's theta");
        assertBits(before, th.toFloats(), rule + ": write=false stored something");
        cuda.update(rule, k.p, th, g, new DeviceArray[] {s0, s1}, k.base, true, got);
        assertEquals(want.badIndex, got.badIndex, rule + " first bad index (write pass)");
        float[] after = th.toFloats();
        assertEquals(before[1234], after[1234], rule + ": non-finite element was stored");
        assertEquals(before[4321], after[4321], rule + ": non-finite element was stored");
      }
    }
  }

  /**
   * Non-finite values in the interior kernel's quads (aligned bases 0 and 4): one alone, two in
   * one quad, and one in the ragged last quad (general kernel). The first is reported by both the
   * check pass and the write pass, the check pass stores nothing, the write pass leaves exactly
   * the bad elements unchanged and stores every other element as the spec computes it from clean
   * inputs (the element math is per element).
   */
  @Test
  void interiorKernelReportsAndSkipsNonFiniteElements() {
    SplittableRandom r = new SplittableRandom(24);
    int[] badAt = {1234, 4320, 4321, 5001};
    float[] badValue = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    for (int base : new int[] {0, 4}) {
      for (UpdateRule rule :
          new UpdateRule[] {UpdateRule.SGLD, UpdateRule.PSGLD, UpdateRule.ADAM, UpdateRule.SGNHT}) {
        UpdateCase k = new UpdateCase(rule, UpdateCase.params(r), base, 5003, r);
        assertEquals(-1, k.reference().badIndex, k + ": clean inputs must be finite");
        float[] poisoned = k.grad.clone();
        for (int i = 0; i < badAt.length; i++) {
          poisoned[base + badAt[i]] = badValue[i];
        }
        int ns = rule.stateArrays();
        DeviceArray[] st = new DeviceArray[ns];
        try (DeviceArray th = upload(k, k.theta);
            DeviceArray g = upload(k, poisoned)) {
          for (int s2 = 0; s2 < ns; s2++) {
            st[s2] = upload(k, k.state[s2]);
          }
          RangeResult got = new RangeResult();
          cuda.update(rule, k.p, th, g, st, base, false, got);
          assertEquals(base + badAt[0], got.badIndex, k + ": first bad index (check pass)");
          assertBits(k.slice(k.theta), th.toFloats(), k + ": write=false stored something");
          cuda.update(rule, k.p, th, g, st, base, true, got);
          assertEquals(base + badAt[0], got.badIndex, k + ": first bad index (write pass)");
          expectAllButBad(k.slice(k.theta), k.slice(k.refTheta), th.toFloats(), badAt, k + " θ'");
          for (int s2 = 0; s2 < ns; s2++) {
            expectAllButBad(
                k.slice(k.state[s2]), k.slice(k.refState[s2]), st[s2].toFloats(), badAt,
                k + " state " + s2);
          }
        } finally {
          for (DeviceArray a : st) {
            if (a != null) {
              a.close();
            }
          }
        }
      }
    }
  }

  /** {@code got[j]} is {@code before[j]} for j in {@code bad}, else {@code want[j]}, bit for bit. */
  private static void expectAllButBad(
      float[] before, float[] want, float[] got, int[] bad, String what) {
    float[] expected = want.clone();
    for (int j : bad) {
      expected[j] = before[j];
    }
    assertBits(expected, got, what);
  }

  @Test
  void badArgumentsAreRejectedWithNumbers() {
    try (DeviceArray a = cuda.alloc(10);
        DeviceArray b = cuda.alloc(9)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  cuda.update(
                      UpdateRule.SGD,
                      UpdateCase.params(new SplittableRandom(1)),
                      a,
                      b,
                      new DeviceArray[0],
                      0,
                      true,
                      new RangeResult()));
      assertEquals(
          true,
          e.getMessage().contains("gradient length 9 < theta length 10"),
          e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> cuda.gaussian(1, 1L << 32, 0, 0, a, 10));
      assertThrows(IllegalArgumentException.class, () -> cuda.gaussian(1, 0, 0, 0, a, 11));
    }
  }

  private static DeviceArray upload(UpdateCase k, float[] a) {
    return cuda.alloc(k.n).copyFrom(a, k.base);
  }

  private static void assertBits(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what + ": length");
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        fail(
            what
                + " ["
                + i
                + "]: Java "
                + want[i]
                + ", CUDA "
                + got[i]
                + ", "
                + Math.abs((long) Float.floatToRawIntBits(want[i]) - Float.floatToRawIntBits(got[i]))
                + " ulp apart");
      }
    }
  }
}
