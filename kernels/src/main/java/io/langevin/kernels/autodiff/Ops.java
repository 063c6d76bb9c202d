package io.langevin.kernels.autodiff;

import io.langevin.kernels.elementwise.Elementwise;
import io.langevin.kernels.gemm.Gemm;
import io.langevin.kernels.nnops.SoftmaxCrossEntropy;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;

/**
 * The differentiable ops. Each method computes its forward value now, in float32, and records on
 * the inputs' {@link Tape} a closure holding its hand-written backward pass; forward and backward
 * of an op sit side by side in one method. Matrix products go through {@link Gemm#sgemm}
 * (row-major, gradients accumulated with {@code beta = 1}); softmax cross-entropy and log-softmax
 * through {@link SoftmaxCrossEntropy}; element maps, row-vector broadcasts, sums and gradient
 * accumulation ({@code g += α·d} as {@link Elementwise#axpy}) through {@link Elementwise}. Only the
 * tanh and sigmoid backward passes, which would take three or four kernel passes, stay plain loops.
 *
 * <p>Every backward ADDS into its inputs' gradient buffers (see {@link Tape} for the rule): a
 * parameter's buffer keeps what it held, an activation's buffer starts each backward pass at zero
 * (relu and linear write the first contribution to an activation's gradient directly instead of
 * adding it to zeros).
 * Backward closures read the inputs' values when they run: do not change a parameter between the
 * forward pass and {@link Tape#backward}. Shape mismatches throw {@link IllegalArgumentException}
 * naming the shapes. Tested op by op against float64 finite differences in {@code
 * GradientCheckTest}; 1-thread vs pooled agreement at multi-chunk sizes in {@code
 * OpsKernelPathTest}.
 *
 * <p>Numerics: the transcendental maps (tanh, sigmoid, exp, log, softplus) are the float32 kernels,
 * within a few ulp of {@link Math} on the SIMD path. Sums, means and losses are {@link
 * Elementwise#sum}/{@link Elementwise#sumOfSquares}/{@link Elementwise#dot}: chunked vector partial
 * sums combined in double in chunk order (in double throughout on the scalar backend). The gradient
 * of a broadcast row vector or bias is summed over the rows in float, row by row in row order.
 * Results are bit-identical on 1 or N threads and at every JIT stage: the SIMD transcendental maps
 * are built from IEEE-exact vector arithmetic ({@link io.langevin.kernels.cpu.VectorMath}), never
 * from {@code lanewise(EXP)}, whose bits change when C2 takes over.
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
    if (bc.aRow()) { // a + b = b + a exactly
      combine(false, b.value(), a.value(), true, y.value().data(), bc);
    } else {
      combine(false, a.value(), b.value(), bc.bRow(), y.value().data(), bc);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (a.requiresGrad()) {
            bc.accumulate(1f, dy, a.gradForAccumulate(), bc.aRow());
          }
          if (b.requiresGrad()) {
            bc.accumulate(1f, dy, b.gradForAccumulate(), bc.bRow());
          }
        });
    return y;
  }

  /** {@code a − b}; {@code da += dy}, {@code db −= dy}. */
  public static Var sub(Var a, Var b) {
    Tape t = tapeOf("sub", a, b);
    Broadcast bc = Broadcast.of("sub", a, b);
    Var y = t.activation(bc.shape(), a, b);
    Tensor av = a.value();
    Tensor bv = b.value();
    float[] yv = y.value().data();
    // No row-vector subtraction kernel: a − b is exactly a + (−b) in IEEE arithmetic.
    if (bc.aRow()) { // y = −b, then y += a_row
      Elementwise.neg(bv.data(), bv.offset(), yv, 0, bc.size());
      Elementwise.addRowVector(yv, 0, av.data(), av.offset(), yv, 0, bc.rows(), bc.cols());
    } else if (bc.bRow()) { // y = a + (−b_row)
      float[] negRow = new float[bc.cols()];
      Elementwise.neg(bv.data(), bv.offset(), negRow, 0, bc.cols());
      Elementwise.addRowVector(av.data(), av.offset(), negRow, 0, yv, 0, bc.rows(), bc.cols());
    } else {
      Elementwise.sub(av.data(), av.offset(), bv.data(), bv.offset(), yv, 0, bc.size());
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (a.requiresGrad()) {
            bc.accumulate(1f, dy, a.gradForAccumulate(), bc.aRow());
          }
          if (b.requiresGrad()) {
            bc.accumulate(-1f, dy, b.gradForAccumulate(), bc.bRow());
          }
        });
    return y;
  }

  /** {@code a ⊙ b}; {@code da += dy ⊙ b}, {@code db += dy ⊙ a}. */
  public static Var mul(Var a, Var b) {
    Tape t = tapeOf("mul", a, b);
    Broadcast bc = Broadcast.of("mul", a, b);
    Var y = t.activation(bc.shape(), a, b);
    if (bc.aRow()) { // a ⊙ b = b ⊙ a exactly
      combine(true, b.value(), a.value(), true, y.value().data(), bc);
    } else {
      combine(true, a.value(), b.value(), bc.bRow(), y.value().data(), bc);
    }
    t.record(
        y,
        () -> {
          Tensor dy = y.grad();
          if (a.requiresGrad()) { // p = dy ⊙ b; da += p, summed over the rows if a is a row
            float[] p = new float[bc.size()];
            combine(true, dy, b.value(), bc.bRow(), p, bc);
            bc.accumulate(1f, p, a.gradForAccumulate(), bc.aRow());
          }
          if (b.requiresGrad()) { // p = dy ⊙ a; db += p, summed over the rows if b is a row
            float[] p = new float[bc.size()];
            combine(true, dy, a.value(), bc.aRow(), p, bc);
            bc.accumulate(1f, p, b.gradForAccumulate(), bc.bRow());
          }
        });
    return y;
  }

  /** {@code k · x} for a constant {@code k}; {@code dx += k · dy}. */
  public static Var scale(Var x, float k) {
    Tape t = tapeOf("scale", x);
    Var y = t.activation(x.shape(), x);
    int n = x.size();
    Elementwise.scale(k, x.value().data(), x.value().offset(), y.value().data(), 0, n);
    t.record(y, () -> accumulate(k, y.grad().data(), 0, x.gradForAccumulate()));
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
    if (b != null) { // y += b on every row, in place
      Elementwise.addRowVector(yv, 0, b.value().data(), b.value().offset(), yv, 0, n, out);
    }
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          if (x.requiresGrad()) { // dx (n×in) += dy · w (= when dx holds nothing yet)
            Tensor gx = x.gradForOverwrite();
            float beta = 0f;
            if (gx == null) {
              gx = x.gradForAccumulate();
              beta = 1f;
            }
            float[] g = gx.data();
            Gemm.sgemm(
                false, false, n, in, out, 1f, dy, 0, out, wv, wo, in, beta, g, gx.offset(), in);
          }
          if (w.requiresGrad()) { // dw (out×in) += dyᵀ · x
            Tensor gw = w.gradForAccumulate();
            float[] g = gw.data();
            Gemm.sgemm(true, false, out, in, n, 1f, dy, 0, out, xv, xo, in, 1f, g, gw.offset(), in);
          }
          if (b != null && b.requiresGrad()) { // db += Σ_rows dy
            accumulateRows(1f, dy, n, out, b.gradForAccumulate());
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
    int xo = x.value().offset();
    int n = x.size();
    Elementwise.relu(xv, xo, y.value().data(), 0, n);
    t.record(
        y,
        () -> {
          Tensor gx = x.gradForOverwrite();
          if (gx != null) { // dx = dy · [x > 0], written in place
            Elementwise.reluBackward(xv, xo, y.grad().data(), 0, gx.data(), gx.offset(), n);
            return;
          }
          float[] p = new float[n]; // p = dy · [x > 0]; dx += p
          Elementwise.reluBackward(xv, xo, y.grad().data(), 0, p, 0, n);
          accumulate(1f, p, 0, x.gradForAccumulate());
        });
    return y;
  }

  /** {@code tanh(x)}; {@code dx += dy · (1 − y²)}. */
  public static Var tanh(Var x) {
    Tape t = tapeOf("tanh", x);
    Var y = t.activation(x.shape(), x);
    float[] yv = y.value().data();
    int n = x.size();
    Elementwise.tanh(x.value().data(), x.value().offset(), yv, 0, n);
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          float[] g = gx.data();
          int go = gx.offset();
          for (int i = 0; i < n; i++) {
            g[go + i] += dy[i] * (1f - yv[i] * yv[i]);
          }
        });
    return y;
  }

  /** {@code 1 / (1 + exp(−x))}, computed without overflow; {@code dx += dy · y (1 − y)}. */
  public static Var sigmoid(Var x) {
    Tape t = tapeOf("sigmoid", x);
    Var y = t.activation(x.shape(), x);
    float[] yv = y.value().data();
    int n = x.size();
    Elementwise.sigmoid(x.value().data(), x.value().offset(), yv, 0, n);
    t.record(
        y,
        () -> {
          float[] dy = y.grad().data();
          Tensor gx = x.gradForAccumulate();
          float[] g = gx.data();
          int go = gx.offset();
          for (int i = 0; i < n; i++) {
            g[go + i] += dy[i] * yv[i] * (1f - yv[i]);
          }
        });
    return y;
  }

  /** {@code exp(x)}; {@code dx += dy · y}. */
  public static Var exp(Var x) {
    Tape t = tapeOf("exp", x);
    Var y = t.activation(x.shape(), x);
    float[] yv = y.value().data();
    int n = x.size();
    Elementwise.exp(x.value().data(), x.value().offset(), yv, 0, n);
    t.record(
        y,
        () -> {
          float[] p = new float[n]; // p = dy · y; dx += p
          Elementwise.mul(y.grad().data(), 0, yv, 0, p, 0, n);
          accumulate(1f, p, 0, x.gradForAccumulate());
        });
    return y;
  }

  /** Natural {@code log(x)} (NaN for x < 0, −∞ at 0, as {@link Math#log}); {@code dx += dy / x}. */
  public static Var log(Var x) {
    Tape t = tapeOf("log", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    int xo = x.value().offset();
    int n = x.size();
    Elementwise.log(xv, xo, y.value().data(), 0, n);
    t.record(
        y,
        () -> {
          float[] p = new float[n]; // p = dy / x; dx += p
          Elementwise.div(y.grad().data(), 0, xv, xo, p, 0, n);
          accumulate(1f, p, 0, x.gradForAccumulate());
        });
    return y;
  }

  /** {@code log(1 + exp(x)) = max(x, 0) + log1p(exp(−|x|))}; {@code dx += dy · sigmoid(x)}. */
  public static Var softplus(Var x) {
    Tape t = tapeOf("softplus", x);
    Var y = t.activation(x.shape(), x);
    float[] xv = x.value().data();
    int xo = x.value().offset();
    int n = x.size();
    Elementwise.softplus(xv, xo, y.value().data(), 0, n);
    t.record(
        y,
        () -> {
          float[] p = new float[n]; // p = sigmoid(x) · dy; dx += p
          Elementwise.sigmoid(xv, xo, p, 0, n);
          Elementwise.mul(p, 0, y.grad().data(), 0, p, 0, n);
          accumulate(1f, p, 0, x.gradForAccumulate());
        });
    return y;
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements, a scalar (shape []); {@code dx += dy}. */
  public static Var sum(Var x) {
    Tape t = tapeOf("sum", x);
    Var y = t.activation(new int[0], x);
    int n = x.size();
    y.value().data()[0] = Elementwise.sum(x.value().data(), x.value().offset(), n);
    t.record(y, () -> addToAll(y.grad().data()[0], x.gradForAccumulate()));
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
    y.value().data()[0] = Elementwise.sum(x.value().data(), x.value().offset(), n) / n;
    t.record(y, () -> addToAll(y.grad().data()[0] / n, x.gradForAccumulate()));
    return y;
  }

  // ---------------------------------------------------------------- shape

  /** The same elements with another shape of equal size; the value is a view (no copy). */
  public static Var reshape(Var x, int... shape) {
    Tape t = tapeOf("reshape", x);
    Var y = t.activation(x.value().reshape(shape), x);
    t.record(y, () -> accumulate(1f, y.grad().data(), 0, x.gradForAccumulate()));
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
            if (p.requiresGrad()) { // dp[r] += dy[r, start .. start + pc)
              Tensor gp = p.gradForAccumulate();
              for (int r = 0; r < nRows; r++) {
                Elementwise.axpy(1f, dy, r * cols + start, gp.data(), gp.offset() + r * pc, pc);
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
    Tensor pv = pred.value();
    Tensor tv = target.value();
    Var loss = t.activation(new int[0], pred, target);
    float[] diff = new float[n]; // pred − target, kept for the backward pass
    Elementwise.sub(pv.data(), pv.offset(), tv.data(), tv.offset(), diff, 0, n);
    loss.value().data()[0] = Elementwise.sumOfSquares(diff, 0, n) / n;
    t.record(
        loss,
        () -> { // dpred += k · diff, dtarget −= k · diff, k = 2·dy/n
          float k = 2f * loss.grad().data()[0] / n;
          if (pred.requiresGrad()) {
            accumulate(k, diff, 0, pred.gradForAccumulate());
          }
          if (target.requiresGrad()) {
            accumulate(-k, diff, 0, target.gradForAccumulate());
          }
        });
    return loss;
  }

  /**
   * Binary cross-entropy on logits z against targets y in [0, 1], the mean over elements of {@code
   * max(z, 0) − z·y + log1p(exp(−|z|))} (no overflow for any z), a scalar, computed as {@code (Σ
   * softplus(z) − z·y) / n}. Backward: {@code dz += (sigmoid(z) − y) · dy / n}, {@code dy_target +=
   * −z · dy / n}.
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
    float[] sp = new float[n];
    Elementwise.softplus(zv, zo, sp, 0, n);
    double s = (double) Elementwise.sum(sp, 0, n) - Elementwise.dot(zv, zo, yv, yo, n);
    loss.value().data()[0] = (float) (s / n);
    t.record(
        loss,
        () -> {
          float k = loss.grad().data()[0] / n;
          if (logits.requiresGrad()) { // p = sigmoid(z) − y; dz += k · p
            float[] p = new float[n];
            Elementwise.sigmoid(zv, zo, p, 0, n);
            Elementwise.sub(p, 0, yv, yo, p, 0, n);
            accumulate(k, p, 0, logits.gradForAccumulate());
          }
          if (targets.requiresGrad()) { // dy_target += −k · z
            accumulate(-k, zv, zo, targets.gradForAccumulate());
          }
        });
    return loss;
  }

  // ---------------------------------------------------------------- internals

  /** {@code g += alpha · d[dOff ..]} over all of g's elements. */
  private static void accumulate(float alpha, float[] d, int dOff, Tensor g) {
    Elementwise.axpy(alpha, d, dOff, g.data(), g.offset(), g.size());
  }

  /**
   * {@code g[c] += alpha · Σ_r m[r·cols + c]} for a rows × cols {@code m} (from index 0) and a
   * {@code g} of cols elements: the gradient of a row vector repeated over the rows, added row by
   * row in row order.
   */
  private static void accumulateRows(float alpha, float[] m, int rows, int cols, Tensor g) {
    for (int r = 0; r < rows; r++) {
      Elementwise.axpy(alpha, m, r * cols, g.data(), g.offset(), cols);
    }
  }

  /** {@code g[i] += v} for every element of g, in place. */
  private static void addToAll(float v, Tensor g) {
    Elementwise.addScalar(v, g.data(), g.offset(), g.data(), g.offset(), g.size());
  }

  /**
   * {@code out = m + v} or {@code out = m ⊙ v} ({@code multiply}) for a {@code bc.rows() ×
   * bc.cols()} tensor m; v is either the same shape or, when {@code vRow}, a row vector of {@code
   * bc.cols()} repeated over the rows. {@code out} is written from index 0.
   */
  private static void combine(
      boolean multiply, Tensor m, Tensor v, boolean vRow, float[] out, Broadcast bc) {
    float[] md = m.data();
    float[] vd = v.data();
    int mo = m.offset();
    int vo = v.offset();
    if (vRow && multiply) {
      Elementwise.mulRowVector(md, mo, vd, vo, out, 0, bc.rows(), bc.cols());
    } else if (vRow) {
      Elementwise.addRowVector(md, mo, vd, vo, out, 0, bc.rows(), bc.cols());
    } else if (multiply) {
      Elementwise.mul(md, mo, vd, vo, out, 0, bc.size());
    } else {
      Elementwise.add(md, mo, vd, vo, out, 0, bc.size());
    }
  }

  /** The tape all {@code inputs} belong to (shared with {@link ConvOps}); errors name {@code op}. */
  static Tape tapeOf(String op, Var... inputs) {
    if (inputs[0] == null) {
      throw new IllegalArgumentException(op + ": null input");
    }
    Tape t = inputs[0].tape();
    for (Var v : inputs) {
      t.owned(v, op);
    }
    return t;
  }

  /** {@code v}'s shape for messages (shared with {@link ConvOps}). */
  static String shape(Var v) {
    return Arrays.toString(v.shape());
  }

  /**
   * How two operands line up: {@code rows × cols} output, and whether a or b is a row vector of
   * length cols repeated over the rows.
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

    int size() {
      return rows * cols;
    }

    /**
     * {@code g += alpha · d} for an operand's gradient g, d being rows × cols from index 0: summed
     * over the rows when the operand is a broadcast row vector ({@code row}).
     */
    void accumulate(float alpha, float[] d, Tensor g, boolean row) {
      if (row) {
        accumulateRows(alpha, d, rows, cols, g);
      } else {
        Ops.accumulate(alpha, d, 0, g);
      }
    }
  }
}
