/**
 * SG-MCMC samplers and their optimiser twins, on the fused update kernels of {@code
 * io.langevin.kernels.update}: hyperparameters ({@link io.langevin.samplers.Sampler}
 * implementations), chain state ({@link io.langevin.samplers.State}), step-size conventions
 * ({@link io.langevin.samplers.StepSizeConvention}), schedules ({@code schedule}) and
 * checkpoints ({@link io.langevin.samplers.Checkpoint}).
 *
 * <h2>The families</h2>
 *
 * <table>
 *   <caption>Samplers and the optimiser each becomes at temperature 0</caption>
 *   <tr><th>sampler</th><th>optimiser twin (T = 0, bit for bit)</th><th>state</th></tr>
 *   <tr><td>{@link io.langevin.samplers.Sgld}</td><td>{@link io.langevin.samplers.Sgd}</td>
 *       <td>none</td></tr>
 *   <tr><td>{@link io.langevin.samplers.Psgld}</td><td>{@link io.langevin.samplers.Rmsprop}
 *       (ε = λ)</td><td>V</td></tr>
 *   <tr><td>{@link io.langevin.samplers.Sghmc}</td><td>{@link io.langevin.samplers.Momentum}
 *       (μ = 1 − α)</td><td>p</td></tr>
 *   <tr><td>{@link io.langevin.samplers.Sgnht}</td><td>(SGNHT at T = 0)</td>
 *       <td>p; scalar ξ</td></tr>
 *   <tr><td>{@link io.langevin.samplers.Santa} (Euler, SSS)</td><td>its refinement stage</td>
 *       <td>v, u, α, q</td></tr>
 *   <tr><td></td><td>{@link io.langevin.samplers.Adam} (+ AdamW),
 *       {@link io.langevin.samplers.Adagrad}</td><td>m, v / v</td></tr>
 * </table>
 *
 * <p>One convention inside: the h form {@code θ ← θ − h·G + sqrt(2hT)·ξ} with {@code G = s·g +
 * λ·θ}, g the gradient passed to {@code step} (of the minibatch negative log likelihood), s the
 * gradient scale (N/n for a minibatch sum, N for a minibatch mean), λ the prior precision and T
 * the temperature (1 = the posterior; 1/N reproduces the authors' code). {@link
 * io.langevin.samplers.StepSizeConvention} converts the Welling–Teh ε/2 form and the mean-loss form.
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * Sampler sgld = Sgld.builder()
 *     .stepSize(Schedule.polynomial(1e-3, 1, 0.55))
 *     .temperature(1)
 *     .prior(1)                        // N(0, 1) prior
 *     .gradScale((double) nData / batch)
 *     .build();
 * State state = sgld.init(theta.length, 42L);   // seed of the noise
 * for (int t = 0; t < steps; t++) {
 *   computeGradient(theta, grad);               // minibatch Σ ∇(−log p(x|θ))
 *   sgld.step(theta, grad, state);              // one fused pass; state.t() advances
 *   if (t % 1000 == 999) Checkpoint.write(Path.of("chain.ckpt"), sgld, state, theta);
 * }
 * // later, in a new process: the chain continues bit for bit
 * State resumed = Checkpoint.resume(Path.of("chain.ckpt"), sgld, theta);  // fills theta
 * }</pre>
 *
 * <h2>Reproducibility</h2>
 *
 * The noise of element i at step t is a pure function of (seed, t, stream {@link
 * io.langevin.samplers.Sampler#NOISE_STREAM}, i); initial noise uses stream {@link
 * io.langevin.samplers.Sampler#INIT_STREAM} at step 0. Results do not depend on the thread count.
 * A NaN or infinite gradient throws {@code NonFiniteStepException} before anything is written; the
 * state's step counter (and SGNHT's ξ) only advance after a successful pass.
 */
package io.langevin.samplers;
