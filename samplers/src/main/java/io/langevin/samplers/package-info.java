/** langevin samplers module: filled in by later issues (see DESIGN.md for its room). */
package io.langevin.samplers;
