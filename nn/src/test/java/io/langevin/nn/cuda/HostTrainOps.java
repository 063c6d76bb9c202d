package io.langevin.nn.cuda;

import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.conv.ScalarIm2col;
import io.langevin.kernels.gemm.Gemm;

/**
 * The host twin of {@link DeviceTrainOps}: every operation written in Java the way its kernel in
 * {@code train_ops.cuh} computes it (same float operations, same summation trees: 8 row partials
 * per column, the 256-thread block tree with warp shuffles, the warp butterfly of the softmax), so
 * that {@link TrainPass} — the wiring of the device passes — is tested here without a device, and
 * with the rounding the device will have. GEMM: {@link #NAIVE} mirrors the device's {@code
 * lv_sgemm*} kernels, which compute each output as one float fma chain in index order (the tiling
 * changes only which thread does it); otherwise the CPU's {@link Gemm#sgemm}. Labels and argmaxes
 * are stored as raw int bits in the float buffers.
 */
final class HostTrainOps implements TrainOps<float[]> {
  private static final int THREADS = 256;

  /** Whether {@link #sgemm} mirrors the device's per-element fma chains (else the CPU GEMM). */
  final boolean naive;

  static final boolean NAIVE = true;

  HostTrainOps(boolean naive) {
    this.naive = naive;
  }

  @Override
  public float[] alloc(int length) {
    float[] b = new float[length];
    java.util.Arrays.fill(b, Float.NaN); // poison: nothing may read what was never written
    return b;
  }

  @Override
  public void free(float[] b) {}

  @Override
  public void upload(float[] src, float[] dst, int n) {
    System.arraycopy(src, 0, dst, 0, n);
  }

  @Override
  public void uploadInts(int[] src, float[] dst, int n) {
    for (int i = 0; i < n; i++) {
      dst[i] = Float.intBitsToFloat(src[i]);
    }
  }

  @Override
  public void download(float[] src, float[] dst, int n) {
    System.arraycopy(src, 0, dst, 0, n);
  }

  @Override
  public void fill(float[] x, int n, float v) {
    java.util.Arrays.fill(x, 0, n, v);
  }

