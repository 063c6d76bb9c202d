package io.langevin.kernels.random;

/**
 * The scalar spec of the reproducible Box–Muller transform: a natural logarithm and {@code
 * sin/cos(2πu)} built only from IEEE-754 single-precision operations that are correctly rounded
 * (round to nearest even): {@code + − × ÷}, {@code sqrt} and {@code fma}. Any implementation that
 * performs the same operations in the same order gets the same bits: {@link SimdNoise} does so in
 * {@code FloatVector} lanes, and the CUDA kernels must do so with {@code __fadd_rn, __fmul_rn,
 * __fmaf_rn, __fdiv_rn, __fsqrt_rn} and {@code --fmad=false}. Every operation below is written out
 * explicitly for that reason; do not "simplify" it.
 *
 * <p>{@link #log}: the fdlibm/musl {@code logf} reduction. {@code x = 2^k · m} with {@code m ∈
 * [√2/2, √2)}, {@code f = m − 1}, {@code s = f/(2+f)}, a degree-4 polynomial in {@code s²} (musl's
 * {@code Lg1..Lg4}), and {@code k·ln2} split into a high part with trailing zero bits and a low
 * part. Domain: positive normal floats (this library only calls it on {@code (0, 1]}). Max error
 * measured against {@code Math.log}: 0.83 ulp over every one of the 2^24 inputs {@code m·2^-24, m =
 * 1 .. 2^24} (the whole domain the Gaussian uses), 0.82 ulp over 21 M normal floats spread over
 * [2^-126, 2^128); {@code log(1) = 0} exactly ({@code GaussianMathTest}).
 *
 * <p>{@link #cos2pi}/{@link #sin2pi} of {@code u ∈ [0, 1)}: reduction in turns, {@code q =
 * rint(4u)} computed as {@code (4u + 2^23) − 2^23}, {@code y = fma(q, −1/4, u)} (exact), so {@code
 * 2πy ∈ [−π/4, π/4]}; odd degree-7 polynomial for {@code sin(2πy)} and even degree-8 polynomial for
 * {@code cos(2πy)} (least-squares fits on Chebyshev nodes, coefficients rounded to float one at a
 * time and the rest refitted; approximation error 5.4e-9 and 4.8e-10 in exact arithmetic); then the
 * quadrant {@code q mod 4} swaps and negates. Max absolute error measured against {@code
 * Math.sin/cos(2πu)} over all {@code u = n·2^-24}: 6.3e-8 for both ({@code GaussianMathTest});
 * values at u = 0, 1/4, 1/2, 3/4 are exact.
 */
public final class GaussianMath {
  // musl logf constants.
  static final float LN2_HI = 6.9313812256e-01f; // 0x3f317180
  static final float LN2_LO = 9.0580006145e-06f; // 0x3717f7d1
  static final float LG1 = 0xaaaaaa.0p-24f; // 0.66666662693
  static final float LG2 = 0xccce13.0p-25f; // 0.40000972152
  static final float LG3 = 0x91e9ee.0p-25f; // 0.28498786688
  static final float LG4 = 0xf89e26.0p-26f; // 0.24279078841

  /** Added to the bits of x so that the exponent field carries the rounding to [√2/2, √2). */
  static final int LOG_SHIFT = 0x3f800000 - 0x3f3504f3;

  /** Bits of √2/2 (rounded), the lower end of the reduced range. */
  static final int SQRT_HALF_BITS = 0x3f3504f3;

  // sin(2πy) ≈ y·(S1 + z·(S3 + z·(S5 + z·S7))), z = y², |y| ≤ 1/8.
  static final float S1 = Float.intBitsToFloat(0x40c90fda); // 6.28318501
  static final float S3 = Float.intBitsToFloat(0xc2255dbd); // -41.3415413
  static final float S5 = Float.intBitsToFloat(0x42a3281d); // 81.5783463
  static final float S7 = Float.intBitsToFloat(0xc295d1e4); // -74.9099426
  // cos(2πy) ≈ 1 + z·(C2 + z·(C4 + z·(C6 + z·C8))).
  static final float C2 = Float.intBitsToFloat(0xc19de9e6); // -19.7392082
  static final float C4 = Float.intBitsToFloat(0x4281e0db); // 64.9391708
  static final float C6 = Float.intBitsToFloat(0xc2aadb41); // -85.4282303
  static final float C8 = Float.intBitsToFloat(0x426b0e8b); // 58.7642021

