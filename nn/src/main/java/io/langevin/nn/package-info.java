/**
 * Neural-network layers on a flat parameter arena.
 *
 * <p>A {@link io.langevin.nn.Layer} declares named parameters into a {@link
 * io.langevin.kernels.tensor.ParameterArena} and computes its forward pass on an autodiff {@link
 * io.langevin.kernels.autodiff.Tape} ({@link io.langevin.nn.Pass}: tape, arena, {@link
 * io.langevin.nn.Mode}, noise seed and step). Layers: {@link io.langevin.nn.Linear}, {@link
 * io.langevin.nn.Conv2d}, {@link io.langevin.nn.MaxPool2d}, {@link io.langevin.nn.AvgPool2d},
 * {@link io.langevin.nn.ReLU}, {@link io.langevin.nn.Tanh}, {@link io.langevin.nn.Sigmoid}, {@link
 * io.langevin.nn.Flatten}, {@link io.langevin.nn.Sequential}, and the noise layers {@link
 * io.langevin.nn.Dropout}, {@link io.langevin.nn.GaussianDropout}, {@link
 * io.langevin.nn.DropConnect} (identity in evaluation mode). {@link io.langevin.nn.Init}: seeded
 * Glorot / He initialisation. {@link io.langevin.nn.Model} holds a network and its arena; {@link
 * io.langevin.nn.Models} builds the MLPs and LeNet-5; {@link io.langevin.nn.Losses} and {@link
 * io.langevin.nn.Metrics} (accuracy, NLL, expected calibration error) complete it.
 */
package io.langevin.nn;
