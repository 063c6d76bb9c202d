package io.langevin.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.langevin.kernels.autodiff.ConvOps;
import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.conv.ScalarIm2col;
import io.langevin.kernels.elementwise.ScalarElementwise;
import io.langevin.kernels.nnops.ScalarSoftmaxCrossEntropy;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaOps} on a device against the Java computations, on random inputs (never zeros) of
 * ragged sizes, at non-zero offsets, with every output poisoned with NaN before the kernel (so an
 * unwritten element fails): ReLU and its backward bit for bit with {@link ScalarElementwise}
 * (including ±0, NaN, ±∞, subnormals); fill and axpy bit for bit; the bias add bit for bit; the
 * bias gradients (row and plane sums in double) within an ulp of the index-order double sum; the
 * softmax cross-entropy gradient within 2 ulp of itself (+ 1 ulp·scale at the label) of {@link
 * ScalarSoftmaxCrossEntropy}, at least 99 % bit-identical (counting
 * exact matches), the mean loss within 1e-12 of a double reference, bad labels giving NaN, the
 * in-place form; im2col and col2im (both layouts, stride, padding, non-square kernels, with and
 * without accumulation) bit for bit with {@link ScalarIm2col}; the conv layout copies bit for bit;
 * max pooling forward and backward bit for bit with {@link ConvOps#maxPool2d} (ties from a 4-valued
 * input, overlapping windows, a NaN), the argmax with a plain loop; argument errors with the
 * numbers. Skipped, with the reason, without a CUDA device.
 */
class CudaOpsTest {
  private static CudaKernels cuda;
  private static CudaOps ops;

  @BeforeEach
  void device() {
    Assumptions.assumeTrue(CudaKernels.available(), "no CUDA backend here: " + Backend.reason());
    if (cuda == null) {
      cuda = CudaKernels.get();
      ops = new CudaOps(cuda);
      System.out.println("[cuda] CudaOpsTest on " + cuda.deviceName());
    }
  }

  private static final int[] SIZES = {1, 7, 13, 31, 255, 256, 257, 1021, 4099, (1 << 20) + 3};

