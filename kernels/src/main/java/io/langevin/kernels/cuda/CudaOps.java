package io.langevin.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import jcuda.Pointer;

/**
 * The device side of the nn layers' training passes (Linear, Conv2d, ReLU, MaxPool2d, softmax
 * cross-entropy): launchers of the kernels in {@code cuda-src/kernels/train_ops.cuh}, over {@link
 * DeviceArray}s with element offsets. Matrix products are {@link CudaGemm}'s. Every method only
 * queues work on the legacy default stream (asynchronous, in order) except the copies ({@link
 * #upload}, {@link #download}) and {@link #readDouble}, which wait. Arguments are checked on the
 * host (sizes ≥ 0, every range inside its array, geometry as {@link Geometry}); a bad one throws
 * {@link IllegalArgumentException} with the numbers. Values the host cannot see (labels on the
 * device) are checked by the kernels (a bad label gives NaN).
 *
 * <p>What each op matches (float arithmetic is IEEE round-to-nearest, never contracted):
 *
 * <ul>
 *   <li>{@link #relu}, {@link #reluBackward}: {@code ScalarElementwise.relu/reluBackward} bit for
 *       bit ({@code Math.max(x, 0f)}; {@code dx = x > 0 ? dy : 0});
 *   <li>{@link #biasAdd}: {@code Elementwise.addRowVector} / conv2d's {@code addScalar}, bit for
 *       bit; {@link #biasGradRows}, {@link #biasGradPlanes}: {@code db += (float) Σ dy} with the
 *       sum in double (a fixed tree), so within float rounding of Ops.linear's row-by-row float sum
 *       and bit for bit with conv2d's double sum up to the summation order;
 *   <li>{@link #softmaxCrossEntropy}: {@code ScalarSoftmaxCrossEntropy.forward/backward} (double
 *       exp/log, probabilities rounded once): the gradient bit for bit but for a last-ulp
 *       difference between the device's and Java's double exp, the loss to double rounding;
 *   <li>{@link #im2col}, {@link #col2im}: {@code ScalarIm2col} bit for bit, both layouts;
 *   <li>{@link #channelsToNchw}, {@link #nchwToChannels}: conv2d's layout copies (with its bias);
 *   <li>{@link #maxPool}, {@link #maxPoolBackward}: ConvOps.maxPool2d, ties to the first element in
 *       row-major order, argmax indices relative to the input, gradients added in output order;
 *   <li>{@link #fill}, {@link #axpy}: {@code x = v}; {@code y = fma(α, x, y)}.
 * </ul>
 *
 * <p>Launches: {@link CudaKernels#THREADS} threads a block; elementwise kernels one thread per
 * element in a grid-stride loop ({@link CudaKernels#grid}); the column sums one block per 32
 * columns or per channel; softmax one warp per row; the loss mean one block. Test: {@code
 * CudaOpsTest} (needs a device).
 */
public final class CudaOps {
  private static final int T = CudaKernels.THREADS;

  private final CudaKernels cuda;

  public CudaOps(CudaKernels cuda) {
    if (cuda == null) {
      throw new IllegalArgumentException("CudaOps: null CudaKernels");
    }
    this.cuda = cuda;
  }

  /** The kernels these ops launch on. */
  public CudaKernels kernels() {
    return cuda;
  }

  // ---------------------------------------------------------------- copies (synchronous)

  /** Copies {@code src[srcOff .. srcOff+n)} to {@code dst[dstOff .. dstOff+n)} on the device. */
  public void upload(float[] src, int srcOff, DeviceArray dst, int dstOff, int n) {
    hostRange("upload", "src", src.length, srcOff, n);
    range("upload", "dst", dst, dstOff, n);
    if (n == 0) {
      return;
    }
    cuda.makeCurrent();
    cuMemcpyHtoD(
        dst.pointer().withByteOffset(4L * dstOff),
        Pointer.to(src).withByteOffset(4L * srcOff),
        4L * n);
  }

  /** Copies the ints {@code src[srcOff .. srcOff+n)} to {@code dst[dstOff ..)} as 32-bit words. */
  public void upload(int[] src, int srcOff, DeviceArray dst, int dstOff, int n) {
    hostRange("upload", "src", src.length, srcOff, n);
    range("upload", "dst", dst, dstOff, n);
    if (n == 0) {
      return;
    }
    cuda.makeCurrent();
    cuMemcpyHtoD(
        dst.pointer().withByteOffset(4L * dstOff),
        Pointer.to(src).withByteOffset(4L * srcOff),
        4L * n);
  }

