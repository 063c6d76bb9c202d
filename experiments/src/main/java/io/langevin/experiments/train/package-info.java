/**
 * Training loops where layers ({@code io.langevin.nn}), samplers ({@code io.langevin.samplers}) and
 * data meet: {@link io.langevin.experiments.train.Trainer} trains any model with any optimiser or
 * SG-MCMC sampler, reports {@link io.langevin.experiments.train.EpochReport}s (current θ and
 * Bayesian model average), draws progress, and checkpoints so that a resumed run is bit-identical
 * to an uninterrupted one.
 */
package io.langevin.experiments.train;
