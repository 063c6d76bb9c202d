package io.langevin.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.update.NonFiniteStepException;
import io.langevin.nn.Activation;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.nn.data.Dataset;
import io.langevin.nn.data.Datasets;
import io.langevin.nn.data.Split;
import io.langevin.samplers.Adam;
import io.langevin.samplers.CheckpointException;
import io.langevin.samplers.Psgld;
import io.langevin.samplers.Sampler;
import io.langevin.samplers.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests of {@link Trainer} on the embedded digits (8,000 train / 2,000 test). */
class TrainerTest {
  private static Split digits;
  private static Split small;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws IOException {
    digits = Datasets.digits();
    small = new Split(subset(digits.train(), 1000), subset(digits.test(), 300));
  }

  private static Dataset subset(Dataset d, int n) {
    int f = d.features();
    return new Dataset(
        Arrays.copyOf(d.images(), n * f),
        Arrays.copyOf(d.labels(), n),
        d.rows(),
        d.cols(),
        d.classes(),
        d.name() + "[" + n + "]");
  }

  private static PrintStream sink(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  @Test
  void adamReachesNinetyPercentInTwoEpochs() throws IOException {
    Model m = Models.mlp("784-100-10", Activation.RELU, 1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Trainer t =
        Trainer.builder(m, Adam.of(1e-3), digits)
            .epochs(2)
            .batchSize(100)
            .seed(7)
            .progress(sink(log))
            .interactive(false)
            .build();
    List<EpochReport> r = t.run();
    assertEquals(2, r.size());
    assertEquals(80, t.stepsPerEpoch());
    assertEquals(160, r.get(1).steps());
    EpochReport last = r.get(1);
    assertTrue(last.test().accuracy() >= 0.90, "test accuracy " + last.test().accuracy());
    assertTrue(last.test().nll() < 0.4, "test NLL " + last.test().nll());
    assertTrue(last.test().ece() < 0.1, "test ECE " + last.test().ece());
    assertTrue(last.trainLoss() < r.get(0).trainLoss(), r.toString());
    assertNull(last.average(), "an optimiser has no model average");
    assertNull(t.averageProbabilities());
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("epoch 1/2") && text.contains("epoch 2/2"), text);
    assertFalse(text.contains("\r"), "plain mode draws no bar: " + text);
  }

  /**
   * pSGLD, mean loss with gradScale N = 8000 (s·ḡ is the full-data gradient), a N(0, 1) prior (λ =
   * 1), h = 1e-3 (the preconditioner normalises the gradient's scale, so h acts like an RMSprop
   * learning rate), burn-in one epoch (80 steps), then a sample every 4 steps: 20 samples averaged
   * in epoch 2.
   *
   * <p>Temperature T = 1/N: the pSGLD authors' code (noise sqrt(2·lr)/N on the mean loss, see
   * {@code StepSizeConvention.fromAuthorsCode}), a cold posterior. Measured: model-average test
   * accuracy 0.9225 (seeds 1–4: 0.921–0.927). At T = 1 (the true posterior with this prior, 79,510
   * weights and only 8,000 examples) two epochs give 0.8875 here (0.75–0.89 over seeds 1–3: the
   * chain is far from converged and the preconditioned noise is large on weights of always-blank
   * pixels), so that run is held to a lower bar of 0.85.
   */
  @Test
  void psgldModelAverageReachesNinetyPercent() throws IOException {
    Model m = Models.mlp("784-100-10", Activation.RELU, 1);
    Sampler s =
        Psgld.builder().stepSize(1e-3).gradScale(8000).prior(1).temperature(1.0 / 8000).build();
    Trainer t =
        Trainer.builder(m, s, digits).epochs(2).batchSize(100).seed(11).burnIn(80).thin(4).build();
    List<EpochReport> r = t.run();
    assertNull(r.get(0).average(), "no sample during burn-in");
    EpochReport last = r.get(1);
    assertEquals(20, last.samples());
    assertNotNull(last.average());
    assertTrue(
        last.average().accuracy() >= 0.90, "model-average accuracy " + last.average().accuracy());
    assertTrue(last.average().nll() < 0.4, "model-average NLL " + last.average().nll());
    assertTrue(last.average().ece() < 0.1, "model-average ECE " + last.average().ece());
    float[] p = t.averageProbabilities();
    assertEquals(2000 * 10, p.length);
    for (int e = 0; e < 2000; e += 397) {
      double rowSum = 0;
      for (int c = 0; c < 10; c++) {
        rowSum += p[e * 10 + c];
      }
      assertEquals(1.0, rowSum, 1e-5, "row " + e);
    }

    Model hot = Models.mlp("784-100-10", Activation.RELU, 1);
    Sampler posterior =
        Psgld.builder().stepSize(1e-3).gradScale(8000).prior(1).temperature(1).build();
    EpochReport h =
        Trainer.builder(hot, posterior, digits).epochs(2).batchSize(100).seed(11).burnIn(80)
            .thin(4).build().run().get(1);
    assertTrue(h.average().accuracy() >= 0.85, "T = 1 model-average accuracy " + h.average());
  }

  @Test
  void resumeAfterTwoEpochsGivesTheUninterruptedThetaBitForBit() throws IOException {
    Sampler s = Psgld.builder().stepSize(1e-3).gradScale(1000).prior(1).build();
    // dropout makes the noise-layer keys part of what must continue correctly
    Model a = Models.mlp("784-32-10", Activation.RELU, 0.1f, 3);
    Trainer ta = Trainer.builder(a, s, small).epochs(3).batchSize(50).seed(5).burnIn(10).thin(5)
        .build();
    List<EpochReport> full = ta.run();

    Path ckpt = dir.resolve("run.ckpt");
    Model b = Models.mlp("784-32-10", Activation.RELU, 0.1f, 3);
    Trainer tb = Trainer.builder(b, s, small).epochs(2).batchSize(50).seed(5).burnIn(10).thin(5)
        .checkpoint(ckpt).build();
    tb.run();
    assertTrue(Files.exists(ckpt) && Files.exists(Trainer.trainerStateFile(ckpt)));

    Model c = Models.mlp("784-32-10", Activation.RELU, 0.1f, 99); // other init: θ comes from disk
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Trainer tc = Trainer.builder(c, s, small).epochs(3).batchSize(50).seed(5).burnIn(10).thin(5)
        .checkpoint(ckpt).progress(sink(log)).interactive(false).build();
    List<EpochReport> rest = tc.resume(ckpt);

    assertEquals(1, rest.size());
    assertEquals(3, rest.get(0).epoch());
    assertBits(a.arena().theta(), c.arena().theta());
    assertTrue(ta.state().sameBits(tc.state()), ta.state() + " vs " + tc.state());
    assertEquals(ta.samples(), tc.samples());
    assertEquals(full.get(2).samples(), rest.get(0).samples());
    assertBits(ta.averageProbabilities(), tc.averageProbabilities());
    assertEquals(full.get(2).test(), rest.get(0).test());
    assertEquals(full.get(2).average(), rest.get(0).average());
    assertEquals(full.get(2).trainLoss(), rest.get(0).trainLoss());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("epoch 3/3"));

    // nothing left to do: a resume of the finished run trains nothing
    assertEquals(0, tc.resume(ckpt).size());
  }

