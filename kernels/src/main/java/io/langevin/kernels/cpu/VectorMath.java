package io.langevin.kernels.cpu;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * Reproducible float32 {@code exp, log, log1p, tanh, sigmoid, softplus} on {@link Species#F}
 * vectors, each with a scalar twin on {@code float} that performs the same IEEE-754 operations in
 * the same order and so returns the same bits.
 *
 * <p>Why: {@code FloatVector.lanewise(EXP/LOG/TANH/…)} returns {@code (float) Math.exp} per lane
 * while a method runs interpreted or in C1 and Intel's SVML once C2 compiles it; the two differ by
 * an ulp on about 1 % of inputs, so one call could give different bits depending on how far the JIT
 * had got. These functions use only correctly rounded operations ({@code + − × ÷}, {@code fma},
 * {@code min/max}, compares and blends) and exact integer/bit manipulation (exponent field shifts,
 * small int to float conversions), which give the same bits in the interpreter, C1 and C2, and in
 * the scalar twins. NaN in gives NaN out; the NaN's payload is not specified.
 *
 * <ul>
 *   <li>{@link #exp}: {@code x} clamped to [−104, 89] (beyond, the result is 0 or +Inf anyway),
 *       {@code k = rint(x·log2 e)} read from the bits of {@code fma(x, log2 e, 1.5·2^23)}, {@code r
 *       = x − k·ln2} with ln2 split in a 9-bit head (so {@code k·head} and the first subtraction
 *       are exact) and a tail, {@code e^r = 1 + r + r²·P(r)} with a degree-5 minimax {@code P}
 *       (relative error 1.1e-9 with float coefficients) on [−0.3466, 0.3466], then {@code
 *       ·2^⌊k/2⌋·2^(k−⌊k/2⌋)}: both factors are normal floats for every {@code k} in [−150, 128]
 *       and the first product is exact, so overflow to +Inf and gradual underflow into subnormals
 *       get a single rounding.
 *   <li>{@link #log}: the fdlibm/musl {@code logf} reduction of {@code GaussianMath.log} ({@code x
 *       = 2^k·m}, {@code m ∈ [√2/2, √2)}, {@code s = f/(2+f)}, degree-4 polynomial in {@code s²},
 *       {@code k·ln2} in two parts) extended to the whole float range: subnormals are scaled by
 *       2^23 first, and {@code log(±0) = −Inf}, {@code log(x<0) = NaN}, {@code log(+Inf) = +Inf}.
 *   <li>{@link #log1p}: musl's {@code log1pf}: {@code u = 1+x} reduced as in {@code log}, plus the
 *       correction {@code c = (x − (u−1))/u} for the rounding of {@code 1+x} ({@code u − 1} and the
 *       difference are exact below 2^24; above, the correction is below 2^-28 of the result); where
 *       {@code u ∈ [√2/2, √2)}, {@code f = x} directly and {@code c = 0}, which returns {@code x}
 *       itself for {@code |x| < 2^-24}; {@code log1p(±0) = ±0}, {@code log1p(−1) = −Inf}.
 *   <li>{@link #tanh}: {@code a = |x|}; for {@code a < 0.75}, {@code a + a·a²·Q(a²)} with a
 *       degree-5 minimax {@code Q} (relative error 1.9e-9); otherwise {@code 1 − 2/(e^{2a}+1)} (1
 *       for large a, where {@code e^{2a}} overflows); the sign of {@code x} is copied back.
 *   <li>{@link #sigmoid}: {@code t = exp(−|x|)}, then {@code 1/(1+t)} for {@code x ≥ 0} and {@code
 *       t/(1+t)} for {@code x < 0}: one division, nothing overflows.
 *   <li>{@link #softplus}: {@code max(x, 0) + log1p(exp(−|x|))}.
 * </ul>
 *
 * <p>Maximum errors against {@link Math} in double, in ulps of the float result, measured over
 * every 17th float bit pattern (253 M inputs per function, whole range): exp 0.978, log 0.829,
 * log1p 0.814, tanh 1.047, sigmoid 2.40, softplus 1.59. exp, log, log1p and tanh are never more
 * than one float step from {@code (float) Math.f(x)}, sigmoid and softplus two. {@code
 * VectorMathTest} pins these and checks vector against scalar twin bit for bit.
 *
 * <p>Arguments of the vector methods must be {@link Species#F} vectors.
 *
 * <p>Inlining, which decides the speed: a vector passed to or returned from a method that C2 does
 * not inline is boxed, which makes a loop several times slower. Each vector method here is one
 * straight run of Vector API calls (the composite ones call {@link #exp(FloatVector)} and {@link
 * #log1p(FloatVector)}, nothing else) below C2's 325-byte limit for hot callees ({@code log1p}, the
 * largest, is 299 bytes of bytecode: keep it under when editing). Callers should have one call site
 * per function in their loop, executed on every iteration: a second site for a tail is cold, and C2
 * leaves it out of line (measured on softmax: about 2× slower), and a second hot site can run into
 * C2's node-count cutoff. Handle tails with the scalar twins, or with one masked vector per step of
 * the same loop.
 */
public final class VectorMath {

  // ---- exp ----
  static final float EXP_LO = -104f;
  static final float EXP_HI = 89f;
  static final float LOG2E = 1.44269504f; // 0x3fb8aa3b

  /** 1.5·2^23: {@code fma(x, log2 e, MAGIC)} holds rint(x·log2 e) in its low mantissa bits. */
  static final float MAGIC = 0x1.8p23f;

  static final int MAGIC_BITS = 0x4b400000;

  /** ln2 = EXP_LN2_HI + EXP_LN2_LO; the head has 9 significant bits, so k·head is exact. */
  static final float EXP_LN2_HI = 0.693359375f;

  static final float EXP_LN2_LO = -2.12194440e-4f;
  // e^r = 1 + r + r²·(P0 + r·(P1 + … + r·P5)), minimax on [-0.3466, 0.3466].
  static final float P0 = 0.5f;
  static final float P1 = Float.intBitsToFloat(0x3e2aaaaa); // 0.166666657
  static final float P2 = Float.intBitsToFloat(0x3d2aaa47); // 0.0416662954
  static final float P3 = Float.intBitsToFloat(0x3c088938); // 0.00833349675
  static final float P4 = Float.intBitsToFloat(0x3ab6c681); // 0.00139446568
  static final float P5 = Float.intBitsToFloat(0x394f844d); // 0.000197903442

  // ---- log, log1p (musl logf / log1pf) ----
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

  static final float MIN_NORMAL = 0x1p-126f;
  static final float TWO_23 = 0x1p23f;

  // ---- tanh: a + a·z·(Q0 + z·(Q1 + … + z·Q5)), z = a², minimax on [0, 0.75] ----
  static final float TANH_POLY_BELOW = 0.75f;
  static final float Q0 = Float.intBitsToFloat(0xbeaaaaa5); // -0.333333164
  static final float Q1 = Float.intBitsToFloat(0x3e0886ed); // 0.133327201
  static final float Q2 = Float.intBitsToFloat(0xbd5cc0cc); // -0.0538948029
  static final float Q3 = Float.intBitsToFloat(0x3cafcbb6); // 0.0214594416
  static final float Q4 = Float.intBitsToFloat(0xbbfb4e36); // -0.00766923558
  static final float Q5 = Float.intBitsToFloat(0x3ae49bdf); // 0.00174414727

  static final int SIGN = 0x80000000;

  private VectorMath() {}

  // ================================================================ exp

  /** {@code e^x} per lane, IEEE-exact operations only (see the class comment). */
  public static FloatVector exp(FloatVector x) {
    FloatVector c = x.blend(EXP_LO, x.compare(LT, EXP_LO));
    c = c.blend(EXP_HI, c.compare(GT, EXP_HI));
    FloatVector z = c.fma(LOG2E, MAGIC);
    FloatVector kf = z.sub(MAGIC);
    IntVector k = z.reinterpretAsInts().sub(MAGIC_BITS);
    FloatVector r = kf.lanewise(FMA, -EXP_LN2_HI, c);
    r = kf.lanewise(FMA, -EXP_LN2_LO, r);
    FloatVector p =
        r.fma(P5, P4)
            .lanewise(FMA, r, P3)
            .lanewise(FMA, r, P2)
            .lanewise(FMA, r, P1)
            .lanewise(FMA, r, P0);
    FloatVector u = r.mul(r).fma(p, r).add(1f);
    IntVector k1 = k.lanewise(ASHR, 1);
    FloatVector s1 = k1.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = k.sub(k1).add(127).lanewise(LSHL, 23).reinterpretAsFloats();
    return u.mul(s1).mul(s2);
  }

  /** Scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
  public static float exp(float x) {
    float c = x < EXP_LO ? EXP_LO : x;
    c = c > EXP_HI ? EXP_HI : c;
    float z = Math.fma(c, LOG2E, MAGIC);
    float kf = z - MAGIC;
    int k = Float.floatToRawIntBits(z) - MAGIC_BITS;
    float r = Math.fma(kf, -EXP_LN2_HI, c);
    r = Math.fma(kf, -EXP_LN2_LO, r);
    float p =
        Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P5, P4), r, P3), r, P2), r, P1), r, P0);
    float u = Math.fma(r * r, p, r) + 1f;
    int k1 = k >> 1;
    float s1 = Float.intBitsToFloat((k1 + 127) << 23);
    float s2 = Float.intBitsToFloat((k - k1 + 127) << 23);
    return u * s1 * s2;
  }

  // ================================================================ log

  /** Natural logarithm per lane over the whole float range (see the class comment). */
  public static FloatVector log(FloatVector x) {
    VectorMask<Float> tiny = x.compare(LT, MIN_NORMAL);
    FloatVector xs = x.blend(x.mul(TWO_23), tiny);
    IntVector ix = xs.reinterpretAsInts().add(LOG_SHIFT);
    FloatVector dk =
        ((FloatVector) ix.lanewise(ASHR, 23).sub(0x7f).convert(I2F, 0))
            .sub(FloatVector.zero(Species.F).blend(23f, tiny));
    FloatVector f = ix.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
    FloatVector s = f.div(f.add(2f));
    FloatVector z = s.mul(s);
    FloatVector w = z.mul(z);
    FloatVector t1 = w.mul(w.fma(LG4, LG2));
    FloatVector t2 = z.mul(w.fma(LG3, LG1));
    FloatVector hfsq = f.mul(0.5f).mul(f);
    FloatVector y =
        s.mul(hfsq.add(t2.add(t1))).add(dk.mul(LN2_LO)).sub(hfsq).add(f).add(dk.mul(LN2_HI));
    y = y.blend(Float.POSITIVE_INFINITY, x.compare(EQ, Float.POSITIVE_INFINITY));
    y = y.blend(Float.NaN, x.compare(GE, 0f).not());
    return y.blend(Float.NEGATIVE_INFINITY, x.compare(EQ, 0f));
  }

  /** Scalar twin of {@link #log(FloatVector)}: the same operations, the same bits. */
  public static float log(float x) {
    boolean tiny = x < MIN_NORMAL;
    float xs = tiny ? x * TWO_23 : x;
    int ix = Float.floatToRawIntBits(xs) + LOG_SHIFT;
    float dk = (float) ((ix >> 23) - 0x7f) - (tiny ? 23f : 0f);
    float f = Float.intBitsToFloat((ix & 0x007fffff) + SQRT_HALF_BITS) - 1f;
    float s = f / (f + 2f);
    float z = s * s;
    float w = z * z;
    float t1 = w * Math.fma(w, LG4, LG2);
    float t2 = z * Math.fma(w, LG3, LG1);
    float hfsq = f * 0.5f * f;
    float y = s * (hfsq + (t2 + t1)) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
    if (x == Float.POSITIVE_INFINITY) {
      y = Float.POSITIVE_INFINITY;
    }
    if (!(x >= 0f)) {
      y = Float.NaN;
    }
    return x == 0f ? Float.NEGATIVE_INFINITY : y;
  }

  // ================================================================ log1p

  /** {@code log(1 + x)} per lane, accurate for small x (see the class comment). */
  public static FloatVector log1p(FloatVector x) {
    FloatVector u = x.add(1f);
    IntVector iu = u.reinterpretAsInts().add(LOG_SHIFT);
    FloatVector dk = (FloatVector) iu.lanewise(ASHR, 23).sub(0x7f).convert(I2F, 0);
    VectorMask<Float> near = dk.compare(EQ, 0f); // u in [√2/2, √2): f = x exactly, no correction
    FloatVector c = x.sub(u.sub(1f)).div(u).blend(0f, near);
    FloatVector f =
        iu.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f).blend(x, near);
    FloatVector s = f.div(f.add(2f));
    FloatVector z = s.mul(s);
    FloatVector w = z.mul(z);
    FloatVector t1 = w.mul(w.fma(LG4, LG2));
    FloatVector t2 = z.mul(w.fma(LG3, LG1));
    FloatVector hfsq = f.mul(0.5f).mul(f);
    FloatVector y =
        s.mul(hfsq.add(t2.add(t1)))
            .add(dk.lanewise(FMA, LN2_LO, c))
            .sub(hfsq)
            .add(f)
            .add(dk.mul(LN2_HI));
    y = y.blend(x, x.compare(EQ, 0f));
    y = y.blend(Float.POSITIVE_INFINITY, x.compare(EQ, Float.POSITIVE_INFINITY));
    y = y.blend(Float.NaN, x.compare(GE, -1f).not());
    return y.blend(Float.NEGATIVE_INFINITY, x.compare(EQ, -1f));
  }

  /** Scalar twin of {@link #log1p(FloatVector)}: the same operations, the same bits. */
  public static float log1p(float x) {
    float u = x + 1f;
    int iu = Float.floatToRawIntBits(u) + LOG_SHIFT;
    float dk = (float) ((iu >> 23) - 0x7f);
    boolean near = dk == 0f;
    float c = near ? 0f : (x - (u - 1f)) / u;
    float f = near ? x : Float.intBitsToFloat((iu & 0x007fffff) + SQRT_HALF_BITS) - 1f;
    float s = f / (f + 2f);
    float z = s * s;
    float w = z * z;
    float t1 = w * Math.fma(w, LG4, LG2);
    float t2 = z * Math.fma(w, LG3, LG1);
    float hfsq = f * 0.5f * f;
    float y = s * (hfsq + (t2 + t1)) + Math.fma(dk, LN2_LO, c) - hfsq + f + dk * LN2_HI;
    if (x == 0f) {
      y = x;
    }
    if (x == Float.POSITIVE_INFINITY) {
      y = Float.POSITIVE_INFINITY;
    }
    if (!(x >= -1f)) {
      y = Float.NaN;
    }
    return x == -1f ? Float.NEGATIVE_INFINITY : y;
  }

  // ================================================================ tanh

  /** Hyperbolic tangent per lane (see the class comment). */
  public static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    // large: 1 − 2/(e^{2a} + 1); e^{2a} overflows to +Inf for large a, giving 1
    FloatVector e = exp(a.add(a));
    FloatVector large = FloatVector.broadcast(Species.F, 2f).div(e.add(1f)).neg().add(1f);
    // small: a + a·z·Q(z)
    FloatVector z = a.mul(a);
    FloatVector q =
        z.fma(Q5, Q4)
            .lanewise(FMA, z, Q3)
            .lanewise(FMA, z, Q2)
            .lanewise(FMA, z, Q1)
            .lanewise(FMA, z, Q0);
    FloatVector small = a.mul(z).fma(q, a);
    IntVector t = large.blend(small, a.compare(LT, TANH_POLY_BELOW)).reinterpretAsInts();
    return t.or(x.reinterpretAsInts().and(SIGN)).reinterpretAsFloats();
  }

  /** Scalar twin of {@link #tanh(FloatVector)}: the same operations, the same bits. */
  public static float tanh(float x) {
    float a = Math.abs(x);
    float y;
    if (a < TANH_POLY_BELOW) {
      float z = a * a;
      float q =
          Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, Q5, Q4), z, Q3), z, Q2), z, Q1), z, Q0);
      y = Math.fma(a * z, q, a);
    } else {
      y = -(2f / (exp(a + a) + 1f)) + 1f;
    }
    return Float.intBitsToFloat(Float.floatToRawIntBits(y) | (Float.floatToRawIntBits(x) & SIGN));
  }

  // ================================================================ sigmoid, softplus

  /** {@code 1/(1 + e^-x)} per lane (see the class comment). */
  public static FloatVector sigmoid(FloatVector x) {
    FloatVector t = exp(x.abs().neg());
    FloatVector num = FloatVector.broadcast(Species.F, 1f).blend(t, x.compare(LT, 0f));
    return num.div(t.add(1f));
  }

  /** Scalar twin of {@link #sigmoid(FloatVector)}: the same operations, the same bits. */
  public static float sigmoid(float x) {
    float t = exp(-Math.abs(x));
    return (x < 0f ? t : 1f) / (t + 1f);
  }

  /** {@code log(1 + e^x)} per lane, as {@code max(x, 0) + log1p(e^-|x|)}. */
  public static FloatVector softplus(FloatVector x) {
    return x.max(0f).add(log1p(exp(x.abs().neg())));
  }

  /** Scalar twin of {@link #softplus(FloatVector)}: the same operations, the same bits. */
  public static float softplus(float x) {
    return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
  }
}
