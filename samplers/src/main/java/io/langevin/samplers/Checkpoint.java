package io.langevin.samplers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A chain's {@link State} on disk, with the sampler's name and hyperparameter summary and,
 * optionally, the parameter vector θ.
 *
 * <p>Binary layout, big-endian:
 *
 * <pre>
 * offset  size        field
 * 0       8           magic "LGVNCKPT"
 * 8       4           format version (1)
 * 12      4 + n       sampler name: byte length n, UTF-8 bytes
 *         4 + m       hyperparameter summary: byte length m, UTF-8 bytes
 *         4           dimension D
 *         8           seed
 *         8           step counter t
 *         4 + 8·s     scalars: count s, doubles
 *         4 + 4·k·D   state arrays: count k, then k arrays of D floats
 *         4 (+ 4·D)   θ: 1 then D floats, or 0 when absent
 *         4           CRC-32 of every byte before it
 * </pre>
 *
 * Writing is atomic: the bytes go to a temporary file in the same directory, which is forced to
 * disk and then moved over the target ({@code ATOMIC_MOVE}, replacing it), so a crash leaves
 * either the old checkpoint or the new one. Values are stored as raw bits, so resuming reproduces
 * the uninterrupted chain bit for bit. Test: {@code CheckpointTest}.
 */
public record Checkpoint(String sampler, String hyperparameters, State state, float[] theta) {
  /** The magic bytes at offset 0. */
  public static final String MAGIC = "LGVNCKPT";

  /** The format version written and read. */
  public static final int VERSION = 1;

  private static final int MAX_TEXT = 1 << 20;
  private static final int MAX_SCALARS = 1 << 16;
  private static final int MAX_ARRAYS = 1 << 10;

  /**
   * A checkpoint's contents; {@code theta} is null when the file holds no θ.
   *
   * @throws IllegalArgumentException if θ's length is not the state's dimension
   */
  public Checkpoint {
    Objects.requireNonNull(sampler, "sampler");
    Objects.requireNonNull(hyperparameters, "hyperparameters");
    Objects.requireNonNull(state, "state");
    if (theta != null && theta.length != state.dim()) {
      throw new IllegalArgumentException(
          "checkpoint: theta has length " + theta.length + ", state dimension " + state.dim());
    }
  }

  /** Writes {@code state} (no θ) with {@code sampler}'s name and hyperparameters to {@code file}. */
  public static void write(Path file, Sampler sampler, State state) throws IOException {
    write(file, sampler.name(), sampler.hyperparameters(), state, null);
  }

  /** Writes {@code state} and θ with {@code sampler}'s name and hyperparameters to {@code file}. */
  public static void write(Path file, Sampler sampler, State state, float[] theta)
      throws IOException {
    write(file, sampler.name(), sampler.hyperparameters(), state, theta);
  }

