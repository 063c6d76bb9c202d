package io.langevin.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A truncated, corrupt or unexpected IDX file. The message always names the file, the byte offset
 * (in the decompressed stream for a gzipped file) and what was expected versus found. Thrown by
 * {@link IdxReader}; no partially read data set is ever returned.
 */
public final class IdxFormatException extends IOException {
  private final Path file;
  private final long offset;

  /**
   * @param file the file being read
   * @param offset byte offset of the problem (decompressed offset for a gzipped file)
   * @param detail what was expected and what was found
   * @param cause underlying exception, or null
   */
  public IdxFormatException(Path file, long offset, String detail, Throwable cause) {
    super("IDX file " + file + ", byte offset " + offset + ": " + detail, cause);
    this.file = file;
    this.offset = offset;
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  /** The byte offset of the problem (in the decompressed stream for a gzipped file). */
  public long offset() {
    return offset;
  }
}
