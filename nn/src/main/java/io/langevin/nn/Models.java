package io.langevin.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made architectures.
 *
 * <ul>
 *   <li>{@link #mlp}: {@code "784-400-400-10"} is input 784, hidden layers of 400 and 400, output
 *       10: {@code fc1 … fcL} linear layers with the activation between them (none after the last,
 *       which gives logits). 784-400-400-10 has 478,410 parameters.
 *   <li>{@link #lenet5}: the Caffe LeNet on a {@code 1×28×28} input: conv1 5×5×20 → ReLU → max-pool
 *       2 → conv2 5×5×50 → ReLU → max-pool 2 → flatten (800) → fc1 500 → ReLU → fc2 10; 520 +
 *       25,050 + 400,500 + 5,010 = 431,080 parameters.
 *   <li>{@link #lenetSmall}: the intrinsic-dimension authors' LeNet (6, 16, 120, 84), 44,426
 *       parameters.
 * </ul>
 *
 * Weights use {@link Activation#defaultInit()} (He normal for ReLU, Glorot uniform otherwise),
 * biases start at 0.
 */
public final class Models {
  private Models() {}

  /** The MLP of {@code spec} (sizes joined by '-', at least two) initialised from seed 0. */
  public static Model mlp(String spec, Activation activation) {
    return mlp(spec, activation, 0L);
  }

  /** The MLP of {@code spec} initialised from {@code seed}. */
  public static Model mlp(String spec, Activation activation, long seed) {
    return mlp(spec, activation, 0f, seed);
  }

  /**
   * The MLP of {@code spec} with {@link Dropout} of rate {@code dropout} after every hidden
   * activation (none when 0), initialised from {@code seed}.
   */
  public static Model mlp(String spec, Activation activation, float dropout, long seed) {
    int[] sizes = parseSpec(spec);
    return new Model(mlpNet(sizes, activation, dropout), seed, sizes[0]);
  }

  /** The layers of an MLP with these layer sizes (input first). */
  public static Sequential mlpNet(int[] sizes, Activation activation, float dropout) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          "mlp: needs at least input and output sizes, got " + sizes.length + " size(s)");
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      layers.add(new Linear("fc" + (i + 1), sizes[i], sizes[i + 1], activation.defaultInit()));
      if (i + 2 < sizes.length) {
        layers.add(activation.layer());
        if (dropout > 0f) {
          layers.add(new Dropout("drop" + (i + 1), dropout));
        }
      }
    }
    return new Sequential(layers);
  }

  /** LeNet-5 (Caffe variant, ReLU) for {@code 1×28×28} inputs, initialised from seed 0. */
  public static Model lenet5() {
    return lenet5(0L);
  }

  /** LeNet-5 initialised from {@code seed}. */
  public static Model lenet5(long seed) {
    Init he = Init.HE_NORMAL;
    Sequential net =
        new Sequential(
            new Conv2d("conv1", 1, 20, 5, he),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d("conv2", 20, 50, 5, he),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear("fc1", 800, 500, he),
            new ReLU(),
            new Linear("fc2", 500, 10, he));
    return new Model(net, seed, 1, 28, 28);
  }

  /**
   * The intrinsic-dimension authors' LeNet ({@code model_builders.py}) for {@code 1×28×28} inputs:
   * conv1 5×5×6 → ReLU → max-pool 2 → conv2 5×5×16 → ReLU → max-pool 2 → flatten (256) → fc1 120 →
   * ReLU → fc2 84 → ReLU → fc3 10, valid convolutions, He-normal weights: 156 + 2,416 + 30,840 +
   * 10,164 + 850 = 44,426 parameters.
   */
  public static Model lenetSmall(long seed) {
    Init he = Init.HE_NORMAL;
    Sequential net =
        new Sequential(
            new Conv2d("conv1", 1, 6, 5, he),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d("conv2", 6, 16, 5, he),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear("fc1", 256, 120, he),
            new ReLU(),
            new Linear("fc2", 120, 84, he),
            new ReLU(),
            new Linear("fc3", 84, 10, he));
    return new Model(net, seed, 1, 28, 28);
  }

  /** Parses {@code "784-400-10"} into {@code {784, 400, 10}}. */
  public static int[] parseSpec(String spec) {
    String[] parts = spec.trim().split("-");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "mlp spec '" + spec + "': part " + i + " '" + parts[i] + "' is not an integer");
      }
      if (sizes[i] < 1) {
        throw new IllegalArgumentException(
            "mlp spec '" + spec + "': size " + sizes[i] + " at part " + i + " must be >= 1");
      }
    }
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          "mlp spec '" + spec + "' needs at least an input and an output size");
    }
    return sizes;
  }
}