  /**
   * Writes a checkpoint atomically (temporary file in the same directory, fsync, atomic move).
   *
   * @param theta the parameter vector (length {@code state.dim()}), or null to store none
   */
  public static void write(
      Path file, String sampler, String hyperparameters, State state, float[] theta)
      throws IOException {
    Objects.requireNonNull(file, "file");
    new Checkpoint(sampler, hyperparameters, state, theta); // checks the arguments
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          Out out = new Out(ch)) {
        out.bytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
        out.putInt(VERSION);
        out.text(sampler);
        out.text(hyperparameters);
        out.putInt(state.dim());
        out.putLong(state.seed());
        out.putLong(state.t());
        out.putInt(state.scalarCount());
        for (int k = 0; k < state.scalarCount(); k++) {
          out.putLong(Double.doubleToRawLongBits(state.scalar(k)));
        }
        out.putInt(state.arrayCount());
        for (int k = 0; k < state.arrayCount(); k++) {
          out.floats(state.array(k));
        }
        out.putInt(theta == null ? 0 : 1);
        if (theta != null) {
          out.floats(theta);
        }
        out.finish();
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "checkpoint " + target + ": the file system cannot move " + tmp + " atomically", e);
      }
      moved = true;
      forceDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Reads and validates a checkpoint: magic, version, sizes against the file length, CRC.
   *
   * @throws CheckpointException naming the file and what is wrong
   */
  public static Checkpoint read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot be read (" + e + ")");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      In in = new In(ch, file, size);
      byte[] magic = in.bytes(8);
      if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
        throw new CheckpointException(
            file, "not a langevin checkpoint (magic at offset 0 is " + hex(magic) + ")");
      }
      int version = in.getInt();
      if (version != VERSION) {
        throw new CheckpointException(
            file, "format version " + version + " at offset 8, this build reads " + VERSION);
      }
      String sampler = in.text("sampler name");
      String hyper = in.text("hyperparameters");
      long at = in.offset();
      int dim = in.getInt();
      if (dim < 0) {
        throw new CheckpointException(file, "negative dimension " + dim + " at offset " + at);
      }
      long seed = in.getLong();
      at = in.offset();
      long t = in.getLong();
      if (t < 0) {
        throw new CheckpointException(file, "negative step counter " + t + " at offset " + at);
      }
      at = in.offset();
      int scalars = in.getInt();
      if (scalars < 0 || scalars > MAX_SCALARS) {
        throw new CheckpointException(file, "scalar count " + scalars + " at offset " + at);
      }
      long arraysAt = in.offset() + 8L * scalars;
      long afterCount = arraysAt + 4;
      if (afterCount > size) {
        throw new CheckpointException(
            file, "truncated: " + size + " bytes, the scalars alone end at " + afterCount);
      }
      double[] s = new double[scalars];
      for (int k = 0; k < scalars; k++) {
        s[k] = Double.longBitsToDouble(in.getLong());
      }
      int arrays = in.getInt();
      if (arrays < 0 || arrays > MAX_ARRAYS) {
        throw new CheckpointException(file, "array count " + arrays + " at offset " + arraysAt);
      }
      long thetaAt = afterCount + 4L * dim * arrays;
      if (thetaAt + 8 > size) {
        throw new CheckpointException(
            file,
            "truncated: "
                + arrays
                + " arrays of "
                + dim
                + " floats need at least "
                + (thetaAt + 8)
                + " bytes, found "
                + size);
      }
      long withoutTheta = thetaAt + 4 + 4;
      long withTheta = withoutTheta + 4L * dim;
      if (size != withoutTheta && size != withTheta) {
        throw new CheckpointException(
            file,
            (size < withTheta ? "truncated" : "trailing bytes")
                + ": "
                + arrays
                + " arrays of "
                + dim
                + " floats need a file of "
                + withoutTheta
                + " bytes (no theta) or "
                + withTheta
                + " (with theta), found "
                + size);
      }
      float[][] a = new float[arrays][];
      for (int k = 0; k < arrays; k++) {
        a[k] = new float[dim];
        in.floats(a[k]);
      }
      int hasTheta = in.getInt();
      boolean sizeSaysTheta = size == withTheta && withTheta != withoutTheta;
      if (hasTheta != 0 && hasTheta != 1 || dim > 0 && (hasTheta == 1) != sizeSaysTheta) {
        throw new CheckpointException(
            file,
            "theta flag "
                + hasTheta
                + " at offset "
                + thetaAt
                + " does not match the file size "
                + size);
      }
      float[] theta = null;
      if (hasTheta == 1) {
        theta = new float[dim];
        in.floats(theta);
      }
      int computed = in.crc();
      at = in.offset();
      int stored = in.getIntUnchecked();
      if (stored != computed) {
        throw new CheckpointException(
            file,
            "CRC mismatch at offset "
                + at
                + ": stored 0x"
                + Integer.toHexString(stored)
                + ", computed 0x"
                + Integer.toHexString(computed)
                + " (corrupted)");
      }
      return new Checkpoint(sampler, hyper, new State(dim, seed, t, a, s), theta);
    }
  }

  /**
   * Reads {@code file} and checks that it was written for {@code sampler}: same name, same
   * hyperparameter summary, and a state of the sampler's shape. Returns the state to continue with.
   */
  public static State resume(Path file, Sampler sampler) throws IOException {
    return readFor(file, sampler).state();
  }

  /**
   * As {@link #resume(Path, Sampler)}, and copies the stored θ into {@code theta}.
   *
   * @throws CheckpointException if the file holds no θ or one of another length
   */
  public static State resume(Path file, Sampler sampler, float[] theta) throws IOException {
    Checkpoint c = readFor(file, sampler);
    if (c.theta() == null) {
      throw new CheckpointException(file, "holds no theta");
    }
    if (c.theta().length != theta.length) {
      throw new CheckpointException(
          file, "theta of length " + c.theta().length + ", the array to fill has " + theta.length);
    }
    System.arraycopy(c.theta(), 0, theta, 0, theta.length);
    return c.state();
  }

  private static Checkpoint readFor(Path file, Sampler sampler) throws IOException {
    Checkpoint c = read(file);
    if (!c.sampler().equals(sampler.name())) {
      throw new CheckpointException(
          file, "written by sampler '" + c.sampler() + "', resuming '" + sampler.name() + "'");
    }
    if (!c.hyperparameters().equals(sampler.hyperparameters())) {
      throw new CheckpointException(
          file,
          "hyperparameters differ: file has "
              + c.hyperparameters()
              + ", sampler has "
              + sampler.hyperparameters());
    }
    State fresh = sampler.init(0, c.state().seed());
    if (fresh.arrayCount() != c.state().arrayCount()
        || fresh.scalarCount() != c.state().scalarCount()) {
      throw new CheckpointException(
          file,
          c.state().arrayCount()
              + " arrays and "
              + c.state().scalarCount()
              + " scalars, sampler "
              + sampler.name()
              + " needs "
              + fresh.arrayCount()
              + " and "
              + fresh.scalarCount());
    }
    return c;
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: not every platform can open or sync a directory.
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder("0x");
    for (byte x : b) {
      s.append(String.format("%02x", x & 0xff));
    }
    return s.toString();
  }

  /** Buffered big-endian writer with a running CRC. */
  private static final class Out implements AutoCloseable {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private final CRC32 crc = new CRC32();

    Out(FileChannel ch) {
      this.ch = ch;
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    private void flush() throws IOException {
      buf.flip();
      crc.update(buf.duplicate());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }

    void putInt(int v) throws IOException {
      room(4);
      buf.putInt(v);
    }

    void putLong(long v) throws IOException {
      room(8);
      buf.putLong(v);
    }

    void bytes(byte[] b) throws IOException {
      int i = 0;
      while (i < b.length) {
        room(1);
        int k = Math.min(b.length - i, buf.remaining());
        buf.put(b, i, k);
        i += k;
      }
    }

    void text(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > MAX_TEXT) {
        throw new IllegalArgumentException(
            "checkpoint text of " + b.length + " bytes exceeds " + MAX_TEXT);
      }
      putInt(b.length);
      bytes(b);
    }

    void floats(float[] a) throws IOException {
      int i = 0;
      while (i < a.length) {
        room(4);
        int k = Math.min(a.length - i, buf.remaining() / 4);
        for (int j = 0; j < k; j++) {
          buf.putInt(Float.floatToRawIntBits(a[i + j]));
        }
        i += k;
      }
    }

    /** Flushes and appends the CRC of everything written. */
    void finish() throws IOException {
      flush();
      buf.putInt((int) crc.getValue());
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }

    @Override
    public void close() {}
  }

  /** Buffered big-endian reader with a running CRC and the file offset for messages. */
  private static final class In {
    private final FileChannel ch;
    private final Path file;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private final CRC32 crc = new CRC32();
    private long consumedBefore; // file offset of buf's position 0

    In(FileChannel ch, Path file, long size) {
      this.ch = ch;
      this.file = file;
      this.size = size;
      buf.flip();
    }

    long offset() {
      return consumedBefore + buf.position();
    }

    /** Makes n bytes available, updating the CRC with what is consumed. */
    private void need(int n) throws IOException {
      if (buf.remaining() >= n) {
        return;
      }
      ByteBuffer done = buf.duplicate();
      done.limit(buf.position());
      done.position(0);
      crc.update(done);
      consumedBefore += buf.position();
      buf.compact();
      while (buf.position() < n) {
        int r = ch.read(buf);
        if (r < 0) {
          throw new CheckpointException(
              file,
              "truncated: needed "
                  + n
                  + " bytes at offset "
                  + consumedBefore
                  + ", the file has "
                  + size);
        }
      }
      buf.flip();
    }

    int getInt() throws IOException {
      need(4);
      return buf.getInt();
    }

    long getLong() throws IOException {
      need(8);
      return buf.getLong();
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = new byte[n];
      int i = 0;
      while (i < n) {
        need(1);
        int k = Math.min(n - i, buf.remaining());
        buf.get(b, i, k);
        i += k;
      }
      return b;
    }

    String text(String what) throws IOException {
      long at = offset();
      int n = getInt();
      if (n < 0 || n > MAX_TEXT || at + 4 + n > size) {
        throw new CheckpointException(
            file, what + " length " + n + " at offset " + at + " (file of " + size + " bytes)");
      }
      return new String(bytes(n), StandardCharsets.UTF_8);
    }

    void floats(float[] a) throws IOException {
      int i = 0;
      while (i < a.length) {
        need(4);
        int k = Math.min(a.length - i, buf.remaining() / 4);
        for (int j = 0; j < k; j++) {
          a[i + j] = Float.intBitsToFloat(buf.getInt());
        }
        i += k;
      }
    }

    /** CRC of every byte consumed so far. */
    int crc() {
      ByteBuffer done = buf.duplicate();
      done.limit(buf.position());
      done.position(0);
      crc.update(done);
      consumedBefore += buf.position();
      buf.compact();
      buf.flip();
      return (int) crc.getValue();
    }

    /** Reads an int without adding it to the CRC. */
    int getIntUnchecked() throws IOException {
      need(4);
      return buf.getInt();
    }
  }
}
