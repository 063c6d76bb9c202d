package io.langevin.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every SIMD kernel uses, fixed once from {@link KernelMode#vectorBits()}.
 *
 * <p>They are {@code static final} so C2 treats them as constants; reading a species from a
 * non-final field makes vector loops many times slower. Only SIMD classes touch this class, and
 * only after {@link KernelMode#simd()} said yes.
 */
public final class Species {
  private static final VectorShape SHAPE =
      VectorShape.forBitSize(KernelMode.simd() ? KernelMode.vectorBits() : 128);

  /** Float lanes at the chosen width (16 lanes at 512 bits). */
  public static final VectorSpecies<Float> F = SHAPE.withLanes(float.class);

  /** Int lanes at the chosen width. */
  public static final VectorSpecies<Integer> I = SHAPE.withLanes(int.class);

  /** Long lanes at the chosen width (8 lanes at 512 bits). */
  public static final VectorSpecies<Long> L = SHAPE.withLanes(long.class);

  /** Float lanes matching {@link #L} in count (half the width of {@link #F}). */
  public static final VectorSpecies<Float> F_HALF =
      VectorShape.forBitSize(Math.max(64, SHAPE.vectorBitSize() / 2)).withLanes(float.class);

  private Species() {}
}
