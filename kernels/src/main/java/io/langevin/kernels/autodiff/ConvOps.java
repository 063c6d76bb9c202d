package io.langevin.kernels.autodiff;

import io.langevin.kernels.conv.Im2col;
import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.elementwise.Elementwise;
import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.gemm.Gemm;
import io.langevin.kernels.random.Noise;
import io.langevin.kernels.tensor.Tensor;

/**
 * Differentiable convolution, pooling and noise-injection ops for the {@link Tape}, next to {@link
 * Ops} and with the same rules: forward now in float32, a hand-written backward recorded as a
 * closure that ADDS into the inputs' gradient buffers, {@link IllegalArgumentException} naming the
 * shapes on bad input.
 *
 * <ul>
 *   <li>{@link #conv2d}: NCHW images, weights {@code [F, C, KH, KW]}, bias {@code [F]}, as im2col
 *       ({@link Im2col}, {@link BatchLayout#WIDE}: one {@code C·KH·KW × N·OH·OW} column matrix for
 *       the batch, kept for the backward pass, {@code 4·N·C·KH·KW·OH·OW} bytes) and one {@link
 *       Gemm#sgemm} for the whole batch in the forward and weight-gradient directions; the column
 *       gradient {@code Wᵀ·dY} and its col2im run block by block of images ({@link
 *       #imagesPerBlock}, ≤ 512 KB of columns, kept in cache); the channel-major GEMM output is
 *       transposed to NCHW (and the output gradient back).
 *   <li>{@link #maxPool2d} (argmax index per output saved; ties go to the first window element in
 *       row-major order) and {@link #avgPool2d}: square windows, no padding, {@code out = (in − k)
 *       / stride + 1}.
 *   <li>{@link #dropout}, {@link #gaussianDropout}, {@link #dropConnect}: multiplication by a
 *       random mask that is a pure function of {@code (seed, step, stream, index)} through {@link
 *       Noise} (Philox4x32-10), element {@code i} of the input using noise index {@code i}; so the
 *       same call gives the same mask on any thread count or backend.
 * </ul>
 *
 * <p>The plane loops (bias addition and the NCHW ↔ channel-major copies of {@link #conv2d},
 * pooling forward and backward) split over {@link CpuPool} by {@code (image, channel)} planes once
 * the work is large enough ({@link #planeGrain}); planes are independent (each writes its own
 * outputs and input-gradient plane, no shared accumulation) and every plane is processed in the
 * same order as serially, so results are bit-identical on any thread count.
 *
 * <p>Tested against float64 references and central differences in {@code ConvOpsGradientCheckTest};
 * 1-thread vs pool bit-identity in {@code ConvOpsThreadingTest}.
 */
public final class ConvOps {
  private ConvOps() {}

  // ---------------------------------------------------------------- convolution

