package io.langevin.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA kernels of {@code cuda-src/kernels/langevin_kernels.cu}, loaded from the fatbin {@link
 * CudaProbe#FATBIN} through JCuda's driver API into device 0's primary context, and launched on
 * {@link DeviceArray}s. One instance per JVM ({@link #get()}). Everything runs in order on the
 * legacy default stream: the noise kernels, {@link #queueUpdate} and {@link #launch} only queue
 * work; {@link #update} waits for its step (it reads the non-finite flag back), as do the
 * host↔device copies of {@link DeviceArray} and {@link #synchronize()} ({@link
 * DeviceArray#copyFrom(DeviceArray)} and {@link DeviceArray#fill} are queued in order).
 *
 * <p>Values: the noise kernels give bit for bit the values of {@code ScalarNoise} ({@link #bits},
 * {@link #uniform}, {@link #gaussian}); {@link #update} gives bit for bit the new θ and state of
 * {@code ScalarUpdate.range} for every {@link UpdateRule}, because the element math is the same
 * {@code __host__ __device__} code that {@code CudaHostMathTest} checks on the host against the
 * Java specs, compiled with {@code --fmad=false} from IEEE-exact intrinsics. SGNHT's Σ p'² is summed
 * per thread, per block (tree) and then over blocks in double here, so it differs from the spec's
 * index-order sum by rounding only. Device tests: {@code CudaKernelsTest} (skipped without a GPU).
 *
 * <p>Non-finite values: the device pass stores every element whose new values are all finite and
 * none of an element with a non-finite one, and reports the smallest such index (the index the CPU
 * spec reports). The CPU spec instead stores nothing from that element's 1024-element block on;
 * callers that need its all-or-nothing behaviour run a check pass ({@code write = false}) first.
 */
public final class CudaKernels {
  /** Threads per block of every kernel (the kernels' __launch_bounds__). */
  static final int THREADS = 256;

  /** Blocks per streaming multiprocessor for grid-stride launches. */
  static final int BLOCKS_PER_SM = 16;

  private static CudaKernels instance;
  private static Throwable failure;

  private final CUcontext context = new CUcontext();
  private final CUfunction noiseBits;
  private final CUfunction noiseUniform;
  private final CUfunction noiseGaussian;
  private final CUfunction[] update = new CUfunction[UpdateRule.values().length];
  private final CUfunction[] updateVec = new CUfunction[UpdateRule.values().length];
  private final String deviceName;
  private final int maxBlocks;
  private final CUdeviceptr bad = new CUdeviceptr();
  private final CUdeviceptr partials = new CUdeviceptr();
  private final CUmodule module = new CUmodule();
  private final Map<String, CUfunction> functions = new HashMap<>();
  /** {@link #setElementwiseBlocksPerSm} value for the measured per-rule default. */
  public static final int AUTO = -1;

  private volatile int blocksPerSm = AUTO;
  private boolean queuedSinceRead;

  private CudaKernels() {
    JCudaDriver.setExceptionsEnabled(true);
    cuInit(0);
    CUdevice dev = new CUdevice();
    cuDeviceGet(dev, 0);
    cuDevicePrimaryCtxRetain(context, dev);
    cuCtxSetCurrent(context);
    byte[] name = new byte[256];
    cuDeviceGetName(name, name.length, dev);
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    int[] v = new int[1];
    cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
    int major = v[0];
    cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
    int minor = v[0];
    cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
    maxBlocks = Math.max(1, v[0]) * BLOCKS_PER_SM;
    deviceName =
        new String(name, 0, len, StandardCharsets.US_ASCII) + " (sm_" + major + minor + ")";
    cuModuleLoadData(module, fatbin());
    noiseBits = function(module, "lv_noise_bits");
    noiseUniform = function(module, "lv_noise_uniform");
    noiseGaussian = function(module, "lv_noise_gaussian");
    for (UpdateRule r : UpdateRule.values()) {
      update[r.ordinal()] = function(module, "lv_update_" + r.name().toLowerCase(Locale.ROOT));
      updateVec[r.ordinal()] =
          function(module, "lv_update_" + r.name().toLowerCase(Locale.ROOT) + "_vec");
    }
    cuMemAlloc(bad, 8);
    cuMemsetD32(bad, -1, 2);
    cuMemAlloc(partials, 8L * (maxBlocks + 1)); // interior grid + the ragged quad's block
  }

  /**
   * The kernels of this JVM, loaded on the first call.
   *
   * @throws IllegalStateException when there is no device or fatbin ({@link CudaProbe#reason()}), or
   *     JCuda failed to start (the cause attached); the failure is remembered
   */
  public static synchronized CudaKernels get() {
    if (instance != null) {
      return instance;
    }
    if (failure == null && !CudaProbe.available()) {
      failure = new IllegalStateException(CudaProbe.reason());
    }
    if (failure == null) {
      try {
        instance = new CudaKernels();
        return instance;
      } catch (Throwable t) {
        failure = t;
      }
    }
    throw new IllegalStateException("CUDA kernels unavailable: " + failure.getMessage(), failure);
  }

  /** Whether {@link #get()} succeeds (never throws). */
  public static boolean available() {
    try {
      get();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Device name and compute capability, e.g. {@code NVIDIA H200 (sm_90)}. */
  public String deviceName() {
    return deviceName;
  }

  /** A device array of {@code length} uninitialised 32-bit elements. */
  public DeviceArray alloc(int length) {
    return new DeviceArray(this, length);
  }

  /** A device array holding a copy of {@code host}. */
  public DeviceArray upload(float[] host) {
    return new DeviceArray(this, host.length).copyFrom(host);
  }

  /** Philox words of elements {@code firstIndex .. firstIndex+n-1} into {@code out[0 .. n)}. */
  public synchronized void bits(
      long seed, long step, int stream, long firstIndex, DeviceArray out, int n) {
    noise(noiseBits, seed, step, stream, firstIndex, out, n);
  }

  /** Uniforms in (0, 1] of elements {@code firstIndex .. firstIndex+n-1} into {@code out}. */
  public synchronized void uniform(
      long seed, long step, int stream, long firstIndex, DeviceArray out, int n) {
    noise(noiseUniform, seed, step, stream, firstIndex, out, n);
  }

  /** Standard normals of elements {@code firstIndex .. firstIndex+n-1} into {@code out}. */
  public synchronized void gaussian(
      long seed, long step, int stream, long firstIndex, DeviceArray out, int n) {
    noise(noiseGaussian, seed, step, stream, firstIndex, out, n);
  }

  /**
   * One fused step of {@code rule} ({@code UpdateKernel}'s math) over elements {@code indexBase ..
   * indexBase + n − 1}, {@code n = theta.length()}: array index {@code j} holds element {@code
   * indexBase + j}, whose noise is {@code Noise} Gaussian {@code (p.seed, p.step, p.stream,
   * indexBase + j)}.
   *
   * @param state the rule's state arrays ({@link UpdateRule#stateArrays()} of them, each at least
   *     {@code n} long; extra entries are ignored)
   * @param write whether to store the new values (false: only check)
   * @param result receives the first non-finite element index (or −1) with its old θ and gradient
   *     ({@code badNewTheta} and {@code badValue} are NaN and {@code badOutput} −1: the device does
   *     not report them), and SGNHT's Σ p'²
   */
  public synchronized void update(
      UpdateRule rule,
      UpdateParams p,
      DeviceArray theta,
      DeviceArray grad,
      DeviceArray[] state,
      int indexBase,
      boolean write,
      RangeResult result) {
    result.reset();
    boolean earlier = queuedSinceRead; // the flag may hold an index from those steps
    queuedSinceRead = false;
    int blocks = launchUpdate(rule, p, theta, grad, state, indexBase, write);
    long[] b = new long[1];
    cuMemcpyDtoH(Pointer.to(b), bad, 8);
    if (b[0] != -1L) {
      cuMemsetD32(bad, -1, 2); // the kernels only lower it: reset after a report
      int j = (int) (b[0] - indexBase);
      result.badIndex = (int) b[0];
      boolean here = !earlier && j >= 0 && j < theta.length();
      result.badTheta = here ? theta.get(j) : Float.NaN;
      result.badGrad = here ? grad.get(j) : Float.NaN;
      result.badNewTheta = Float.NaN;
      result.badOutput = -1;
      result.badValue = Float.NaN;
    }
    if (rule == UpdateRule.SGNHT) {
      double[] part = new double[blocks];
      cuMemcpyDtoH(Pointer.to(part), partials, 8L * blocks);
      double sum = 0;
      for (double x : part) {
        sum += x;
      }
      result.sumSquares = sum;
    }
  }

  /**
   * Queues the step of {@link #update} on the default stream and returns at once, reading nothing
   * back: for timing the kernel alone, and for loops that are content to check every few steps. A
   * step that meets a non-finite value leaves that element unchanged, as {@link #update} does, and
   * lowers the device's first-bad-index flag, which the next {@link #update} reports (the smallest
   * bad index of every step since the last report, with {@code badTheta} and {@code badGrad} NaN
   * since the element may belong to another array; {@link #clearNonFinite} forgets it). SGNHT's
   * Σ p'² of a queued step is not returned ({@link #update} returns its own).
   */
  public synchronized void queueUpdate(
      UpdateRule rule,
      UpdateParams p,
      DeviceArray theta,
      DeviceArray grad,
      DeviceArray[] state,
      int indexBase,
      boolean write) {
    launchUpdate(rule, p, theta, grad, state, indexBase, write);
    queuedSinceRead = true;
  }

  /**
   * Forgets any non-finite index that queued steps left in the device's flag (so the next {@link
   * #update} reports only its own step).
   */
  public synchronized void clearNonFinite() {
    makeCurrent();
    cuMemsetD32(bad, -1, 2);
    queuedSinceRead = false;
  }

  /** Checks the arguments, clears the flag, launches; returns the grid size. */
  private int launchUpdate(
      UpdateRule rule,
      UpdateParams p,
      DeviceArray theta,
      DeviceArray grad,
      DeviceArray[] state,
      int indexBase,
      boolean write) {
    if (rule == null || p == null || theta == null || grad == null) {
      throw new IllegalArgumentException(
          "cuda update: rule, params, theta and grad must not be null (rule "
              + rule
              + ", theta "
              + (theta == null ? "null" : theta.length())
              + ", grad "
              + (grad == null ? "null" : grad.length())
              + ")");
    }
    int n = theta.length();
    if (grad.length() < n) {
      throw new IllegalArgumentException(
          "cuda update " + rule + ": gradient length " + grad.length() + " < theta length " + n);
    }
    int ns = rule.stateArrays();
    if (ns > 0 && (state == null || state.length < ns)) {
      throw new IllegalArgumentException(
          "cuda update "
              + rule
              + ": needs "
              + ns
              + " state arrays, found "
              + (state == null ? 0 : state.length));
    }
    for (int k = 0; k < ns; k++) {
      if (state[k] == null) {
        throw new IllegalArgumentException("cuda update " + rule + ": state " + k + " is null");
      }
      if (state[k].length() < n) {
        throw new IllegalArgumentException(
            "cuda update " + rule + ": state " + k + " length " + state[k].length() + " < " + n);
      }
    }
    if (indexBase < 0 || (long) indexBase + n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "cuda update " + rule + ": indexBase " + indexBase + " + n " + n + " outside int range");
    }
    byte[] params = CudaParams.pack(p);
    makeCurrent();
    // aligned start: the interior kernel (float4 only) over the whole quads, then the general
    // kernel over the ragged last quad; otherwise the general kernel over everything
    int quads = indexBase % 4 == 0 ? n / 4 : 0;
    int done = 4 * quads;
    int blocks = quads > 0 ? updateBlocks(rule, indexBase, done) : 0;
    int more = done < n ? updateBlocks(rule, indexBase + done, n - done) : 0;
    if (rule == UpdateRule.SGNHT && blocks + more > maxBlocks + 1) { // its partial-sum buffer
      throw new IllegalStateException(
          "cuda update SGNHT: " + (blocks + more) + " blocks > partial buffer " + (maxBlocks + 1));
    }
    if (quads > 0) {
      launchRule(
          updateVec[rule.ordinal()], blocks, params, theta, grad, state, ns, 0,
          new long[] {indexBase / 4, quads, indexBase}, write, 0);
    }
    if (more > 0) {
      launchRule(
          update[rule.ordinal()], more, params, theta, grad, state, ns, done,
          new long[] {n - done, indexBase + done}, write, blocks);
    }
    return blocks + more;
  }

  /**
   * Launches update kernel {@code f} with the arrays advanced by {@code offset} elements, the
   * given 64-bit size arguments, and its partial sums from {@code partials[partialOffset]} on.
   */
  private void launchRule(
      CUfunction f,
      int blocks,
      byte[] params,
      DeviceArray theta,
      DeviceArray grad,
      DeviceArray[] state,
      int ns,
      int offset,
      long[] sizes,
      boolean write,
      int partialOffset) {
    NativePointerObject[] a = new NativePointerObject[10 + sizes.length];
    a[0] = Pointer.to(params);
    a[1] = Pointer.to(theta.pointer().withByteOffset(4L * offset));
    a[2] = Pointer.to(grad.pointer().withByteOffset(4L * offset));
    for (int k = 0; k < 4; k++) {
      a[3 + k] =
          Pointer.to(k < ns ? state[k].pointer().withByteOffset(4L * offset) : new CUdeviceptr());
    }
    for (int i = 0; i < sizes.length; i++) {
      a[7 + i] = Pointer.to(new long[] {sizes[i]});
    }
    a[7 + sizes.length] = Pointer.to(new int[] {write ? 1 : 0});
    a[8 + sizes.length] = Pointer.to(bad);
    a[9 + sizes.length] = Pointer.to(partials.withByteOffset(8L * partialOffset));
    launchChecked("update", f, blocks, 1, 1, THREADS, 1, 1, 0, Pointer.to(a));
  }

  /**
   * The kernel {@code name} of the fatbin (looked up once, then cached).
   *
   * @throws jcuda.CudaException when the fatbin has no such kernel
   */
  public synchronized CUfunction function(String name) {
    CUfunction f = functions.get(name);
    if (f == null) {
      makeCurrent(); // the lookup needs the context on this thread too
      f = function(module, name);
      functions.put(name, f);
    }
    return f;
  }

  /**
   * Grid of the noise and update kernels (they loop, so any grid gives the same values): {@code 0}
   * launches one thread per four elements; {@code k > 0} at most {@code k} blocks per
   * multiprocessor; {@link #AUTO} (the default) one thread per four elements for the updates that
   * draw no noise, {@link #BLOCKS_PER_SM} per SM for the noise kernels and the updates that draw
   * noise (each the faster on an H200: docs/BENCHMARKS.md).
   * SGNHT always uses at most {@link #BLOCKS_PER_SM} per SM, the size of its partial-sum buffer.
   * For benchmarks comparing grids.
   */
  public void setElementwiseBlocksPerSm(int k) {
    if (k < AUTO) {
      throw new IllegalArgumentException("blocks per SM must be >= -1 (AUTO), found " + k);
    }
    blocksPerSm = k;
  }

  /** Blocks of {@link #THREADS} threads that fill the device for grid-stride loops. */
  public int maxBlocks() {
    return maxBlocks;
  }

  /** Grid size for a grid-stride loop over {@code work} items with {@code threads} per block. */
  public int grid(long work, int threads) {
    return (int) Math.max(1, Math.min(maxBlocks, (work + threads - 1) / threads));
  }

  /**
   * Launches kernel {@code name} on the legacy default stream, asynchronously (launches on it run
   * in order; {@link #synchronize()} waits for them; a launch error surfaces as a {@code
   * CudaException} here or at the next synchronising call). Arguments, in the kernel's order:
   * {@link DeviceArray} (its pointer), {@link DeviceSlice} (pointer plus offset), {@code Integer},
   * {@code Long}, {@code Float}, {@code Double}, or {@code null} (a null pointer).
   */
  public void launch(String name, int grid, int block, int sharedBytes, Object... args) {
    launch3d(name, grid, 1, 1, block, 1, 1, sharedBytes, args);
  }

  /** {@link #launch(String, int, int, int, Object...)} with a 3-D grid and a 3-D block. */
  public void launch3d(
      String name,
      int gridX,
      int gridY,
      int gridZ,
      int blockX,
      int blockY,
      int blockZ,
      int sharedBytes,
      Object... args) {
    CUfunction f = function(name);
    NativePointerObject[] ptrs = new NativePointerObject[args.length];
    for (int i = 0; i < args.length; i++) {
      ptrs[i] = argument(name, i, args[i]);
    }
    makeCurrent();
    Pointer kernelArgs = Pointer.to(ptrs);
    launchChecked(name, f, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, kernelArgs);
  }

  private static Pointer argument(String kernel, int i, Object a) {
    return switch (a) {
      case null -> Pointer.to(new CUdeviceptr());
      case DeviceArray d -> Pointer.to(d.pointer());
      case DeviceSlice s -> Pointer.to(s.pointer());
      case Integer v -> Pointer.to(new int[] {v});
      case Long v -> Pointer.to(new long[] {v});
      case Float v -> Pointer.to(new float[] {v});
      case Double v -> Pointer.to(new double[] {v});
      default ->
          throw new IllegalArgumentException(
              "launch " + kernel + ": argument " + i + " has unsupported type " + a.getClass());
    };
  }

  /** cuLaunchKernel on the default stream; a failure names the kernel and its configuration. */
  private static void launchChecked(
      String name,
      CUfunction f,
      int gridX,
      int gridY,
      int gridZ,
      int blockX,
      int blockY,
      int blockZ,
      int sharedBytes,
      Pointer args) {
    try {
      cuLaunchKernel(f, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, null, args, null);
    } catch (CudaException e) {
      throw new CudaException(
          "launch of "
              + name
              + " (grid "
              + gridX
              + "x"
              + gridY
              + "x"
              + gridZ
              + ", block "
              + blockX
              + "x"
              + blockY
              + "x"
              + blockZ
              + ", shared "
              + sharedBytes
              + " B) failed: "
              + e.getMessage(),
          e);
    }
  }

  /** Waits until every launch and copy issued so far has finished. */
  public void synchronize() {
    makeCurrent();
    JCudaDriver.cuCtxSynchronize();
  }

  /** Makes this instance's context current on the calling thread. */
  void makeCurrent() {
    cuCtxSetCurrent(context);
  }

  private void noise(
      CUfunction f, long seed, long step, int stream, long firstIndex, DeviceArray out, int n) {
    if (step < 0 || step >= (1L << 32)) {
      throw new IllegalArgumentException("cuda noise: step must be in [0, 2^32), found " + step);
    }
    if (firstIndex < 0 || n < 0 || n > out.length() || firstIndex > Long.MAX_VALUE - n - 4) {
      throw new IllegalArgumentException(
          "cuda noise: firstIndex "
              + firstIndex
              + ", n "
              + n
              + " invalid for an output of length "
              + out.length());
    }
    if (n == 0) {
      return;
    }
    makeCurrent();
    Pointer args =
        Pointer.to(
            Pointer.to(new long[] {seed}),
            Pointer.to(new int[] {(int) step}),
            Pointer.to(new int[] {stream}),
            Pointer.to(new long[] {firstIndex}),
            Pointer.to(new long[] {n}),
            Pointer.to(out.pointer()));
    launchChecked("noise", f, noiseBlocks(firstIndex, n), 1, 1, THREADS, 1, 1, 0, args);
  }

  /** Grid size for the Philox blocks (quads) covering {@code [first, first + n)}. */
  private int blocks(long first, long n, int perSm) {
    long quads = ((first + n + 3) >> 2) - (first >> 2);
    long all = Math.max(1, (quads + THREADS - 1) / THREADS);
    long cap = perSm == 0 ? all : (long) perSm * (maxBlocks / BLOCKS_PER_SM);
    return (int) Math.min(cap, all);
  }

  /** Grid of a noise kernel: {@link #AUTO} loops at {@link #BLOCKS_PER_SM} (measured faster). */
  private int noiseBlocks(long first, long n) {
    int p = blocksPerSm;
    return blocks(first, n, p == AUTO ? BLOCKS_PER_SM : p);
  }

  /** Grid of an update: {@link #blocks} with the per-rule default of {@link #AUTO} applied. */
  private int updateBlocks(UpdateRule rule, long first, long n) {
    int p = blocksPerSm;
    if (p == AUTO) {
      // measured on an H200 (docs/BENCHMARKS.md, "Grid policy"): the noisy rules' interior
      // kernels are as fast or faster looping at 16 blocks per SM (Santa Euler far faster), the
      // others with one quad per thread
      p = rule.noisy() ? BLOCKS_PER_SM : 0;
    }
    if (rule == UpdateRule.SGNHT && (p == 0 || p > BLOCKS_PER_SM)) {
      p = BLOCKS_PER_SM; // its grid must fit the partial-sum buffer
    }
    return blocks(first, n, p);
  }

  private static CUfunction function(CUmodule module, String name) {
    CUfunction f = new CUfunction();
    cuModuleGetFunction(f, module, name);
    return f;
  }

  private static byte[] fatbin() {
    try (InputStream in = CudaKernels.class.getResourceAsStream(CudaProbe.FATBIN)) {
      if (in == null) {
        throw new IllegalStateException("resource " + CudaProbe.FATBIN + " not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + CudaProbe.FATBIN, e);
    }
  }
}