  @Test
  void resumePicksTheTrainerStateMatchingTheCheckpointAfterACrashBetweenWrites()
      throws IOException {
    Sampler s = Adam.of(1e-3);
    Path ckpt = dir.resolve("adam.ckpt");
    Path state = Trainer.trainerStateFile(ckpt);
    Path next = state.resolveSibling(state.getFileName() + ".next");
    Model a = Models.mlp("784-16-10", Activation.RELU, 2);
    Trainer.builder(a, s, small).epochs(1).batchSize(100).checkpoint(ckpt).build().run();
    Path epoch1 = dir.resolve("epoch1.trainer");
    Files.copy(state, epoch1);
    Trainer.builder(a, s, small).epochs(2).batchSize(100).checkpoint(ckpt).build().resume(ckpt);
    float[] thetaAfter2 = a.arena().theta().clone();
    // crash after the checkpoint was written but before ".trainer.next" was promoted
    Files.move(state, next, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(epoch1, state);
    Model b = Models.mlp("784-16-10", Activation.RELU, 2);
    Trainer tb = Trainer.builder(b, s, small).epochs(2).batchSize(100).build();
    assertEquals(0, tb.resume(ckpt).size());
    assertEquals(2, tb.completedEpochs());
    assertBits(thetaAfter2, b.arena().theta());
    // no trainer state of the checkpoint's step at all
    Files.delete(next);
    CheckpointException e = assertThrows(CheckpointException.class, () -> tb.resume(ckpt));
    assertTrue(e.getMessage().contains("step 20") && e.getMessage().contains("step 10"),
        e.getMessage());
    // a consistent pair again (a fresh 1-epoch run), resumed by a trainer of another batch size
    Trainer.builder(a, s, small).epochs(1).batchSize(100).checkpoint(ckpt).build().run();
    Trainer other = Trainer.builder(b, s, small).epochs(3).batchSize(50).build();
    CheckpointException f = assertThrows(CheckpointException.class, () -> other.resume(ckpt));
    assertTrue(f.getMessage().contains("batch=100") && f.getMessage().contains("batch=50"),
        f.getMessage());
    // a corrupted trainer state
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length / 2] ^= 1;
    Files.write(state, bytes);
    CheckpointException g = assertThrows(CheckpointException.class, () -> tb.resume(ckpt));
    assertTrue(g.getMessage().contains("CRC mismatch"), g.getMessage());
  }