  /**
   * 2-D convolution (cross-correlation, as in every deep-learning framework): x {@code [N, C, H,
   * W]}, w {@code [F, C, KH, KW]}, b {@code [F]} or {@code null}; y {@code [N, F, OH, OW]} with
   * {@code OH = (H + 2·pad − KH) / stride + 1} (likewise OW), {@code y[n,f,oh,ow] = b[f] +
   * Σ_{c,ki,kj} w[f,c,ki,kj] · x[n, c, oh·stride − pad + ki, ow·stride − pad + kj]} (0 outside the
   * image). Backward: {@code dW += Σ_n dY_n · cols_nᵀ}, {@code dX += col2im(Wᵀ · dY_n)}, {@code db
   * += Σ_{n,p} dY}.
   */
  public static Var conv2d(Var x, Var w, Var b, int stride, int pad) {
    Tape t = b == null ? Ops.tapeOf("conv2d", x, w) : Ops.tapeOf("conv2d", x, w, b);
    if (x.rank() != 4
        || w.rank() != 4
        || x.value().dim(1) != w.value().dim(1)
        || (b != null && (b.rank() != 1 || b.value().dim(0) != w.value().dim(0)))) {
      throw new IllegalArgumentException(
          "conv2d: x "
              + Ops.shape(x)
              + ", w "
              + Ops.shape(w)
              + ", b "
              + (b == null ? "none" : Ops.shape(b))
              + " do not fit x [N, C, H, W], w [F, C, KH, KW], b [F]");
    }
    if (stride < 1 || pad < 0) {
      throw new IllegalArgumentException(
          "conv2d: need stride >= 1 and pad >= 0, got stride=" + stride + " pad=" + pad);
    }
    int n = x.value().dim(0);
    int c = x.value().dim(1);
    int h = x.value().dim(2);
    int wd = x.value().dim(3);
    int f = w.value().dim(0);
    int kh = w.value().dim(2);
    int kw = w.value().dim(3);
    if (h + 2 * pad < kh || wd + 2 * pad < kw) {
      throw new IllegalArgumentException(
          "conv2d: kernel "
              + kh
              + "x"
              + kw
              + " is larger than the padded image "
              + (h + 2 * pad)
              + "x"
              + (wd + 2 * pad)
              + " (x "
              + Ops.shape(x)
              + ", pad "
              + pad
              + ")");
    }
    Geometry g = new Geometry(c, h, wd, kh, kw, stride, stride, pad, pad);
    int r = g.colRows();
    int p = g.outSize();
    long colsLen = (long) n * r * p;
    if (colsLen > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "conv2d: column matrices of "
              + colsLen
              + " floats for x "
              + Ops.shape(x)
              + " exceed an array");
    }
    float[] cols = t.scratch((int) colsLen); // every entry written by im2col
    Im2col.im2col(g, n, BatchLayout.WIDE, x.value().data(), x.value().offset(), cols, 0);
    Var y =
        b == null
            ? t.activation(new int[] {n, f, g.outH(), g.outW()}, x, w)
            : t.activation(new int[] {n, f, g.outH(), g.outW()}, x, w, b);
    float[] yv = y.value().data();
    float[] wv = w.value().data();
    int wo = w.value().offset();
    int np = n * p;
    float[] wide = t.scratch(f * np); // Y_wide (F × N·P) = W (F×R) · cols (R × N·P), beta 0
    Gemm.sgemm(false, false, f, np, r, 1f, wv, wo, r, cols, 0, np, 0f, wide, 0, np);
    float[] bv = b == null ? null : b.value().data();
    int bo = b == null ? 0 : b.value().offset();
    CpuPool.forRange( // channel-major → NCHW, plus the bias; plane pl = (image i, filter ff)
        n * f,
        planeGrain(n * f, p),
        (from, to) -> {
          for (int pl = from; pl < to; pl++) {
            int i = pl / f;
            int ff = pl - i * f;
            int dst = pl * p;
            if (bv != null) { // y = wide + b[f], one pass
              Elementwise.addScalar(bv[bo + ff], wide, (ff * n + i) * p, yv, dst, p);
            } else {
              System.arraycopy(wide, (ff * n + i) * p, yv, dst, p);
            }
          }
        });
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          float[] dyWide = t.scratch(f * np); // NCHW → channel-major F × N·P, every entry
          CpuPool.forRange(
              n * f,
              planeGrain(n * f, p),
              (from, to) -> {
                for (int pl = from; pl < to; pl++) {
                  int i = pl / f;
                  int ff = pl - i * f;
                  System.arraycopy(dy, pl * p, dyWide, (ff * n + i) * p, p);
                }
              });
          if (w.requiresGrad()) { // dW (F×R) += dY_wide (F × N·P) · colsᵀ
            Tensor gw = w.gradForAccumulate();
            Gemm.sgemm(
                false,
                true,
                f,
                r,
                np,
                1f,
                dyWide,
                0,
                np,
                cols,
                0,
                np,
                1f,
                gw.data(),
                gw.offset(),
                r);
          }
          if (x.requiresGrad()) { // dcols (R × N·P) = Wᵀ · dY_wide; dX += col2im(dcols)
            // Block by block of images, so that a block's column gradient stays in cache between
            // the GEMM that writes it and col2im that reads it: the same values as one GEMM for
            // the batch (each element sums over the F filters in the same order).
            int blk = imagesPerBlock(n, (long) r * p);
            float[] dcols = t.scratch(r * blk * p); // written by the GEMM (beta 0)
            Tensor gx = x.gradForAccumulate();
            for (int i0 = 0; i0 < n; i0 += blk) {
              int nb = Math.min(blk, n - i0);
              int w0 = nb * p;
              Gemm.sgemm(true, false, r, w0, f, 1f, wv, wo, r, dyWide, i0 * p, np, 0f, dcols, 0,
                  w0);
              Im2col.col2im(g, nb, BatchLayout.WIDE, dcols, 0, gx.data(),
                  gx.offset() + i0 * g.imageSize());
            }
          }
          if (b != null && b.requiresGrad()) { // db[f] += Σ_{i,q} dY[i,f,q], in double
            Tensor gb = b.gradForAccumulate();
            float[] gd = gb.data();
            int go = gb.offset();
            CpuPool.forRange( // each filter's sum is independent and keeps its serial order
                f,
                planeGrain(f, np),
                (from, to) -> {
                  for (int ff = from; ff < to; ff++) {
                    gd[go + ff] += (float) sumInDouble(dyWide, ff * np, np);
                  }
                });
          }
        });
    return y;
  }

  // ---------------------------------------------------------------- pooling

  /**
   * Max pooling over {@code k × k} windows moved by {@code stride}, no padding: x {@code [N, C, H,
   * W]} → {@code [N, C, (H − k)/stride + 1, (W − k)/stride + 1]}. The position of each window's
   * maximum (the first one in row-major order on ties) is saved; backward adds dy there.
   */
  public static Var maxPool2d(Var x, int k, int stride) {
    return pool("maxPool2d", x, k, stride, true);
  }

  /**
   * Average pooling over {@code k × k} windows moved by {@code stride}, no padding; backward adds
   * {@code dy / k²} to every element of the window.
   */
  public static Var avgPool2d(Var x, int k, int stride) {
    return pool("avgPool2d", x, k, stride, false);
  }

  private static Var pool(String op, Var x, int k, int stride, boolean max) {
    Tape t = Ops.tapeOf(op, x);
    if (x.rank() != 4) {
      throw new IllegalArgumentException(op + ": x " + Ops.shape(x) + " is not [N, C, H, W]");
    }
    int n = x.value().dim(0);
    int c = x.value().dim(1);
    int h = x.value().dim(2);
    int wd = x.value().dim(3);
    if (k < 1 || stride < 1 || k > h || k > wd) {
      throw new IllegalArgumentException(
          op
              + ": need 1 <= k <= H, W and stride >= 1; got k="
              + k
              + " stride="
              + stride
              + " for x "
              + Ops.shape(x));
    }
    int oh = (h - k) / stride + 1;
    int ow = (wd - k) / stride + 1;
    Var y = t.activation(new int[] {n, c, oh, ow}, x);
    float[] xv = x.value().data();
    int xo = x.value().offset();
    float[] yv = y.value().data();
    int planes = n * c;
    int[] arg = max ? new int[planes * oh * ow] : null;
    float inv = 1f / (k * k);
    int grain = planeGrain(planes, oh * ow);
    CpuPool.forRange(
        planes,
        grain,
        (from, to) -> poolForward(xv, xo, yv, arg, from, to, h, wd, oh, ow, k, stride, inv));
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          float[] gd = gx.data();
          int go = gx.offset();
          CpuPool.forRange(
              planes,
              grain,
              (from, to) -> poolBackward(dy, gd, go, arg, from, to, h, wd, oh, ow, k, stride, inv));
        });
    return y;
  }

  /**
   * Forward pooling of planes {@code [from, to)}; max when {@code arg != null} (saving each
   * window's argmax, relative to {@code xo}), else average.
   */
  private static void poolForward(
      float[] xv,
      int xo,
      float[] yv,
      int[] arg,
      int from,
      int to,
      int h,
      int wd,
      int oh,
      int ow,
      int k,
      int stride,
      float inv) {
    boolean max = arg != null;
    if (max && k == 2 && stride == 2) {
      maxPool2x2(xv, xo, yv, arg, from, to, h, wd, oh, ow);
      return;
    }
    for (int pl = from; pl < to; pl++) {
      int in0 = xo + pl * h * wd;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int o = (pl * oh + i) * ow + j;
          int top = in0 + i * stride * wd + j * stride;
          if (max) {
            int best = top;
            float bv = xv[top];
            for (int a = 0; a < k; a++) {
              for (int bb = 0; bb < k; bb++) {
                int idx = top + a * wd + bb;
                float v = xv[idx];
                boolean gt = v > bv; // branch-free select (conditional moves)
                best = gt ? idx : best;
                bv = gt ? v : bv;
              }
            }
            yv[o] = bv;
            arg[o] = best - xo;
          } else {
            float s = 0f;
            for (int a = 0; a < k; a++) {
              for (int bb = 0; bb < k; bb++) {
                s += xv[top + a * wd + bb];
              }
            }
            yv[o] = s * inv;
          }
        }
      }
    }
  }

  /**
   * {@link #poolForward} for the common 2×2, stride-2 max pooling, unrolled: the same four
   * comparisons in the same order (row-major, strict {@code >}), so the same maxima and argmaxes.
   */
  private static void maxPool2x2(
      float[] xv, int xo, float[] yv, int[] arg, int from, int to, int h, int wd, int oh, int ow) {
    for (int pl = from; pl < to; pl++) {
      int in0 = xo + pl * h * wd;
      for (int i = 0; i < oh; i++) {
        int o = (pl * oh + i) * ow;
        int top = in0 + 2 * i * wd;
        for (int j = 0; j < ow; j++, o++, top += 2) {
          int best = top;
          float bv = xv[top];
          float v = xv[top + 1];
          boolean gt = v > bv;
          best = gt ? top + 1 : best;
          bv = gt ? v : bv;
          v = xv[top + wd];
          gt = v > bv;
          best = gt ? top + wd : best;
          bv = gt ? v : bv;
          v = xv[top + wd + 1];
          gt = v > bv;
          best = gt ? top + wd + 1 : best;
          bv = gt ? v : bv;
          yv[o] = bv;
          arg[o] = best - xo;
        }
      }
    }
  }

  /**
   * Backward pooling of planes {@code [from, to)}: the outputs of a plane only touch that plane's
   * input gradient, in the same order as a serial loop over all outputs.
   */
  private static void poolBackward(
      float[] dy,
      float[] gd,
      int go,
      int[] arg,
      int from,
      int to,
      int h,
      int wd,
      int oh,
      int ow,
      int k,
      int stride,
      float inv) {
    if (arg != null) {
      for (int o = from * oh * ow; o < to * oh * ow; o++) {
        gd[go + arg[o]] += dy[o];
      }
      return;
    }
    for (int pl = from; pl < to; pl++) {
      int in0 = go + pl * h * wd;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          float d = dy[(pl * oh + i) * ow + j] * inv;
          int top = in0 + i * stride * wd + j * stride;
          for (int a = 0; a < k; a++) {
            for (int bb = 0; bb < k; bb++) {
              gd[top + a * wd + bb] += d;
            }
          }
        }
      }
    }
  }

  /**
   * Images per block of a blocked column-gradient pass: as many as keep the block's column matrix
   * ({@code perImage} floats an image) within {@value #BLOCK_FLOATS} floats, at least one; a
   * function of the sizes only.
   */
  static int imagesPerBlock(int n, long perImage) {
    return (int) Math.max(1, Math.min(n, BLOCK_FLOATS / Math.max(1, perImage)));
  }

  /** Floats of a column-matrix block (512 KB: half of this machine's L2). */
  private static final long BLOCK_FLOATS = 1L << 17;

  /**
   * {@code Σ v[from .. from+len)} in double: four interleaved partial sums (elements i ≡ 0, 1, 2, 3
   * mod 4), added as {@code (s0 + s1) + (s2 + s3)}, then the tail in order; independent add chains
   * instead of one.
   */
  static double sumInDouble(float[] v, int from, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + len;
    for (; i + 4 <= end; i += 4) {
      s0 += v[i];
      s1 += v[i + 1];
      s2 += v[i + 2];
      s3 += v[i + 3];
    }
    double s = (s0 + s1) + (s2 + s3);
    for (; i < end; i++) {
      s += v[i];
    }
    return s;
  }

  /**
   * Planes per chunk for a loop over {@code planes} independent planes of {@code perPlane} elements:
   * all planes in one chunk (run inline) below 2 planes or {@value #PARALLEL_MIN} elements, else
   * about {@value #CHUNK_ELEMENTS} elements a chunk. Depends only on the sizes, never on the thread
   * count.
   */
  static int planeGrain(int planes, int perPlane) {
    long total = (long) planes * perPlane;
    if (planes < 2 || total < PARALLEL_MIN) {
      return Math.max(1, planes);
    }
    return (int) Math.max(1, Math.min(planes, CHUNK_ELEMENTS / Math.max(1, perPlane)));
  }

  /** Fewest elements worth splitting over the pool. */
  private static final int PARALLEL_MIN = 16_384;

  /** Target elements per chunk. */
  private static final int CHUNK_ELEMENTS = 8_192;

  // ---------------------------------------------------------------- noise injection

  /**
   * Inverted (Bernoulli) dropout: {@code y_i = x_i · m_i}, {@code m_i = 1/(1−p)} when the uniform
   * {@code u_i = Noise.uniform(seed, step, stream, i) ∈ (0, 1]} exceeds p (probability {@code 1 −
   * p}, up to the 2⁻²⁴ resolution of u), else 0; so {@code E[y] = x}. Backward: {@code dx += dy ·
   * m}. Needs {@code 0 ≤ p < 1}; p = 0 keeps everything.
   */
  public static Var dropout(Var x, float p, long seed, long step, int stream) {
    return multiplyByMask("dropout", x, bernoulliMask("dropout", x, p, seed, step, stream));
  }

  /**
   * DropConnect's masked weight: the same Bernoulli mask and inverted scaling as {@link #dropout},
   * applied to a weight tensor w (e.g. a linear layer's {@code [out, in]}); its backward masks the
   * gradient ({@code dw += dy · m}). Feed the result to {@link Ops#linear} in place of w.
   */
  public static Var dropConnect(Var w, float p, long seed, long step, int stream) {
    return multiplyByMask("dropConnect", w, bernoulliMask("dropConnect", w, p, seed, step, stream));
  }

  /**
   * Gaussian dropout: {@code y_i = x_i · (1 + σ·ε_i)}, {@code σ = sqrt(p/(1−p))}, {@code ε_i =
   * Noise.gaussian(seed, step, stream, i)}; the multiplicative noise has mean 1 and variance {@code
   * p/(1−p)}, the variance of the inverted Bernoulli mask with drop rate p (Srivastava et al. 2014,
   * §10). Backward: {@code dx += dy · (1 + σ·ε)}. Needs {@code 0 ≤ p < 1}.
   */
  public static Var gaussianDropout(Var x, float p, long seed, long step, int stream) {
    checkRate("gaussianDropout", x, p);
    int n = x.size();
    float[] m = new float[n];
    Noise.gaussian(seed, step, stream, 0, m, 0, n);
    float sigma = (float) Math.sqrt(p / (1.0 - p));
    for (int i = 0; i < n; i++) {
      m[i] = 1f + sigma * m[i];
    }
    return multiplyByMask("gaussianDropout", x, m);
  }

  private static float[] bernoulliMask(
      String op, Var x, float p, long seed, long step, int stream) {
    checkRate(op, x, p);
    int n = x.size();
    float[] m = new float[n];
    Noise.uniform(seed, step, stream, 0, m, 0, n);
    float keep = (float) (1.0 / (1.0 - p));
    for (int i = 0; i < n; i++) {
      m[i] = m[i] > p ? keep : 0f;
    }
    return m;
  }

  private static void checkRate(String op, Var x, float p) {
    Ops.tapeOf(op, x);
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException(
          op + ": rate p must be in [0, 1), got " + p + " (input " + Ops.shape(x) + ")");
    }
  }

  /** {@code y = x ⊙ m}; {@code dx += dy ⊙ m}. */
  private static Var multiplyByMask(String op, Var x, float[] m) {
    Tape t = Ops.tapeOf(op, x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    int xo = x.value().offset();
    float[] yv = y.value().data();
    for (int i = 0; i < m.length; i++) {
      yv[i] = xv[xo + i] * m[i];
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          float[] gd = gx.data();
          int go = gx.offset();
          for (int i = 0; i < m.length; i++) {
            gd[go + i] += dy[i] * m[i];
          }
        });
    return y;
  }
}
