package io.langevin.samplers.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SampleFile: format layout, round trip, torn tails, mid-file corruption, append, errors. */
class SampleFileTest {

  private static final int D = 5;
  private static final String INFO = "SGLD h=1e-3 seed=42 — θ ∈ R^5";

  @TempDir Path dir;

  /** Deterministic contents of record i. */
  private static float[] theta(int i, int d) {
    SplittableRandom rnd = new SplittableRandom(1000 + i);
    float[] t = new float[d];
    for (int k = 0; k < d; k++) {
      t[k] = (float) rnd.nextGaussian();
    }
    return t;
  }

  private static long step(int i) {
    return 100 + 3L * i;
  }

  private static double weight(int i) {
    return 1e-3 / (1 + i);
  }

  private static Path write(Path p, int from, int to) throws IOException {
    try (SampleFile.Writer w =
        Files.exists(p) ? SampleFile.append(p, D) : SampleFile.create(p, D, INFO)) {
      float[] reused = new float[D];
      for (int i = from; i < to; i++) {
        System.arraycopy(theta(i, D), 0, reused, 0, D);
        w.accept(step(i), weight(i), reused);
      }
    }
    return p;
  }

  private static void assertRecords(SampleFile.Contents c, int count) {
    assertEquals(count, c.records());
    for (int i = 0; i < count; i++) {
      assertEquals(step(i), c.steps()[i], "step of record " + i);
      assertEquals(weight(i), c.weights()[i], "weight of record " + i);
      assertArrayEquals(
          theta(i, c.dimension()),
          Arrays.copyOfRange(c.theta(), i * c.dimension(), (i + 1) * c.dimension()),
          "theta of record " + i);
    }
  }

