package io.langevin.nn.data;

import static io.langevin.nn.data.IdxTestFiles.gzip;
import static io.langevin.nn.data.IdxTestFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid and invalid IDX files, raw and gzipped; Dataset.load of a pair. */
class IdxReaderTest {
  @TempDir Path dir;

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  private IdxFormatException bad(String name, byte[] content, boolean images) throws IOException {
    Path p = write(name, content);
    IdxFormatException e =
        assertThrows(
            IdxFormatException.class,
            () -> {
              if (images) {
                IdxReader.readImages(p);
              } else {
                IdxReader.readLabels(p);
              }
            });
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset " + e.offset()), e.getMessage());
    assertEquals(p, e.file());
    return e;
  }

  @Test
  void readsRawAndGzipIdentically() throws IOException {
    byte[] px = randomBytes(7 * 5 * 3, 1);
    byte[] raw = idx(px, 7, 5, 3);
    for (Path p : new Path[] {write("a", raw), write("b.gz", gzip(raw))}) {
      IdxReader.Images im = IdxReader.readImages(p);
      assertEquals(7, im.count());
      assertEquals(5, im.rows());
      assertEquals(3, im.cols());
      assertArrayEquals(px, im.pixels());
      assertEquals(px[(6 * 5 + 4) * 3 + 2] & 0xFF, im.pixel(6, 4, 2));
    }
    byte[] lb = randomBytes(11, 2);
    assertArrayEquals(lb, IdxReader.readLabels(write("l", idx(lb, 11))));
    assertArrayEquals(lb, IdxReader.readLabels(write("l.gz", gzip(idx(lb, 11)))));
  }

  @Test
  void detectsGzipByContentNotName() throws IOException {
    byte[] px = randomBytes(2 * 4 * 4, 3);
    byte[] raw = idx(px, 2, 4, 4);
    Path gzNamedRaw = write("images-idx3-ubyte", gzip(raw));
    Path rawNamedGz = write("images-idx3-ubyte.gz", raw);
    assertTrue(IdxReader.isGzip(gzNamedRaw));
    assertTrue(!IdxReader.isGzip(rawNamedGz));
    assertArrayEquals(px, IdxReader.readImages(gzNamedRaw).pixels());
    assertArrayEquals(px, IdxReader.readImages(rawNamedGz).pixels());
  }