  /** Copies {@code src[srcOff .. srcOff+n)} into {@code dst[dstOff .. dstOff+n)} (waits). */
  public void download(DeviceArray src, int srcOff, float[] dst, int dstOff, int n) {
    range("download", "src", src, srcOff, n);
    hostRange("download", "dst", dst.length, dstOff, n);
    if (n == 0) {
      return;
    }
    cuda.makeCurrent();
    cuMemcpyDtoH(
        Pointer.to(dst).withByteOffset(4L * dstOff),
        src.pointer().withByteOffset(4L * srcOff),
        4L * n);
  }

  /** Copies the 32-bit words {@code src[srcOff .. srcOff+n)} into {@code dst} (waits). */
  public void download(DeviceArray src, int srcOff, int[] dst, int dstOff, int n) {
    range("download", "src", src, srcOff, n);
    hostRange("download", "dst", dst.length, dstOff, n);
    if (n == 0) {
      return;
    }
    cuda.makeCurrent();
    cuMemcpyDtoH(
        Pointer.to(dst).withByteOffset(4L * dstOff),
        src.pointer().withByteOffset(4L * srcOff),
        4L * n);
  }

  /**
   * The double held in elements {@code 2i, 2i+1} of {@code a} (e.g. the loss written by {@link
   * #softmaxCrossEntropy}); waits for every queued launch (8 bytes copied).
   */
  public double readDouble(DeviceArray a, int i) {
    if (i < 0 || 2L * i + 2 > a.length()) {
      throw new IllegalArgumentException(
          "readDouble: double " + i + " outside an array of " + a.length() + " 32-bit elements");
    }
    double[] one = new double[1];
    cuda.makeCurrent();
    cuMemcpyDtoH(Pointer.to(one), a.pointer().withByteOffset(8L * i), 8L);
    return one[0];
  }

  // ---------------------------------------------------------------- elementwise

  /** {@code x[off .. off+n) = value}. */
  public void fill(DeviceArray x, int off, int n, float value) {
    range("fill", "x", x, off, n);
    if (n > 0) {
      cuda.launch("lv_train_fill", cuda.grid(n, T), T, 0, (long) n, value, x.at(off));
    }
  }

  /** {@code y[yOff + i] = fma(alpha, x[xOff + i], y[yOff + i])}, {@code i < n}. */
  public void axpy(int n, float alpha, DeviceArray x, int xOff, DeviceArray y, int yOff) {
    range("axpy", "x", x, xOff, n);
    range("axpy", "y", y, yOff, n);
    if (n > 0) {
      cuda.launch("lv_train_axpy", cuda.grid(n, T), T, 0, (long) n, alpha, x.at(xOff), y.at(yOff));
    }
  }

  /** {@code y = Math.max(x, 0f)} elementwise over n elements (y may be x). */
  public void relu(int n, DeviceArray x, int xOff, DeviceArray y, int yOff) {
    range("relu", "x", x, xOff, n);
    range("relu", "y", y, yOff, n);
    if (n > 0) {
      cuda.launch("lv_train_relu", cuda.grid(n, T), T, 0, (long) n, x.at(xOff), y.at(yOff));
    }
  }

  /** {@code dx = x > 0 ? dy : 0} over n elements; x is the ReLU's input (dx may be dy). */
  public void reluBackward(
      int n, DeviceArray x, int xOff, DeviceArray dy, int dyOff, DeviceArray dx, int dxOff) {
    range("reluBackward", "x", x, xOff, n);
    range("reluBackward", "dy", dy, dyOff, n);
    range("reluBackward", "dx", dx, dxOff, n);
    if (n > 0) {
      cuda.launch(
          "lv_train_relu_backward",
          cuda.grid(n, T),
          T,
          0,
          (long) n,
          x.at(xOff),
          dy.at(dyOff),
          dx.at(dxOff));
    }
  }

  // ---------------------------------------------------------------- bias

  /**
   * {@code y[(i·f + j)·p + q] += b[j]} for {@code i < n, j < f, q < p}: a Linear bias ({@code n}
   * rows, {@code f} outputs, {@code p = 1}) or a Conv2d bias ({@code [N, F, OH·OW]}).
   */
  public void biasAdd(int n, int f, int p, DeviceArray y, int yOff, DeviceArray b, int bOff) {
    long total = planes("biasAdd", n, f, p);
    range("biasAdd", "y", y, yOff, total);
    range("biasAdd", "b", b, bOff, f);
    if (total > 0) {
      cuda.launch(
          "lv_train_bias_add",
          cuda.grid(total, T),
          T,
          0,
          (long) n,
          f,
          (long) p,
          y.at(yOff),
          b.at(bOff));
    }
  }

