package io.langevin.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.samplers.schedule.Schedule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints: resuming reproduces the uninterrupted chain bit for bit for every sampler; the
 * write is atomic; corrupted, truncated or foreign files are refused with the file and the
 * problem in the message.
 */
class CheckpointTest {
  private static final int D = 257;
  private static final int STEPS = 20;
  private static final int AT = 9;

  @TempDir Path dir;

  @Test
  void resumeReproducesTheUninterruptedChainForEverySampler() throws IOException {
    float[] mu = ChainFixture.random(31, D, 1.0);
    float[] theta0 = ChainFixture.random(32, D, 2.0);
    for (Sampler s : ChainFixture.all()) {
      float[] straight = theta0.clone();
      State whole = s.init(D, 77);
      ChainFixture.run(s, straight, mu, whole, STEPS);

      float[] theta = theta0.clone();
      State first = s.init(D, 77);
      ChainFixture.run(s, theta, mu, first, AT);
      Path file = dir.resolve(s.name() + ".ckpt");
      Checkpoint.write(file, s, first, theta);
      // keep going with the original arrays: they must not share memory with the file's
      ChainFixture.run(s, theta, mu, first, 3);

      float[] cont = new float[D];
      State resumed = Checkpoint.resume(file, s, cont);
      assertEquals(AT, resumed.t(), s.name());
      ChainFixture.run(s, cont, mu, resumed, STEPS - AT);
      assertTrue(ChainFixture.sameBits(straight, cont), s.name() + ": theta differs at step 20");
      assertTrue(whole.sameBits(resumed), s.name() + ": state differs at step 20");
    }
  }

  @Test
  void roundTripKeepsEveryBit() throws IOException {
    float[][] arrays = {
      {1f, -0f, Float.MIN_VALUE, Float.intBitsToFloat(0x7fc00123)}, {3, 4, 5, 6}
    };
    State st = new State(4, -5L, 123456789L, arrays, new double[] {-0.0, Math.PI});
    Path file = dir.resolve("bits.ckpt");
    float[] theta = {-1f, Float.NaN, Float.NEGATIVE_INFINITY, 2.5f};
    Checkpoint.write(file, "custom", "h=1 ünïcødé", st, theta);
    Checkpoint c = Checkpoint.read(file);
    assertEquals("custom", c.sampler());
    assertEquals("h=1 ünïcødé", c.hyperparameters());
    assertTrue(st.sameBits(c.state()));
    assertTrue(ChainFixture.sameBits(theta, c.theta()));
    Checkpoint.write(file, "custom", "", st, null);
    assertEquals(null, Checkpoint.read(file).theta());
    // an empty state round-trips too
    State empty = Sgd.of(0.1).init(0, 3);
    Checkpoint.write(file, Sgd.of(0.1), empty);
    assertTrue(empty.sameBits(Checkpoint.read(file).state()));
    Checkpoint.write(file, Sgd.of(0.1), empty, new float[0]);
    assertEquals(0, Checkpoint.read(file).theta().length);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Checkpoint.write(dir.resolve("x"), Sgd.of(0.1), empty, new float[3]));
    assertTrue(e.getMessage().contains("length 3"), e.getMessage());
  }

  @Test
  void writeIsAtomicAndReplaces() throws IOException {
    Sampler s = Adam.of(0.01);
    Path file = dir.resolve("adam.ckpt");
    State a = s.init(64, 1);
    Checkpoint.write(file, s, a);
    State b = s.init(64, 2);
    b.advance();
    Checkpoint.write(file, s, b);
    assertTrue(b.sameBits(Checkpoint.read(file).state()));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "temporary files left behind");
    }
  }

  @Test
  void corruptionIsDetected() throws IOException {
    Sampler s = Psgld.of(0.01);
    Path file = dir.resolve("p.ckpt");
    Checkpoint.write(file, s, s.init(100, 4), new float[100]);
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length - 50] ^= 0x10;
    Files.write(file, flipped);
    assertProblem(file, "CRC mismatch");

    Files.write(file, Arrays.copyOf(good, good.length - 7));
    assertProblem(file, "truncated");

    Files.write(file, Arrays.copyOf(good, good.length + 3));
    assertProblem(file, "trailing bytes");

    byte[] magic = good.clone();
    magic[0] = 'X';
    Files.write(file, magic);
    assertProblem(file, "not a langevin checkpoint");

    byte[] version = good.clone();
    ByteBuffer.wrap(version).putInt(8, 7);
    Files.write(file, version);
    assertProblem(file, "format version 7");

    Files.write(file, new byte[5]);
    assertProblem(file, "truncated");

    byte[] flag = Arrays.copyOf(good, good.length - 400); // θ cut off, flag still 1
    Files.write(file, flag);
    assertProblem(file, "theta flag 1");

    Checkpoint.write(file, s, s.init(100, 4));
    CheckpointException none =
        assertThrows(CheckpointException.class,
            () -> Checkpoint.resume(file, s, new float[100]));
    assertTrue(none.getMessage().contains("holds no theta"), none.getMessage());

    Path missing = dir.resolve("none.ckpt");
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void resumeChecksTheSampler() throws IOException {
    Sampler sgld = Sgld.builder().stepSize(Schedule.constant(0.01)).temperature(1).build();
    Path file = dir.resolve("s.ckpt");
    Checkpoint.write(file, sgld, sgld.init(10, 1));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.resume(file, Sgd.of(0.01)));
    assertTrue(e.getMessage().contains("'sgld'") && e.getMessage().contains("'sgd'"),
        e.getMessage());
    Sampler hotter = Sgld.builder().stepSize(0.01).temperature(2).build();
    e = assertThrows(CheckpointException.class, () -> Checkpoint.resume(file, hotter));
    assertTrue(e.getMessage().contains("hyperparameters differ"), e.getMessage());
    assertTrue(e.getMessage().contains("T=1.0") && e.getMessage().contains("T=2.0"),
        e.getMessage());
  }

  private static void assertProblem(Path file, String part) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks " + part);
    assertEquals(file, e.file());
  }
}
