package io.langevin.kernels.cuda;

import io.langevin.kernels.update.UpdateParams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs {@link UpdateParams} into the 80-byte little-endian {@code struct lv_params} of {@code
 * cuda-src/include/lv_update.cuh}, which the update kernels take by value (and the host check reads
 * from its input). Offsets: 13 floats at 0..48 ({@code lr, gradScale, prior, decoupledDecay,
 * momentum, decay, beta1, eps, biasCorrection1, biasCorrection2, sigma, anneal, floor}), then the
 * ints {@code exploration} (52), {@code correction} (56), {@code stream} (60), the long {@code
 * seed} (64), the 32-bit {@code step} (72) and 4 bytes of padding. {@code CudaHostMathTest} checks
 * these offsets against the compiled struct.
 */
public final class CudaParams {
  /** sizeof(lv_params). */
  public static final int BYTES = 80;

  /** Offset of {@code floor}. */
  public static final int OFF_FLOOR = 48;

  /** Offset of {@code exploration}. */
  public static final int OFF_EXPLORATION = 52;

  /** Offset of {@code stream}. */
  public static final int OFF_STREAM = 60;

  /** Offset of {@code seed}. */
  public static final int OFF_SEED = 64;

  /** Offset of {@code step}. */
  public static final int OFF_STEP = 72;

  private CudaParams() {}

  /**
   * The struct's bytes for {@code p}.
   *
   * @throws IllegalArgumentException if {@code p.step} is outside {@code [0, 2^32)}
   */
  public static byte[] pack(UpdateParams p) {
    if (p.step < 0 || p.step >= (1L << 32)) {
      throw new IllegalArgumentException("cuda params: step must be in [0, 2^32), found " + p.step);
    }
    ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(p.lr)
        .putFloat(p.gradScale)
        .putFloat(p.prior)
        .putFloat(p.decoupledDecay)
        .putFloat(p.momentum)
        .putFloat(p.decay)
        .putFloat(p.beta1)
        .putFloat(p.eps)
        .putFloat(p.biasCorrection1)
        .putFloat(p.biasCorrection2)
        .putFloat(p.sigma)
        .putFloat(p.anneal)
        .putFloat(p.floor);
    b.putInt(p.exploration ? 1 : 0).putInt(p.correction ? 1 : 0).putInt(p.stream);
    b.putLong(p.seed).putInt((int) p.step).putInt(0);
    return b.array();
  }
}
