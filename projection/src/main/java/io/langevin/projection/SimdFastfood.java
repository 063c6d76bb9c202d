package io.langevin.projection;

import io.langevin.kernels.cpu.Species;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link FastfoodKernel} on {@link Species#F}, bit-identical to {@link ScalarFastfood}:
 *
 * <ul>
 *   <li>{@code signPad}: vectors at indices that are multiples of the lane count take their lanes'
 *       sign bits as one mask, {@code VectorMask.fromLong(S, signs[i>>>6] >>> (i&63))} (the lane
 *       count divides 64), and negate under it ({@code lanewise(NEG, mask)}: exact); a scalar head
 *       up to the first aligned index and a scalar tail; the padding is {@link Arrays#fill}.
 *   <li>{@code gatherScale}: {@code FloatVector.fromArray(S, in, 0, idx, k)} (a hardware gather on
 *       AVX2/AVX-512) times the scale vector: the same single product per element.
 * </ul>
 *
 * Tested by {@code SimdFastfoodTest} on ragged sizes and offsets.
 */
final class SimdFastfood implements FastfoodKernel {
  private static final VectorSpecies<Float> S = Species.F;
  private static final int L = S.length();

  @Override
  public void signPad(float[] x, int n, long[] signs, float[] out, int from, int to) {
    int end = Math.min(to, n);
    int i = from;
    if (i < end) {
      if (signs == null) {
        System.arraycopy(x, i, out, i, end - i);
        i = end;
      } else {
        int head = Math.min(end, (i + L - 1) / L * L);
        for (; i < head; i++) {
          out[i] = ((signs[i >>> 6] >>> (i & 63)) & 1L) != 0 ? -x[i] : x[i];
        }
        for (int bound = i + S.loopBound(end - i); i < bound; i += L) {
          VectorMask<Float> flip = VectorMask.fromLong(S, signs[i >>> 6] >>> (i & 63));
          FloatVector.fromArray(S, x, i).lanewise(VectorOperators.NEG, flip).intoArray(out, i);
        }
        for (; i < end; i++) {
          out[i] = ((signs[i >>> 6] >>> (i & 63)) & 1L) != 0 ? -x[i] : x[i];
        }
      }
    }
    int zeroFrom = Math.max(from, n);
    if (zeroFrom < to) {
      Arrays.fill(out, zeroFrom, to, 0f);
    }
  }

  @Override
  public void gatherScale(float[] in, int[] idx, float[] scale, float[] out, int from, int to) {
    int k = from;
    for (int bound = from + S.loopBound(to - from); k < bound; k += L) {
      FloatVector.fromArray(S, in, 0, idx, k)
          .mul(FloatVector.fromArray(S, scale, k))
          .intoArray(out, k);
    }
    for (; k < to; k++) {
      out[k] = scale[k] * in[idx[k]];
    }
  }
}
