package io.langevin.experiments.alice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid and the resumable CSV. */
class AliceSweepTest {
  private static final AliceRun.Options TINY =
      new AliceRun.Options(3, 8, 1, 32, 1, 5, 1e-3, 0.5, 128, 64, 0, false, false);

  @Test
  void gridCrossesEverythingAndGivesAliOneLambda() {
    List<Sweep.Task> g = Sweep.grid(List.of(Variant.ALI, Variant.ALICE_L2),
        new double[] {0.1, 1}, 10, 2, new int[] {8, 16}, new int[] {1});
    // ali: 1 λ × 2 seeds × 2 widths; alice-l2: 2 λ × 2 seeds × 2 widths.
    assertEquals(4 + 8, g.size());
    assertEquals(new Sweep.Task(Variant.ALI, 0, 10, 8, 1), g.get(0));
    assertEquals(new Sweep.Task(Variant.ALICE_L2, 1, 11, 16, 1), g.get(g.size() - 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sweep.grid(List.of(Variant.ALI), new double[] {1}, 1, 0, new int[] {8}, new int[] {1}));
    assertTrue(e.getMessage().contains("runs=0"), e.getMessage());
  }

  /**
   * A first sweep writes the header and one row per run; a rerun runs nothing and reads the same
   * results back; after a row is lost and a half-written line appended (a crash), only the lost
   * run runs again and the file ends with complete rows.
   */
  @Test
  void csvResumeSkipsDoneRows(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("sub").resolve("sweep.csv");
    List<Sweep.Task> tasks = Sweep.grid(List.of(Variant.ALI, Variant.ALICE_L2),
        new double[] {1}, 1, 2, new int[] {8}, new int[] {1});
    List<AliceRun.Result> seen = new ArrayList<>();
    Sweep.Outcome first = Sweep.run(tasks, TINY, csv, 2, seen::add);
    assertEquals(4, first.ran());
    assertEquals(0, first.resumed());
    assertEquals(4, seen.size());
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertEquals(Sweep.HEADER, lines.get(0));
    assertEquals(5, lines.size());

    Sweep.Outcome second = Sweep.run(tasks, TINY, csv, 2, r -> {
      throw new AssertionError("nothing should run");
    });
    assertEquals(0, second.ran());
    assertEquals(4, second.resumed());
    for (int i = 0; i < tasks.size(); i++) {
      assertEquals(first.results().get(i).score(), second.results().get(i).score(), 0);
      assertEquals(first.results().get(i).mse(), second.results().get(i).mse(), 0);
      assertEquals(tasks.get(i).variant(), second.results().get(i).variant());
    }

    // Lose the alice-l2 seed-2 row and leave a half-written line behind.
    List<String> kept = new ArrayList<>();
    String lost = null;
    for (String l : lines) {
      if (l.startsWith("alice-l2,1.0,2,")) {
        lost = l;
      } else {
        kept.add(l);
      }
    }
    assertTrue(lost != null, "row of alice-l2 seed 2 in " + lines);
    Files.writeString(csv, String.join("\n", kept) + "\nalice-l2,1.0,2,8,1,3,0.9", StandardCharsets.UTF_8);
    Sweep.Outcome third = Sweep.run(tasks, TINY, csv, 1, null);
    assertEquals(1, third.ran());
    assertEquals(3, third.resumed());
    List<String> after = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertEquals(5, after.size());
    assertEquals(lost.substring(0, lost.lastIndexOf(',')),
        after.get(4).substring(0, after.get(4).lastIndexOf(',')),
        "the rerun reproduces the lost row, all but its time");
    // ALI ignores λ: a task asking for another λ finds the λ = 0 row.
    Sweep.Outcome ali = Sweep.run(List.of(new Sweep.Task(Variant.ALI, 5, 1, 8, 1)), TINY, csv, 1,
        null);
    assertEquals(0, ali.ran());
  }

  @Test
  void foreignCsvIsRejected(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("x.csv");
    Files.writeString(csv, "a,b,c\n1,2,3\n");
    List<Sweep.Task> tasks = Sweep.grid(List.of(Variant.ALI), new double[] {0}, 1, 1,
        new int[] {8}, new int[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sweep.run(tasks, TINY, csv, 1, null));
    assertTrue(e.getMessage().contains("x.csv") && e.getMessage().contains("a,b,c"),
        e.getMessage());
  }
}
