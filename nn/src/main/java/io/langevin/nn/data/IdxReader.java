package io.langevin.nn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-format IDX files (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"), raw or
 * gzip-compressed; gzip is detected by its magic bytes 1f 8b, not by the file name.
 *
 * <p>Layout: bytes 0-1 are 0x00 0x00, byte 2 the element type (only 0x08 = unsigned byte is
 * supported), byte 3 the number of dimensions d, then d big-endian int32 dimensions, then the
 * elements, row-major, and nothing after them. Images files have d = 3 (count, rows, cols), labels
 * files d = 1 (count). Every dimension must be positive, their product must fit in an int, and the
 * data must end exactly after product bytes (no trailing bytes). For a gzipped file the whole
 * gzip stream is read to its end, so its CRC and length trailer are checked too.
 *
 * <p>Every format problem, including a truncated or corrupt gzip stream ({@code EOFException},
 * {@code ZipException}), raises {@link IdxFormatException} naming the file, the byte offset and
 * expected versus found; a missing or unreadable file raises the plain {@code IOException} of the
 * file system. Tested by IdxReaderTest and IdxFuzzTest.
 */
public final class IdxReader {
  /** The only element type supported: unsigned byte. */
  public static final int TYPE_UBYTE = 0x08;

  /** Largest array the JVM reliably allocates. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /** First allocation for the data of a gzipped file; doubled as data arrives. */
  private static final int GZIP_CHUNK = 1 << 20;

  private IdxReader() {}

  /**
   * An images file: {@code count} images of {@code rows × cols} unsigned bytes, row-major, image
   * after image ({@code pixels.length == count * rows * cols}).
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    public Images {
      if (count <= 0 || rows <= 0 || cols <= 0) {
        throw new IllegalArgumentException(
            "count, rows, cols must be positive, got " + count + ", " + rows + ", " + cols);
      }
      if ((long) count * rows * cols != pixels.length) {
        throw new IllegalArgumentException(
            "pixels.length " + pixels.length + " != " + count + " * " + rows + " * " + cols);
      }
    }

    /** Pixel (r, c) of image i as an int in 0..255. */
    public int pixel(int i, int r, int c) {
      return pixels[(i * rows + r) * cols + c] & 0xFF;
    }
  }

  /** Reads a 3-dimensional unsigned-byte IDX file (count × rows × cols). */
  public static Images readImages(Path file) throws IOException {
    Parsed p = read(file, 3, "an images file (count, rows, cols)");
    return new Images(p.dims[0], p.dims[1], p.dims[2], p.data);
  }

  /** Reads a 1-dimensional unsigned-byte IDX file; each byte is one label in 0..255. */
  public static byte[] readLabels(Path file) throws IOException {
    return read(file, 1, "a labels file (count)").data;
  }

  /** Whether the file starts with the gzip magic 1f 8b. */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private record Parsed(int[] dims, byte[] data) {}

  private static Parsed read(Path file, int expectedDims, String kind) throws IOException {
    boolean gzip = isGzip(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return parse(new Source(file, raw, gzip), expectedDims, kind);
    }
  }

  private static Parsed parse(Source src, int expectedDims, String kind) throws IOException {
    byte[] magic = new byte[4];
    src.readFully(magic, 0, 4, "the 4-byte magic number 0x00 0x00 0x08 0x0" + expectedDims);
    if (magic[0] != 0 || magic[1] != 0) {
      throw src.error(
          0,
          String.format(
              "expected magic bytes 0x00 0x00, found 0x%02X 0x%02X (not an IDX file)",
              magic[0] & 0xFF, magic[1] & 0xFF));
    }
    int type = magic[2] & 0xFF;
    if (type != TYPE_UBYTE) {
      throw src.error(
          2,
          String.format(
              "expected element type 0x08 (unsigned byte), found 0x%02X (%s); only unsigned byte"
                  + " IDX files are supported",
              type, typeName(type)));
    }
    int nd = magic[3] & 0xFF;
    if (nd != expectedDims) {
      throw src.error(
          3, "expected " + expectedDims + " dimension(s) for " + kind + ", found " + nd);
    }
    int[] dims = new int[nd];
    byte[] four = new byte[4];
    long product = 1;
    for (int i = 0; i < nd; i++) {
      long at = src.position();
      src.readFully(four, 0, 4, "dimension " + i + " (big-endian int32)");
      int d =
          ((four[0] & 0xFF) << 24)
              | ((four[1] & 0xFF) << 16)
              | ((four[2] & 0xFF) << 8)
              | (four[3] & 0xFF);
      if (d <= 0) {
        throw src.error(at, "expected dimension " + i + " to be positive, found " + d);
      }
      product *= d;
      if (product > MAX_ELEMENTS) {
        throw src.error(
            at,
            "expected the product of the dimensions to fit in an array (<= "
                + MAX_ELEMENTS
                + "), found "
                + dimsString(dims, i)
                + d
                + " (product > "
                + MAX_ELEMENTS
                + ")");
      }
      dims[i] = d;
    }
    long header = src.position();
    if (!src.gzip) {
      long size = Files.size(src.file);
      if (size != header + product) {
        throw src.error(
            Math.min(size, header + product),
            "expected "
                + product
                + " data bytes for dimensions "
                + dimsString(dims, nd)
                + " (file length "
                + (header + product)
                + "), found file length "
                + size
                + (size < header + product ? " (truncated)" : " (trailing bytes)"));
      }
    }
    // The size of a raw file was checked above; a gzip stream's length is only known by reading
    // it, so grow the array as data arrives rather than trusting a (possibly corrupt) header with a
    // huge allocation.
    String expected =
        product + " data bytes for dimensions " + dimsString(dims, nd) + " from offset " + header;
    int total = (int) product;
    byte[] data = new byte[src.gzip ? Math.min(total, GZIP_CHUNK) : total];
    int filled = 0;
    while (true) {
      src.readFully(data, filled, data.length - filled, expected, filled, total);
      filled = data.length;
      if (filled == total) {
        break;
      }
      data = Arrays.copyOf(data, (int) Math.min(total, 2L * filled));
    }
    src.expectEnd(header + product);
    return new Parsed(dims, data);
  }

  private static String dimsString(int[] dims, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(dims[i]);
      if (i + 1 < n) {
        sb.append(" x ");
      }
    }
    if (n < dims.length && n > 0) {
      sb.append(" x ");
    }
    return sb.toString();
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "unknown type";
    };
  }

  /**
   * The byte stream of the file (decompressed for gzip) with a position counter; translates the
   * decompressor's exceptions into IdxFormatException.
   */
  private static final class Source {
    final Path file;
    final boolean gzip;
    private final InputStream raw;
    private InputStream in;
    private long pos;

    Source(Path file, InputStream raw, boolean gzip) {
      this.file = file;
      this.raw = raw;
      this.gzip = gzip;
    }

    long position() {
      return pos;
    }

    IdxFormatException error(long offset, String detail) {
      return new IdxFormatException(file, offset, detail, null);
    }

    private InputStream stream() throws IOException {
      if (in == null) {
        if (gzip) {
          try {
            in = new GZIPInputStream(raw, 1 << 16);
          } catch (IOException | RuntimeException e) {
            throw new IdxFormatException(
                file, 0, "expected a valid gzip header, found a corrupt or truncated one: " + e, e);
          }
        } else {
          in = raw;
        }
      }
      return in;
    }

    void readFully(byte[] b, int off, int len, String expected) throws IOException {
      readFully(b, off, len, expected, 0, len);
    }

    /** Reads len bytes into b[off..]; doneBefore of total expected bytes were read earlier. */
    void readFully(byte[] b, int off, int len, String expected, int doneBefore, int total)
        throws IOException {
      InputStream s = stream();
      int done = 0;
      while (done < len) {
        int n;
        try {
          n = s.read(b, off + done, len - done);
        } catch (IOException | RuntimeException e) {
          if (!gzip) {
            throw e;
          }
          throw corrupt(pos, "expected " + expected, e);
        }
        if (n < 0) {
          throw error(
              pos,
              "truncated: expected "
                  + expected
                  + ", found end of "
                  + (gzip ? "decompressed data" : "file")
                  + " after "
                  + (doneBefore + done)
                  + " of "
                  + total
                  + " bytes");
        }
        done += n;
        pos += n;
      }
    }

    void expectEnd(long length) throws IOException {
      int next;
      try {
        next = stream().read();
      } catch (IOException | RuntimeException e) {
        if (!gzip) {
          throw e;
        }
        throw corrupt(pos, "expected the end of the gzip stream (valid CRC and length)", e);
      }
      if (next >= 0) {
        throw error(
            pos,
            "expected end of " + (gzip ? "decompressed data" : "file") + " after " + length
                + " bytes, found trailing bytes");
      }
    }

    private IdxFormatException corrupt(long offset, String expected, Throwable e) {
      String what =
          "corrupt or truncated gzip stream (offset is in the decompressed data): "
              + expected
              + ", found ";
      String cause =
          e instanceof EOFException
              ? "unexpected end of compressed data (" + e.getMessage() + ")"
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      return new IdxFormatException(file, offset, what + cause, e);
    }
  }
}
