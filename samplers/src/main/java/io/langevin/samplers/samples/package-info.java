/**
 * What happens to a sampler's θ after each step: sinks that thin ({@link
 * io.langevin.samplers.samples.ThinnedSink}), keep the last few ({@link
 * io.langevin.samplers.samples.LastSamples}), keep running moments ({@link
 * io.langevin.samplers.samples.RunningMoments}) or stream to disk ({@link
 * io.langevin.samplers.samples.SampleFile}). Everything here works on plain {@code float[]}
 * vectors, a step number and a weight, and knows nothing of the samplers themselves.
 */
package io.langevin.samplers.samples;
