package io.langevin.nn.data;

import static io.langevin.nn.data.IdxTestFiles.gzip;
import static io.langevin.nn.data.IdxTestFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncations and byte flips of a small valid IDX pair (images 7×5×6, labels 7), raw and gzipped.
 *
 * <p>Accepted outcomes. Every case either loads or throws {@link IdxFormatException} whose message
 * names the file and "byte offset N"; any other exception fails the test. Beyond that:
 *
 * <ul>
 *   <li>truncation to any shorter length (raw or gz): must throw;
 *   <li>gzip file, flips anywhere (gzip header, deflate data, CRC/length trailer): must load
 *       identically or throw (a flip in the header's mtime/xfl/os bytes is harmless; anything that
 *       changes the decompressed bytes is caught by the CRC32, with probability 1 - 2^-32);
 *   <li>raw file, flips touching only the data bytes: must load with the same shape, equal to the
 *       original except at exactly the flipped positions (the IDX format has no checksum);
 *   <li>raw file, flips touching the 4 + 4·d header bytes: must throw, or (undetectable) load with
 *       the same data bytes and dimensions whose product is unchanged (e.g. 7×5×6 read as 7×6×5).
 * </ul>
 */
class IdxFuzzTest {
  @TempDir Path dir;

  private static final int COUNT = 7;
  private static final int ROWS = 5;
  private static final int COLS = 6;
  private static final int FLIPS = 1500;

  private interface Load {
    Object apply(Path p) throws IOException;
  }

  /** Loads, returning the result, or null after checking that the exception is the right one. */
  private Object tryLoad(Path p, Load load) {
    try {
      return load.apply(p);
    } catch (IdxFormatException e) {
      String m = e.getMessage();
      assertTrue(m.contains(p.toString()), m);
      assertTrue(m.contains("byte offset " + e.offset()), m);
      assertTrue(e.offset() >= 0, m);
      return null;
    } catch (Throwable t) {
      fail("unexpected " + t + " for " + p, t);
      return null;
    }
  }

  private static byte[] shape(Object o) {
    if (o instanceof IdxReader.Images im) {
      return new byte[] {(byte) im.count(), (byte) im.rows(), (byte) im.cols()};
    }
    return new byte[] {(byte) ((byte[]) o).length};
  }

  private static byte[] data(Object o) {
    return o instanceof IdxReader.Images im ? im.pixels() : (byte[]) o;
  }

  private void fuzz(String name, byte[] raw, int headerLen, Load load, long seed) throws IOException {
    Object original = load.apply(Files.write(dir.resolve(name + "-orig"), raw));
    byte[] gz = gzip(raw);
    assertArrayEquals(data(original), data(load.apply(Files.write(dir.resolve(name + "-orig.gz"), gz))));
    Path p = dir.resolve(name + "-case");
    int errors = 0;
    int cases = 0;
    // every truncation, raw and gz
    for (byte[] full : new byte[][] {raw, gz}) {
      for (int len = 0; len < full.length; len++) {
        Files.write(p, Arrays.copyOf(full, len));
        Object r = tryLoad(p, load);
        if (r != null) {
          fail(name + ": truncation to " + len + " of " + full.length + " bytes loaded");
        }
        errors++;
        cases++;
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] outcome = new int[6]; // {gz, raw header, raw data} x {error, loaded}
    for (int gzipped = 0; gzipped < 2; gzipped++) {
      byte[] full = gzipped == 1 ? gz : raw;
      for (int c = 0; c < FLIPS; c++) {
        byte[] f = full.clone();
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
          // half the flips aimed at the first 24 bytes (IDX header or gzip header + stream start)
          int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(24, f.length)) : rnd.nextInt(f.length);
          f[at] ^= (byte) (1 + rnd.nextInt(255));
        }
        boolean header = false;
        boolean[] flipped = new boolean[f.length]; // the same byte may be hit twice
        for (int i = 0; i < f.length; i++) {
          flipped[i] = f[i] != full[i];
          header |= flipped[i] && i < headerLen;
        }
        if (Arrays.equals(f, full)) {
          continue; // two flips cancelled out
        }
        Files.write(p, f);
        cases++;
        Object r = tryLoad(p, load);
        int kind = gzipped == 1 ? 0 : header ? 2 : 4;
        outcome[kind + (r == null ? 0 : 1)]++;
        if (r == null) {
          errors++;
          continue;
        }
        String what = name + (gzipped == 1 ? ".gz" : "") + " flip case " + c;
        if (gzipped == 1) {
          assertArrayEquals(shape(original), shape(r), what);
          assertArrayEquals(data(original), data(r), what);
        } else if (header) {
          assertArrayEquals(data(original), data(r), what);
          if (r instanceof IdxReader.Images im) {
            assertEquals(COUNT * ROWS * COLS, im.count() * im.rows() * im.cols(), what);
          }
        } else {
          assertArrayEquals(shape(original), shape(r), what);
          byte[] a = data(original);
          byte[] b = data(r);
          for (int i = 0; i < a.length; i++) {
            if (flipped[headerLen + i] != (a[i] != b[i])) {
              fail(what + ": data byte " + i + " flipped " + flipped[headerLen + i]);
            }
          }
        }
      }
    }
    // every branch above was exercised: gz and raw-header flips mostly fail, raw-data flips load
    String hist = name + ": outcomes " + Arrays.toString(outcome);
    assertTrue(outcome[0] > outcome[1] && outcome[1] > 0, hist);
    assertTrue(outcome[2] > 100, hist);
    assertTrue(outcome[5] > 100 && outcome[4] == 0, hist);
    assertTrue(errors > cases / 4, name + ": only " + errors + " errors in " + cases + " cases");
  }

  @Test
  void imagesFuzz() throws IOException {
    byte[] px = new byte[COUNT * ROWS * COLS];
    new SplittableRandom(11).nextBytes(px);
    fuzz("images", idx(px, COUNT, ROWS, COLS), 16, IdxReader::readImages, 101);
  }

  @Test
  void labelsFuzz() throws IOException {
    byte[] lb = new byte[COUNT];
    SplittableRandom r = new SplittableRandom(12);
    for (int i = 0; i < lb.length; i++) {
      lb[i] = (byte) r.nextInt(10);
    }
    fuzz("labels", idx(lb, COUNT), 8, IdxReader::readLabels, 102);
  }
}
