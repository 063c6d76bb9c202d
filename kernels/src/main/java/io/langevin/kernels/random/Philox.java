package io.langevin.kernels.random;

/**
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC'11; the Random123 and curand definition): a
 * counter-based generator that maps a 128-bit counter {@code (c0, c1, c2, c3)} and a 64-bit key
 * {@code (k0, k1)} to four 32-bit words, with no state.
 *
 * <p>One round, with {@code mulhilo(a, b)} the high and low halves of the 64-bit unsigned product:
 *
 * <pre>
 * (hi0, lo0) = mulhilo(0xD2511F53, c0);   (hi1, lo1) = mulhilo(0xCD9E8D57, c2)
 * (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
 * </pre>
 *
 * Ten rounds; after each of the first nine the key is bumped by {@code k0 += 0x9E3779B9, k1 +=
 * 0xBB67AE85} (mod 2^32). This scalar class is the spec that {@link SimdNoise} (the same rounds in
 * {@code LongVector} lanes) and the CUDA kernels must match bit for bit. Cost: 20 32×32→64-bit
 * multiplies per block of four words. Tested by {@code PhiloxTest} against the Random123
 * known-answer vectors.
 */
public final class Philox {
  /** Round multiplier applied to {@code c0}. */
  static final int M0 = 0xD2511F53;

  /** Round multiplier applied to {@code c2}. */
  static final int M1 = 0xCD9E8D57;

  /** Weyl increment of {@code k0}. */
  static final int W0 = 0x9E3779B9;

  /** Weyl increment of {@code k1}. */
  static final int W1 = 0xBB67AE85;

  /** Number of rounds. */
  static final int ROUNDS = 10;

  private static final long MASK = 0xFFFFFFFFL;

  private Philox() {}

  /**
   * Writes the four output words of Philox4x32-10 for counter {@code (c0, c1, c2, c3)} and key
   * {@code (k0, k1)} into {@code out[off .. off+3]}.
   */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
    for (int r = 0; r < ROUNDS; r++) {
      long p0 = (M0 & MASK) * (c0 & MASK);
      long p1 = (M1 & MASK) * (c2 & MASK);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    out[off] = c0;
    out[off + 1] = c1;
    out[off + 2] = c2;
    out[off + 3] = c3;
  }

  /** {@link #block(int, int, int, int, int, int, int[], int)} into {@code out4[0..3]}. */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out4) {
    block(c0, c1, c2, c3, k0, k1, out4, 0);
  }
}
