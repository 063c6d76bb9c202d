package io.langevin.nn;

/**
 * Training or evaluation. Noise layers ({@link Dropout}, {@link GaussianDropout}, {@link
 * DropConnect}) draw their masks only in {@link #TRAIN}; in {@link #EVAL} they are the identity
 * (their masks have mean 1, so that is the mean network). For MC dropout, run {@link #TRAIN} passes
 * with different steps.
 */
public enum Mode {
  TRAIN,
  EVAL
}
