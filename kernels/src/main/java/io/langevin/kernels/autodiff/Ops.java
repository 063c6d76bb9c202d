package io.langevin.kernels.autodiff;

import io.langevin.kernels.gemm.Gemm;
import io.langevin.kernels.nnops.SoftmaxCrossEntropy;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;

/**
 * The differentiable ops. Each method computes its forward value now, in float32, and records on
 * the inputs' {@link Tape} a closure holding its hand-written backward pass; forward and backward
 * of an op sit side by side in one method. Matrix products go through {@link Gemm#sgemm}
 * (row-major, gradients accumulated with {@code beta = 1}); softmax cross-entropy and log-softmax
 * through {@link SoftmaxCrossEntropy}; the remaining element loops are plain and are the one place
 * to swap in a kernel. Reductions (sum, mean, losses, bias gradients) accumulate in double.
 *
 * <p>Every backward ADDS into its inputs' gradient buffers (see {@link Tape} for the rule).
 * Backward closures read the inputs' values when they run: do not change a parameter between the
 * forward pass and {@link Tape#backward}. Shape mismatches throw {@link IllegalArgumentException}
 * naming the shapes. Tested op by op against float64 finite differences in {@code
 * GradientCheckTest}.
 *
 * <p>Broadcasting in {@link #add}, {@link #sub} and {@link #mul}: equal shapes, or a rank-1 row
 * vector of length {@code cols} on either side against a tensor of rank ≥ 2 whose last dimension is
 * {@code cols} (seen as rows × cols); the vector's gradient is summed over the rows.
 */
public final class Ops {
  private Ops() {}

  // ---------------------------------------------------------------- elementwise binary, broadcast

