/**
 * Bayesian model averaging over posterior samples: the weighted predictive distribution and its
 * uncertainty summaries (predictive spread, entropy, expected entropy, mutual information), from a
 * {@link io.langevin.samplers.averaging.Predictor} that maps a flat parameter vector to class
 * probabilities. Knows nothing of layers or samplers.
 */
package io.langevin.samplers.averaging;