  /**
   * 2^23: adding and subtracting it rounds a float in [0, 2^22] to the nearest integer (ties even).
   */
  static final float RINT = 0x1p23f;

  /** 2^-24: turns a 24-bit integer into a float in [0, 1]. */
  static final float TWO_M24 = 0x1p-24f;

  private GaussianMath() {}

  /**
   * Natural logarithm of a positive normal float, from IEEE-exact operations only (see class doc).
   */
  public static float log(float x) {
    int ix = Float.floatToRawIntBits(x) + LOG_SHIFT;
    int k = (ix >> 23) - 0x7f;
    ix = (ix & 0x007fffff) + SQRT_HALF_BITS;
    float m = Float.intBitsToFloat(ix);
    float f = m - 1f;
    float s = f / (2f + f);
    float z = s * s;
    float w = z * z;
    float t1 = w * Math.fma(w, LG4, LG2);
    float t2 = z * Math.fma(w, LG3, LG1);
    float r = t2 + t1;
    float hfsq = 0.5f * f * f;
    float dk = k;
    return s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
  }

  /** {@code cos(2πu)}, from IEEE-exact operations only (see class doc). */
  public static float cos2pi(float u) {
    float q = (4f * u + RINT) - RINT;
    int qi = (int) q;
    float y = Math.fma(q, -0.25f, u);
    float z = y * y;
    float sp = y * Math.fma(z, Math.fma(z, Math.fma(z, S7, S5), S3), S1);
    float cp = Math.fma(z, Math.fma(z, Math.fma(z, Math.fma(z, C8, C6), C4), C2), 1f);
    float c = (qi & 1) != 0 ? sp : cp;
    return Float.intBitsToFloat(Float.floatToRawIntBits(c) ^ (((qi + 1) & 2) << 30));
  }

  /** {@code sin(2πu)}, from IEEE-exact operations only (see class doc). */
  public static float sin2pi(float u) {
    float q = (4f * u + RINT) - RINT;
    int qi = (int) q;
    float y = Math.fma(q, -0.25f, u);
    float z = y * y;
    float sp = y * Math.fma(z, Math.fma(z, Math.fma(z, S7, S5), S3), S1);
    float cp = Math.fma(z, Math.fma(z, Math.fma(z, Math.fma(z, C8, C6), C4), C2), 1f);
    float s = (qi & 1) != 0 ? cp : sp;
    return Float.intBitsToFloat(Float.floatToRawIntBits(s) ^ ((qi & 2) << 30));
  }

  /**
   * The uniform in (0, 1] that Box–Muller takes the log of: {@code ((w >>> 8) + 1)·2^-24}, exact.
   */
  public static float openClosed(int w) {
    return ((w >>> 8) + 1) * TWO_M24;
  }

  /** The uniform in [0, 1) that gives Box–Muller's angle: {@code (w >>> 8)·2^-24}, exact. */
  public static float closedOpen(int w) {
    return (w >>> 8) * TWO_M24;
  }

  /**
   * Box–Muller on two Philox words: with {@code u1 = openClosed(wa)}, {@code u2 = closedOpen(wb)},
   * {@code r = sqrt(−2·log(u1))}, writes {@code r·cos(2πu2)} to {@code out[off]} and {@code
   * r·sin(2πu2)} to {@code out[off+1]}. The sqrt is the correctly rounded float sqrt.
   */
  public static void boxMuller(int wa, int wb, float[] out, int off) {
    float r = (float) Math.sqrt(-2f * log(openClosed(wa)));
    float u = closedOpen(wb);
    // cos2pi and sin2pi fused: the same operations, the reduction and polynomials done once.
    float q = (4f * u + RINT) - RINT;
    int qi = (int) q;
    float y = Math.fma(q, -0.25f, u);
    float z = y * y;
    float sp = y * Math.fma(z, Math.fma(z, Math.fma(z, S7, S5), S3), S1);
    float cp = Math.fma(z, Math.fma(z, Math.fma(z, Math.fma(z, C8, C6), C4), C2), 1f);
    boolean swap = (qi & 1) != 0;
    float c = swap ? sp : cp;
    float s = swap ? cp : sp;
    c = Float.intBitsToFloat(Float.floatToRawIntBits(c) ^ (((qi + 1) & 2) << 30));
    s = Float.intBitsToFloat(Float.floatToRawIntBits(s) ^ ((qi & 2) << 30));
    out[off] = r * c;
    out[off + 1] = r * s;
  }
}