  private static int headerBytes() {
    return 28 + INFO.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static final int R = 20 + 4 * D;

  @Test
  void roundTripAndLayout() throws IOException {
    Path p = write(dir.resolve("a.lgvs"), 0, 7);
    int h = headerBytes();
    byte[] bytes = Files.readAllBytes(p);
    assertEquals(h + 7L * R, bytes.length);
    // Header fields at the documented offsets.
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("LGVSAMPL", new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, b.getShort(8));
    assertEquals(1, b.get(10));
    assertEquals(D, b.getInt(12));
    assertEquals(R, b.getInt(16));
    assertEquals(h - 28, b.getInt(20));
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, h - 4);
    assertEquals((int) crc.getValue(), b.getInt(h - 4));
    // Record 2 at its documented offset.
    int at = h + 2 * R;
    assertEquals(step(2), b.getLong(at));
    assertEquals(weight(2), b.getDouble(at + 8));
    assertEquals(theta(2, D)[4], b.getFloat(at + 16 + 16));
    crc.reset();
    crc.update(bytes, at, R - 4);
    assertEquals((int) crc.getValue(), b.getInt(at + R - 4));

    SampleFile.Contents c = SampleFile.readAll(p);
    assertEquals(D, c.dimension());
    assertEquals(INFO, c.info());
    assertEquals(bytes.length, c.stopOffset());
    assertEquals(0, c.tailBytes());
    assertRecords(c, 7);

    try (SampleFile.Reader r = SampleFile.open(p)) {
      assertEquals(1, r.version());
      assertEquals(h, r.headerBytes());
      int n = 0;
      while (r.next()) {
        assertEquals(step(n), r.step());
        assertArrayEquals(theta(n, D), r.theta());
        n++;
        assertEquals(n, r.recordsRead());
        assertEquals(h + (long) n * R, r.stopOffset());
      }
      assertEquals(7, n);
      assertFalse(r.tornTail());
      assertFalse(r.next());
      assertThrows(IllegalStateException.class, r::step);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void emptyFileHasOnlyAHeader() throws IOException {
    Path p = write(dir.resolve("empty.lgvs"), 0, 0);
    SampleFile.Contents c = SampleFile.readAll(p);
    assertEquals(0, c.records());
    assertEquals(headerBytes(), Files.size(p));
  }

  @Test
  void truncationAtEveryByteOfTheLastRecordKeepsTheCompleteOnes() throws IOException {
    Path p = write(dir.resolve("full.lgvs"), 0, 6);
    byte[] bytes = Files.readAllBytes(p);
    int lastStart = headerBytes() + 5 * R;
    for (int cut = lastStart; cut < bytes.length; cut++) {
      Path t = dir.resolve("cut" + cut);
      Files.write(t, Arrays.copyOf(bytes, cut));
      SampleFile.Contents c = SampleFile.readAll(t);
      assertRecords(c, 5);
      assertEquals(lastStart, c.stopOffset(), "cut at " + cut);
      assertEquals(cut - lastStart, c.tailBytes(), "cut at " + cut);
      try (SampleFile.Reader r = SampleFile.open(t)) {
        while (r.next()) {
          // drain
        }
        assertEquals(5, r.recordsRead());
        assertEquals(cut > lastStart, r.tornTail());
      }
      Files.delete(t);
    }
  }

  @Test
  void aWholeButCorruptLastRecordIsATornTail() throws IOException {
    Path p = write(dir.resolve("lastbad.lgvs"), 0, 4);
    byte[] bytes = Files.readAllBytes(p);
    int lastStart = headerBytes() + 3 * R;
    // e.g. the file size reached the disk but the page with the data did not: zeros
    Arrays.fill(bytes, lastStart + 9, bytes.length, (byte) 0);
    Files.write(p, bytes);
    SampleFile.Contents c = SampleFile.readAll(p);
    assertRecords(c, 3);
    assertEquals(lastStart, c.stopOffset());
    assertEquals(R, c.tailBytes());
  }

  @Test
  void aFlippedByteInAMiddleRecordNamesTheFileRecordAndOffset() throws IOException {
    Path p = write(dir.resolve("mid.lgvs"), 0, 8);
    byte[] clean = Files.readAllBytes(p);
    int bad = 3;
    long offset = headerBytes() + (long) bad * R;
    // A byte of the step, of the weight, of θ and of the CRC itself.
    for (int within : new int[] {0, 9, 16 + 4 * 2 + 1, R - 1}) {
      byte[] bytes = clean.clone();
      bytes[(int) offset + within] ^= 0x40;
      Files.write(p, bytes);
      SampleFile.CorruptRecordException e =
          assertThrows(SampleFile.CorruptRecordException.class, () -> SampleFile.readAll(p));
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("record " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("byte offset " + offset), e.getMessage());
      assertEquals(bad, e.recordIndex());
      assertEquals(offset, e.byteOffset());
      assertEquals(p, e.path());
      // The streaming reader delivers the records before the bad one, then throws.
      try (SampleFile.Reader r = SampleFile.open(p)) {
        for (int i = 0; i < bad; i++) {
          assertTrue(r.next());
          assertEquals(step(i), r.step());
        }
        assertThrows(SampleFile.CorruptRecordException.class, r::next);
      }
    }
    // The last whole record corrupt, then 3 bytes of a torn one: corruption, not a torn tail.
    byte[] bytes = clean.clone();
    bytes[headerBytes() + 6 * R + 20] ^= 1;
    Files.write(p, Arrays.copyOf(bytes, headerBytes() + 7 * R + 3));
    SampleFile.CorruptRecordException e =
        assertThrows(SampleFile.CorruptRecordException.class, () -> SampleFile.readAll(p));
    assertEquals(6, e.recordIndex());
    assertTrue(e.getMessage().contains("3 more bytes"), e.getMessage());
  }

  @Test
  void appendContinuesAfterReopen() throws IOException {
    Path p = write(dir.resolve("app.lgvs"), 0, 3);
    try (SampleFile.Writer w = SampleFile.append(p, D)) {
      assertEquals(3, w.records());
      assertEquals(0, w.truncatedBytes());
      assertEquals(INFO, w.info());
      for (int i = 3; i < 5; i++) {
        w.accept(step(i), weight(i), theta(i, D));
      }
      assertEquals(5, w.records());
    }
    write(p, 5, 6);
    assertRecords(SampleFile.readAll(p), 6);
    assertEquals(headerBytes() + 6L * R, Files.size(p));
  }

  @Test
  void appendCutsATornTailFirst() throws IOException {
    Path p = write(dir.resolve("torn.lgvs"), 0, 4);
    int keep = headerBytes() + 3 * R;
    for (int extra : new int[] {1, 7, R - 1}) {
      Files.write(p, Arrays.copyOf(Files.readAllBytes(p), keep + extra));
      try (SampleFile.Writer w = SampleFile.append(p, D)) {
        assertEquals(extra, w.truncatedBytes());
        assertEquals(3, w.records());
        w.accept(step(3), weight(3), theta(3, D));
        w.accept(step(4), weight(4), theta(4, D));
      }
      SampleFile.Contents c = SampleFile.readAll(p);
      assertRecords(c, 5);
      assertEquals(0, c.tailBytes());
      Files.write(p, Arrays.copyOf(Files.readAllBytes(p), keep + R)); // back to 4 records
    }
    // A whole last record with a bad CRC is cut as well.
    byte[] bytes = Files.readAllBytes(p);
    bytes[keep + 17] ^= 2;
    Files.write(p, bytes);
    try (SampleFile.Writer w = SampleFile.append(p, D)) {
      assertEquals(R, w.truncatedBytes());
      w.accept(step(3), weight(3), theta(3, D));
    }
    assertRecords(SampleFile.readAll(p), 4);
    // A bad last whole record followed by a partial one is corruption: append refuses.
    bytes = Files.readAllBytes(p);
    bytes[keep + 17] ^= 2;
    Files.write(p, Arrays.copyOf(bytes, bytes.length + 5));
    SampleFile.CorruptRecordException e =
        assertThrows(SampleFile.CorruptRecordException.class, () -> SampleFile.append(p, D));
    assertEquals(3, e.recordIndex());
    assertEquals(keep, e.byteOffset());
  }

  @Test
  void appendChecksTheDimension() throws IOException {
    Path p = write(dir.resolve("dim.lgvs"), 0, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SampleFile.append(p, D + 2));
    assertTrue(
        e.getMessage().contains("D = " + D) && e.getMessage().contains("D = " + (D + 2)),
        e.getMessage());
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertRecords(SampleFile.readAll(p), 2); // untouched
  }

  @Test
  void badHeadersAndArguments() throws IOException {
    Path p = write(dir.resolve("h.lgvs"), 0, 1);
    assertThrows(FileAlreadyExistsException.class, () -> SampleFile.create(p, D, ""));
    byte[] clean = Files.readAllBytes(p);

    Path q = dir.resolve("bad");
    byte[] magic = clean.clone();
    magic[3] = 'x';
    Files.write(q, magic);
    IOException e1 = assertThrows(IOException.class, () -> SampleFile.readAll(q));
    assertTrue(e1.getMessage().contains("magic"), e1.getMessage());

    byte[] info = clean.clone();
    info[30] ^= 1; // inside the creation info: the header CRC catches it
    Files.write(q, info);
    IOException e2 = assertThrows(IOException.class, () -> SampleFile.readAll(q));
    assertTrue(e2.getMessage().contains("header CRC32"), e2.getMessage());

    byte[] version = clean.clone();
    version[8] = 9;
    Files.write(q, version);
    IOException e3 = assertThrows(IOException.class, () -> SampleFile.open(q));
    assertTrue(e3.getMessage().contains("version 9"), e3.getMessage());

    Files.write(q, Arrays.copyOf(clean, 20));
    IOException e4 = assertThrows(IOException.class, () -> SampleFile.append(q, D));
    assertTrue(e4.getMessage().contains("20 bytes"), e4.getMessage());

    Files.write(q, Arrays.copyOf(clean, headerBytes() - 1));
    IOException e5 = assertThrows(IOException.class, () -> SampleFile.open(q));
    assertTrue(e5.getMessage().contains("header"), e5.getMessage());

    assertThrows(IllegalArgumentException.class, () -> SampleFile.create(dir.resolve("z"), 0, ""));
    IllegalArgumentException longInfo =
        assertThrows(
            IllegalArgumentException.class,
            () -> SampleFile.create(dir.resolve("z"), 3, "x".repeat(5000)));
    assertTrue(longInfo.getMessage().contains("5000"), longInfo.getMessage());
    assertFalse(Files.exists(dir.resolve("z")));

    SampleFile.Writer w = SampleFile.create(dir.resolve("w"), 3, null);
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class, () -> w.accept(9, 1, new float[] {0, Float.NaN, 0}));
    assertTrue(
        nan.getMessage().contains("theta[1]") && nan.getMessage().contains("step 9"),
        nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> w.accept(9, Double.NaN, new float[3]));
    IllegalArgumentException len =
        assertThrows(IllegalArgumentException.class, () -> w.accept(9, 1, new float[4]));
    assertTrue(len.getMessage().contains("D = 3"), len.getMessage());
    w.close();
    w.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> w.accept(10, 1, new float[3]));
    assertEquals(0, SampleFile.readAll(dir.resolve("w")).records());
  }

