package io.langevin.samplers.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * An append-only binary file of samples (step, weight, θ), written as a stream by {@link Writer} (a
 * {@link SampleSink}) and read back by {@link Reader}. The same text is in {@code
 * docs/SAMPLE-FORMAT.md}.
 *
 * <h2>Format, version 1 (all integers and floats little-endian)</h2>
 *
 * <p>Header, {@code H = 28 + L} bytes:
 *
 * <pre>
 *  offset  size  field
 *       0     8  magic: ASCII "LGVSAMPL" (4C 47 56 53 41 4D 50 4C)
 *       8     2  format version, uint16 = 1
 *      10     1  dtype code, uint8: 1 = float32 little-endian (the only one defined)
 *      11     1  reserved, 0
 *      12     4  D, int32 &gt;= 1: parameters per sample
 *      16     4  R, int32: bytes per record, must equal 20 + 4·D
 *      20     4  L, int32 in [0, 4096]: length of the creation info
 *      24     L  creation info, UTF-8 free text (tool, seed, sampler, date, …)
 *  24 + L     4  CRC32 (java.util.zip.CRC32, zlib polynomial) of bytes [0, 24 + L)
 * </pre>
 *
 * <p>Then records back to back; record {@code i} starts at byte {@code H + i·R}:
 *
 * <pre>
 *  offset   size  field
 *       0      8  step t, int64
 *       8      8  weight, float64 (normally the step size h_t)
 *      16    4·D  θ, D × float32
 *  16 + 4D     4  CRC32 of the record's bytes [0, 16 + 4D)
 * </pre>
 *
 * <h2>Crash safety and validation</h2>
 *
 * <p>The header is written to a temporary sibling file, forced to disk and moved into place, so a
 * sample file either does not exist or has a whole header. The writer buffers whole records and
 * only ever hands whole records to the channel, appending at the end; a crash therefore leaves a
 * valid prefix of records plus at most one torn (short or unverifiable) record at the end. Records
 * still in the buffer when the process dies are lost: {@link Writer#flush()} bounds that, and
 * {@link Writer#sync()} also forces the bytes to the device. (After a power loss the operating
 * system may have written the pages of unsynced data out of order; a hole inside the file is then
 * reported by the reader as corruption, never skipped silently.)
 *
 * <p>The {@link Reader} checks the header and every record's CRC. A short or CRC-failing
 * <em>last</em> record is treated as torn: reading stops cleanly before it, and {@link
 * Reader#recordsRead()}, {@link Reader#stopOffset()} and {@link Reader#tailBytes()} say how many
 * complete records were read and where and why reading stopped. A CRC failure with more bytes after
 * the record is corruption, not a crash, and raises {@link CorruptRecordException} naming the file,
 * the record index and its byte offset.
 *
 * <p>{@link #append} checks the header (D must match), applies the same rule to the last record
 * only (O(1), not a full scan), cuts a torn tail off and continues after the last good record.
 *
 * <p>Neither class is thread-safe. A reader sees the file as it was when opened. Tested by
 * SampleFileTest.
 */
public final class SampleFile {

  /** The 8 magic bytes, ASCII "LGVSAMPL". */
  static final byte[] MAGIC = "LGVSAMPL".getBytes(StandardCharsets.US_ASCII);

  /** Current (and only) format version. */
  public static final int VERSION = 1;

  /** Dtype code of float32 little-endian. */
  public static final int DTYPE_FLOAT32_LE = 1;

  /** Largest creation info, in UTF-8 bytes. */
  public static final int MAX_INFO_BYTES = 4096;

  /** Header bytes before the info. */
  static final int FIXED_HEADER = 24;

  /** Bytes in a record besides θ: step, weight, CRC. */
  static final int RECORD_OVERHEAD = 20;

  /** Largest D such that a record fits an int and a Java array. */
  public static final int MAX_DIMENSION = (Integer.MAX_VALUE - 8 - RECORD_OVERHEAD) / 4;

  /** Target size of the writer's and reader's buffers (rounded to whole records, at least one). */
  static final int BUFFER_BYTES = 1 << 18;

  private SampleFile() {}

  /**
   * Creates a new sample file for D-dimensional samples. Fails if {@code path} exists.
   *
   * @param info free text stored in the header, at most {@value #MAX_INFO_BYTES} UTF-8 bytes
   */
  public static Writer create(Path path, int dimension, String info) throws IOException {
    checkDimension(dimension);
    byte[] header = encodeHeader(dimension, info == null ? "" : info);
    if (Files.exists(path)) {
      throw new FileAlreadyExistsException(
          path.toString(),
          null,
          "sample file already exists; use SampleFile.append to continue it");
    }
    Path dir = path.toAbsolutePath().getParent();
    String tmpName = path.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp";
    Path tmp = dir.resolve(tmpName);
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(ch, ByteBuffer.wrap(header));
        ch.force(true);
      }
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ch.position(header.length);
    return new Writer(path, ch, dimension, info == null ? "" : info, header.length, 0, 0);
  }

  /**
   * Opens an existing sample file to append to it: validates the header (its D must equal {@code
   * dimension}), checks the last record, removes a torn tail, and positions after the last complete
   * record.
   *
   * @throws IllegalArgumentException if the file's D differs from {@code dimension}
   * @throws CorruptRecordException if the last complete record fails its CRC and bytes follow it
   * @throws IOException on a bad header or an I/O error
   */
  public static Writer append(Path path, int dimension) throws IOException {
    checkDimension(dimension);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Header h = readHeader(ch, path);
      if (h.dimension != dimension) {
        throw new IllegalArgumentException(
            "sample file "
                + path
                + " holds samples of D = "
                + h.dimension
                + ", but D = "
                + dimension
                + " was requested for appending");
      }
      long size = ch.size();
      long body = size - h.bytes;
      long full = body / h.recordBytes;
      long tail = body % h.recordBytes;
      long end = h.bytes + full * h.recordBytes;
      if (full > 0) {
        long lastOffset = end - h.recordBytes;
        boolean lastValid = recordValid(ch, lastOffset, h.recordBytes, path);
        if (!lastValid && tail > 0) {
          throw new CorruptRecordException(path, full - 1, lastOffset, tail);
        }
        if (!lastValid) {
          end = lastOffset;
        }
      }
      long cut = size - end;
      if (cut > 0) {
        ch.truncate(end);
        ch.force(true);
      }
      ch.position(end);
      long records = (end - h.bytes) / h.recordBytes;
      return new Writer(path, ch, dimension, h.info, h.bytes, records, cut);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** {@link #append} if {@code path} exists, else {@link #create}. */
  public static Writer appendOrCreate(Path path, int dimension, String info) throws IOException {
    return Files.exists(path) ? append(path, dimension) : create(path, dimension, info);
  }

  /** Opens a sample file for reading (validates the header). */
  public static Reader open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new Reader(path, ch, readHeader(ch, path));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Everything a file holds, read at once.
   *
   * @param dimension D
   * @param info the creation info
   * @param steps the step of each complete record
   * @param weights the weight of each complete record
   * @param theta the samples, row-major records × D
   * @param stopOffset byte offset where reading stopped (= file size unless a tail was torn)
   * @param tailBytes bytes after {@code stopOffset} that were ignored as a torn last record
   */
  public record Contents(
      int dimension,
      String info,
      long[] steps,
      double[] weights,
      float[] theta,
      long stopOffset,
      long tailBytes) {

    /** Number of complete records read. */
    public int records() {
      return steps.length;
    }
  }

  /**
   * Reads every complete record of {@code path} into memory (stops before a torn last record; see
   * the class comment).
   *
   * @throws CorruptRecordException on a CRC failure that is not at the end
   * @throws IllegalArgumentException if records × D does not fit a Java array (use {@link #open})
   */
  public static Contents readAll(Path path) throws IOException {
    try (Reader r = open(path)) {
      long maxRecords = (r.fileSize() - r.headerBytes()) / r.recordBytes();
      int d = r.dimension();
      if (maxRecords * d > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "sample file "
                + path
                + ": "
                + maxRecords
                + " records × D = "
                + d
                + " floats do not fit one array; read it with SampleFile.open");
      }
      long[] steps = new long[(int) maxRecords];
      double[] weights = new double[(int) maxRecords];
      float[] theta = new float[(int) (maxRecords * d)];
      int n = 0;
      while (r.next()) {
        steps[n] = r.step();
        weights[n] = r.weight();
        r.theta(theta, n * d);
        n++;
      }
      if (n < maxRecords) {
        steps = java.util.Arrays.copyOf(steps, n);
        weights = java.util.Arrays.copyOf(weights, n);
        theta = java.util.Arrays.copyOf(theta, n * d);
      }
      return new Contents(d, r.info(), steps, weights, theta, r.stopOffset(), r.tailBytes());
    }
  }

  /** A record that fails its CRC check with more data after it: corruption, not a torn tail. */
  public static final class CorruptRecordException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final long recordIndex;
    private final long byteOffset;

    CorruptRecordException(Path path, long recordIndex, long byteOffset, long bytesAfter) {
      super(
          "sample file "
              + path
              + ": record "
              + recordIndex
              + " at byte offset "
              + byteOffset
              + " fails its CRC32 check and "
              + bytesAfter
              + " more bytes follow it, so it is corruption in the middle, not a torn tail");
      this.path = path;
      this.recordIndex = recordIndex;
      this.byteOffset = byteOffset;
    }

    /** The file. */
    public Path path() {
      return path;
    }

    /** Index of the bad record (0 = first). */
    public long recordIndex() {
      return recordIndex;
    }

    /** Byte offset of the bad record's first byte. */
    public long byteOffset() {
      return byteOffset;
    }
  }

  /**
   * Streams records to the end of a sample file. Obtain one with {@link #create} or {@link
   * #append}.
   */
  public static final class Writer implements SampleSink {
    private final Path path;
    private final FileChannel channel;
    private final int dimension;
    private final String info;
    private final int recordBytes;
    private final long headerBytes;
    private final long truncatedBytes;
    private final ByteBuffer buffer;
    private final CRC32 crc = new CRC32();
    private long records;
    private boolean closed;

    Writer(
        Path path,
        FileChannel channel,
        int dimension,
        String info,
        long headerBytes,
        long records,
        long truncatedBytes) {
      this.path = path;
      this.channel = channel;
      this.dimension = dimension;
      this.info = info;
      this.recordBytes = RECORD_OVERHEAD + 4 * dimension;
      this.headerBytes = headerBytes;
      this.records = records;
      this.truncatedBytes = truncatedBytes;
      int perBuffer = Math.max(1, BUFFER_BYTES / recordBytes);
      this.buffer =
          ByteBuffer.allocate(Math.multiplyExact(perBuffer, recordBytes))
              .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Appends one record (buffered). θ and the weight must be finite.
     *
     * @throws UncheckedIOException if writing a full buffer fails
     */
    @Override
    public void accept(long step, double weight, float[] theta) {
      if (closed) {
        throw new IllegalStateException("sample file " + path + " is closed (step " + step + ")");
      }
      if (theta.length != dimension) {
        throw new IllegalArgumentException(
            "sample file "
                + path
                + ": theta has length "
                + theta.length
                + ", expected D = "
                + dimension
                + " (step "
                + step
                + ")");
      }
      if (!Double.isFinite(weight)) {
        throw new IllegalArgumentException(
            "sample file " + path + ": weight " + weight + " at step " + step + " is not finite");
      }
      for (int i = 0; i < dimension; i++) {
        if (!Float.isFinite(theta[i])) {
          throw new IllegalArgumentException(
              "sample file " + path + ": theta[" + i + "] = " + theta[i] + " at step " + step);
        }
      }
      if (buffer.remaining() < recordBytes) {
        drain();
      }
      int start = buffer.position();
      buffer.putLong(step);
      buffer.putDouble(weight);
      buffer
          .slice(start + 16, 4 * dimension)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .put(theta);
      int crcAt = start + 16 + 4 * dimension;
      crc.reset();
      crc.update(buffer.slice(start, crcAt - start));
      buffer.position(crcAt);
      buffer.putInt((int) crc.getValue());
      records++;
    }

    private void drain() {
      try {
        flush();
      } catch (IOException e) {
        throw new UncheckedIOException("sample file " + path + ": write failed", e);
      }
    }

    /** Hands every buffered (whole) record to the operating system. */
    public void flush() throws IOException {
      buffer.flip();
      try {
        writeFully(channel, buffer);
      } finally {
        buffer.clear();
      }
    }

    /** {@link #flush()}, then forces content and size to the storage device. */
    public void sync() throws IOException {
      flush();
      channel.force(true);
    }

    /** Flushes, syncs and closes the file; further {@link #accept} calls fail. Idempotent. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      try {
        sync();
      } catch (IOException e) {
        failure = e;
      }
      try {
        channel.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
      if (failure != null) {
        throw new UncheckedIOException("sample file " + path + ": closing failed", failure);
      }
    }

    /** The file. */
    public Path path() {
      return path;
    }

    /** D. */
    public int dimension() {
      return dimension;
    }

    /** The header's creation info. */
    public String info() {
      return info;
    }

    /** Bytes per record, 20 + 4·D. */
    public int recordBytes() {
      return recordBytes;
    }

    /** Bytes of the header, where record 0 starts. */
    public long headerBytes() {
      return headerBytes;
    }

    /** Complete records in the file once flushed: those found when opened plus those accepted. */
    public long records() {
      return records;
    }

    /**
     * Bytes of torn tail {@link #append} cut off when opening (0 for a clean file or a new one).
     */
    public long truncatedBytes() {
      return truncatedBytes;
    }
  }

  /**
   * Reads records one at a time: {@code while (r.next()) { r.step(); r.weight(); r.theta(dst, 0);
   * }}. Obtain one with {@link #open}.
   */
  public static final class Reader implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final Header header;
    private final long fileSize;
    private final ByteBuffer buffer;
    private final CRC32 crc = new CRC32();
    private long offset; // file offset of the next record
    private long bufferFileOffset; // file offset of buffer[0]
    private long index; // records returned so far
    private int current = -1; // buffer position of the current record
    private boolean done;
    private long tailBytes;

    Reader(Path path, FileChannel channel, Header header) throws IOException {
      this.path = path;
      this.channel = channel;
      this.header = header;
      this.fileSize = channel.size();
      this.offset = header.bytes;
      int perBuffer = Math.max(1, BUFFER_BYTES / header.recordBytes);
      this.buffer =
          ByteBuffer.allocate(Math.multiplyExact(perBuffer, header.recordBytes))
              .order(ByteOrder.LITTLE_ENDIAN);
      this.buffer.limit(0);
      this.bufferFileOffset = offset;
    }

    /**
     * Moves to the next complete, CRC-valid record.
     *
     * @return false at the end of the file or before a torn last record (see {@link #tailBytes()})
     * @throws CorruptRecordException if a record fails its CRC and more bytes follow it
     */
    public boolean next() throws IOException {
      current = -1;
      if (done) {
        return false;
      }
      int r = header.recordBytes;
      long remaining = fileSize - offset;
      if (remaining < r) {
        done = true;
        tailBytes = remaining;
        return false;
      }
      int at = (int) (offset - bufferFileOffset);
      if (at + r > buffer.limit()) {
        refill();
        at = 0;
      }
      crc.reset();
      crc.update(buffer.slice(at, r - 4));
      int stored = buffer.getInt(at + r - 4);
      if (stored != (int) crc.getValue()) {
        if (remaining == r) {
          done = true;
          tailBytes = remaining;
          return false;
        }
        throw new CorruptRecordException(path, index, offset, remaining - r);
      }
      current = at;
      offset += r;
      index++;
      return true;
    }

    private void refill() throws IOException {
      long want = Math.min(buffer.capacity(), fileSize - offset);
      want -= want % header.recordBytes;
      buffer.clear();
      buffer.limit((int) want);
      long pos = offset;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, pos);
        if (n < 0) {
          throw new IOException(
              "sample file "
                  + path
                  + " shrank while being read (EOF at byte "
                  + pos
                  + ", expected "
                  + fileSize
                  + " bytes)");
        }
        pos += n;
      }
      buffer.flip();
      bufferFileOffset = offset;
    }

    private int currentRecord() {
      if (current < 0) {
        throw new IllegalStateException(
            "sample file " + path + ": no current record (call next() and check it returned true)");
      }
      return current;
    }

    /** Step of the current record. */
    public long step() {
      return buffer.getLong(currentRecord());
    }

    /** Weight of the current record. */
    public double weight() {
      return buffer.getDouble(currentRecord() + 8);
    }

    /** Copies θ of the current record into {@code dst[off .. off + D)}. */
    public void theta(float[] dst, int off) {
      buffer
          .slice(currentRecord() + 16, 4 * header.dimension)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(dst, off, header.dimension);
    }

    /** θ of the current record, a fresh array. */
    public float[] theta() {
      float[] out = new float[header.dimension];
      theta(out, 0);
      return out;
    }

    /** D. */
    public int dimension() {
      return header.dimension;
    }

    /** Format version of the file. */
    public int version() {
      return header.version;
    }

    /** The header's creation info. */
    public String info() {
      return header.info;
    }

    /** Bytes of the header, where record 0 starts. */
    public long headerBytes() {
      return header.bytes;
    }

    /** Bytes per record, 20 + 4·D. */
    public int recordBytes() {
      return header.recordBytes;
    }

    /** File size when opened. */
    public long fileSize() {
      return fileSize;
    }

    /** Complete, valid records returned by {@link #next()} so far. */
    public long recordsRead() {
      return index;
    }

    /** Byte offset just after the last record read (= where reading stopped once at the end). */
    public long stopOffset() {
      return offset;
    }

    /**
     * Once {@link #next()} has returned false: bytes after {@link #stopOffset()} that were skipped
     * as a torn last record (a short record, or a whole one failing its CRC); 0 on a clean end.
     */
    public long tailBytes() {
      return tailBytes;
    }

    /** True once {@link #next()} has returned false and the file ended in a torn record. */
    public boolean tornTail() {
      return done && tailBytes > 0;
    }

    /** The file. */
    public Path path() {
      return path;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  record Header(int version, int dimension, int recordBytes, String info, int bytes) {}

  private static void checkDimension(int dimension) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "sample file: dimension D must be in [1, " + MAX_DIMENSION + "], got " + dimension);
    }
  }

  static byte[] encodeHeader(int dimension, String info) {
    byte[] text = info.getBytes(StandardCharsets.UTF_8);
    if (text.length > MAX_INFO_BYTES) {
      throw new IllegalArgumentException(
          "sample file: creation info is "
              + text.length
              + " UTF-8 bytes, at most "
              + MAX_INFO_BYTES
              + " allowed");
    }
    ByteBuffer b =
        ByteBuffer.allocate(FIXED_HEADER + text.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC);
    b.putShort((short) VERSION);
    b.put((byte) DTYPE_FLOAT32_LE);
    b.put((byte) 0);
    b.putInt(dimension);
    b.putInt(RECORD_OVERHEAD + 4 * dimension);
    b.putInt(text.length);
    b.put(text);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  static Header readHeader(FileChannel ch, Path path) throws IOException {
    long size = ch.size();
    if (size < FIXED_HEADER + 4) {
      throw new IOException(
          "sample file "
              + path
              + ": "
              + size
              + " bytes, shorter than the smallest header ("
              + (FIXED_HEADER + 4)
              + " bytes)");
    }
    ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, fixed, 0, path);
    for (int i = 0; i < MAGIC.length; i++) {
      if (fixed.get(i) != MAGIC[i]) {
        throw new IOException(
            "sample file "
                + path
                + ": bad magic at byte "
                + i
                + " (expected ASCII \"LGVSAMPL\"),"
                + " not a langevin sample file");
      }
    }
    int version = Short.toUnsignedInt(fixed.getShort(8));
    if (version != VERSION) {
      throw new IOException(
          "sample file "
              + path
              + ": format version "
              + version
              + ", this reader knows version "
              + VERSION);
    }
    int dtype = Byte.toUnsignedInt(fixed.get(10));
    if (dtype != DTYPE_FLOAT32_LE) {
      throw new IOException(
          "sample file "
              + path
              + ": dtype code "
              + dtype
              + " at byte 10, expected "
              + DTYPE_FLOAT32_LE
              + " (float32 little-endian)");
    }
    int dimension = fixed.getInt(12);
    int recordBytes = fixed.getInt(16);
    int infoBytes = fixed.getInt(20);
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IOException(
          "sample file "
              + path
              + ": D = "
              + dimension
              + " at byte 12 is outside [1, "
              + MAX_DIMENSION
              + "]");
    }
    if (recordBytes != RECORD_OVERHEAD + 4 * dimension) {
      throw new IOException(
          "sample file "
              + path
              + ": record size "
              + recordBytes
              + " at byte 16, expected 20 + 4*"
              + dimension
              + " = "
              + (RECORD_OVERHEAD + 4 * dimension));
    }
    if (infoBytes < 0 || infoBytes > MAX_INFO_BYTES) {
      throw new IOException(
          "sample file "
              + path
              + ": info length "
              + infoBytes
              + " at byte 20 is outside [0, "
              + MAX_INFO_BYTES
              + "]");
    }
    int headerBytes = FIXED_HEADER + infoBytes + 4;
    if (size < headerBytes) {
      throw new IOException(
          "sample file "
              + path
              + ": "
              + size
              + " bytes, shorter than its "
              + headerBytes
              + "-byte header");
    }
    ByteBuffer all = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, all, 0, path);
    CRC32 crc = new CRC32();
    crc.update(all.array(), 0, headerBytes - 4);
    int stored = all.getInt(headerBytes - 4);
    if (stored != (int) crc.getValue()) {
      throw new IOException(
          String.format(
              "sample file %s: header CRC32 mismatch (stored 0x%08x at byte %d, computed 0x%08x)",
              path, stored, headerBytes - 4, (int) crc.getValue()));
    }
    String info = new String(all.array(), FIXED_HEADER, infoBytes, StandardCharsets.UTF_8);
    return new Header(version, dimension, recordBytes, info, headerBytes);
  }

  private static boolean recordValid(FileChannel ch, long offset, int recordBytes, Path path)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, b, offset, path);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, recordBytes - 4);
    return b.getInt(recordBytes - 4) == (int) crc.getValue();
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path path)
      throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new IOException("sample file " + path + ": unexpected end of file at byte " + p);
      }
      p += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