  @Test
  void rejectsBadMagic() throws IOException {
    byte[] f = idx(new byte[4], 1, 2, 2);
    f[1] = 0x08;
    IdxFormatException e = bad("m", f, true);
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("expected magic bytes 0x00 0x00, found 0x00 0x08"), e.getMessage());
  }

  @Test
  void rejectsUnsupportedType() throws IOException {
    byte[] f = idx(new byte[16], 1, 2, 2);
    f[2] = 0x0D;
    IdxFormatException e = bad("t", f, true);
    assertEquals(2, e.offset());
    assertTrue(e.getMessage().contains("expected element type 0x08 (unsigned byte), found 0x0D (float)"), e.getMessage());
  }

  @Test
  void rejectsWrongDimensionCount() throws IOException {
    IdxFormatException e = bad("labels-as-images", idx(new byte[3], 3), true);
    assertEquals(3, e.offset());
    assertTrue(e.getMessage().contains("expected 3 dimension(s) for an images file"), e.getMessage());
    assertTrue(e.getMessage().contains("found 1"), e.getMessage());
    e = bad("images-as-labels", gzip(idx(new byte[4], 1, 2, 2)), false);
    assertTrue(e.getMessage().contains("expected 1 dimension(s) for a labels file (count), found 3"), e.getMessage());
  }

  @Test
  void rejectsNonPositiveDimensions() throws IOException {
    IdxFormatException e = bad("zero", idx(new byte[0], 2, 0, 3), true);
    assertEquals(8, e.offset());
    assertTrue(e.getMessage().contains("dimension 1 to be positive, found 0"), e.getMessage());
    e = bad("neg", idx(new byte[0], -5), false);
    assertEquals(4, e.offset());
    assertTrue(e.getMessage().contains("found -5"), e.getMessage());
  }

  @Test
  void rejectsOverflowingProduct() throws IOException {
    IdxFormatException e = bad("huge", idx(new byte[0], 60000, 60000, 28), true);
    assertEquals(8, e.offset());
    assertTrue(e.getMessage().contains("60000 x 60000"), e.getMessage());
    e = bad("huge.gz", gzip(idx(new byte[0], 1 << 20, 1 << 11, 1)), true);
    assertTrue(e.getMessage().contains("fit in an array"), e.getMessage());
  }

  @Test
  void rejectsTruncatedAndTrailingData() throws IOException {
    byte[] full = idx(randomBytes(24, 4), 2, 3, 4);
    IdxFormatException e = bad("short", Arrays.copyOf(full, full.length - 1), true);
    assertTrue(e.getMessage().contains("expected 24 data bytes for dimensions 2 x 3 x 4"), e.getMessage());
    assertTrue(e.getMessage().contains("found file length 39 (truncated)"), e.getMessage());
    e = bad("long", Arrays.copyOf(full, full.length + 2), true);
    assertTrue(e.getMessage().contains("found file length 42 (trailing bytes)"), e.getMessage());
    e = bad("long.gz", gzip(Arrays.copyOf(full, full.length + 1)), true);
    assertEquals(40, e.offset());
    assertTrue(e.getMessage().contains("found trailing bytes"), e.getMessage());
    e = bad("short.gz", gzip(Arrays.copyOf(full, 30)), true);
    assertEquals(30, e.offset());
    assertTrue(e.getMessage().contains("truncated: expected 24 data bytes"), e.getMessage());
    // a gzipped header claiming 2e9 labels over 10 bytes of data: an error, not a 2 GB allocation
    e = bad("lying.gz", gzip(idx(new byte[10], 2_000_000_000)), false);
    assertEquals(18, e.offset());
    assertTrue(e.getMessage().contains("after 10 of 2000000000 bytes"), e.getMessage());
    e = bad("empty", new byte[0], false);
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("found end of file after 0 of 4 bytes"), e.getMessage());
  }

  @Test
  void rejectsCorruptGzipWithOffset() throws IOException {
    byte[] gz = gzip(idx(randomBytes(300, 5), 3, 10, 10));
    byte[] cut = Arrays.copyOf(gz, gz.length - 4); // trailer ISIZE missing
    IdxFormatException e = bad("cut.gz", cut, true);
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    byte[] crc = gz.clone();
    crc[gz.length - 6] ^= 0x40; // CRC32 in the trailer
    e = bad("crc.gz", crc, true);
    assertEquals(316, e.offset());
    assertTrue(e.getMessage().contains("expected the end of the gzip stream"), e.getMessage());
  }

  @Test
  void missingFileIsPlainIoError() {
    assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(dir.resolve("nope")));
  }

  @Test
  void datasetLoadScalesPixelsAndChecksCounts() throws IOException {
    byte[] px = randomBytes(4 * 2 * 3, 6);
    px[0] = (byte) 255;
    px[1] = 0;
    Path images = write("i.gz", gzip(idx(px, 4, 2, 3)));
    Path labels = write("l", idx(new byte[] {3, 0, 7, 1}, 4));
    Dataset d = Dataset.load(images, labels, "tiny");
    assertEquals(4, d.count());
    assertEquals(6, d.features());
    assertEquals(8, d.classes());
    assertEquals("tiny", d.name());
    assertEquals(1f, d.images()[0]);
    assertEquals(0f, d.images()[1]);
    for (int i = 0; i < px.length; i++) {
      assertEquals((px[i] & 0xFF) / 255f, d.images()[i]);
    }
    assertArrayEquals(new int[] {3, 0, 7, 1}, d.labels());
    assertArrayEquals(new int[] {1, 1, 0, 1, 0, 0, 0, 1}, d.classCounts());

    Path five = write("l5", idx(new byte[] {1, 2, 3, 4, 5}, 5));
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> Dataset.load(images, five, "x"));
    assertTrue(e.getMessage().contains("holds 4 images"), e.getMessage());
    assertTrue(e.getMessage().contains("holds 5 labels"), e.getMessage());
    assertTrue(e.getMessage().contains(five.toString()), e.getMessage());

    Path big = write("lbig", idx(new byte[] {(byte) 255, 0, 1, 2}, 4));
    assertEquals(255, Dataset.load(images, big, "x").labels()[0]);
    assertEquals(256, Dataset.load(images, big, "x").classes());
  }

  @Test
  void datasetRejectsInconsistentArrays() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset(new float[11], new int[2], 2, 3, 10, "x"));
    assertTrue(e.getMessage().contains("11"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset(new float[12], new int[] {0, 10}, 2, 3, 10, "x"));
    assertTrue(e.getMessage().contains("label 10 of example 1"), e.getMessage());
  }
}
