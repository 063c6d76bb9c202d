package io.langevin.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

  private record Run(int rc, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = LangevinCommand.commandLine();
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int rc = cli.execute(args);
      return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
    }
  }

  /** info --json ends with one JSON object holding the documented keys. */
  @Test
  void infoJson() {
    Run r = run("info", "--json");
    assertEquals(0, r.rc());
    String json = r.lastLine();
    assertTrue(json.startsWith("{\"java\":\""), json);
    assertTrue(json.contains("\"vectorBits\":512") || json.contains("\"vectorBits\":256")
        || json.contains("\"vectorBits\":128") || json.contains("\"vectorBits\":0"), json);
    assertTrue(json.matches(".*\"threads\":[1-9][0-9]*,.*"), json);
    assertTrue(json.contains("\"cuda\":false,\"cudaReason\":\""), json);
    assertTrue(json.endsWith("}"), json);
  }

  /**
   * repro runs the toy-gaussian reproduction, writes its report (with the published claim and the
   * plots) atomically, and leaves no temporary file.
   */
  @Test
  void reproWritesAReport(@TempDir Path dir) throws Exception {
    Run r = run("repro", "--json", "--only", "toy-gaussian", "--out", dir.toString());
    assertEquals(0, r.rc(), r.err());
    String report = Files.readString(dir.resolve("report.md"));
    assertTrue(report.startsWith("# langevin reproductions"), report);
    assertTrue(report.contains("we do not have to choose a new step size for pSGLD"), report);
    assertTrue(report.contains("| psgld | 100 |"), report);
    assertTrue(r.lastLine().startsWith("{\"experiment\":\"repro\",\"reproductions\":[{\"experiment\":\"toy-gaussian\""),
        r.lastLine());
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count(), "report.md + 3 PNGs, no temporary files left behind");
    }
  }

  /** An unknown reproduction name is a clear error. */
  @Test
  void reproRejectsUnknownNames(@TempDir Path dir) {
    Run r = run("repro", "--only", "nosuch", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown reproduction 'nosuch'; known: toy-gaussian,bnn,intrinsic-dim,alice"), r.err());
  }

  /**
   * toy-gaussian --json ends with the documented object; with one chain each relative error is
   * |var − target|/target of the variance printed beside it.
   */
  @Test
  void toyGaussianJson(@TempDir Path dir) {
    Run r = run("toy-gaussian", "--a", "1,4", "--sampler", "sgld,psgld", "--steps", "3000",
        "--runs", "1", "--json", "--out", dir.toString());
    assertEquals(0, r.rc(), r.err());
    String json = r.lastLine();
    assertTrue(json.startsWith("{\"experiment\":\"toy-gaussian\""), json);
    var m = java.util.regex.Pattern.compile(
        "\\{\"sampler\":\"(\\w+)\",\"a\":([0-9.]+),\"var_x\":([0-9.eE-]+),\"var_y\":([0-9.eE-]+),"
            + "\"rel_err_x\":([0-9.eE-]+),\"rel_err_y\":([0-9.eE-]+),\"ess\":([0-9.eE-]+)")
        .matcher(json);
    int rows = 0;
    while (m.find()) {
      rows++;
      double a = Double.parseDouble(m.group(2));
      double vx = Double.parseDouble(m.group(3));
      double vy = Double.parseDouble(m.group(4));
      assertEquals(Math.abs(vx - a) / a, Double.parseDouble(m.group(5)), 1e-12, json);
      assertEquals(Math.abs(vy - 1), Double.parseDouble(m.group(6)), 1e-12, json);
      assertTrue(Double.parseDouble(m.group(7)) > 1, json);
    }
    assertEquals(4, rows, json);
    assertTrue(Files.exists(dir.resolve("toy-gaussian-a1.png")));
    assertTrue(Files.exists(dir.resolve("toy-gaussian-a4.png")));
  }

  /** Bad toy-gaussian input is one clear line and exit code 2. */
  @Test
  void toyGaussianRejectsBadInput(@TempDir Path dir) {
    Run r = run("toy-gaussian", "--a", "1,-2", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--a values must be finite and > 0, got -2.0"), r.err());
    r = run("toy-gaussian", "--sampler", "sgld,nuts", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown sampler 'nuts'"), r.err());
  }

  /** An unknown kernel name is a clear error, not a stack trace. */
  @Test
  void benchRejectsUnknownKernels() {
    Run r = run("bench", "--quick", "--only", "nosuch");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown kernel 'nosuch'"), r.err());
  }

  /** JSON strings escape quotes, backslashes and control characters; NaN prints as null. */
  @Test
  void jsonEscaping() {
    String s = new JsonObject().put("a", "q\"b\\c\n").put("n", Double.NaN).put("l", java.util.List.of(1, true))
        .toString();
    assertEquals("{\"a\":\"q\\\"b\\\\c\\n\",\"n\":null,\"l\":[1,true]}", s);
  }

  /**
   * bnn --json ends with the documented object (experiment, data, model, one result per method
   * with the documented keys), prints the summary table and the claims, and writes the PNGs.
   */
  @Test
  void bnnJson(@TempDir Path dir) {
    Run r = run("bnn", "--epochs", "1", "--methods", "sgd,psgld", "--model", "mlp:16",
        "--burnin", "40", "--thin", "10", "--ood", "none", "--json", "--out", dir.toString());
    assertEquals(0, r.rc(), r.err());
    String json = r.lastLine();
    assertTrue(json.startsWith(
        "{\"experiment\":\"bnn\",\"data\":\"digits\",\"model\":\"mlp:16\",\"results\":[{"), json);
    assertTrue(json.contains("{\"method\":\"sgd\",\"test_error\":"), json);
    assertTrue(json.contains("{\"method\":\"psgld\",\"test_error\":"), json);
    assertTrue(json.matches(".*\"train_error\":[0-9.eE-]+,\"nll\":[0-9.eE-]+,\"ece\":[0-9.eE-]+,"
        + "\"epochs\":1,\"update\":\"psgld\",.*"), json);
    assertTrue(json.contains("\"samples\":4,"), "psgld: samples at steps 40, 50, 60, 70: " + json);
    assertTrue(r.out().contains("- pSGLD vs RMSprop and SGLD: not run"), r.out());
    assertTrue(r.out().contains("mean train-test gap"), r.out());
    assertTrue(Files.exists(dir.resolve("bnn-error.png")));
    assertTrue(Files.exists(dir.resolve("bnn-certainty-psgld.png")));
    assertTrue(Files.exists(dir.resolve("bnn-checkpoints").resolve("psgld.ckpt")));
  }

  /** Bad bnn input is one clear line and exit code 2. */
  @Test
  void bnnRejectsBadInput(@TempDir Path dir) {
    Run r = run("bnn", "--methods", "sgd,nuts", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown method 'nuts'"), r.err());
    r = run("bnn", "--data", dir.resolve("none").toString(), "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("no MNIST-format data set in"), r.err());
    r = run("bnn", "--model", "mlp:0", "--epochs", "1", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("must be >= 1"), r.err());
  }

  /** intrinsic-dim --json (toy): the documented keys; a 3-group toy has intrinsic dimension 3. */
  @Test
  void intrinsicDimToyJson(@TempDir Path dir) {
    Run r = run("intrinsic-dim", "--task", "toy", "--groups", "3", "--group-size", "20",
        "--steps", "800", "--dims", "1,2,3,4", "--runs", "2", "--json", "--out", dir.toString());
    assertEquals(0, r.rc(), r.err());
    String json = r.lastLine();
    assertTrue(json.startsWith("{\"experiment\":\"intrinsic-dim\",\"task\":\"toy\","
        + "\"projection\":\"dense\",\"D\":60,\"baseline\":"), json);
    assertTrue(json.contains("\"d_int90\":3,\"curve\":[{\"d\":1,\"mean\":"), json);
    assertTrue(json.contains("\"runs\":2}"), json);
    assertTrue(Files.exists(dir.resolve("intrinsic-dim-toy.png")));
  }

  /** Bad intrinsic-dim input is one clear line and exit code 2. */
  @Test
  void intrinsicDimRejectsBadInput(@TempDir Path dir) {
    Run r = run("intrinsic-dim", "--task", "resnet", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown task 'resnet'; use toy, fc or lenet"), r.err());
    r = run("intrinsic-dim", "--task", "toy", "--projection", "gaussian", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown projection 'gaussian'"), r.err());
  }
}
