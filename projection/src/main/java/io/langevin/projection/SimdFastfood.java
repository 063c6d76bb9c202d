package io.langevin.projection;

import io.langevin.kernels.cpu.Species;
import io.langevin.kernels.fwht.SimdFwht;
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
 *   <li>{@code stages}: the design of {@code io.langevin.kernels.fwht.SimdFwht} restricted to a
 *       range of strides: the strides below the lane count in registers ({@code v·sign_h +
 *       v.rearrange(i ↦ i^h)} by FMA: the product by ±1 is exact, so one rounding as {@code a ± b}),
 *       the strides below {@link #BLOCK} block by block on 16 KB (L1-resident) blocks, the rest in
 *       radix-8/4/2 passes (three, two or one stages per load/store of 8, 4 or 2 vectors, in the
 *       spec's order). Strides below the lane count other than the full in-register set, and
 *       ranges shorter than a vector, use the spec loop.
 *   <li>{@code columns}: one radix-8/4/2 pass over the given columns (scalar spec when h or the
 *       column bounds are not multiples of the lane count). {@code columnsAdd} adds the base
 *       vector and stores, masked at the limit; radix 4/2 only (else the spec).
 *   <li>{@code add}: one vector add per lane group, scalar tail.
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

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i)
          .add(FloatVector.fromArray(S, b, bOff + i))
          .intoArray(out, outOff + i);
    }
    for (; i < len; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  /** Floats per L1 block (16 KB): strides below this are done block by block. */
  static final int BLOCK = 4096;

  private static final ScalarFastfood SPEC = new ScalarFastfood();

  @Override
  public void stages(float[] x, int off, int len, int hFrom, int hTo) {
    if (hFrom >= hTo) {
      return;
    }
    if (len < L || hTo <= L && hFrom > 1) {
      SPEC.stages(x, off, len, hFrom, hTo);
      return;
    }
    int h = hFrom;
    boolean inRegister = h == 1 && hTo >= L;
    if (!inRegister && h < L) {
      int top = Math.min(hTo, L);
      SPEC.stages(x, off, len, h, top);
      h = top;
    }
    if (inRegister) {
      h = L;
    }
    if (h >= hTo && !inRegister) {
      return;
    }
    int blk = Math.min(BLOCK, len & -len);
    int hLow = Math.min(hTo, blk);
    if (inRegister || h < hLow) {
      int start = h;
      for (int b = off; b < off + len; b += blk) {
        if (inRegister) {
          for (int j = b; j < b + blk; j += L) {
            SimdFwht.inRegister(FloatVector.fromArray(S, x, j)).intoArray(x, j);
          }
        }
        int hh = start;
        while (hh < hLow) {
          int radixLog = radixLog(Integer.numberOfTrailingZeros(hLow / hh));
          int span = hh << radixLog;
          for (int base = b; base < b + blk; base += span) {
            SimdFwht.butterflies(radixLog, x, base, base + hh, hh);
          }
          hh = span;
        }
      }
      h = Math.max(h, hLow);
    }
    while (h < hTo) {
      int radixLog = radixLog(Integer.numberOfTrailingZeros(hTo / h));
      pass(x, off, h, radixLog, 0, len >> radixLog);
      h <<= radixLog;
    }
  }

  @Override
  public void columns(float[] x, int off, int h, int radixLog, int t0, int t1) {
    if (h % L != 0 || t0 % L != 0 || t1 % L != 0 || radixLog < 1 || radixLog > 3) {
      SPEC.columns(x, off, h, radixLog, t0, t1);
      return;
    }
    pass(x, off, h, radixLog, t0, t1);
  }

  @Override
  public void columnsAdd(
      float[] x, int h, int radixLog, int t0, int t1, float[] base, float[] out, int limit) {
    if (h % L != 0 || t0 % L != 0 || t1 % L != 0 || radixLog < 1 || radixLog > 2) {
      SPEC.columnsAdd(x, h, radixLog, t0, t1, base, out, limit);
      return;
    }
    int t = t0;
    while (t < t1) {
      int g = t / h;
      int end = Math.min(t1, (g + 1) * h);
      int from = (g << radixLog) * h + (t - g * h);
      int to = from + (end - t);
      if (radixLog == 2) {
        for (int j = from; j < to; j += L) {
          FloatVector x0 = FloatVector.fromArray(S, x, j);
          FloatVector x1 = FloatVector.fromArray(S, x, j + h);
          FloatVector x2 = FloatVector.fromArray(S, x, j + 2 * h);
          FloatVector x3 = FloatVector.fromArray(S, x, j + 3 * h);
          FloatVector s01 = x0.add(x1);
          FloatVector d01 = x0.sub(x1);
          FloatVector s23 = x2.add(x3);
          FloatVector d23 = x2.sub(x3);
          putAdd(s01.add(s23), j, base, out, limit);
          putAdd(d01.add(d23), j + h, base, out, limit);
          putAdd(s01.sub(s23), j + 2 * h, base, out, limit);
          putAdd(d01.sub(d23), j + 3 * h, base, out, limit);
        }
      } else {
        for (int j = from; j < to; j += L) {
          FloatVector a = FloatVector.fromArray(S, x, j);
          FloatVector b = FloatVector.fromArray(S, x, j + h);
          putAdd(a.add(b), j, base, out, limit);
          putAdd(a.sub(b), j + h, base, out, limit);
        }
      }
      t = end;
    }
  }

  /** {@code out[i..] = base[i..] + r} (r alone if base is null), masked at limit. */
  private static void putAdd(FloatVector r, int i, float[] base, float[] out, int limit) {
    if (i + L <= limit) {
      if (base == null) {
        r.intoArray(out, i);
      } else {
        FloatVector.fromArray(S, base, i).add(r).intoArray(out, i);
      }
    } else if (i < limit) {
      VectorMask<Float> in = S.indexInRange(i, limit);
      if (base == null) {
        r.intoArray(out, i, in);
      } else {
        FloatVector.fromArray(S, base, i, in).add(r).intoArray(out, i, in);
      }
    }
  }

  /** Radix 8 while three or more stages remain (but 4 = 2 + 2), then radix 4, then radix 2. */
  private static int radixLog(int stages) {
    if (stages >= 3 && stages != 4) {
      return 3;
    }
    return Math.min(stages, 2);
  }


  /** {@code radixLog} stages from h (a multiple of L) over columns [t0, t1) (multiples of L). */
  private static void pass(float[] x, int off, int h, int radixLog, int t0, int t1) {
    int t = t0;
    while (t < t1) {
      int g = t / h;
      int end = Math.min(t1, (g + 1) * h);
      int base = off + (g << radixLog) * h + (t - g * h);
      SimdFwht.butterflies(radixLog, x, base, base + (end - t), h);
      t = end;
    }
  }
}
