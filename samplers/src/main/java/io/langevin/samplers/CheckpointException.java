package io.langevin.samplers;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be read or does not fit: names the file and what is wrong. */
public final class CheckpointException extends IOException {
  private final Path file;

  public CheckpointException(Path file, String problem) {
    super("checkpoint " + file + ": " + problem);
    this.file = file;
  }

  /** The file. */
  public Path file() {
    return file;
  }
}