  @Override
  public void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    if (!naive) {
      Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float dot = 0f;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          dot = Math.fma(av, bv, dot);
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0f ? alpha * dot : Math.fma(beta, c[ci], alpha * dot);
      }
    }
  }

  @Override
  public void biasAdd(int n, int f, int p, float[] y, float[] bias, int bOff) {
    long total = (long) n * f * p;
    for (int e = 0; e < total; e++) {
      y[e] = y[e] + bias[bOff + (e / p) % f];
    }
  }

  @Override
  public void biasGradRows(int rows, int cols, float[] dy, float[] db, int dbOff) {
    for (int j = 0; j < cols; j++) {
      double[] part = new double[8];
      for (int ty = 0; ty < 8; ty++) {
        for (int r = ty; r < rows; r += 8) {
          part[ty] += dy[r * cols + j];
        }
      }
      double t = part[0];
      for (int q = 1; q < 8; q++) {
        t += part[q];
      }
      db[dbOff + j] = db[dbOff + j] + (float) t;
    }
  }

  @Override
  public void biasGradPlanes(int n, int f, int p, float[] dy, float[] db, int dbOff) {
    long np = (long) n * p;
    for (int j = 0; j < f; j++) {
      double[] s = new double[THREADS];
      for (int t = 0; t < THREADS; t++) {
        for (long e = t; e < np; e += THREADS) {
          long i = e / p;
          long q = e - i * p;
          s[t] += dy[(int) ((i * f + j) * p + q)];
        }
      }
      db[dbOff + j] = db[dbOff + j] + (float) blockSum(s);
    }
  }

  /**
   * lv_train_block_sum: shuffle-down trees per warp, then over the warp sums (thread 0's value).
   */
  static double blockSum(double[] v) {
    int warps = v.length / 32;
    double[] w = new double[32];
    for (int wp = 0; wp < warps; wp++) {
      double[] lane = new double[32];
      System.arraycopy(v, wp * 32, lane, 0, 32);
      w[wp] = shuffleDownTree(lane);
    }
    double[] lane = new double[32];
    System.arraycopy(w, 0, lane, 0, warps);
    return shuffleDownTree(lane);
  }

  /** Lane 0 after {@code v += shfl_down(v, o)} for o = 16, 8, 4, 2, 1. */
  private static double shuffleDownTree(double[] lane) {
    double[] v = lane.clone();
    for (int o = 16; o > 0; o >>= 1) {
      double[] next = new double[32];
      for (int l = 0; l < 32; l++) {
        next[l] = v[l] + (l + o < 32 ? v[l + o] : v[l]);
      }
      v = next;
    }
    return v[0];
  }

  @Override
  public void relu(int n, float[] x, float[] y) {
    for (int i = 0; i < n; i++) {
      y[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public void reluBackward(int n, float[] x, float[] dy, float[] dx) {
    for (int i = 0; i < n; i++) {
      dx[i] = x[i] > 0f ? dy[i] : 0f;
    }
  }

  @Override
  public void softmaxCrossEntropy(
      int rows,
      int cols,
      float[] logits,
      float[] labels,
      float scale,
      float[] rowLoss,
      float[] loss,
      float[] dlogits) {
    double[] losses = new double[rows];
    for (int r = 0; r < rows; r++) {
      int x = r * cols;
      float m = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        m = Math.max(m, logits[x + c]);
      }
      double[] lane = new double[32];
      for (int c = 0; c < cols; c++) {
        lane[c % 32] += Math.exp((double) logits[x + c] - m);
      }
      for (int o = 16; o > 0; o >>= 1) { // butterfly: every lane ends with the same sum
        double[] next = new double[32];
        for (int l = 0; l < 32; l++) {
          next[l] = lane[l] + lane[l ^ o];
        }
        lane = next;
      }
      double s = lane[0];
      int label = Float.floatToRawIntBits(labels[r]);
      double xl = logits[x + label];
      for (int c = 0; c < cols; c++) {
        float prob = (float) (Math.exp((double) logits[x + c] - m) / s);
        dlogits[x + c] = (prob - (c == label ? 1f : 0f)) * scale;
      }
      losses[r] = Math.log(s) - (xl - m);
      long bits = Double.doubleToRawLongBits(losses[r]);
      rowLoss[2 * r] = Float.intBitsToFloat((int) bits);
      rowLoss[2 * r + 1] = Float.intBitsToFloat((int) (bits >>> 32));
    }
    double[] t = new double[THREADS];
    for (int i = 0; i < rows; i++) {
      t[i % THREADS] += losses[i];
    }
    long bits = Double.doubleToRawLongBits(blockSum(t) / rows);
    loss[0] = Float.intBitsToFloat((int) bits);
    loss[1] = Float.intBitsToFloat((int) (bits >>> 32));
  }

  @Override
  public double readDouble(float[] b) {
    long lo = Float.floatToRawIntBits(b[0]) & 0xffffffffL;
    long hi = Float.floatToRawIntBits(b[1]) & 0xffffffffL;
    return Double.longBitsToDouble(lo | (hi << 32));
  }

  @Override
  public void im2colWide(Geometry g, int batch, float[] x, float[] cols) {
    new ScalarIm2col().im2col(g, batch, BatchLayout.WIDE, x, 0, cols, 0);
  }

  @Override
  public void col2imWide(Geometry g, int batch, float[] cols, float[] x) {
    java.util.Arrays.fill(x, 0, batch * g.imageSize(), 0f);
    new ScalarIm2col().col2im(g, batch, BatchLayout.WIDE, cols, 0, x, 0);
  }

  @Override
  public void channelsToNchw(int n, int f, int p, float[] wide, float[] bias, int bOff, float[] y) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        for (int q = 0; q < p; q++) {
          y[(i * f + j) * p + q] = wide[(j * n + i) * p + q] + bias[bOff + j];
        }
      }
    }
  }

  @Override
  public void nchwToChannels(int n, int f, int p, float[] y, float[] wide) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        for (int q = 0; q < p; q++) {
          wide[(j * n + i) * p + q] = y[(i * f + j) * p + q];
        }
      }
    }
  }

  @Override
  public void maxPool(
      int planes, int h, int w, int k, int stride, float[] x, float[] y, float[] arg) {
    int oh = (h - k) / stride + 1;
    int ow = (w - k) / stride + 1;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int o = (pl * oh + i) * ow + j;
          int top = pl * h * w + i * stride * w + j * stride;
          int best = top;
          float bv = x[top];
          for (int a = 0; a < k; a++) {
            for (int c = 0; c < k; c++) {
              int idx = top + a * w + c;
              if (x[idx] > bv) {
                best = idx;
                bv = x[idx];
              }
            }
          }
          y[o] = bv;
          arg[o] = Float.intBitsToFloat(best);
        }
      }
    }
  }

  @Override
  public void maxPoolBackward(
      int planes, int h, int w, int k, int stride, float[] dy, float[] arg, float[] dx) {
    int oh = (h - k) / stride + 1;
    int ow = (w - k) / stride + 1;
    java.util.Arrays.fill(dx, 0, planes * h * w, 0f);
    for (int o = 0; o < planes * oh * ow; o++) { // scatter in o order = the kernel's gather order
      int idx = Float.floatToRawIntBits(arg[o]);
      dx[idx] = dx[idx] + dy[o];
    }
  }
}