  private static float[] gaussian(SplittableRandom r, int n, double scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      double v = r.nextDouble();
      x[i] = (float) (scale * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v));
    }
    return x;
  }

  /** A device array holding {@code pad} NaNs, then {@code host}, then {@code pad} NaNs. */
  private static DeviceArray padded(float[] host, int pad) {
    float[] h = new float[host.length + 2 * pad];
    Arrays.fill(h, Float.NaN);
    System.arraycopy(host, 0, h, pad, host.length);
    return cuda.upload(h);
  }

  /** A device array of {@code n + 2·pad} NaNs. */
  private static DeviceArray poisoned(int n, int pad) {
    return cuda.alloc(n + 2 * pad).fill(Float.NaN);
  }

  private static float[] read(DeviceArray a, int off, int n) {
    float[] out = new float[n];
    ops.download(a, off, out, 0, n);
    return out;
  }

  private static void assertBits(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what + ": length");
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])
          && !(Float.isNaN(want[i]) && Float.isNaN(got[i]))) {
        fail(
            what
                + ": element "
                + i
                + " of "
                + want.length
                + ": expected "
                + want[i]
                + " ("
                + Integer.toHexString(Float.floatToRawIntBits(want[i]))
                + "), got "
                + got[i]
                + " ("
                + Integer.toHexString(Float.floatToRawIntBits(got[i]))
                + ")");
      }
    }
  }

  /** The pad elements around {@code [pad, pad + n)} are still NaN (nothing written outside). */
  private static void assertUntouched(DeviceArray a, int pad, int n, String what) {
    float[] all = a.toFloats();
    for (int i = 0; i < pad; i++) {
      assertTrue(
          Float.isNaN(all[i]) && Float.isNaN(all[pad + n + i]),
          what + ": wrote outside its range at pad element " + i);
    }
  }

  // ---------------------------------------------------------------- elementwise

  @Test
  void reluAndItsBackwardAreBitExact() {
    SplittableRandom r = new SplittableRandom(1);
    ScalarElementwise spec = new ScalarElementwise();
    float[] special = {
      0f,
      -0f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      1e-40f,
      -1e-40f
    };
    for (int n : SIZES) {
      float[] x = gaussian(r, n, 1);
      for (int i = 0; i < Math.min(n, special.length); i++) {
        x[r.nextInt(n)] = special[i];
      }
      float[] dy = gaussian(r, n, 2);
      float[] y = new float[n];
      float[] dx = new float[n];
      spec.relu(x, 0, y, 0, n);
      spec.reluBackward(x, 0, dy, 0, dx, 0, n);
      int pad = 3;
      try (DeviceArray dX = padded(x, pad);
          DeviceArray dDy = padded(dy, pad);
          DeviceArray out = poisoned(n, pad)) {
        ops.relu(n, dX, pad, out, pad);
        assertBits(y, read(out, pad, n), "relu n=" + n);
        assertUntouched(out, pad, n, "relu n=" + n);
        out.fill(Float.NaN);
        ops.reluBackward(n, dX, pad, dDy, pad, out, pad);
        assertBits(dx, read(out, pad, n), "reluBackward n=" + n);
        assertUntouched(out, pad, n, "reluBackward n=" + n);
      }
    }
  }

  @Test
  void fillAndAxpyAreBitExact() {
    SplittableRandom r = new SplittableRandom(2);
    for (int n : SIZES) {
      float[] x = gaussian(r, n, 1);
      float[] y = gaussian(r, n, 1);
      float alpha = (float) r.nextDouble(-2, 2);
      float[] want = new float[n];
      for (int i = 0; i < n; i++) {
        want[i] = Math.fma(alpha, x[i], y[i]);
      }
      try (DeviceArray dX = padded(x, 2);
          DeviceArray dY = padded(y, 5)) {
        ops.axpy(n, alpha, dX, 2, dY, 5);
        assertBits(want, read(dY, 5, n), "axpy n=" + n);
        assertUntouched(dY, 5, n, "axpy n=" + n);
        ops.fill(dY, 5, n, 1.25f);
        float[] ones = new float[n];
        Arrays.fill(ones, 1.25f);
        assertBits(ones, read(dY, 5, n), "fill n=" + n);
        assertUntouched(dY, 5, n, "fill n=" + n);
      }
    }
  }

  // ---------------------------------------------------------------- bias

  private static final int[][] PLANES = {
    {1, 1, 1},
    {7, 10, 1},
    {33, 500, 1},
    {1000, 3, 1},
    {9, 33, 1},
    {3, 20, 576},
    {5, 7, 13},
    {32, 50, 64},
    {2, 300, 3}
  };

  @Test
  void biasAddIsBitExact() {
    SplittableRandom r = new SplittableRandom(3);
    for (int[] c : PLANES) {
      int n = c[0];
      int f = c[1];
      int p = c[2];
      int total = n * f * p;
      float[] y = gaussian(r, total, 1);
      float[] b = gaussian(r, f, 1);
      float[] want = new float[total];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < f; j++) {
          for (int q = 0; q < p; q++) {
            int e = (i * f + j) * p + q;
            want[e] = y[e] + b[j];
          }
        }
      }
      try (DeviceArray dY = padded(y, 4);
          DeviceArray dB = padded(b, 1)) {
        ops.biasAdd(n, f, p, dY, 4, dB, 1);
        assertBits(want, read(dY, 4, total), "biasAdd " + Arrays.toString(c));
        assertUntouched(dY, 4, total, "biasAdd " + Arrays.toString(c));
      }
    }
  }

  @Test
  void biasGradientsAreColumnAndPlaneSums() {
    SplittableRandom r = new SplittableRandom(4);
    for (int[] c : PLANES) {
      int n = c[0];
      int f = c[1];
      int p = c[2];
      int total = n * f * p;
      float[] dy = gaussian(r, total, 1);
      float[] db0 = gaussian(r, f, 1);
      float[] want = new float[f];
      float[] sums = new float[f];
      for (int j = 0; j < f; j++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          for (int q = 0; q < p; q++) {
            s += dy[(i * f + j) * p + q];
          }
        }
        sums[j] = (float) s;
        want[j] = db0[j] + (float) s;
      }
      try (DeviceArray dDy = padded(dy, 2);
          DeviceArray dDb = padded(db0, 3)) {
        ops.biasGradPlanes(n, f, p, dDy, 2, dDb, 3);
        assertWithinUlp(want, sums, read(dDb, 3, f), "biasGradPlanes " + Arrays.toString(c));
        assertUntouched(dDb, 3, f, "biasGradPlanes");
        if (p == 1) {
          ops.upload(db0, 0, dDb, 3, f);
          ops.biasGradRows(n, f, dDy, 2, dDb, 3);
          assertWithinUlp(want, sums, read(dDb, 3, f), "biasGradRows " + Arrays.toString(c));
          assertUntouched(dDb, 3, f, "biasGradRows");
        }
      }
    }
  }

  /** |got − want| ≤ ulp(sum) + ulp(want): the double sums differ in order only. */
  private static void assertWithinUlp(float[] want, float[] sums, float[] got, String what) {
    for (int j = 0; j < want.length; j++) {
      double tol = Math.ulp(sums[j]) + Math.ulp(want[j]);
      if (!(Math.abs(got[j] - want[j]) <= tol)) {
        fail(
            what
                + ": column "
                + j
                + ": expected "
                + want[j]
                + ", got "
                + got[j]
                + " (tol "
                + tol
                + ")");
      }
    }
  }

  // ---------------------------------------------------------------- softmax cross-entropy

  @Test
  void softmaxCrossEntropyMatchesTheSpec() {
    SplittableRandom r = new SplittableRandom(5);
    int[][] cases = {
      {1, 1}, {7, 10}, {33, 10}, {5, 31}, {4, 32}, {3, 33}, {2, 1000}, {1000, 10}, {300, 65}
    };
    ScalarSoftmaxCrossEntropy spec = new ScalarSoftmaxCrossEntropy();
    long exact = 0;
    long all = 0;
    for (int[] c : cases) {
      int rows = c[0];
      int cols = c[1];
      float[] logits = gaussian(r, rows * cols, 3);
      int[] labels = new int[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = r.nextInt(cols);
      }
      float scale = 1f / rows;
      float[] probs = new float[rows * cols];
      spec.forward(rows, cols, logits, 0, labels, 0, probs, 0);
      float[] want = new float[rows * cols];
      spec.backward(rows, cols, probs, 0, labels, 0, 1f, want, 0, false);
      double wantLoss = 0;
      for (int i = 0; i < rows; i++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < cols; k++) {
          m = Math.max(m, logits[i * cols + k]);
        }
        double s = 0;
        for (int k = 0; k < cols; k++) {
          s += Math.exp(logits[i * cols + k] - m);
        }
        wantLoss += Math.log(s) - (logits[i * cols + labels[i]] - m);
      }
      wantLoss /= rows;
      String what = "softmax rows=" + rows + " cols=" + cols;
      try (DeviceArray dL = padded(logits, 1);
          DeviceArray dY = cuda.alloc(rows + 2);
          DeviceArray rowLoss = cuda.alloc(2 * rows);
          DeviceArray loss = cuda.alloc(2).fill(Float.NaN);
          DeviceArray dG = poisoned(rows * cols, 2)) {
        ops.upload(labels, 0, dY, 2, rows);
        ops.softmaxCrossEntropy(rows, cols, dL, 1, dY, 2, scale, rowLoss, loss, dG, 2);
        double got = ops.readDouble(loss, 0);
        assertEquals(wantLoss, got, 1e-12 * Math.max(1, Math.abs(wantLoss)), what + ": loss");
        float[] g = read(dG, 2, rows * cols);
        for (int i = 0; i < g.length; i++) {
          // both round exp(x − max)/Σ (double, sums in another order) to float: the probability may
          // differ in its last bit, so the gradient by 2 ulp of itself; the label's p − 1 adds one
          // rounding at 1 (2026-11-28 on an H200: every element was bit-identical)
          boolean label = i % cols == labels[i / cols];
          double tol = 2 * Math.ulp(Math.abs(want[i])) + (label ? Math.ulp(1f) * scale : 0);
          if (!(Math.abs(g[i] - want[i]) <= tol)) {
            fail(what + ": dlogits[" + i + "] expected " + want[i] + ", got " + g[i]
                + " (tolerance " + tol + ")");
          }
          exact += Float.floatToRawIntBits(g[i]) == Float.floatToRawIntBits(want[i]) ? 1 : 0;
          all++;
        }
        assertUntouched(dG, 2, rows * cols, what);
        // in place: the gradient over the logits
        ops.softmaxCrossEntropy(rows, cols, dL, 1, dY, 2, scale, rowLoss, loss, dL, 1);
        assertEquals(got, ops.readDouble(loss, 0), 0.0, what + ": in-place loss");
        assertBits(g, read(dL, 1, rows * cols), what + ": in-place gradient");
        // a bad label gives NaN
        if (rows > 1) {
          ops.upload(new int[] {cols}, 0, dY, 2 + rows - 1, 1);
          ops.upload(logits, 0, dL, 1, rows * cols);
          ops.softmaxCrossEntropy(rows, cols, dL, 1, dY, 2, scale, rowLoss, loss, dG, 2);
          assertTrue(Double.isNaN(ops.readDouble(loss, 0)), what + ": label " + cols);
          float[] g2 = read(dG, 2, rows * cols);
          assertTrue(Float.isNaN(g2[(rows - 1) * cols]), what + ": NaN row for a bad label");
          assertBits(
              Arrays.copyOf(g, (rows - 1) * cols),
              Arrays.copyOf(g2, (rows - 1) * cols),
              what + ": the good rows");
          ops.upload(new int[] {-1}, 0, dY, 2, 1);
          ops.softmaxCrossEntropy(rows, cols, dL, 1, dY, 2, scale, rowLoss, loss, dG, 2);
          assertTrue(Double.isNaN(ops.readDouble(loss, 0)), what + ": label -1");
        }
      }
    }
    System.out.println("[cuda] softmax gradient: " + exact + " of " + all + " bit-identical");
    // a last-bit difference needs two double results straddling a float rounding boundary: rare
    assertTrue(exact >= 0.99 * all, "only " + exact + " of " + all + " gradients bit-identical");
  }

  // ---------------------------------------------------------------- im2col / col2im

  private static final Geometry[] GEOMETRIES = {
    new Geometry(1, 28, 28, 5, 5, 1, 1, 0, 0),
    new Geometry(20, 12, 12, 5, 5, 1, 1, 0, 0),
    new Geometry(3, 7, 5, 3, 3, 2, 2, 1, 1),
    new Geometry(2, 13, 11, 3, 2, 2, 1, 1, 0),
    new Geometry(4, 3, 2, 2, 2, 1, 1, 1, 1),
    new Geometry(1, 1, 1, 1, 1, 1, 1, 0, 0),
    new Geometry(2, 9, 9, 4, 4, 3, 3, 2, 2),
    new Geometry(3, 6, 7, 2, 3, 1, 2, 2, 1),
    new Geometry(2, 5, 5, 5, 5, 1, 1, 0, 0),
  };

  @Test
  void im2colAndCol2imAreBitExact() {
    SplittableRandom r = new SplittableRandom(6);
    ScalarIm2col spec = new ScalarIm2col();
    for (Geometry g : GEOMETRIES) {
      for (int batch : new int[] {1, 3, 7}) {
        for (BatchLayout layout : BatchLayout.values()) {
          String what = g + " batch " + batch + " " + layout;
          int xs = batch * g.imageSize();
          int cs = batch * g.colSize();
          float[] x = gaussian(r, xs, 1);
          float[] cols = new float[cs];
          spec.im2col(g, batch, layout, x, 0, cols, 0);
          try (DeviceArray dX = padded(x, 5);
              DeviceArray dC = poisoned(cs, 3)) {
            ops.im2col(g, batch, layout, dX, 5, dC, 3);
            assertBits(cols, read(dC, 3, cs), "im2col " + what);
            assertUntouched(dC, 3, cs, "im2col " + what);
          }
          float[] c = gaussian(r, cs, 1);
          float[] x0 = gaussian(r, xs, 1);
          float[] acc = x0.clone();
          spec.col2im(g, batch, layout, c, 0, acc, 0);
          float[] fresh = new float[xs];
          spec.col2im(g, batch, layout, c, 0, fresh, 0);
          try (DeviceArray dC = padded(c, 2);
              DeviceArray dX = padded(x0, 4)) {
            ops.col2im(g, batch, layout, dC, 2, dX, 4, true);
            assertBits(acc, read(dX, 4, xs), "col2im += " + what);
            assertUntouched(dX, 4, xs, "col2im += " + what);
            ops.fill(dX, 4, xs, Float.NaN);
            ops.col2im(g, batch, layout, dC, 2, dX, 4, false);
            assertBits(fresh, read(dX, 4, xs), "col2im = " + what);
          }
        }
      }
    }
  }

  @Test
  void convLayoutCopiesAreBitExact() {
    SplittableRandom r = new SplittableRandom(7);
    for (int[] c : PLANES) {
      int n = c[0];
      int f = c[1];
      int p = c[2];
      int total = n * f * p;
      float[] wide = gaussian(r, total, 1);
      float[] b = gaussian(r, f, 1);
      float[] y = new float[total];
      float[] yb = new float[total];
      float[] back = new float[total];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < f; j++) {
          for (int q = 0; q < p; q++) {
            y[(i * f + j) * p + q] = wide[(j * n + i) * p + q];
            yb[(i * f + j) * p + q] = wide[(j * n + i) * p + q] + b[j];
            back[(j * n + i) * p + q] = yb[(i * f + j) * p + q];
          }
        }
      }
      String what = Arrays.toString(c);
      try (DeviceArray dW = padded(wide, 1);
          DeviceArray dB = padded(b, 2);
          DeviceArray dY = poisoned(total, 3);
          DeviceArray dBack = poisoned(total, 1)) {
        ops.channelsToNchw(n, f, p, dW, 1, null, 0, dY, 3);
        assertBits(y, read(dY, 3, total), "channelsToNchw " + what);
        ops.channelsToNchw(n, f, p, dW, 1, dB, 2, dY, 3);
        assertBits(yb, read(dY, 3, total), "channelsToNchw + b " + what);
        assertUntouched(dY, 3, total, "channelsToNchw " + what);
        ops.nchwToChannels(n, f, p, dY, 3, dBack, 1);
        assertBits(back, read(dBack, 1, total), "nchwToChannels " + what);
        assertUntouched(dBack, 1, total, "nchwToChannels " + what);
      }
    }
  }

  // ---------------------------------------------------------------- max pooling

  @Test
  void maxPoolingMatchesConvOps() {
    SplittableRandom r = new SplittableRandom(8);
    int[][] cases = { // planes, h, w, k, stride
      {1, 1, 1, 1, 1},
      {140, 24, 24, 2, 2},
      {3, 7, 6, 3, 2},
      {5, 9, 9, 3, 1},
      {2, 5, 7, 2, 3},
      {4, 8, 8, 4, 4},
      {7, 13, 11, 2, 2}
    };
    for (int[] c : cases) {
      for (boolean ties : new boolean[] {false, true}) {
        int planes = c[0];
        int h = c[1];
        int w = c[2];
        int k = c[3];
        int s = c[4];
        int oh = (h - k) / s + 1;
        int ow = (w - k) / s + 1;
        int in = planes * h * w;
        int out = planes * oh * ow;
        float[] x = gaussian(r, in, 1);
        if (ties) { // four values only: many ties, resolved to the first in row-major order
          for (int i = 0; i < in; i++) {
            x[i] = r.nextInt(4);
          }
          x[r.nextInt(in)] = Float.NaN;
        }
        float[] dy = gaussian(r, out, 1);
        Tape t = new Tape();
        Var xv = t.variable(Tensor.of(x.clone(), 1, planes, h, w));
        Var yv = ConvOps.maxPool2d(xv, k, s);
        t.backward(yv, Tensor.of(dy.clone(), 1, planes, oh, ow));
        float[] wantY = yv.value().toArray();
        float[] wantDx = xv.grad().toArray();
        int[] wantArg = new int[out];
        for (int pl = 0; pl < planes; pl++) {
          for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
              int top = pl * h * w + i * s * w + j * s;
              int best = top;
              for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                  if (x[top + a * w + b] > x[best]) {
                    best = top + a * w + b;
                  }
                }
              }
              wantArg[(pl * oh + i) * ow + j] = best;
            }
          }
        }
        String what = Arrays.toString(c) + (ties ? " ties+NaN" : "");
        try (DeviceArray dX = padded(x, 2);
            DeviceArray dYo = poisoned(out, 1);
            DeviceArray dArg = poisoned(out, 3);
            DeviceArray dDy = padded(dy, 4);
            DeviceArray dDx = poisoned(in, 5)) {
          ops.maxPool(planes, h, w, k, s, dX, 2, dYo, 1, dArg, 3);
          assertBits(wantY, read(dYo, 1, out), "maxPool " + what);
          int[] arg = new int[out];
          ops.download(dArg, 3, arg, 0, out);
          for (int o = 0; o < out; o++) {
            assertEquals(wantArg[o], arg[o], "maxPool argmax " + what + " output " + o);
          }
          assertUntouched(dArg, 3, out, "maxPool argmax " + what);
          ops.maxPoolBackward(planes, h, w, k, s, dDy, 4, dArg, 3, dDx, 5, false);
          assertBits(wantDx, read(dDx, 5, in), "maxPoolBackward " + what);
          assertUntouched(dDx, 5, in, "maxPoolBackward " + what);
          ops.maxPoolBackward(planes, h, w, k, s, dDy, 4, dArg, 3, dDx, 5, true);
          float[] twice = wantDx.clone(); // dx += Σ dy[o] at arg[o], in o order
          for (int o = 0; o < out; o++) {
            twice[wantArg[o]] += dy[o];
          }
          assertBits(twice, read(dDx, 5, in), "maxPoolBackward accumulate " + what);
        }
      }
    }
  }

  // ---------------------------------------------------------------- argument checks

  @Test
  void badArgumentsThrowWithTheNumbers() {
    try (DeviceArray a = cuda.alloc(10);
        DeviceArray b = cuda.alloc(10);
        DeviceArray big = cuda.alloc(20)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ops.relu(8, a, 3, b, 0));
      assertTrue(e.getMessage().contains("[3, 11) but the device array holds 10"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ops.biasAdd(2, 3, 2, a, 0, b, 0));
      assertTrue(e.getMessage().contains("[0, 12)"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ops.biasAdd(-1, 3, 2, a, 0, b, 0));
      assertTrue(e.getMessage().contains("n=-1"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> ops.maxPool(1, 3, 3, 4, 1, a, 0, b, 0, b, 0));
      assertTrue(e.getMessage().contains("k=4"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ops.softmaxCrossEntropy(0, 3, a, 0, b, 0, 1f, a, b, a, 0));
      assertTrue(e.getMessage().contains("rows=0"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ops.softmaxCrossEntropy(4, 3, a, 0, b, 0, 1f, a, b, a, 0));
      assertTrue(e.getMessage().contains("logits needs elements [0, 12)"), e.getMessage());
      Geometry g = new Geometry(1, 4, 4, 3, 3, 1, 1, 0, 0); // 9 x 4 columns per image
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ops.im2col(g, 1, BatchLayout.WIDE, big, 0, b, 0));
      assertTrue(
          e.getMessage().contains("9x4") && e.getMessage().contains("[0, 36)"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ops.readDouble(a, 5));
      assertTrue(e.getMessage().contains("double 5"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ops.upload(new float[4], 2, a, 0, 3));
      assertTrue(e.getMessage().contains("host array holds 4"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new CudaOps(null));
    }
  }
}
