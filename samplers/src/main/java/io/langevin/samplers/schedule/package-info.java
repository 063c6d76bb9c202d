/**
 * Step-size schedules for samplers and optimisers: constant, polynomial a(b+t)^−γ, cyclical cosine
 * with a noise-free exploration stage, block decay; each says whether noise is on at a step.
 */
package io.langevin.samplers.schedule;