  /** {@code a + b}; {@code da += dy}, {@code db += dy}. */
  public static Var add(Var a, Var b) {
    Tape t = tapeOf("add", a, b);
    Broadcast bc = Broadcast.of("add", a, b);
    Var y = t.activation(bc.shape(), a, b);
    float[] av = a.value().data();
    float[] bv = b.value().data();
    float[] yv = y.value().data();
    int ao = a.value().offset();
    int bo = b.value().offset();
    for (int r = 0, i = 0; r < bc.rows(); r++) {
      for (int c = 0; c < bc.cols(); c++, i++) {
        yv[i] = av[ao + bc.ai(r, c)] + bv[bo + bc.bi(r, c)];
      }
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (a.requiresGrad()) {
            Tensor ga = a.gradForAccumulate();
            for (int r = 0, i = 0; r < bc.rows(); r++) {
              for (int c = 0; c < bc.cols(); c++, i++) {
                ga.data()[ga.offset() + bc.ai(r, c)] += dy[i];
              }
            }
          }
          if (b.requiresGrad()) {
            Tensor gb = b.gradForAccumulate();
            for (int r = 0, i = 0; r < bc.rows(); r++) {
              for (int c = 0; c < bc.cols(); c++, i++) {
                gb.data()[gb.offset() + bc.bi(r, c)] += dy[i];
              }
            }
          }
        });
    return y;
  }

  /** {@code a − b}; {@code da += dy}, {@code db −= dy}. */
  public static Var sub(Var a, Var b) {
    Tape t = tapeOf("sub", a, b);
    Broadcast bc = Broadcast.of("sub", a, b);
    Var y = t.activation(bc.shape(), a, b);
    float[] av = a.value().data();
    float[] bv = b.value().data();
    float[] yv = y.value().data();
    int ao = a.value().offset();
    int bo = b.value().offset();
    for (int r = 0, i = 0; r < bc.rows(); r++) {
      for (int c = 0; c < bc.cols(); c++, i++) {
        yv[i] = av[ao + bc.ai(r, c)] - bv[bo + bc.bi(r, c)];
      }
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (a.requiresGrad()) {
            Tensor ga = a.gradForAccumulate();
            for (int r = 0, i = 0; r < bc.rows(); r++) {
              for (int c = 0; c < bc.cols(); c++, i++) {
                ga.data()[ga.offset() + bc.ai(r, c)] += dy[i];
              }
            }
          }
          if (b.requiresGrad()) {
            Tensor gb = b.gradForAccumulate();
            for (int r = 0, i = 0; r < bc.rows(); r++) {
              for (int c = 0; c < bc.cols(); c++, i++) {
                gb.data()[gb.offset() + bc.bi(r, c)] -= dy[i];
              }
            }
          }
        });
    return y;
  }

  /** {@code a ⊙ b}; {@code da += dy ⊙ b}, {@code db += dy ⊙ a}. */
  public static Var mul(Var a, Var b) {
    Tape t = tapeOf("mul", a, b);
    Broadcast bc = Broadcast.of("mul", a, b);
    Var y = t.activation(bc.shape(), a, b);
    float[] av = a.value().data();
    float[] bv = b.value().data();
    float[] yv = y.value().data();
    int ao = a.value().offset();
    int bo = b.value().offset();
    for (int r = 0, i = 0; r < bc.rows(); r++) {
      for (int c = 0; c < bc.cols(); c++, i++) {
        yv[i] = av[ao + bc.ai(r, c)] * bv[bo + bc.bi(r, c)];
      }
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (a.requiresGrad()) {
            Tensor ga = a.gradForAccumulate();
            for (int r = 0, i = 0; r < bc.rows(); r++) {
              for (int c = 0; c < bc.cols(); c++, i++) {
                ga.data()[ga.offset() + bc.ai(r, c)] += dy[i] * bv[bo + bc.bi(r, c)];
              }
            }
          }
          if (b.requiresGrad()) {
            Tensor gb = b.gradForAccumulate();
            for (int r = 0, i = 0; r < bc.rows(); r++) {
              for (int c = 0; c < bc.cols(); c++, i++) {
                gb.data()[gb.offset() + bc.bi(r, c)] += dy[i] * av[ao + bc.ai(r, c)];
              }
            }
          }
        });
    return y;
  }

  /** {@code k · x} for a constant {@code k}; {@code dx += k · dy}. */
  public static Var scale(Var x, float k) {
    Tape t = tapeOf("scale", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      yv[i] = k * xv[xo + i];
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += k * dy[i];
          }
        });
    return y;
  }

  // ---------------------------------------------------------------- matrix products

  /** {@code a · b} of 2-D tensors. */
  public static Var matmul(Var a, Var b) {
    return matmul(a, false, b, false);
  }

  /**
   * {@code op(a) · op(b)} where {@code op(a) = aᵀ} when {@code transA} (likewise b); op(a) is m×k,
   * op(b) is k×n. Backward: {@code d op(a) += dy · op(b)ᵀ}, {@code d op(b) += op(a)ᵀ · dy}.
   */
  public static Var matmul(Var a, boolean transA, Var b, boolean transB) {
    Tape t = tapeOf("matmul", a, b);
    if (a.rank() != 2 || b.rank() != 2) {
      throw new IllegalArgumentException(
          "matmul: needs 2-D operands, found shapes " + shape(a) + " and " + shape(b));
    }
    int lda = a.value().dim(1);
    int ldb = b.value().dim(1);
    int m = transA ? lda : a.value().dim(0);
    int k = transA ? a.value().dim(0) : lda;
    int kb = transB ? ldb : b.value().dim(0);
    int n = transB ? b.value().dim(0) : ldb;
    if (k != kb) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ: "
              + shape(a)
              + (transA ? "ᵀ" : "")
              + " · "
              + shape(b)
              + (transB ? "ᵀ" : "")
              + " ("
              + k
              + " vs "
              + kb
              + ")");
    }
    Var y = t.activation(new int[] {m, n}, a, b);
    float[] av = a.value().data();
    float[] bv = b.value().data();
    int ao = a.value().offset();
    int bo = b.value().offset();
    Gemm.sgemm(transA, transB, m, n, k, 1f, av, ao, lda, bv, bo, ldb, 0f, y.value().data(), 0, n);
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (a.requiresGrad()) {
            Tensor ga = a.gradForAccumulate();
            float[] g = ga.data();
            int go = ga.offset();
            if (!transA) { // dA (m×k) += dy · op(b)ᵀ
              Gemm.sgemm(false, !transB, m, k, n, 1f, dy, 0, n, bv, bo, ldb, 1f, g, go, k);
            } else { // dA (k×m) += op(b) · dyᵀ
              Gemm.sgemm(transB, true, k, m, n, 1f, bv, bo, ldb, dy, 0, n, 1f, g, go, m);
            }
          }
          if (b.requiresGrad()) {
            Tensor gb = b.gradForAccumulate();
            float[] g = gb.data();
            int go = gb.offset();
            if (!transB) { // dB (k×n) += op(a)ᵀ · dy
              Gemm.sgemm(!transA, false, k, n, m, 1f, av, ao, lda, dy, 0, n, 1f, g, go, n);
            } else { // dB (n×k) += dyᵀ · op(a)
              Gemm.sgemm(true, transA, n, k, m, 1f, dy, 0, n, av, ao, lda, 1f, g, go, k);
            }
          }
        });
    return y;
  }

  /**
   * Fused linear layer {@code y = x · wᵀ + b}: x is [n, in], w is [out, in] (torch layout), b is
   * [out] or {@code null}; y is [n, out]. Backward: {@code dx += dy · w}, {@code dw += dyᵀ · x},
   * {@code db += Σ_rows dy}.
   */
  public static Var linear(Var x, Var w, Var b) {
    Tape t = b == null ? tapeOf("linear", x, w) : tapeOf("linear", x, w, b);
    if (x.rank() != 2
        || w.rank() != 2
        || x.value().dim(1) != w.value().dim(1)
        || (b != null && (b.rank() != 1 || b.value().dim(0) != w.value().dim(0)))) {
      throw new IllegalArgumentException(
          "linear: x "
              + shape(x)
              + ", w "
              + shape(w)
              + ", b "
              + (b == null ? "none" : shape(b))
              + " do not fit x [n, in], w [out, in], b [out]");
    }
    int n = x.value().dim(0);
    int in = x.value().dim(1);
    int out = w.value().dim(0);
    Var y =
        b == null
            ? t.activation(new int[] {n, out}, x, w)
            : t.activation(new int[] {n, out}, x, w, b);
    float[] xv = x.value().data();
    float[] wv = w.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    int wo = w.value().offset();
    Gemm.sgemm(false, true, n, out, in, 1f, xv, xo, in, wv, wo, in, 0f, yv, 0, out);
    if (b != null) {
      float[] bv = b.value().data();
      int bo = b.value().offset();
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < out; j++) {
          yv[r * out + j] += bv[bo + j];
        }
      }
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (x.requiresGrad()) { // dx (n×in) += dy · w
            Tensor gx = x.gradForAccumulate();
            float[] g = gx.data();
            Gemm.sgemm(
                false, false, n, in, out, 1f, dy, 0, out, wv, wo, in, 1f, g, gx.offset(), in);
          }
          if (w.requiresGrad()) { // dw (out×in) += dyᵀ · x
            Tensor gw = w.gradForAccumulate();
            float[] g = gw.data();
            Gemm.sgemm(true, false, out, in, n, 1f, dy, 0, out, xv, xo, in, 1f, g, gw.offset(), in);
          }
          if (b != null && b.requiresGrad()) {
            Tensor gb = b.gradForAccumulate();
            double[] colSum = new double[out];
            for (int r = 0; r < n; r++) {
              for (int j = 0; j < out; j++) {
                colSum[j] += dy[r * out + j];
              }
            }
            for (int j = 0; j < out; j++) {
              gb.data()[gb.offset() + j] += (float) colSum[j];
            }
          }
        });
    return y;
  }

  // ---------------------------------------------------------------- elementwise unary

  /** {@code max(x, 0)}; {@code dx += dy · [x > 0]}. */
  public static Var relu(Var x) {
    Tape t = tapeOf("relu", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      yv[i] = Math.max(xv[xo + i], 0f);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            if (xv[xo + i] > 0f) {
              gx.data()[gx.offset() + i] += dy[i];
            }
          }
        });
    return y;
  }

  /** {@code tanh(x)}; {@code dx += dy · (1 − y²)}. */
  public static Var tanh(Var x) {
    Tape t = tapeOf("tanh", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      yv[i] = (float) Math.tanh(xv[xo + i]);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += dy[i] * (1f - yv[i] * yv[i]);
          }
        });
    return y;
  }

  /** {@code 1 / (1 + exp(−x))}, computed without overflow; {@code dx += dy · y (1 − y)}. */
  public static Var sigmoid(Var x) {
    Tape t = tapeOf("sigmoid", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      yv[i] = sigmoid(xv[xo + i]);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += dy[i] * yv[i] * (1f - yv[i]);
          }
        });
    return y;
  }

  /** {@code exp(x)}; {@code dx += dy · y}. */
  public static Var exp(Var x) {
    Tape t = tapeOf("exp", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      yv[i] = (float) Math.exp(xv[xo + i]);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += dy[i] * yv[i];
          }
        });
    return y;
  }

  /** Natural {@code log(x)} (NaN for x < 0, −∞ at 0, as {@link Math#log}); {@code dx += dy / x}. */
  public static Var log(Var x) {
    Tape t = tapeOf("log", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      yv[i] = (float) Math.log(xv[xo + i]);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += dy[i] / xv[xo + i];
          }
        });
    return y;
  }

  /** {@code log(1 + exp(x)) = max(x, 0) + log1p(exp(−|x|))}; {@code dx += dy · sigmoid(x)}. */
  public static Var softplus(Var x) {
    Tape t = tapeOf("softplus", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    float[] yv = y.value().data();
    int xo = x.value().offset();
    for (int i = 0; i < yv.length; i++) {
      double v = xv[xo + i];
      yv[i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += dy[i] * sigmoid(xv[xo + i]);
          }
        });
    return y;
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements, a scalar (shape []); {@code dx += dy}. */
  public static Var sum(Var x) {
    Tape t = tapeOf("sum", x);
    Var y = t.activation(new int[0], x);
    float[] xv = x.value().data();
    int xo = x.value().offset();
    int n = x.size();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += xv[xo + i];
    }
    y.value().data()[0] = (float) s;
    t.record(
        y,
        () -> {
          float g = y.grad().data()[0];
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < n; i++) {
            gx.data()[gx.offset() + i] += g;
          }
        });
    return y;
  }

  /** Mean of all elements, a scalar (shape []); {@code dx += dy / n}. */
  public static Var mean(Var x) {
    Tape t = tapeOf("mean", x);
    int n = x.size();
    if (n == 0) {
      throw new IllegalArgumentException("mean of an empty tensor of shape " + shape(x));
    }
    Var y = t.activation(new int[0], x);
    float[] xv = x.value().data();
    int xo = x.value().offset();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += xv[xo + i];
    }
    y.value().data()[0] = (float) (s / n);
    t.record(
        y,
        () -> {
          float g = y.grad().data()[0] / n;
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < n; i++) {
            gx.data()[gx.offset() + i] += g;
          }
        });
    return y;
  }

  // ---------------------------------------------------------------- shape

  /** The same elements with another shape of equal size; the value is a view (no copy). */
  public static Var reshape(Var x, int... shape) {
    Tape t = tapeOf("reshape", x);
    Var y = t.activation(x.value().reshape(shape), x);
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          for (int i = 0; i < dy.length; i++) {
            gx.data()[gx.offset() + i] += dy[i];
          }
        });
    return y;
  }

  /** {@code [d0, d1, …]} viewed as {@code [d0, d1·d2·…]} (keeps the batch dimension). */
  public static Var flatten(Var x) {
    if (x.rank() < 1) {
      throw new IllegalArgumentException("flatten: needs rank ≥ 1, found shape " + shape(x));
    }
    int[] s = x.shape();
    int rest = 1;
    for (int d = 1; d < s.length; d++) {
      rest *= s[d];
    }
    return reshape(x, s[0], rest);
  }

  /** Concatenation of 2-D tensors with equal row counts along the last (feature) axis. */
  public static Var concat(Var... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat: no inputs");
    }
    Tape t = tapeOf("concat", parts);
    int rows = -1;
    int total = 0;
    for (Var p : parts) {
      if (p.rank() != 2 || (rows >= 0 && p.value().dim(0) != rows)) {
        StringBuilder sb = new StringBuilder();
        for (Var q : parts) {
          sb.append(sb.length() == 0 ? "" : ", ").append(shape(q));
        }
        throw new IllegalArgumentException(
            "concat: needs 2-D inputs with equal row counts, found shapes " + sb);
      }
      rows = p.value().dim(0);
      total += p.value().dim(1);
    }
    int cols = total;
    int nRows = rows;
    Var y = t.activation(new int[] {nRows, cols}, parts);
    float[] yv = y.value().data();
    int at = 0;
    for (Var p : parts) {
      int pc = p.value().dim(1);
      for (int r = 0; r < nRows; r++) {
        System.arraycopy(p.value().data(), p.value().offset() + r * pc, yv, r * cols + at, pc);
      }
      at += pc;
    }
    Var[] inputs = parts.clone();
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          int start = 0;
          for (Var p : inputs) {
            int pc = p.value().dim(1);
            if (p.requiresGrad()) {
              Tensor gp = p.gradForAccumulate();
              for (int r = 0; r < nRows; r++) {
                for (int c = 0; c < pc; c++) {
                  gp.data()[gp.offset() + r * pc + c] += dy[r * cols + start + c];
                }
              }
            }
            start += pc;
          }
        });
    return y;
  }

  // ---------------------------------------------------------------- softmax family and losses

  /**
   * Log-softmax along the last axis (rows × cols view of any rank ≥ 1); {@code dx += dy − exp(y) ·
   * Σ_row dy}.
   */
  public static Var logSoftmax(Var x) {
    Tape t = tapeOf("logSoftmax", x);
    if (x.rank() < 1 || x.value().cols() < 1) {
      throw new IllegalArgumentException("logSoftmax: needs a last axis ≥ 1, found " + shape(x));
    }
    int rows = x.value().rows();
    int cols = x.value().cols();
    Var y = t.activation(x.shape(), x);
    float[] yv = y.value().data();
    SoftmaxCrossEntropy.logSoftmaxForward(rows, cols, x.value().data(), x.value().offset(), yv, 0);
    t.record(
        y,
        () -> {
          Tensor gx = x.gradForAccumulate();
          SoftmaxCrossEntropy.logSoftmaxBackward(
              rows, cols, yv, 0, y.grad().data(), 0, gx.data(), gx.offset(), true);
        });
    return y;
  }

  /**
   * Fused softmax cross-entropy: the mean over rows of {@code −log softmax(logits[r])[labels[r]]},
   * a scalar. {@code logits} is [n, classes], {@code labels} has n entries in {@code [0, classes)}
   * (copied). Backward: {@code dlogits += (softmax − onehot) · dy / n}.
   */
  public static Var softmaxCrossEntropy(Var logits, int[] labels) {
    Tape t = tapeOf("softmaxCrossEntropy", logits);
    if (logits.rank() != 2 || labels.length != logits.value().dim(0)) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: "
              + labels.length
              + " labels for logits of shape "
              + shape(logits)
              + " (needs [n, classes] with n labels)");
    }
    int n = logits.value().dim(0);
    int classes = logits.value().dim(1);
    int[] y = labels.clone();
    float[] probs = new float[n * classes];
    Var loss = t.activation(new int[0], logits);
    loss.value().data()[0] =
        SoftmaxCrossEntropy.forward(
            n, classes, logits.value().data(), logits.value().offset(), y, 0, probs, 0);
    t.record(
        loss,
        () -> {
          Tensor g = logits.gradForAccumulate();
          SoftmaxCrossEntropy.backward(
              n, classes, probs, 0, y, 0, loss.grad().data()[0], g.data(), g.offset(), true);
        });
    return loss;
  }

  /** Mean squared error {@code mean((pred − target)²)}, a scalar; both sides get gradients. */
  public static Var mseLoss(Var pred, Var target) {
    Tape t = tapeOf("mseLoss", pred, target);
    pred.value().requireSameShape(target.value(), "mseLoss: pred vs target");
    int n = pred.size();
    if (n == 0) {
      throw new IllegalArgumentException("mseLoss of empty tensors of shape " + shape(pred));
    }
    float[] pv = pred.value().data();
    float[] tv = target.value().data();
    int po = pred.value().offset();
    int to = target.value().offset();
    Var loss = t.activation(new int[0], pred, target);
    double s = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) pv[po + i] - tv[to + i];
      s += d * d;
    }
    loss.value().data()[0] = (float) (s / n);
    t.record(
        loss,
        () -> {
          float k = 2f * loss.grad().data()[0] / n;
          Tensor gp = pred.requiresGrad() ? pred.gradForAccumulate() : null;
          Tensor gt = target.requiresGrad() ? target.gradForAccumulate() : null;
          for (int i = 0; i < n; i++) {
            float g = k * (pv[po + i] - tv[to + i]);
            if (gp != null) {
              gp.data()[gp.offset() + i] += g;
            }
            if (gt != null) {
              gt.data()[gt.offset() + i] -= g;
            }
          }
        });
    return loss;
  }

  /**
   * Binary cross-entropy on logits z against targets y in [0, 1], the mean over elements of {@code
   * max(z, 0) − z·y + log1p(exp(−|z|))} (no overflow for any z), a scalar. Backward: {@code dz +=
   * (sigmoid(z) − y) · dy / n}, {@code dy_target += −z · dy / n}.
   */
  public static Var bceWithLogits(Var logits, Var targets) {
    Tape t = tapeOf("bceWithLogits", logits, targets);
    logits.value().requireSameShape(targets.value(), "bceWithLogits: logits vs targets");
    int n = logits.size();
    if (n == 0) {
      throw new IllegalArgumentException(
          "bceWithLogits of empty tensors of shape " + shape(logits));
    }
    float[] zv = logits.value().data();
    float[] yv = targets.value().data();
    int zo = logits.value().offset();
    int yo = targets.value().offset();
    Var loss = t.activation(new int[0], logits, targets);
    double s = 0;
    for (int i = 0; i < n; i++) {
      double z = zv[zo + i];
      s += Math.max(z, 0) - z * yv[yo + i] + Math.log1p(Math.exp(-Math.abs(z)));
    }
    loss.value().data()[0] = (float) (s / n);
    t.record(
        loss,
        () -> {
          float k = loss.grad().data()[0] / n;
          if (logits.requiresGrad()) {
            Tensor gz = logits.gradForAccumulate();
            for (int i = 0; i < n; i++) {
              gz.data()[gz.offset() + i] += k * (sigmoid(zv[zo + i]) - yv[yo + i]);
            }
          }
          if (targets.requiresGrad()) {
            Tensor gy = targets.gradForAccumulate();
            for (int i = 0; i < n; i++) {
              gy.data()[gy.offset() + i] -= k * zv[zo + i];
            }
          }
        });
    return loss;
  }

  // ---------------------------------------------------------------- internals

  /** {@code 1/(1+e^{−x})} in double, rounded once; never overflows. */
  private static float sigmoid(float x) {
    if (x >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  private static Tape tapeOf(String op, Var... inputs) {
    if (inputs[0] == null) {
      throw new IllegalArgumentException(op + ": null input");
    }
    Tape t = inputs[0].tape();
    for (Var v : inputs) {
      t.owned(v, op);
    }
    return t;
  }

  private static String shape(Var v) {
    return Arrays.toString(v.shape());
  }

  /**
   * How two operands line up: {@code rows × cols} output, and whether a or b is a row vector of
   * length cols repeated over the rows. Index helpers give each operand's flat index (without its
   * offset) for output element (r, c).
   */
  private record Broadcast(int rows, int cols, boolean aRow, boolean bRow, int[] shape) {
    static Broadcast of(String op, Var a, Var b) {
      Tensor av = a.value();
      Tensor bv = b.value();
      if (av.sameShape(bv)) {
        return new Broadcast(av.rows(), av.cols(), false, false, av.shape());
      }
      if (bv.rank() == 1 && av.rank() >= 2 && bv.dim(0) == av.cols()) {
        return new Broadcast(av.rows(), av.cols(), false, true, av.shape());
      }
      if (av.rank() == 1 && bv.rank() >= 2 && av.dim(0) == bv.cols()) {
        return new Broadcast(bv.rows(), bv.cols(), true, false, bv.shape());
      }
      throw new IllegalArgumentException(
          op
              + ": shapes "
              + Arrays.toString(av.shape())
              + " and "
              + Arrays.toString(bv.shape())
              + " are neither equal nor a row vector [cols] against a [rows, cols] tensor");
    }

    int ai(int r, int c) {
      return aRow ? c : r * cols + c;
    }

    int bi(int r, int c) {
      return bRow ? c : r * cols + c;
    }
  }
}
