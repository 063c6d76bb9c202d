package io.langevin.nn;

import io.langevin.kernels.autodiff.Tape;
import io.langevin.kernels.autodiff.Var;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.kernels.tensor.Tensor;
import java.util.Arrays;

/**
 * A network and the arena holding all its parameters: θ and its gradient are two flat float arrays
 * ({@link #arena()}), so an optimiser or sampler steps the whole model in one pass, and a model
 * average is a loop over θ vectors copied into {@link ParameterArena#theta()}.
 *
 * <p>Inputs are batches of {@code batch} examples of the per-example {@link #inputShape()}
 * (row-major, examples back to back); the output is {@code [batch, outputShape…]}, the logits for a
 * classifier.
 *
 * <pre>{@code
 * Model m = Models.mlp("784-400-400-10", Activation.RELU, 1);
 * Tape tape = new Tape();
 * for (long step = 0; step < steps; step++) {
 *   double loss = m.lossAndGradient(tape, images, labels, batch, Mode.TRAIN, noiseSeed, step);
 *   // step θ = m.arena().theta() with g = m.arena().grad()
 * }
 * float[] probs = m.probabilities(testImages, testBatch);
 * }</pre>
 */
public final class Model {
  private final Layer net;
  private final ParameterArena arena;
  private final int[] inputShape;
  private final int[] outputShape;

  /** Declares {@code net}'s parameters in a new arena and initialises them from {@code seed}. */
  public Model(Layer net, long seed, int... inputShape) {
    this.net = net;
    this.inputShape = inputShape.clone();
    this.outputShape = net.outputShape(this.inputShape);
    ParameterArena.Builder b = ParameterArena.builder();
    net.declare(b);
    this.arena = b.build();
    initialize(seed);
  }

  /** Re-initialises every parameter from {@code seed} (and zeroes the gradient). */
  public void initialize(long seed) {
    net.init(arena, seed);
    arena.zeroGrad();
  }

  public Layer net() {
    return net;
  }

  public ParameterArena arena() {
    return arena;
  }

  /** Number of parameters D (the length of θ). */
  public int parameterCount() {
    return arena.size();
  }

  /** Per-example input shape. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Per-example output shape. */
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** Floats per example of input. */
  public int inputSize() {
    return size(inputShape);
  }

  /** Floats per example of output (the number of classes of a classifier). */
  public int outputSize() {
    return size(outputShape);
  }

  /** The network on {@code x}, whose shape must be {@code [batch, inputShape…]}. */
  public Var forward(Pass pass, Var x) {
    int[] s = x.shape();
    if (s.length != inputShape.length + 1
        || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
      throw new IllegalArgumentException(
          "Model: input "
              + Arrays.toString(s)
              + " is not [batch, "
              + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "")
              + "]");
    }
    return net.forward(pass, x);
  }

  /** The network on the first {@code batch} examples of {@code x} (not copied), as a constant. */
  public Var forward(Tape tape, float[] x, int batch, Mode mode, long noiseSeed, long step) {
    return forward(tape, x, 0, batch, mode, noiseSeed, step);
  }

  /** The network on {@code batch} examples starting at float {@code offset} of {@code x}. */
  public Var forward(
      Tape tape, float[] x, int offset, int batch, Mode mode, long noiseSeed, long step) {
    Tensor in = Tensor.view(x, offset, batchShape(x, offset, batch));
    return forward(new Pass(tape, arena, mode, noiseSeed, step), tape.constant(in));
  }

  /**
   * One training evaluation for a classifier: resets the tape, zeroes the arena's gradient, runs
   * the forward pass, the mean softmax cross-entropy against {@code labels} and the backward pass;
   * returns the loss. Afterwards {@code arena().grad()} holds dLoss/dθ.
   */
  public double lossAndGradient(
      Tape tape, float[] x, int[] labels, int batch, Mode mode, long noiseSeed, long step) {
    tape.reset();
    arena.zeroGrad();
    Var logits = forward(tape, x, batch, mode, noiseSeed, step);
    Var loss = Losses.softmaxCrossEntropy(logits, labels);
    tape.backward(loss);
    return loss.item();
  }

  /** Evaluation-mode outputs (logits) for {@code batch} examples, on a fresh tape. */
  public float[] logits(float[] x, int batch) {
    Tape tape = new Tape();
    return forward(tape, x, batch, Mode.EVAL, 0, 0).value().toArray();
  }

  /** Softmax of the evaluation-mode logits, {@code [batch, outputSize]}. */
  public float[] probabilities(float[] x, int batch) {
    return Metrics.softmax(logits(x, batch), batch, outputSize());
  }

  private int[] batchShape(float[] x, int offset, int batch) {
    long need = (long) batch * inputSize();
    if (batch < 1 || offset < 0 || x.length - (long) offset < need) {
      throw new IllegalArgumentException(
          "Model: "
              + x.length
              + " floats from offset "
              + offset
              + " cannot hold "
              + batch
              + " examples of "
              + Arrays.toString(inputShape));
    }
    int[] s = new int[inputShape.length + 1];
    s[0] = batch;
    System.arraycopy(inputShape, 0, s, 1, inputShape.length);
    return s;
  }

  private static int size(int[] s) {
    int n = 1;
    for (int d : s) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return "Model "
        + Arrays.toString(inputShape)
        + " -> "
        + Arrays.toString(outputShape)
        + ", "
        + parameterCount()
        + " parameters: "
        + net;
  }
}
