/**
 * Convergence and sample-quality diagnostics for MCMC output: effective sample size (Geyer's
 * initial monotone sequence), split-R̂ (BDA3, and rank-normalised per Vehtari et al. 2021) and the
 * IMQ kernel Stein discrepancy. Plain double arrays in, numbers out.
 */
package io.langevin.samplers.diagnostics;
