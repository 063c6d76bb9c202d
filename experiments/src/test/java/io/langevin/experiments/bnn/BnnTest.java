package io.langevin.experiments.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.nn.DropConnect;
import io.langevin.nn.Dropout;
import io.langevin.nn.GaussianDropout;
import io.langevin.nn.Layer;
import io.langevin.nn.Linear;
import io.langevin.nn.Metrics;
import io.langevin.nn.Model;
import io.langevin.nn.Sequential;
import io.langevin.nn.data.Datasets;
import io.langevin.nn.data.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BNN experiment on a slice of the embedded digits with a small MLP. */
class BnnTest {
  private static Split small;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws IOException {
    Split d = Datasets.digits();
    small = new Split(d.train().head(1000), d.test().head(300));
  }

  private static Bnn.Config config(
      List<String> methods, int epochs, Path checkpoints, boolean resume) {
    return new Bnn.Config(small, "digits", "mlp:32", BnnMethod.parse(methods), epochs, 50, 20, 5,
        3, 0.5f, Map.of(), Double.NaN, small.test(), 300, checkpoints, resume);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /**
   * Every method's report is consistent with its predictions: the test error recomputed from the
   * returned probabilities, a model average only for samplers, AUROCs in [0, 1]. The OOD set here
   * is the test set itself, so its entropies equal the test entropies and the AUROC is exactly
   * 0.5 (ties count one half): a check that the OOD predictions are the same model's. The entropy
   * of misclassified examples must be higher than that of correct ones (AUROC > 0.6; about 0.85–0.9
   * here): uncertainty that says nothing would give 0.5.
   */
  @Test
  void resultsAreConsistentAndUncertaintyFlagsErrors() throws IOException {
    List<Bnn.MethodResult> rs =
        Bnn.run(config(List.of("sgd", "psgld", "dropconnect"), 2, null, false), quiet());
    assertEquals(3, rs.size());
    for (Bnn.MethodResult r : rs) {
      String name = r.method().name();
      assertEquals(2, r.epochs().size(), name);
      assertEquals(
          1 - Metrics.accuracy(r.testProbs(), small.test().labels(), 10), r.testError(), 0, name);
      assertTrue(r.testError() < 0.35, name + " test error " + r.testError());
      assertTrue(r.aurocEntropy() > 0.6, name + " AUROC " + r.aurocEntropy());
      assertEquals(0.5, r.aurocOod(), 1e-12, name);
      assertTrue(r.entropyWrong() > r.entropyCorrect(), name);
      for (Bnn.EpochRow e : r.epochs()) {
        assertTrue(e.trainError() >= 0 && e.trainError() <= 1, name + " " + e);
      }
    }
    Bnn.MethodResult sgd = rs.get(0);
    Bnn.MethodResult psgld = rs.get(1);
    assertNull(sgd.testStd());
    assertEquals(0, sgd.samples());
    assertTrue(Double.isNaN(sgd.aurocStd()));
    assertTrue(Double.isNaN(sgd.epochs().get(1).averageError()));
    assertNotNull(psgld.testStd());
    // 20 steps per epoch, burn-in 20, thin 5: samples at steps 25, 30, 35, 40
    assertEquals(4, psgld.samples());
    assertTrue(psgld.aurocStd() >= 0 && psgld.aurocStd() <= 1);
    assertTrue(Double.isNaN(psgld.epochs().get(0).averageError()), "no sample in epoch 1");
    assertEquals(psgld.testError(), psgld.epochs().get(1).averageError(), 1e-12);
    boolean spread = false;
    for (float s : psgld.testStd()) {
      spread |= s > 0;
    }
    assertTrue(spread, "samples differ, so some predictive std is positive");
  }

  /** A run stopped after 2 epochs and resumed to 3 reports exactly the uninterrupted run. */
  @Test
  void resumeContinuesFromTheCheckpointsAndTheEpochLog() throws IOException {
    Bnn.MethodResult full =
        Bnn.run(config(List.of("psgld+dropout"), 3, null, false), quiet()).get(0);
    Path ck = dir.resolve("ck");
    Bnn.run(config(List.of("psgld+dropout"), 2, ck, false), quiet());
    assertTrue(Files.exists(ck.resolve("psgld_dropout.epochs.tsv")));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Bnn.MethodResult resumed =
        Bnn.run(
                config(List.of("psgld+dropout"), 3, ck, true),
                new PrintStream(log, true, StandardCharsets.UTF_8))
            .get(0);
    assertTrue(
        log.toString(StandardCharsets.UTF_8).contains("2 epoch(s) from the log, 1 trained now"),
        log.toString(StandardCharsets.UTF_8));
    assertEquals(3, resumed.epochs().size());
    for (int e = 0; e < 3; e++) {
      Bnn.EpochRow a = full.epochs().get(e);
      Bnn.EpochRow b = resumed.epochs().get(e);
      assertEquals(a.epoch(), b.epoch());
      assertEquals(a.trainLoss(), b.trainLoss(), 0, "epoch " + (e + 1));
      assertEquals(a.testError(), b.testError(), 0);
      assertEquals(a.averageError(), b.averageError(), 0);
      assertEquals(a.nll(), b.nll(), 0);
    }
    assertArrayEquals(full.testProbs(), resumed.testProbs());
    assertArrayEquals(full.testStd(), resumed.testStd());
    assertEquals(full.samples(), resumed.samples());
  }

  @Test
  void noiseLayersGoAfterHiddenLayersOnly() {
    Model drop = BnnModels.build("mlp:16-8", 28, 28, 10, BnnMethod.Noise.DROPOUT, 0.5f, 1);
    List<Layer> l = ((Sequential) drop.net()).layers();
    // fc1 relu drop fc2 relu drop fc3
    assertEquals(7, l.size(), l.toString());
    assertTrue(l.get(2) instanceof Dropout && l.get(5) instanceof Dropout, l.toString());
    assertTrue(l.get(6) instanceof Linear, l.toString());
    Model g = BnnModels.build("mlp:16", 28, 28, 10, BnnMethod.Noise.GAUSSIAN_DROPOUT, 0.5f, 1);
    assertTrue(((Sequential) g.net()).layers().get(2) instanceof GaussianDropout);
    Model dc = BnnModels.build("mlp:16-8", 28, 28, 10, BnnMethod.Noise.DROPCONNECT, 0.5f, 1);
    List<Layer> c = ((Sequential) dc.net()).layers();
    assertTrue(c.get(0) instanceof DropConnect && c.get(2) instanceof DropConnect, c.toString());
    assertTrue(c.get(4) instanceof Linear, c.toString());
    assertEquals(784 * 16 + 16 + 16 * 8 + 8 + 8 * 10 + 10, dc.parameterCount());
    Model lenet = BnnModels.build("lenet", 28, 28, 10, BnnMethod.Noise.DROPOUT, 0.5f, 1);
    long drops = ((Sequential) lenet.net()).layers().stream().filter(x -> x instanceof Dropout)
        .count();
    assertEquals(1, drops, "LeNet-5: dropout after fc1 only");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> BnnModels.build("resnet", 28, 28, 10, BnnMethod.Noise.NONE, 0.5f, 1));
    assertTrue(e.getMessage().contains("mlp:400-400"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> BnnModels.build("lenet", 32, 32, 10, BnnMethod.Noise.NONE, 0.5f, 1));
  }

  @Test
  void methodNamesAndOptionsAreChecked() {
    assertEquals(BnnMethod.ALL, BnnMethod.parse(List.of("all")));
    assertEquals(List.of("psgld", "sgd"),
        BnnMethod.parse(List.of("PSGLD", " sgd", "psgld")).stream().map(BnnMethod::name).toList());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BnnMethod.parse(List.of("sgdd")));
    assertTrue(e.getMessage().contains("unknown method 'sgdd'; known: sgd,rmsprop"), e.getMessage());
    IllegalArgumentException lr =
        assertThrows(IllegalArgumentException.class,
            () -> new Bnn.Config(small, "d", "mlp:8", BnnMethod.ALL, 1, 50, -1, -1, 1, 0.5f,
                Map.of("nosuch", 1e-3), Double.NaN, null, 10, null, false));
    assertTrue(lr.getMessage().contains("unknown method 'nosuch'"), lr.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Bnn.Config(small, "d", "mlp:8", BnnMethod.ALL, 1, 50, -1, -1, 1, 1.5f,
            Map.of(), Double.NaN, null, 10, null, false));
    assertThrows(IllegalArgumentException.class,
        () -> new Bnn.Config(small, "d", "mlp:8", BnnMethod.ALL, 1, 50, -1, -1, 1, 0.5f,
            Map.of(), Double.NaN, null, 10, null, true));
  }

  /** The samplers get the authors' temperature 1/N unless one is given; optimisers get none. */
  @Test
  void samplerTemperatures() {
    for (BnnMethod m : BnnMethod.ALL) {
      double t = m.sampler(8000, 1000, Double.NaN, Double.NaN).temperature();
      assertEquals(m.sampler() ? 1.0 / 8000 : 0.0, t, 1e-15, m.name());
      if (m.sampler()) {
        assertEquals(1.0, m.sampler(8000, 1000, Double.NaN, 1.0).temperature(), 0, m.name());
      }
    }
  }
}
