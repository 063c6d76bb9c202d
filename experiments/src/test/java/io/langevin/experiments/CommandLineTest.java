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

  /** repro with no reproductions says so and still writes its report atomically. */
  @Test
  void reproWritesAReport(@TempDir Path dir) throws Exception {
    Run r = run("repro", "--json", "--out", dir.toString());
    assertEquals(0, r.rc());
    assertTrue(r.out().contains("No reproductions exist yet"), r.out());
    String report = Files.readString(dir.resolve("report.md"));
    assertTrue(report.startsWith("# langevin reproductions"), report);
    assertTrue(r.lastLine().startsWith("{\"experiment\":\"repro\""), r.lastLine());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary files left behind");
    }
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
}
