/**
 * Random subspaces for intrinsic-dimension training, {@code θ_D = θ_0 + P·θ_d} (Li, Farkhoor, Liu,
 * Yosinski, ICLR 2018): the {@link io.langevin.projection.Projection} interface with dense, sparse
 * and Fastfood implementations made by {@link io.langevin.projection.Projections#create}, and
 * {@link io.langevin.projection.Subspace}, which holds θ_0 and θ_d for any optimiser. Depends on
 * the kernels module only (Philox noise, FWHT, the CPU pool); knows nothing of layers.
 */
package io.langevin.projection;
