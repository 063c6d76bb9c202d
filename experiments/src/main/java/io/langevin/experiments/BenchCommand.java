package io.langevin.experiments;

import io.langevin.bench.quick.BenchResult;
import io.langevin.bench.quick.QuickBench;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code langevin bench --quick}: each kernel's GFLOP/s or GB/s beside a limit measured in the same
 * run. The full JMH suite is {@code java -jar bench/target/benchmarks.jar} (see docs/BENCHMARKS.md).
 */
@Command(name = "bench", description = "Measure every kernel quickly against this machine's limits.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "Short in-process run (under a minute); the only mode here.")
  boolean quick;

  @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Kernels to run: ${COMPLETION-CANDIDATES}.",
      completionCandidates = KernelNames.class)
  List<String> only = List.of();

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  static final class KernelNames extends java.util.ArrayList<String> {
    KernelNames() {
      super(QuickBench.KERNELS);
    }
  }

  @Override
  public Integer call() {
    if (!quick) {
      System.err.println(
          "langevin bench: only --quick runs in process; for JMH figures run"
              + " 'java -jar bench/target/benchmarks.jar' (docs/BENCHMARKS.md)");
      return 2;
    }
    Set<String> names = new LinkedHashSet<>(only);
    System.out.printf("%-9s %-20s %3s %12s %-8s %10s %7s  %s%n",
        "kernel", "shape", "thr", "value", "unit", "limit", "ratio", "limit is");
    QuickBench bench = new QuickBench(names, r -> {
      System.out.printf("%-9s %-20s %3d %12.2f %-8s %10.2f %7.3f  %s%n",
          r.kernel(), r.shape(), r.threads(), r.value(), r.unit(), r.limit(), r.ratio(), r.note());
      System.out.flush();
    });
    List<BenchResult> results = bench.run();
    if (json) {
      List<Object> rows = JsonObject.list();
      for (BenchResult r : results) {
        rows.add(new JsonObject()
            .put("kernel", r.kernel())
            .put("shape", r.shape())
            .put("threads", r.threads())
            .put("value", r.value())
            .put("unit", r.unit())
            .put("limit", r.limit())
            .put("ratio", r.ratio()));
      }
      System.out.println(new JsonObject().put("experiment", "bench").put("results", rows));
    }
    return 0;
  }
}