  /**
   * {@code db[j] = db[j] + (float) Σ_r dy[r·cols + j]} (sum in double) for the {@code rows × cols}
   * output gradient of a Linear layer. One block per 32 columns.
   */
  public void biasGradRows(
      int rows, int cols, DeviceArray dy, int dyOff, DeviceArray db, int dbOff) {
    long total = planes("biasGradRows", rows, cols, 1);
    range("biasGradRows", "dy", dy, dyOff, total);
    range("biasGradRows", "db", db, dbOff, cols);
    if (cols > 0) {
      int blocks = (int) Math.min(cuda.maxBlocks(), (cols + 31L) / 32);
      cuda.launch(
          "lv_train_bias_grad_rows", blocks, T, 0, (long) rows, cols, dy.at(dyOff), db.at(dbOff));
    }
  }

  /**
   * {@code db[j] = db[j] + (float) Σ_{i,q} dy[(i·f + j)·p + q]} (sum in double) for the NCHW output
   * gradient {@code [n, f, p]} of a Conv2d layer. One block per channel.
   */
  public void biasGradPlanes(
      int n, int f, int p, DeviceArray dy, int dyOff, DeviceArray db, int dbOff) {
    long total = planes("biasGradPlanes", n, f, p);
    range("biasGradPlanes", "dy", dy, dyOff, total);
    range("biasGradPlanes", "db", db, dbOff, f);
    if (f > 0) {
      int blocks = Math.min(cuda.maxBlocks(), f);
      cuda.launch(
          "lv_train_bias_grad_planes",
          blocks,
          T,
          0,
          (long) n,
          f,
          (long) p,
          dy.at(dyOff),
          db.at(dbOff));
    }
  }

  // ---------------------------------------------------------------- softmax cross-entropy

