package io.langevin.experiments;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.KernelMode;
import io.langevin.kernels.cuda.CudaProbe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code langevin info}: the JDK, the kernel mode (vector width), threads and CUDA availability. */
@Command(name = "info", description = "Show the JDK, vector width, thread count and CUDA status.")
final class InfoCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    String java = Runtime.version().toString();
    String vm = System.getProperty("java.vm.name") + " (" + System.getProperty("java.vendor") + ")";
    int bits = KernelMode.vectorBits();
    String mode = KernelMode.describe();
    int threads = CpuPool.threads();
    boolean cuda = CudaProbe.available();
    String cudaReason = cuda ? null : CudaProbe.reason();
    System.out.printf("java      %s, %s%n", java, vm);
    System.out.printf("kernels   %s%s%n", mode, bits > 0 ? " (" + bits / 32 + " float lanes)" : "");
    System.out.printf("threads   %d%n", threads);
    System.out.printf("cuda      %s%n", cuda ? "available" : "unavailable: " + cudaReason);
    if (json) {
      System.out.println(
          new JsonObject()
              .put("java", java)
              .put("vectorBits", bits)
              .put("threads", threads)
              .put("cuda", cuda)
              .put("cudaReason", cudaReason));
    }
    return 0;
  }
}
