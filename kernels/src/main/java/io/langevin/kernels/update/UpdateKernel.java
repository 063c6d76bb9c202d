package io.langevin.kernels.update;

/**
 * One fused pass of an SG-MCMC sampler or optimiser over elements {@code [from, to)} of the flat
 * parameter array θ, its gradient g and the rule's state arrays (all indexed alike; the noise of
 * element {@code i} is {@code Noise} Gaussian {@code (seed, step, stream, i)}, so a chain does not
 * depend on how the range is split). Implementations: {@link ScalarUpdate} (the spec: plain loops
 * in the order written below) and {@link SimdUpdate} (Vector API, bit-identical to the spec for
 * every output, except the SGNHT sum of squares, whose summation order differs: tolerance in
 * {@code SimdUpdateTest}). The facade {@link Update} adds the gradient pre-check, the split over
 * the thread pool and the error on a non-finite result.
 *
 * <h2>The rules</h2>
 *
 * All arithmetic is float32 with IEEE round-to-nearest; {@code fma(a,b,c)} is {@code a·b+c}
 * rounded once ({@link Math#fma(float, float, float)}), {@code sqrt} and {@code /} are correctly
 * rounded. For every rule the energy gradient of element i is
 *
 * <pre>G = fma(s, g[i], λ·θ[i])          s = gradScale, λ = prior</pre>
 *
 * and ξ is the element's standard normal. Where a rule adds noise {@code fma(σ', ξ, x)}, it is
 * skipped entirely (no draw, no add) when σ' would be built from {@code sigma == 0}; so with
 * {@code sigma = 0} SGLD, pSGLD and SGHMC are bit for bit SGD, RMSprop and MOMENTUM. Constants
 * such as {@code 1 − α} are rounded to float once per call, as written.
 *
 * <pre>
 * SGD       θ' = fma(−lr, G, θ)
 * MOMENTUM  v' = fma(−lr, G, μ·v);  θ' = θ + v'                        μ = momentum
 * NESTEROV  v' = fma(−lr, G, μ·v);  θ' = θ + fma(μ, v', (−lr)·G)
 * RMSPROP   v' = fma(α, v, (1−α)·(G·G));  P = 1/(ε + sqrt(v'));  θ' = fma(−lr, P·G, θ)
 *                                                                    α = decay, ε = eps
 * ADAGRAD   v' = fma(G, G, v);  P = 1/(ε + sqrt(v'));  θ' = fma(−lr, P·G, θ)
 * ADAM      m' = fma(β1, m, (1−β1)·G);  v' = fma(β2, v, (1−β2)·(G·G));
 *           r1 = 1/bc1, r2 = 1/bc2, d = lr·w (once per call);
 *           θ' = fma(−lr, (m'·r1)/(sqrt(v'·r2) + ε), fma(−d, θ, θ))
 *                      β1 = beta1, β2 = decay, bc = biasCorrection, w = decoupledDecay (AdamW)
 * SGLD      θ' = fma(−h, G, θ);  θ' = fma(σ, ξ, θ')                   h = lr, σ = sigma
 * PSGLD     v', P as RMSPROP (α = decay, ε = eps = pSGLD's λ);
 *           θ' = fma(−h, P·G, θ);  θ' = fma(σ·sqrt(P), ξ, θ')
 * SGHMC     p' = fma(−η, G, c·p);  p' = fma(σ, ξ, p');  θ' = θ + p'     η = lr, c = momentum
 * SGNHT     as SGHMC (c = 1 − thermostat, supplied by the caller), and the pass returns
 *           Σ p'·p' over the range (accumulated in double, in index order in the spec)
 * </pre>
 *
 * Santa (state: v, u, α, q where q is the previous preconditioner g_{t−1}, initially 1; f = G;
 * a = anneal (the thermostat's target, η·T/β_t), σ = sigma (the exploration noise scale, chosen
 * by the caller), δ = floor, η = lr, σr = decay, λ = eps; uf = u if |u| ≥ δ else ±δ with the sign
 * of u, +δ for u = 0; n = (σ·sqrt(q))·ζ with ζ the element's normal; corr = a·((1 − q/g)/uf)
 * when {@code correction} is set, else absent):
 *
 * <pre>
 * both      v' = fma(σr, v, (1−σr)·(f·f));  g = 1/sqrt(λ + sqrt(v'));  q' = g
 * EULER     exploration: α' = α + (u·u − a);  w = n (+ corr)
 *           refinement:  α' = α;             w = 0
 *           u' = fma(−η, g·f, fma(1 − α', u, w));  θ' = fma(g, u', θ)
 * SSS       exploration: αh = fma(0.5, u·u − a, α);  e = exp(−0.5·αh);
 *                        u2 = fma(−η, g·f, e·u);  u2 = fma(σ·sqrt(q), ζ, u2) (+ corr);
 *                        u' = e·u2;  α' = fma(0.5, u'·u' − a, αh)
 *           refinement:  α' = α;  e = exp(−0.5·α);  u' = e·fma(−η, g·f, e·u)
 *           θ' = fma(g, u', θ)
 * </pre>
 *
 * {@code exp} is {@code VectorMath.exp} (IEEE-only arithmetic, same bits scalar and vector). In
 * exploration the noise is drawn whenever {@code sigma != 0} ({@code anneal} plays no part in it);
 * outside exploration it is never drawn. The caller picks σ: Santa's consistent discretisation
 * (with u = h·p, η = h²) has noise variance 2·q·η^{3/2}·T/β_t, i.e. σ = sqrt(2·η^{3/2}·T/β_t), as
 * the authors' MATLAB code; the paper as transcribed by third parties has σ = sqrt(2·η·T/β_t),
 * against which the thermostat settles at a per-step friction α ≈ g and the chain runs cold by
 * ≈ g/2 at every η.
 *
 * <p>SSS is the paper's symmetric splitting (Algorithm 2: half drift, half thermostat/O step,
 * kick, noise, half O step, half drift) <em>rotated by half a step</em>, so that the θ the caller
 * holds, and computes f at, is the paper's midpoint: each call is the O/thermostat half, the kick
 * with f(θ), the noise, the other O/thermostat half and then one full drift, the two half drifts
 * of consecutive paper steps merged into {@code fma(g, u', θ)} (with the g of this call for both
 * halves). The paper's first half drift (of step 0) is dropped. With f at the midpoint the
 * splitting is symmetric; taking f at the start of the paper's step instead (as a literal reading
 * of Algorithm 2 with the gradient computed at θ_{t−1}) anti-damps the chain.
 *
 * <h2>Checking</h2>
 *
 * Every new value (θ' and each new state value) is checked before it is stored: the pass works
 * in blocks, computes a block, and stores it only if every new value of the block is finite. At
 * the first non-finite value it stops and reports the element index and its values in the {@link
 * RangeResult}; nothing of that block or later blocks is written. With {@code write = false}
 * nothing at all is written (a dry run that only checks).
 */
public interface UpdateKernel {
  /**
   * Applies {@code rule} to elements {@code [from, to)}.
   *
   * @param state the rule's state arrays ({@link UpdateRule#stateArrays()} of them, each at least
   *     {@code to} long; extra entries are ignored)
   * @param write whether to store the results (false: check only)
   * @param result receives the first non-finite index (or −1), its values and, for SGNHT, Σ p'²
   */
  void range(
      UpdateRule rule,
      UpdateParams p,
      float[] theta,
      float[] grad,
      float[][] state,
      int from,
      int to,
      boolean write,
      RangeResult result);
}
