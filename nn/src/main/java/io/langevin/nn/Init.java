package io.langevin.nn;

import io.langevin.kernels.random.Noise;
import io.langevin.kernels.tensor.Tensor;

/**
 * Seeded weight initialisation. Element {@code i} of parameter {@code name} is a function of {@code
 * (seed, name, i)} only: Philox noise ({@link Noise}) at step 0, stream {@link #stream(String)} of
 * the name, index i. So an initialisation does not depend on the order or number of other
 * parameters, the thread count or the backend.
 *
 * <ul>
 *   <li>{@link #GLOROT_UNIFORM} (Glorot &amp; Bengio 2010): {@code U(−a, a)}, {@code a = sqrt(6 /
 *       (fanIn + fanOut))}, variance {@code 2 / (fanIn + fanOut)}.
 *   <li>{@link #HE_NORMAL} (He et al. 2015): {@code N(0, 2 / fanIn)}.
 * </ul>
 *
 * For a linear layer {@code [out, in]}: fanIn = in, fanOut = out; for a convolution {@code [F, C,
 * KH, KW]}: fanIn = C·KH·KW, fanOut = F·KH·KW. Biases start at zero.
 */
public enum Init {
  GLOROT_UNIFORM,
  HE_NORMAL;

  /** The Philox stream of a parameter name: its {@link String#hashCode()} (fixed by the JLS). */
  public static int stream(String name) {
    return name.hashCode();
  }

  /** Fills {@code w} (parameter {@code name}) for the given fans. */
  public void fill(Tensor w, String name, int fanIn, int fanOut, long seed) {
    if (fanIn < 1 || fanOut < 1) {
      throw new IllegalArgumentException(
          "init of '" + name + "': fans must be >= 1, got fanIn=" + fanIn + " fanOut=" + fanOut);
    }
    float[] d = w.data();
    int off = w.offset();
    int n = w.size();
    if (this == GLOROT_UNIFORM) {
      Noise.uniform(seed, 0, stream(name), 0, d, off, n);
      float a = (float) Math.sqrt(6.0 / (fanIn + (double) fanOut));
      for (int i = off; i < off + n; i++) {
        d[i] = a * (2f * d[i] - 1f); // u ∈ (0, 1] → (−a, a]
      }
    } else {
      Noise.gaussian(seed, 0, stream(name), 0, d, off, n);
      float s = (float) Math.sqrt(2.0 / fanIn);
      for (int i = off; i < off + n; i++) {
        d[i] *= s;
      }
    }
  }
}
