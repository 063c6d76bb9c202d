package io.langevin.kernels.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fixed CPU thread pool every multi-threaded kernel shares.
 *
 * <p>Work is split into chunks whose boundaries depend only on the problem size and a grain chosen
 * by the kernel, never on the thread count. A kernel that combines per-chunk partial results in
 * chunk order therefore gives the same bits on 1 or N threads.
 *
 * <p>The thread count is {@code -Dlangevin.threads=N} (default: available processors). The calling
 * thread takes part in the work, so nested calls cannot deadlock: a caller finishes every unclaimed
 * chunk itself and only waits for chunks other threads already started.
 */
public final class CpuPool {

  /** Body of a parallel loop over the index range {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** Body of a parallel loop over chunk numbers {@code 0 .. chunks-1}. */
  @FunctionalInterface
  public interface ChunkBody {
    void run(int chunk);
  }

  private static final int THREADS = configuredThreads();
  private static final ExecutorService WORKERS = THREADS > 1 ? newWorkers(THREADS - 1) : null;

  private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

  private CpuPool() {}

  /**
   * Runs {@code action} with every kernel it calls on this thread executed on this thread alone,
   * chunk by chunk in order: the "1 thread" configuration, for benchmarks and determinism tests.
   */
  public static void serially(Runnable action) {
    boolean was = SERIAL.get();
    SERIAL.set(true);
    try {
      action.run();
    } finally {
      SERIAL.set(was);
    }
  }

  /** True when kernels called from this thread run on it alone (see {@link #serially}). */
  public static boolean isSerial() {
    return WORKERS == null || SERIAL.get();
  }

  /** Number of threads kernels may use, including the caller. */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body} over {@code [0, n)} cut into chunks of {@code grain} indices (the last one
   * ragged). Runs inline when there is one chunk or one thread.
   */
  public static void forRange(int n, int grain, RangeBody body) {
    if (n < 0 || grain <= 0) {
      throw new IllegalArgumentException("forRange: n=" + n + " grain=" + grain);
    }
    int chunks = (int) ((n + (long) grain - 1) / grain);
    forChunks(chunks, c -> body.run(c * grain, (int) Math.min(n, (long) c * grain + grain)));
  }

  /** Runs {@code body} once for every chunk number in {@code [0, chunks)}, in any order. */
  public static void forChunks(int chunks, ChunkBody body) {
    if (chunks <= 0) {
      return;
    }
    if (chunks == 1 || isSerial()) {
      for (int c = 0; c < chunks; c++) {
        body.run(c);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable drain =
        () -> {
          int c;
          while ((c = next.getAndIncrement()) < chunks) {
            try {
              if (failure.get() == null) {
                body.run(c);
              }
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              done.countDown();
            }
          }
        };
    int helpers = Math.min(THREADS - 1, chunks - 1);
    for (int h = 0; h < helpers; h++) {
      WORKERS.execute(drain);
    }
    drain.run();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for kernel chunks", e);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private static int configuredThreads() {
    String prop = System.getProperty("langevin.threads");
    if (prop == null || prop.isBlank()) {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
    try {
      int t = Integer.parseInt(prop.trim());
      if (t < 1) {
        throw new NumberFormatException();
      }
      return t;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-Dlangevin.threads must be a positive integer, found '" + prop + "'");
    }
  }

  private static ExecutorService newWorkers(int n) {
    AtomicInteger id = new AtomicInteger();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "langevin-cpu-" + id.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