  /**
   * Fused softmax cross-entropy of {@code logits [rows, cols]} against the int labels (32-bit
   * words, {@link #upload(int[], int, DeviceArray, int, int)}): writes {@code dlogits[r, c] =
   * (softmax − onehot)·scale} (pass {@code scale = 1f / rows} for the mean loss, as {@code
   * ScalarSoftmaxCrossEntropy.backward} with {@code dloss = 1}; dlogits may be logits), the row
   * losses as doubles into {@code rowLoss} (scratch of at least {@code 2·rows} elements) and their
   * mean, a double, into elements 0 and 1 of {@code loss} ({@link #readDouble}{@code (loss, 0)}). A
   * label outside {@code [0, cols)} gives a NaN loss and a NaN gradient row. Two launches: one warp
   * per row, then one block for the mean.
   */
  public void softmaxCrossEntropy(
      int rows,
      int cols,
      DeviceArray logits,
      int logitsOff,
      DeviceArray labels,
      int labelsOff,
      float scale,
      DeviceArray rowLoss,
      DeviceArray loss,
      DeviceArray dlogits,
      int dlogitsOff) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: needs rows >= 1 and cols >= 1, got rows=" + rows + " cols=" + cols);
    }
    long total = (long) rows * cols;
    range("softmaxCrossEntropy", "logits", logits, logitsOff, total);
    range("softmaxCrossEntropy", "labels", labels, labelsOff, rows);
    range("softmaxCrossEntropy", "dlogits", dlogits, dlogitsOff, total);
    range("softmaxCrossEntropy", "rowLoss (2 per row)", rowLoss, 0, 2L * rows);
    range("softmaxCrossEntropy", "loss (2 for one double)", loss, 0, 2);
    cuda.launch(
        "lv_train_softmax_xent",
        cuda.grid(32L * rows, T),
        T,
        0,
        (long) rows,
        cols,
        logits.at(logitsOff),
        labels.at(labelsOff),
        scale,
        rowLoss,
        dlogits.at(dlogitsOff));
    cuda.launch("lv_train_mean", 1, T, 0, (long) rows, rowLoss, loss);
  }

  // ---------------------------------------------------------------- im2col / col2im

  /**
   * The column matrices of {@code batch} NCHW images {@code x[xOff ..]} into {@code cols[colsOff
   * ..]} in {@code layout} ({@link io.langevin.kernels.conv.Im2colKernel}): every entry written.
   */
  public void im2col(
      Geometry g,
      int batch,
      BatchLayout layout,
      DeviceArray x,
      int xOff,
      DeviceArray cols,
      int colsOff) {
    convRanges("im2col", g, batch, layout, x, xOff, cols, colsOff);
    long total = (long) batch * g.colSize();
    if (total > 0) {
      Object[] a = geometryArgs(g, batch, layout, x.at(xOff), null, cols.at(colsOff));
      cuda.launch("lv_train_im2col", cuda.grid(total, T), T, 0, a);
    }
  }

  /**
   * col2im: each pixel of the {@code batch} images {@code x[xOff ..]} becomes {@code (accumulate ?
   * x : 0)} plus its column entries, added in ScalarIm2col's order. One thread per pixel.
   */
  public void col2im(
      Geometry g,
      int batch,
      BatchLayout layout,
      DeviceArray cols,
      int colsOff,
      DeviceArray x,
      int xOff,
      boolean accumulate) {
    convRanges("col2im", g, batch, layout, x, xOff, cols, colsOff);
    long total = (long) batch * g.imageSize();
    if (total > 0) {
      Object[] a = geometryArgs(g, batch, layout, cols.at(colsOff), accumulate ? 1 : 0, x.at(xOff));
      cuda.launch("lv_train_col2im", cuda.grid(total, T), T, 0, a);
    }
  }

  /**
   * {@code y[(i·f + j)·p + q] = wide[(j·n + i)·p + q] (+ b[j])}: conv2d's channel-major GEMM output
   * {@code f × n·p} to NCHW {@code [n, f, p]}, plus the bias when {@code b != null}.
   */
  public void channelsToNchw(
      int n,
      int f,
      int p,
      DeviceArray wide,
      int wideOff,
      DeviceArray b,
      int bOff,
      DeviceArray y,
      int yOff) {
    long total = planes("channelsToNchw", n, f, p);
    range("channelsToNchw", "wide", wide, wideOff, total);
    range("channelsToNchw", "y", y, yOff, total);
    if (b != null) {
      range("channelsToNchw", "b", b, bOff, f);
    }
    if (total > 0) {
      cuda.launch(
          "lv_train_channels_to_nchw",
          cuda.grid(total, T),
          T,
          0,
          (long) n,
          f,
          (long) p,
          wide.at(wideOff),
          b == null ? null : b.at(bOff),
          y.at(yOff));
    }
  }

  /**
   * {@code wide[(j·n + i)·p + q] = y[(i·f + j)·p + q]}: NCHW {@code [n, f, p]} to {@code f × n·p}.
   */
  public void nchwToChannels(
      int n, int f, int p, DeviceArray y, int yOff, DeviceArray wide, int wideOff) {
    long total = planes("nchwToChannels", n, f, p);
    range("nchwToChannels", "y", y, yOff, total);
    range("nchwToChannels", "wide", wide, wideOff, total);
    if (total > 0) {
      cuda.launch(
          "lv_train_nchw_to_channels",
          cuda.grid(total, T),
          T,
          0,
          (long) n,
          f,
          (long) p,
          y.at(yOff),
          wide.at(wideOff));
    }
  }

  // ---------------------------------------------------------------- max pooling

  /** Output height (and width) of pooling {@code size} by {@code k} windows moved by stride. */
  public static int poolOut(int size, int k, int stride) {
    return (size - k) / stride + 1;
  }

  /**
   * Max pooling of {@code planes} planes {@code h × w} ({@code x[xOff ..]}) over {@code k × k}
   * windows moved by {@code stride}, no padding: {@code y [planes, oh, ow]}, and {@code arg}
   * (32-bit ints) the argmax of each window relative to {@code xOff}. One thread per output.
   */
  public void maxPool(
      int planes,
      int h,
      int w,
      int k,
      int stride,
      DeviceArray x,
      int xOff,
      DeviceArray y,
      int yOff,
      DeviceArray arg,
      int argOff) {
    long outs = poolChecks("maxPool", planes, h, w, k, stride);
    range("maxPool", "x", x, xOff, (long) planes * h * w);
    range("maxPool", "y", y, yOff, outs);
    range("maxPool", "arg", arg, argOff, outs);
    if (outs > 0) {
      cuda.launch(
          "lv_train_maxpool",
          cuda.grid(outs, T),
          T,
          0,
          (long) planes,
          h,
          w,
          k,
          stride,
          poolOut(h, k, stride),
          poolOut(w, k, stride),
          x.at(xOff),
          y.at(yOff),
          arg.at(argOff));
    }
  }

  /**
   * Max-pooling backward: every input pixel of {@code dx[dxOff ..]} becomes {@code (accumulate ? dx
   * : 0)} plus {@code dy[o]} for each output o whose argmax it is, in increasing o. One thread per
   * input pixel.
   */
  public void maxPoolBackward(
      int planes,
      int h,
      int w,
      int k,
      int stride,
      DeviceArray dy,
      int dyOff,
      DeviceArray arg,
      int argOff,
      DeviceArray dx,
      int dxOff,
      boolean accumulate) {
    long outs = poolChecks("maxPoolBackward", planes, h, w, k, stride);
    long in = (long) planes * h * w;
    range("maxPoolBackward", "dy", dy, dyOff, outs);
    range("maxPoolBackward", "arg", arg, argOff, outs);
    range("maxPoolBackward", "dx", dx, dxOff, in);
    if (in > 0) {
      cuda.launch(
          "lv_train_maxpool_backward",
          cuda.grid(in, T),
          T,
          0,
          (long) planes,
          h,
          w,
          k,
          stride,
          poolOut(h, k, stride),
          poolOut(w, k, stride),
          dy.at(dyOff),
          arg.at(argOff),
          accumulate ? 1 : 0,
          dx.at(dxOff));
    }
  }

  // ---------------------------------------------------------------- checks

  private static long poolChecks(String op, int planes, int h, int w, int k, int stride) {
    if (planes < 0 || h < 1 || w < 1 || k < 1 || stride < 1 || k > h || k > w) {
      throw new IllegalArgumentException(
          op
              + ": need planes >= 0, 1 <= k <= h, w and stride >= 1; got planes="
              + planes
              + " h="
              + h
              + " w="
              + w
              + " k="
              + k
              + " stride="
              + stride);
    }
    long in = (long) planes * h * w;
    if (in > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          op
              + ": "
              + planes
              + " planes of "
              + h
              + "x"
              + w
              + " exceed 2^31 - 1 elements (int argmax)");
    }
    return (long) planes * poolOut(h, k, stride) * poolOut(w, k, stride);
  }

  private static long planes(String op, int n, int f, int p) {
    if (n < 0 || f < 0 || p < 0) {
      throw new IllegalArgumentException(op + ": negative size n=" + n + " f=" + f + " p=" + p);
    }
    return (long) n * f * p;
  }

  private static void convRanges(
      String op,
      Geometry g,
      int batch,
      BatchLayout layout,
      DeviceArray x,
      int xOff,
      DeviceArray cols,
      int colsOff) {
    if (g == null || layout == null) {
      throw new IllegalArgumentException(op + ": null geometry or layout");
    }
    if (batch < 0) {
      throw new IllegalArgumentException(op + ": negative batch=" + batch);
    }
    range(
        op,
        "x (" + batch + " images of " + g.imageSize() + ")",
        x,
        xOff,
        (long) batch * g.imageSize());
    range(
        op,
        "cols (" + batch + " matrices of " + g.colRows() + "x" + g.outSize() + ")",
        cols,
        colsOff,
        (long) batch * g.colSize());
  }

  /** The kernel arguments of im2col/col2im: geometry, batch, layout, in, [flag], out. */
  private static Object[] geometryArgs(
      Geometry g, int batch, BatchLayout layout, DeviceSlice in, Integer flag, DeviceSlice out) {
    Object[] head = {
      g.channels(),
      g.height(),
      g.width(),
      g.kernelH(),
      g.kernelW(),
      g.strideH(),
      g.strideW(),
      g.padH(),
      g.padW(),
      g.outH(),
      g.outW(),
      (long) batch,
      layout == BatchLayout.WIDE ? 1 : 0,
      in
    };
    Object[] a = new Object[head.length + (flag == null ? 1 : 2)];
    System.arraycopy(head, 0, a, 0, head.length);
    if (flag != null) {
      a[head.length] = flag;
    }
    a[a.length - 1] = out;
    return a;
  }

  private static void range(String op, String what, DeviceArray a, int off, long n) {
    if (a == null) {
      throw new IllegalArgumentException(op + ": " + what + " is null");
    }
    if (n < 0 || off < 0 || off + n > a.length()) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " needs elements ["
              + off
              + ", "
              + (off + n)
              + ") but the device array holds "
              + a.length());
    }
  }

  private static void hostRange(String op, String what, int length, int off, int n) {
    if (n < 0 || off < 0 || (long) off + n > length) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " needs elements ["
              + off
              + ", "
              + ((long) off + n)
              + ") but the host array holds "
              + length);
    }
  }
}
