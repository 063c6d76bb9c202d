package io.langevin.experiments.train;

import io.langevin.samplers.CheckpointException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The part of a {@link Trainer} checkpoint that {@link io.langevin.samplers.Checkpoint} does not
 * hold: the number of completed epochs, the sampler step it belongs to, a fingerprint of the run's
 * configuration, and the running model average (per evaluation set, the sums over samples of the
 * predicted probabilities and of their squares; total weight, sample count), all as raw bits so a
 * resumed run continues bit for bit. Version 2 added the sums of squares and the probe sets.
 *
 * <p>Layout, big-endian: magic "LGVNTRNR", version (int), fingerprint (UTF-8: int length, bytes),
 * completed epochs (int), steps (long), samples (long), total weight (double bits), length L of the
 * average (int, 0 = none), L doubles, CRC-32 of everything before it (int). Written atomically
 * (temporary file in the same folder, fsync, atomic move).
 */
record TrainerState(
    String fingerprint, int epoch, long steps, long samples, double weight, double[] sum) {
  static final String MAGIC = "LGVNTRNR";
  static final int VERSION = 2;

  void write(Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * sum.length);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
    out.writeInt(VERSION);
    byte[] f = fingerprint.getBytes(StandardCharsets.UTF_8);
    out.writeInt(f.length);
    out.write(f);
    out.writeInt(epoch);
    out.writeLong(steps);
    out.writeLong(samples);
    out.writeLong(Double.doubleToRawLongBits(weight));
    out.writeInt(sum.length);
    for (double v : sum) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    out.flush();
    writeAtomically(file, bytes.toByteArray());
  }

  static TrainerState read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 8 + 4 + 4) {
      throw new CheckpointException(file, "truncated trainer state: " + all.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 4);
    int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CheckpointException(
          file,
          "trainer state CRC mismatch: stored 0x"
              + Integer.toHexString(stored)
              + ", computed 0x"
              + Long.toHexString(crc.getValue())
              + " (corrupted)");
    }
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4))) {
      byte[] magic = in.readNBytes(8);
      if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
        throw new CheckpointException(file, "not a langevin trainer state (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CheckpointException(
            file, "trainer state version " + version + ", this build reads " + VERSION);
      }
      int n = in.readInt();
      if (n < 0 || n > all.length) {
        throw new CheckpointException(file, "fingerprint length " + n + " in " + all.length + " bytes");
      }
      String fingerprint = new String(in.readNBytes(n), StandardCharsets.UTF_8);
      int epoch = in.readInt();
      long steps = in.readLong();
      long samples = in.readLong();
      double weight = Double.longBitsToDouble(in.readLong());
      int len = in.readInt();
      if (len < 0 || 8L * len > all.length) {
        throw new CheckpointException(file, "average length " + len + " in " + all.length + " bytes");
      }
      double[] sum = new double[len];
      for (int i = 0; i < len; i++) {
        sum[i] = Double.longBitsToDouble(in.readLong());
      }
      if (in.available() != 0) {
        throw new CheckpointException(file, in.available() + " trailing bytes in trainer state");
      }
      return new TrainerState(fingerprint, epoch, steps, samples, weight, sum);
    } catch (java.io.EOFException e) {
      throw new CheckpointException(file, "truncated trainer state (" + all.length + " bytes)");
    }
  }

  static void writeAtomically(Path file, byte[] data) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot move " + tmp + " to " + target + " atomically", e);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Moves {@code from} over {@code to} atomically. */
  static void promote(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
