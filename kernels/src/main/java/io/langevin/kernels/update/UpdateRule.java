package io.langevin.kernels.update;

/**
 * The fused update rules of {@link UpdateKernel}, with the number of per-parameter state arrays
 * each needs (every state array has the length of θ). The math of each rule is stated in {@link
 * UpdateKernel}.
 */
public enum UpdateRule {
  /** Plain gradient descent. No state. */
  SGD(0, false),
  /** Heavy-ball momentum in velocity form. State: velocity. */
  MOMENTUM(1, false),
  /** Nesterov momentum in velocity form. State: velocity. */
  NESTEROV(1, false),
  /** RMSprop. State: mean square. */
  RMSPROP(1, false),
  /** Adagrad. State: sum of squares. */
  ADAGRAD(1, false),
  /** Adam / AdamW. State: first moment, second moment. */
  ADAM(2, false),
  /** Stochastic-gradient Langevin dynamics. No state. */
  SGLD(0, true),
  /** RMSprop-preconditioned SGLD (no Γ term). State: mean square. */
  PSGLD(1, true),
  /** SGHMC in Chen et al.'s momentum form. State: momentum. */
  SGHMC(1, true),
  /** SGNHT: SGHMC with a global thermostat; the pass also sums the squared new momenta. */
  SGNHT(1, true),
  /** Santa, Euler scheme. State: mean square v, momentum u, thermostat α, previous g. */
  SANTA_EULER(4, true),
  /** Santa, symmetric splitting scheme. State as {@link #SANTA_EULER}. */
  SANTA_SSS(4, true);

  private final int stateArrays;
  private final boolean noisy;

  UpdateRule(int stateArrays, boolean noisy) {
    this.stateArrays = stateArrays;
    this.noisy = noisy;
  }

  /** Number of per-parameter state arrays the rule reads and writes. */
  public int stateArrays() {
    return stateArrays;
  }

  /** Whether the rule injects Gaussian noise (when {@code sigma != 0}, or Santa in exploration). */
  public boolean noisy() {
    return noisy;
  }
}