  @Test
  void badInputIsRejectedWithTheNumbers() {
    Sampler s = Sgd.of(0.1);
    Model wrong = Models.mlp("100-10", Activation.RELU, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trainer.builder(wrong, s, small).epochs(1).build());
    assertTrue(e.getMessage().contains("100") && e.getMessage().contains("784"), e.getMessage());

    Model m = Models.mlp("784-8-10", Activation.RELU, 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(1).batchSize(0).build());
    assertTrue(e.getMessage().contains("got 0") && e.getMessage().contains("1000"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(1).batchSize(-3).build());
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(1).batchSize(1001).build());
    assertTrue(e.getMessage().contains("1001"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(0).build());
    assertTrue(e.getMessage().contains("epochs") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(-2).build());
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(1).thin(0).build());
    assertTrue(e.getMessage().contains("thin") && e.getMessage().contains("got 0"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m, s, small).epochs(1).burnIn(-1).build());
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    Trainer defaults = Trainer.builder(m, Psgld.of(1e-3), small).epochs(1).batchSize(30).build();
    assertEquals(33, defaults.stepsPerEpoch()); // dropLast: 1000 / 30
    assertEquals(33, defaults.burnIn());
    assertEquals(3, defaults.thin());
    assertTrue(defaults.averaging());
    Model fewOutputs = Models.mlp("784-8-5", Activation.RELU, 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(fewOutputs, s, small).epochs(1).build());
    assertTrue(e.getMessage().contains("5 outputs") && e.getMessage().contains("10 classes"),
        e.getMessage());
  }

  @Test
  void aDivergingSamplerFailsWithTheEpochAndStep() {
    Model m = Models.mlp("784-16-10", Activation.RELU, 1);
    Sampler huge = Sgd.builder().stepSize(1e30).gradScale(1000).build();
    Trainer t = Trainer.builder(m, huge, small).epochs(2).batchSize(50).build();
    NonFiniteStepException e = assertThrows(NonFiniteStepException.class, t::run);
    assertTrue(e.getMessage().startsWith("epoch 1/2, batch "), e.getMessage());
    assertTrue(e.getMessage().contains("sampler step " + e.step()), e.getMessage());
    assertNotNull(e.getCause());
  }

  @Test
  void interactiveModeRedrawsOneLine() throws IOException {
    Model m = Models.mlp("784-16-10", Activation.RELU, 1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Trainer t = Trainer.builder(m, Adam.of(1e-3), small).epochs(1).batchSize(100)
        .progress(sink(log)).interactive(true).build();
    t.run();
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("\repoch 1/1 [") && text.contains("ETA"), text);
    assertTrue(text.contains("100% 10/10"), text);
    assertTrue(text.contains("epoch 1/1  loss"), text);
  }

  private static void assertBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    int[] e = new int[expected.length];
    int[] a = new int[actual.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Float.floatToRawIntBits(expected[i]);
      a[i] = Float.floatToRawIntBits(actual[i]);
    }
    assertArrayEquals(e, a);
  }
}
