package io.langevin.nn;

/** Pointwise activations for the model builders, and the weight initialisation each goes with. */
public enum Activation {
  RELU,
  TANH,
  SIGMOID;

  /** A fresh layer computing this activation. */
  public Layer layer() {
    return switch (this) {
      case RELU -> new ReLU();
      case TANH -> new Tanh();
      case SIGMOID -> new Sigmoid();
    };
  }

  /** He (normal) for ReLU, Glorot (uniform) for the saturating ones. */
  public Init defaultInit() {
    return this == RELU ? Init.HE_NORMAL : Init.GLOROT_UNIFORM;
  }
}
