package io.langevin.kernels.update;

/**
 * The scalars of one fused step, shared by every {@link UpdateRule}; each rule reads the fields
 * its formula in {@link UpdateKernel} names and ignores the rest. A mutable holder, filled anew by
 * the caller (the samplers module) before each step: the kernels do no schedule or temperature
 * arithmetic of their own. Fields are float because the pass computes in float; the caller
 * derives them in double and rounds once.
 */
public final class UpdateParams {
  /** Step size: lr (optimisers), h (SGLD, pSGLD, SGNHT), η (SGHMC, Santa). */
  public float lr;

  /** s: the gradient array is multiplied by s (e.g. N/n for a minibatch sum). */
  public float gradScale = 1f;

  /** λ: precision of the Gaussian prior N(0, 1/λ), i.e. coupled L2 weight decay: G = s·g + λ·θ. */
  public float prior;

  /** AdamW's decoupled weight decay w: θ also shrinks by lr·w·θ. */
  public float decoupledDecay;

  /** Momentum coefficient μ (MOMENTUM, NESTEROV) or the friction complement c (SGHMC, SGNHT). */
  public float momentum;

  /** Decay of the mean square (RMSprop α, pSGLD α, Santa σ); β2 for Adam. */
  public float decay;

  /** Adam's β1. */
  public float beta1;

  /** Denominator bias: ε (RMSprop, Adagrad, Adam), λ of pSGLD and Santa. */
  public float eps;

  /** Adam bias corrections 1 − β1^t and 1 − β2^t (t counted from 1). */
  public float biasCorrection1 = 1f, biasCorrection2 = 1f;

  /**
   * Noise standard deviation factor σ; 0 means no noise is drawn and no term is added. Santa: the
   * exploration noise is σ·sqrt(g_{t−1})·ζ (Santa's default σ = sqrt(2·η^{3/2}·T/β_t)).
   */
  public float sigma;

  /** Santa: a = η·T/β_t, the annealed temperature times the step size: the thermostat's target. */
  public float anneal;

  /** Santa: floor δ on |u| before dividing by it. */
  public float floor = 1e-3f;

  /** Santa: exploration stage (noise, thermostat moves) rather than refinement. */
  public boolean exploration;

  /** Santa: include the (1 − g_prev/g)/u correction term (the authors' code omits it). */
  public boolean correction;

  /** Noise key: seed, step number t (0 ≤ t < 2^32) and stream of {@code Noise}. */
  public long seed;

  public long step;
  public int stream;

  /** A copy (for logs and tests). */
  public UpdateParams copy() {
    UpdateParams c = new UpdateParams();
    c.lr = lr;
    c.gradScale = gradScale;
    c.prior = prior;
    c.decoupledDecay = decoupledDecay;
    c.momentum = momentum;
    c.decay = decay;
    c.beta1 = beta1;
    c.eps = eps;
    c.biasCorrection1 = biasCorrection1;
    c.biasCorrection2 = biasCorrection2;
    c.sigma = sigma;
    c.anneal = anneal;
    c.floor = floor;
    c.exploration = exploration;
    c.correction = correction;
    c.seed = seed;
    c.step = step;
    c.stream = stream;
    return c;
  }
}
