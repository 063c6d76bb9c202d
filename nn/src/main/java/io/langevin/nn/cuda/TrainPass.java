package io.langevin.nn.cuda;

import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.nn.Model;
import io.langevin.nn.cuda.NetPlan.ConvStage;
import io.langevin.nn.cuda.NetPlan.LinearStage;
import io.langevin.nn.cuda.NetPlan.PoolStage;
import io.langevin.nn.cuda.NetPlan.ReluStage;
import io.langevin.nn.cuda.NetPlan.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffers and the forward and backward passes of a {@link NetPlan} over {@link TrainOps}: what
 * {@link CudaNet} runs on the device (and the tests' host twin on the CPU). Per stage, as the CPU
 * ops do it:
 *
 * <ul>
 *   <li>Linear ({@code Ops.linear}): {@code Y = X·Wᵀ}, {@code Y += b}; back: {@code dX = dY·W},
 *       {@code dW += dYᵀ·X}, {@code db += Σ_rows dY};
 *   <li>Conv2d ({@code ConvOps.conv2d}): im2col of the batch (WIDE, kept for the backward pass),
 *       {@code Y_wide = W·cols} ({@code F × N·P}), to NCHW plus the bias; back: {@code dY} to
 *       channel-major, {@code dW += dY_wide·colsᵀ}, {@code dcols = Wᵀ·dY_wide}, {@code dX =
 *       col2im(dcols)}, {@code db += Σ dY} per channel;
 *   <li>ReLU, max pooling (argmax kept) and their backward passes;
 *   <li>the loss ({@code Ops.softmaxCrossEntropy}): {@code dlogits = (softmax − onehot)/batch}, the
 *       mean of the row losses in double.
 * </ul>
 *
 * A stage's input gradient is computed only when an earlier stage has parameters. Buffers are
 * allocated once for {@code maxBatch} examples; the channel-major output and the column gradient
 * are scratch shared by the conv stages.
 */
final class TrainPass<B> implements AutoCloseable {
  private final TrainOps<B> ops;
  private final List<Stage> stages;
  private final int maxBatch;
  private final int inputSize;
  private final int classes;
  private final int parameters;
  private final List<B> owned = new ArrayList<>();
  final B theta;
  final B grad;

  /** acts[i]: input of stage i; acts[stages] the logits. */
  private final B[] acts;

  /** grads[i]: gradient of acts[i]; null where nothing needs it. */
  private final B[] grads;

  /** needGrad[i]: whether grads[i] is computed. */
  private final boolean[] needGrad;

  /** Per stage: the column matrices (conv) or argmax indices (pool); else null. */
  private final B[] saved;

  private final B wide;
  private final B dcols;
  private final B labels;
  private final B rowLoss;
  private final B loss;
  private int uploaded;

  @SuppressWarnings("unchecked")
  TrainPass(TrainOps<B> ops, Model model, List<Stage> stages, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("CudaNet: maxBatch must be >= 1, got " + maxBatch);
    }
    this.ops = ops;
    this.stages = List.copyOf(stages);
    this.maxBatch = maxBatch;
    this.inputSize = model.inputSize();
    this.classes = model.outputSize();
    this.parameters = model.parameterCount();
    int n = stages.size();
    acts = (B[]) new Object[n + 1];
    grads = (B[]) new Object[n + 1];
    saved = (B[]) new Object[n];
    needGrad = new boolean[n + 1];
    boolean params = false;
    for (int i = 0; i <= n; i++) {
      needGrad[i] = params || i == n;
      if (i < n && stages.get(i).hasParameters()) {
        params = true;
      }
    }
    long wideMax = 0;
    long dcolsMax = 0;
    try {
      theta = alloc("theta", parameters);
      grad = alloc("gradient", parameters);
      acts[0] = alloc("input", (long) maxBatch * inputSize);
      for (int i = 0; i < n; i++) {
        Stage s = stages.get(i);
        acts[i + 1] = alloc("output of stage " + i, (long) maxBatch * s.outSize());
        if (needGrad[i + 1]) {
          grads[i + 1] = alloc("output gradient of stage " + i, (long) maxBatch * s.outSize());
        }
        switch (s) {
          case ConvStage c -> {
            long cols = (long) maxBatch * c.g().colSize();
            saved[i] = alloc("column matrix of " + c.name(), cols);
            wideMax = Math.max(wideMax, (long) maxBatch * c.outSize());
            if (needGrad[i]) {
              dcolsMax = Math.max(dcolsMax, cols);
            }
          }
          case PoolStage p ->
              saved[i] = alloc("argmax of stage " + i, (long) maxBatch * p.outSize());
          default -> {}
        }
      }
      wide = wideMax > 0 ? alloc("channel-major conv output", wideMax) : null;
      dcols = dcolsMax > 0 ? alloc("column gradient", dcolsMax) : null;
      labels = alloc("labels", maxBatch);
      rowLoss = alloc("row losses", 2L * maxBatch);
      loss = alloc("loss", 2);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private B alloc(String what, long length) {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "CudaNet: "
              + what
              + " needs "
              + length
              + " floats (more than an int) for maxBatch "
              + maxBatch);
    }
    B b = ops.alloc((int) Math.max(1, length));
    owned.add(b);
    return b;
  }

  int maxBatch() {
    return maxBatch;
  }

  /** Uploads {@code batch} examples and their labels (checked to lie in [0, classes)). */
  void setBatch(float[] x, int[] y, int batch) {
    checkBatch(batch);
    long need = (long) batch * inputSize;
    if (x == null || y == null || x.length < need || y.length < batch) {
      throw new IllegalArgumentException(
          "CudaNet.setBatch: batch "
              + batch
              + " needs "
              + need
              + " inputs and "
              + batch
              + " labels, got "
              + (x == null ? "null" : x.length)
              + " and "
              + (y == null ? "null" : y.length));
    }
    for (int r = 0; r < batch; r++) {
      if (y[r] < 0 || y[r] >= classes) {
        throw new IllegalArgumentException(
            "CudaNet.setBatch: label " + y[r] + " of row " + r + " outside [0, " + classes + ")");
      }
    }
    ops.upload(x, acts[0], (int) need);
    ops.uploadInts(y, labels, batch);
    uploaded = batch;
  }

  /** Zeroes the gradient, runs forward, loss and backward; returns the mean loss (waits). */
  double lossAndGradient(int batch) {
    checkUploaded(batch);
    ops.fill(grad, parameters, 0f);
    forward(batch);
    int last = stages.size();
    ops.softmaxCrossEntropy(
        batch, classes, acts[last], labels, 1f / batch, rowLoss, loss, grads[last]);
    for (int i = last - 1; i >= 0; i--) {
      if (needGrad[i + 1]) {
        backward(i, batch);
      }
    }
    return ops.readDouble(loss);
  }

  /** The logits {@code [batch, classes]} of the first {@code batch} uploaded examples. */
  float[] logits(int batch) {
    checkUploaded(batch);
    forward(batch);
    float[] out = new float[batch * classes];
    ops.download(acts[stages.size()], out, out.length);
    return out;
  }

  private void forward(int n) {
    for (int i = 0; i < stages.size(); i++) {
      B x = acts[i];
      B y = acts[i + 1];
      switch (stages.get(i)) {
        case LinearStage l -> { // Y (n×out) = X · Wᵀ; Y += b
          ops.sgemm(
              false, true, n, l.out(), l.in(), 1f, x, 0, l.in(), theta, l.wOff(), l.in(), 0f, y, 0,
              l.out());
          ops.biasAdd(n, l.out(), 1, y, theta, l.bOff());
        }
        case ConvStage c -> { // Y_wide (F × N·P) = W (F×R) · cols (R × N·P); to NCHW + b
          Geometry g = c.g();
          int r = g.colRows();
          int np = n * g.outSize();
          ops.im2colWide(g, n, x, saved[i]);
          ops.sgemm(
              false, false, c.f(), np, r, 1f, theta, c.wOff(), r, saved[i], 0, np, 0f, wide, 0, np);
          ops.channelsToNchw(n, c.f(), g.outSize(), wide, theta, c.bOff(), y);
        }
        case ReluStage r -> ops.relu(n * r.size(), x, y);
        case PoolStage p -> ops.maxPool(n * p.c(), p.h(), p.w(), p.k(), p.stride(), x, y, saved[i]);
      }
    }
  }

  /** Backward of stage i: reads grads[i + 1], adds the parameter gradients, writes grads[i]. */
  private void backward(int i, int n) {
    B x = acts[i];
    B dy = grads[i + 1];
    B dx = needGrad[i] ? grads[i] : null;
    switch (stages.get(i)) {
      case LinearStage l -> {
        if (dx != null) { // dX (n×in) = dY · W
          ops.sgemm(
              false, false, n, l.in(), l.out(), 1f, dy, 0, l.out(), theta, l.wOff(), l.in(), 0f, dx,
              0, l.in());
        }
        // dW (out×in) += dYᵀ · X
        ops.sgemm(
            true, false, l.out(), l.in(), n, 1f, dy, 0, l.out(), x, 0, l.in(), 1f, grad, l.wOff(),
            l.in());
        ops.biasGradRows(n, l.out(), dy, grad, l.bOff());
      }
      case ConvStage c -> {
        Geometry g = c.g();
        int r = g.colRows();
        int p = g.outSize();
        int np = n * p;
        ops.nchwToChannels(n, c.f(), p, dy, wide);
        // dW (F×R) += dY_wide (F × N·P) · colsᵀ
        ops.sgemm(
            false, true, c.f(), r, np, 1f, wide, 0, np, saved[i], 0, np, 1f, grad, c.wOff(), r);
        if (dx != null) { // dcols (R × N·P) = Wᵀ · dY_wide; dX = col2im(dcols)
          ops.sgemm(
              true, false, r, np, c.f(), 1f, theta, c.wOff(), r, wide, 0, np, 0f, dcols, 0, np);
          ops.col2imWide(g, n, dcols, dx);
        }
        ops.biasGradPlanes(n, c.f(), p, dy, grad, c.bOff());
      }
      case ReluStage r -> {
        if (dx != null) {
          ops.reluBackward(n * r.size(), x, dy, dx);
        }
      }
      case PoolStage p -> {
        if (dx != null) {
          ops.maxPoolBackward(n * p.c(), p.h(), p.w(), p.k(), p.stride(), dy, saved[i], dx);
        }
      }
    }
  }

  private void checkBatch(int batch) {
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException(
          "CudaNet: batch " + batch + " outside [1, maxBatch " + maxBatch + "]");
    }
  }

  private void checkUploaded(int batch) {
    checkBatch(batch);
    if (batch > uploaded) {
      throw new IllegalArgumentException(
          "CudaNet: batch " + batch + " but " + uploaded + " examples uploaded (setBatch)");
    }
  }

  @Override
  public void close() {
    for (B b : owned) {
      ops.free(b);
    }
    owned.clear();
  }
}
