package io.langevin.kernels.fwht;

/**
 * In-place, unnormalised fast Walsh–Hadamard transform of float32 vectors whose length {@code n} is
 * a power of two: {@code x ← H_n·x} with the Sylvester Hadamard matrix {@code H_1 = [1]}, {@code
 * H_2n = [[H_n, H_n], [H_n, -H_n]]} (entry {@code (i, j)} is {@code (-1)^popcount(i & j)}).
 * Applying it twice multiplies by {@code n}; divide by {@code sqrt(n)} for the orthonormal
 * transform.
 *
 * <p>Work: {@code n·log2(n)} additions/subtractions per vector; memory: each vector read and
 * written at least once ({@code 8·n} bytes).
 *
 * <p>Every implementation computes, stage by stage ({@code h = 1, 2, 4, …, n/2}), exactly the
 * butterflies {@code (a, b) → (a + b, a − b)} of {@link ScalarFwht}, so all give the same bits. Bad
 * arguments (n not a power of two, negative row count, ranges outside the array) throw {@link
 * IllegalArgumentException} with the numbers in the message. Implementations: {@link ScalarFwht}
 * (spec), {@link SimdFwht}; {@link Fwht} picks one at start-up. Tests: {@code ScalarFwhtTest},
 * {@code SimdFwhtTest}.
 */
public interface FwhtKernel {

  /** Transforms {@code x[off .. off+n)} in place; {@code n} must be a power of two (1 allowed). */
  void transform(float[] x, int off, int n);

  /**
   * Transforms {@code rows} contiguous vectors of length {@code n} in place: row {@code r} is
   * {@code x[off + r·n .. off + (r+1)·n)}.
   */
  void transformRows(float[] x, int off, int n, int rows);
}
