package io.langevin.experiments.alice;

import io.langevin.kernels.cpu.CpuPool;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A grid of toy runs (variants × λ × seeds × widths × depths) run in parallel: one run per task,
 * {@code threads} tasks at a time on an executor of its own, each task single-threaded inside
 * {@link CpuPool#serially} (small GEMMs gain more from one run per core than from splitting a run).
 *
 * <p>With a CSV file, every finished run appends one row ({@link #HEADER}) and flushes it, so a
 * crash loses at most the runs in flight; a rerun with the same file skips every task whose key
 * (variant, λ, seed, width, depth, iterations) already has a row and reads its result back. A last
 * line cut short by a crash (no final newline) is dropped before appending. Tested by {@code
 * AliceSweepTest}.
 */
public final class Sweep {
  private Sweep() {}

  /** The CSV header. */
  public static final String HEADER =
      "variant,lambda,seed,width,depth,iterations,score,mse,mse_z,modes,on_mode,anchor_acc,"
          + "collapsed,diverged,disc_loss,gen_loss,seconds";

  private static final int COLUMNS = HEADER.split(",").length;

  /** One run of the grid. */
  public record Task(Variant variant, double lambda, long seed, int width, int depth) {}

  /** The results in task order, how many ran now and how many were read back from the CSV. */
  public record Outcome(List<AliceRun.Result> results, int ran, int resumed) {}

  /**
   * Every combination of the variants, λ values, seeds {@code firstSeed .. firstSeed + runs − 1},
   * widths and depths, in that nesting order; ALI gets λ = 0 once instead of one task per λ.
   */
  public static List<Task> grid(
      List<Variant> variants, double[] lambdas, long firstSeed, int runs, int[] widths, int[] depths) {
    if (runs < 1 || lambdas.length == 0 || widths.length == 0 || depths.length == 0) {
      throw new IllegalArgumentException(
          "sweep grid: need runs >= 1 and at least one lambda, width and depth; got runs="
              + runs
              + ", "
              + lambdas.length
              + " lambdas, "
              + widths.length
              + " widths, "
              + depths.length
              + " depths");
    }
    Set<Task> tasks = new LinkedHashSet<>();
    for (Variant v : variants) {
      for (double l : lambdas) {
        if (!(l >= 0) || !Double.isFinite(l)) {
          throw new IllegalArgumentException("lambda must be finite and >= 0, got " + l);
        }
        for (int r = 0; r < runs; r++) {
          for (int w : widths) {
            for (int d : depths) {
              tasks.add(new Task(v, v == Variant.ALI ? 0 : l, firstSeed + r, w, d));
            }
          }
        }
      }
    }
    return List.copyOf(tasks);
  }

  /**
   * Runs the tasks not already in {@code csv} (null: no file) with the options {@code base} (width
   * and depth taken from each task), {@code threads} at a time; calls {@code progress} (from one
   * thread at a time) after each new run.
   */
  public static Outcome run(
      List<Task> tasks,
      AliceRun.Options base,
      Path csv,
      int threads,
      Consumer<AliceRun.Result> progress)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("sweep: threads must be >= 1, got " + threads);
    }
    Map<String, AliceRun.Result> done = csv == null ? Map.of() : readDone(csv);
    AliceRun.Result[] results = new AliceRun.Result[tasks.size()];
    List<Integer> pending = new ArrayList<>();
    int resumed = 0;
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      AliceRun.Result r = done.get(key(t, base.iterations()));
      if (r != null) {
        results[i] = r;
        resumed++;
      } else {
        pending.add(i);
      }
    }
    if (pending.isEmpty()) {
      return new Outcome(List.of(results), 0, resumed);
    }
    BufferedWriter out = csv == null ? null : openForAppend(csv);
    Object lock = new Object();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, pending.size()),
        r -> {
          Thread th = new Thread(r, "alice-sweep");
          th.setDaemon(true);
          return th;
        });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i : pending) {
        Task t = tasks.get(i);
        futures.add(pool.submit(() -> {
          AliceRun.Result[] box = new AliceRun.Result[1];
          AliceRun.Options o = base.withWidth(t.width()).withDepth(t.depth());
          CpuPool.serially(() -> box[0] = AliceRun.run(t.variant(), t.lambda(), t.seed(), o));
          synchronized (lock) {
            results[i] = box[0];
            if (out != null) {
              out.write(row(box[0]));
              out.write('\n');
              out.flush();
            }
            if (progress != null) {
              progress.accept(box[0]);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException("sweep task failed", c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for sweep runs", e);
        }
      }
    } finally {
      pool.shutdownNow();
      if (out != null) {
        out.close();
      }
    }
    return new Outcome(List.of(results), pending.size(), resumed);
  }

  /** The resume key of a task under {@code iterations} (ALI's λ counts as 0, as its rows say). */
  static String key(Task t, int iterations) {
    double lambda = t.variant() == Variant.ALI ? 0 : t.lambda();
    return key(t.variant().cliName(), lambda, t.seed(), t.width(), t.depth(), iterations);
  }

  private static String key(
      String variant, double lambda, long seed, int width, int depth, int iterations) {
    return variant + "," + lambda + "," + seed + "," + width + "," + depth + "," + iterations;
  }

  /** One CSV row (no newline); doubles as {@link Double#toString} so they read back exactly. */
  static String row(AliceRun.Result r) {
    return String.join(
        ",",
        r.variant().cliName(),
        Double.toString(r.lambda()),
        Long.toString(r.seed()),
        Integer.toString(r.width()),
        Integer.toString(r.depth()),
        Integer.toString(r.iterations()),
        Double.toString(r.score()),
        Double.toString(r.mse()),
        Double.toString(r.mseZ()),
        Integer.toString(r.modes()),
        Double.toString(r.onMode()),
        Double.toString(r.anchorAccuracy()),
        Boolean.toString(r.collapsed()),
        Boolean.toString(r.diverged()),
        Double.toString(r.discLoss()),
        Double.toString(r.genLoss()),
        Double.toString(r.seconds()));
  }

  /** Parses a row written by {@link #row} (line {@code lineNo} of {@code file}, for messages). */
  static AliceRun.Result parse(String line, Path file, int lineNo) {
    String[] f = line.split(",", -1);
    if (f.length != COLUMNS) {
      throw new IllegalArgumentException(
          file + " line " + lineNo + ": " + f.length + " columns, expected " + COLUMNS);
    }
    try {
      return new AliceRun.Result(
          Variant.parse(f[0]),
          Double.parseDouble(f[1]),
          Long.parseLong(f[2]),
          Integer.parseInt(f[3]),
          Integer.parseInt(f[4]),
          Integer.parseInt(f[5]),
          Double.parseDouble(f[6]),
          Double.parseDouble(f[7]),
          Double.parseDouble(f[8]),
          Integer.parseInt(f[9]),
          Double.parseDouble(f[10]),
          Double.parseDouble(f[11]),
          Boolean.parseBoolean(f[12]),
          Boolean.parseBoolean(f[13]),
          Double.parseDouble(f[14]),
          Double.parseDouble(f[15]),
          Double.parseDouble(f[16]),
          null);
    } catch (IllegalArgumentException e) { // NumberFormatException, unknown variant
      throw new IllegalArgumentException(
          file + " line " + lineNo + ": cannot read '" + line + "': " + e.getMessage(), e);
    }
  }

  /**
   * The finished rows of {@code csv} by key (empty if the file is missing or empty); drops a last
   * line without its newline (cut short by a crash) from the file.
   */
  static Map<String, AliceRun.Result> readDone(Path csv) throws IOException {
    Map<String, AliceRun.Result> done = new HashMap<>();
    if (!Files.exists(csv) || Files.size(csv) == 0) {
      return done;
    }
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n') + 1;
    if (end < text.length()) {
      try (FileChannel ch = FileChannel.open(csv, StandardOpenOption.WRITE)) {
        ch.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
      }
      text = text.substring(0, end);
    }
    String[] lines = text.split("\n");
    if (lines.length == 0 || lines[0].isEmpty()) {
      return done;
    }
    if (!lines[0].equals(HEADER)) {
      throw new IllegalArgumentException(
          csv + ": first line is '" + lines[0] + "', expected the header '" + HEADER + "'");
    }
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      AliceRun.Result r = parse(lines[i], csv, i + 1);
      done.put(
          key(r.variant().cliName(), r.lambda(), r.seed(), r.width(), r.depth(), r.iterations()),
          r);
    }
    return done;
  }

  private static BufferedWriter openForAppend(Path csv) throws IOException {
    Path dir = csv.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
    BufferedWriter w =
        Files.newBufferedWriter(
            csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (fresh) {
      w.write(HEADER);
      w.write('\n');
      w.flush();
    }
    return w;
  }
}