  @Test
  void recordsCrossBufferBoundaries() throws IOException {
    // Small records: many per buffer, and the count is not a multiple of the buffer's capacity.
    Path small = dir.resolve("small.lgvs");
    int d = 3;
    int count = SampleFile.BUFFER_BYTES / (20 + 4 * d) * 2 + 123;
    try (SampleFile.Writer w = SampleFile.create(small, d, "")) {
      float[] t = new float[d];
      for (int i = 0; i < count; i++) {
        t[0] = i;
        t[1] = -i;
        t[2] = i * 0.5f;
        w.accept(i, i, t);
        if (i == count / 3) {
          w.flush();
        }
      }
    }
    SampleFile.Contents c = SampleFile.readAll(small);
    assertEquals(count, c.records());
    for (int i = 0; i < count; i += 997) {
      assertEquals(i, c.steps()[i]);
      assertEquals(i, c.weights()[i]);
      assertEquals(-i, c.theta()[i * d + 1]);
    }
    // Large records: one record is bigger than the buffer target.
    Path large = dir.resolve("large.lgvs");
    int big = SampleFile.BUFFER_BYTES / 4 + 11;
    try (SampleFile.Writer w = SampleFile.create(large, big, "big")) {
      for (int i = 0; i < 3; i++) {
        w.accept(i, 0.5, theta(i, big));
      }
    }
    SampleFile.Contents l = SampleFile.readAll(large);
    assertEquals(3, l.records());
    assertArrayEquals(theta(2, big), Arrays.copyOfRange(l.theta(), 2 * big, 3 * big));
  }
}
