package io.langevin.experiments.bnn;

import io.langevin.nn.Activation;
import io.langevin.nn.DropConnect;
import io.langevin.nn.Dropout;
import io.langevin.nn.GaussianDropout;
import io.langevin.nn.Layer;
import io.langevin.nn.Linear;
import io.langevin.nn.Model;
import io.langevin.nn.Models;
import io.langevin.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The networks of {@code langevin bnn}: {@code mlp:H1-H2-…} (ReLU MLP from the image size to the
 * class count through hidden layers H1, H2, …; {@code mlp:400-400} is the pSGLD authors' MNIST
 * network) or {@code lenet} (LeNet-5, {@link Models#lenet5}), with the noise layers of a {@link
 * BnnMethod}: Bernoulli or Gaussian dropout after the activation of every hidden fully connected
 * layer, or DropConnect on every hidden fully connected layer (never on the output layer, never on
 * convolutions). Test: {@code BnnTest}.
 */
public final class BnnModels {
  private BnnModels() {}

  /**
   * The model {@code spec} for {@code inputs} features of {@code rows×cols} images and {@code
   * classes} classes, with {@code noise} layers of rate {@code rate}, initialised from {@code seed}.
   */
  public static Model build(
      String spec, int rows, int cols, int classes, BnnMethod.Noise noise, float rate, long seed) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    Sequential base;
    int[] input;
    if (s.equals("lenet")) {
      if (rows != 28 || cols != 28 || classes > 10) {
        throw new IllegalArgumentException(
            "model lenet takes 28x28 images and at most 10 classes, the data have "
                + rows
                + "x"
                + cols
                + " and "
                + classes);
      }
      base = (Sequential) Models.lenet5(seed).net();
      input = new int[] {1, 28, 28};
    } else if (s.startsWith("mlp:")) {
      int[] hidden = Models.parseSpec(s.substring(4) + "-1");
      int[] sizes = new int[hidden.length + 1];
      sizes[0] = rows * cols;
      System.arraycopy(hidden, 0, sizes, 1, hidden.length - 1);
      sizes[sizes.length - 1] = classes;
      base = Models.mlpNet(sizes, Activation.RELU, 0f);
      input = new int[] {rows * cols};
    } else {
      throw new IllegalArgumentException(
          "unknown model '" + spec + "'; use mlp:H1-H2-… (e.g. mlp:400-400, mlp:1200-1200) or lenet");
    }
    return new Model(withNoise(base, noise, rate), seed, input);
  }

  /** {@code net} with the noise layers of {@code noise} added (see the class comment). */
  static Sequential withNoise(Sequential net, BnnMethod.Noise noise, float rate) {
    if (noise == BnnMethod.Noise.NONE) {
      return net;
    }
    List<Layer> in = net.layers();
    int lastLinear = -1;
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i) instanceof Linear) {
        lastLinear = i;
      }
    }
    List<Layer> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      Layer l = in.get(i);
      boolean hidden = l instanceof Linear && i < lastLinear;
      if (hidden && noise == BnnMethod.Noise.DROPCONNECT) {
        out.add(new DropConnect((Linear) l, rate));
        continue;
      }
      out.add(l);
      if (hidden && i + 1 < in.size()) {
        // the activation after the hidden layer, then the noise
        out.add(in.get(++i));
        String name = "drop-" + ((Linear) l).name();
        out.add(
            noise == BnnMethod.Noise.DROPOUT
                ? new Dropout(name, rate)
                : new GaussianDropout(name, rate));
      }
    }
    return new Sequential(out);
  }
}
