package io.langevin.nn;

import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;

/**
 * A network layer over a flat parameter arena. A layer owns no arrays: it declares its parameters
 * by name into a {@link ParameterArena.Builder} ({@link #declare}), fills them from a seed ({@link
 * #init}, a pure function of the seed and the parameter names), and in {@link #forward} reads them
 * from the pass's arena as tape leaves. Shapes carry the batch as the first dimension; {@link
 * #outputShape} works on the per-example shape (without the batch).
 */
public interface Layer {

  /** Declares this layer's parameters (names unique within a model). Default: none. */
  default void declare(ParameterArena.Builder builder) {}

  /** Initialises this layer's parameters in {@code arena} from {@code seed}. Default: nothing. */
  default void init(ParameterArena arena, long seed) {}

  /** The layer applied to a batch {@code x}; records its ops on {@code pass.tape()}. */
  Var forward(Pass pass, Var x);

  /**
   * The per-example output shape for a per-example input shape; throws {@link
   * IllegalArgumentException} when the input does not fit.
   */
  int[] outputShape(int... inputShape);

  /** Number of parameters this layer declares. Default: 0. */
  default long parameterCount() {
    return 0;
  }
}
