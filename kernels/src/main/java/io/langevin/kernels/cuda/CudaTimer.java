package io.langevin.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import java.util.Arrays;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;

/**
 * Device time of work queued on the default stream, measured with CUDA events recorded before and
 * after it (so host-side launch overhead counts only where the device waits for it). Warm-up runs
 * first; the median of the repetitions is reported.
 */
public final class CudaTimer {
  private final CudaKernels cuda;

  public CudaTimer(CudaKernels cuda) {
    this.cuda = cuda;
  }

  /**
   * Median device milliseconds of one run of {@code body} over {@code reps} timed runs after {@code
   * warmup} untimed ones; each timed run is {@code inner} calls of {@code body} between one pair of
   * events (use {@code inner > 1} for launches shorter than a few microseconds), divided by {@code
   * inner}.
   */
  public double medianMillis(Runnable body, int warmup, int reps, int inner) {
    if (reps < 1 || inner < 1 || warmup < 0) {
      throw new IllegalArgumentException(
          "timer: need reps >= 1, inner >= 1, warmup >= 0; got " + reps + ", " + inner + ", "
              + warmup);
    }
    for (int i = 0; i < warmup; i++) {
      body.run();
    }
    cuda.synchronize();
    CUevent start = new CUevent();
    CUevent end = new CUevent();
    cuda.makeCurrent();
    cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
    double[] ms = new double[reps];
    float[] t = new float[1];
    CUstream stream = new CUstream();
    boolean endMade = false;
    try {
      cuEventCreate(end, CUevent_flags.CU_EVENT_DEFAULT);
      endMade = true;
      for (int r = 0; r < reps; r++) {
        cuEventRecord(start, stream);
        for (int i = 0; i < inner; i++) {
          body.run();
        }
        cuEventRecord(end, stream);
        cuEventSynchronize(end);
        cuEventElapsedTime(t, start, end);
        ms[r] = t[0] / (double) inner;
      }
    } finally {
      cuEventDestroy(start);
      if (endMade) {
        cuEventDestroy(end);
      }
    }
    Arrays.sort(ms);
    return reps % 2 == 1 ? ms[reps / 2] : 0.5 * (ms[reps / 2 - 1] + ms[reps / 2]);
  }
}
