package io.langevin.nn.cuda;

import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.update.RangeResult;
import io.langevin.kernels.update.UpdateParams;
import io.langevin.kernels.update.UpdateRule;
import io.langevin.nn.Conv2d;
import io.langevin.nn.Flatten;
import io.langevin.nn.Linear;
import io.langevin.nn.MaxPool2d;
import io.langevin.nn.Model;
import io.langevin.nn.ReLU;
import io.langevin.nn.Sequential;

/**
 * A classifier {@link Model} trained on the GPU: {@link Model#lossAndGradient} (forward pass, mean
 * softmax cross-entropy, backward pass) on the device, and the fused update of {@link
 * CudaKernels#update} over all parameters at once.
 *
 * <pre>{@code
 * try (CudaNet net = new CudaNet(CudaKernels.get(), model, 128)) {
 *   for (...) {
 *     net.setBatch(x, labels, batch);             // upload
 *     double loss = net.lossAndGradient(batch);   // waits for the 8-byte loss only
 *     net.step(UpdateRule.SGD, params, state, result);
 *   }
 *   net.downloadParameters();                     // θ back into model.arena()
 * }
 * }</pre>
 *
 * <p>Supported nets: a {@link Sequential} (nested ones are flattened; a single layer works too) of
 * {@link Linear}, {@link Conv2d}, {@link ReLU}, {@link MaxPool2d} and {@link Flatten}, ending in
 * per-example logits of rank 1; anything else throws {@link IllegalArgumentException} naming the
 * layer ({@link #checkSupported}, no device needed). θ and its gradient live on the device in the
 * layout of {@code model.arena()}: a parameter's offset in {@link ParameterArena} is its offset in
 * {@link #theta()} and {@link #grad()}. The passes are {@link TrainPass}'s (layer by layer as the
 * CPU ops compute them; every matrix product a {@code CudaGemm}); all buffers are allocated once
 * for {@code maxBatch} examples. A training step ({@link #lossAndGradient} then {@link #step})
 * copies nothing between host and device but the 8-byte loss and the update's 8-byte non-finite
 * flag (plus SGNHT's per-block partial sums, and two floats when a value is non-finite).
 *
 * <p>Values agree with {@link Model#lossAndGradient} (mode TRAIN; the supported layers have no
 * noise) to float rounding: GEMMs accumulate in another order, and a ReLU input or a pooling tie
 * that rounding moves across the boundary sends that one gradient term the other way. Checked by
 * {@code CudaNetTest} on a device; the wiring by {@code TrainPassHostTest} on the CPU. Not
 * thread-safe.
 */
public final class CudaNet implements AutoCloseable {
  private final CudaKernels cuda;
  private final Model model;
  private final TrainPass<DeviceArray> pass;
  private boolean closed;

  /**
   * Allocates the device copy of {@code model} for batches of up to {@code maxBatch} examples and
   * uploads θ.
   *
   * @throws IllegalArgumentException when the model is not supported ({@link #checkSupported}),
   *     maxBatch < 1, or a buffer would exceed 2^31 − 1 floats
   */
  public CudaNet(CudaKernels cuda, Model model, int maxBatch) {
    if (cuda == null) {
      throw new IllegalArgumentException("CudaNet: null CudaKernels");
    }
    this.cuda = cuda;
    this.model = model;
    this.pass = new TrainPass<>(new DeviceTrainOps(cuda), model, NetPlan.of(model), maxBatch);
    try {
      uploadParameters();
    } catch (RuntimeException e) {
      pass.close();
      throw e;
    }
  }

  /**
   * Checks that {@code model} can run on the device (no device needed): its net is a {@link
   * Sequential} of Linear, Conv2d, ReLU, MaxPool2d and Flatten with parameters, and its per-example
   * output is a vector of logits.
   *
   * @throws IllegalArgumentException naming the first unsupported layer, or the output shape
   */
  public static void checkSupported(Model model) {
    NetPlan.of(model);
  }

  /** The model this net was built from (its arena is the host side of θ). */
  public Model model() {
    return model;
  }

  /** Largest batch. */
  public int maxBatch() {
    return pass.maxBatch();
  }

  /** θ on the device, in the layout of {@code model().arena().theta()}. */
  public DeviceArray theta() {
    checkOpen();
    return pass.theta;
  }

  /** The gradient on the device, parallel to {@link #theta()}. */
  public DeviceArray grad() {
    checkOpen();
    return pass.grad;
  }

  /** Copies {@code model().arena().theta()} to the device. */
  public void uploadParameters() {
    theta().copyFrom(model.arena().theta());
  }

  /** Copies the device θ into {@code model().arena().theta()}. */
  public void downloadParameters() {
    theta().copyTo(model.arena().theta(), 0);
  }

  /** Copies the device gradient into {@code model().arena().grad()}. */
  public void downloadGradient() {
    grad().copyTo(model.arena().grad(), 0);
  }

  /**
   * Uploads the first {@code batch} examples of {@code x} ({@code model().inputSize()} floats each)
   * and their labels, which must lie in {@code [0, classes)} (checked here).
   */
  public void setBatch(float[] x, int[] labels, int batch) {
    checkOpen();
    pass.setBatch(x, labels, batch);
  }

  /**
   * The mean softmax cross-entropy of the first {@code batch} examples of the last {@link
   * #setBatch} and its gradient, left in {@link #grad()} (zeroed first): the device twin of {@link
   * Model#lossAndGradient} in training mode. Waits for the device only to read the loss.
   */
  public double lossAndGradient(int batch) {
    checkOpen();
    return pass.lossAndGradient(batch);
  }

  /** The logits {@code [batch, classes]} of the first {@code batch} uploaded examples. */
  public float[] logits(int batch) {
    checkOpen();
    return pass.logits(batch);
  }

  /**
   * One fused step of {@code rule} over all of θ ({@link CudaKernels#update} with index base 0, so
   * noise element i is parameter i, as on the CPU); {@code result} reports a non-finite value.
   */
  public void step(UpdateRule rule, UpdateParams p, DeviceArray[] state, RangeResult result) {
    checkOpen();
    cuda.update(rule, p, pass.theta, pass.grad, state, 0, true, result);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("CudaNet is closed");
    }
  }

  /** Frees every device buffer. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pass.close();
    }
  }
}
