package io.langevin.experiments.alice;

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

/** {@code alice} end to end on a tiny set-up: table, JSON last line, PNGs, CSV. */
class AliceCommandTest {

  @Test
  void tinyRunPrintsTableJsonAndPlots(@TempDir Path dir) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      rc = new CommandLine(new AliceCommand()).execute("--variant", "ali,alice-l2",
          "--lambda", "1,10", "--runs", "2", "--iterations", "2", "--width", "8",
          "--sweep", dir.resolve("s.csv").toString(), "--out", dir.toString(), "--json");
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, out);
    String[] lines = out.strip().split("\n");
    String json = lines[lines.length - 1];
    assertTrue(json.startsWith("{\"experiment\":\"alice\",\"results\":[{\"variant\":\"ali\","
        + "\"lambda\":0.0,\"score_median\":"), json);
    assertTrue(json.contains("\"variant\":\"alice-l2\",\"lambda\":10.0,"), json);
    assertTrue(json.contains("\"authors_score_median\":4.86,\"authors_mse_median\":0.0154"), json);
    assertTrue(out.contains("score med [q25,q75]"), out);
    assertTrue(Files.exists(dir.resolve("alice-ali-l0.png")), out);
    assertTrue(Files.exists(dir.resolve("alice-alice-l2-l10.png")), out);
    // 2 ali + 4 alice-l2 runs, plus the header.
    assertEquals(7, Files.readAllLines(dir.resolve("s.csv")).size());
  }

  @Test
  void unknownVariantIsRejected() {
    CommandLine cli = new CommandLine(new AliceCommand());
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println(ex.getMessage());
      return 2;
    });
    assertEquals(2, cli.execute("--variant", "gan"));
    assertTrue(err.toString().contains("unknown variant 'gan'"), err.toString());
  }
}
