package io.langevin.nn;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;

/**
 * What one forward pass needs besides its input: the tape to record on, the arena holding the
 * parameters (each {@link #param} becomes a tape leaf whose gradient accumulates into the arena's
 * gradient array), the mode, and the noise coordinates {@code (noiseSeed, step)}: a noise layer's
 * mask is the Philox function of {@code (noiseSeed, step, layer stream, element index)}, so one
 * pass is reproducible and the next step draws fresh masks.
 */
public record Pass(Tape tape, ParameterArena arena, Mode mode, long noiseSeed, long step) {

  public Pass {
    if (tape == null || arena == null || mode == null) {
      throw new IllegalArgumentException(
          "Pass: tape, arena and mode are required (got tape="
              + tape
              + ", arena="
              + (arena == null ? "null" : arena.size() + " floats")
              + ", mode="
              + mode
              + ")");
    }
  }

  /** True in {@link Mode#TRAIN}. */
  public boolean training() {
    return mode == Mode.TRAIN;
  }

  /** The arena parameter {@code name} as a tape leaf. */
  public Var param(String name) {
    return tape.param(arena.param(name));
  }
}
