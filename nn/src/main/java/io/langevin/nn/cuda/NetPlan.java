package io.langevin.nn.cuda;

import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.tensor.ParameterArena;
import io.langevin.nn.Conv2d;
import io.langevin.nn.Flatten;
import io.langevin.nn.Layer;
import io.langevin.nn.Linear;
import io.langevin.nn.MaxPool2d;
import io.langevin.nn.Model;
import io.langevin.nn.ReLU;
import io.langevin.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stages a {@link Model} runs as on the device ({@link CudaNet}), derived from its layers
 * without a device: Linear, Conv2d, ReLU and MaxPool2d become stages with their sizes, geometry and
 * parameter offsets in the model's arena; Flatten disappears (NCHW is already {@code [N, C·H·W]});
 * nested {@link Sequential}s are flattened; any other layer throws {@link IllegalArgumentException}
 * naming it; each stage's output size is checked against the layer's own {@code outputShape}.
 * Tested by {@code CudaNetTest} (no device needed for the plan).
 */
final class NetPlan {
  private NetPlan() {}

  /** One device stage, with its per-example input and output sizes. */
  sealed interface Stage permits LinearStage, ConvStage, ReluStage, PoolStage {
    int inSize();

    int outSize();

    boolean hasParameters();
  }

  /** Linear {@code in → out}; weight {@code [out, in]} at wOff, bias {@code [out]} at bOff. */
  record LinearStage(String name, int in, int out, int wOff, int bOff) implements Stage {
    @Override
    public int inSize() {
      return in;
    }

    @Override
    public int outSize() {
      return out;
    }

    @Override
    public boolean hasParameters() {
      return true;
    }
  }

  /** Conv2d of one image of geometry g to f channels; weight {@code [f, C, k, k]} at wOff. */
  record ConvStage(String name, Geometry g, int f, int wOff, int bOff) implements Stage {
    @Override
    public int inSize() {
      return g.imageSize();
    }

    @Override
    public int outSize() {
      return f * g.outSize();
    }

    @Override
    public boolean hasParameters() {
      return true;
    }
  }

  /** ReLU over {@code size} elements per example. */
  record ReluStage(int size) implements Stage {
    @Override
    public int inSize() {
      return size;
    }

    @Override
    public int outSize() {
      return size;
    }

    @Override
    public boolean hasParameters() {
      return false;
    }
  }

  /** Max pooling of {@code c} planes {@code h × w}, window k, stride s, no padding. */
  record PoolStage(int c, int h, int w, int k, int stride) implements Stage {
    int oh() {
      return (h - k) / stride + 1;
    }

    int ow() {
      return (w - k) / stride + 1;
    }

    @Override
    public int inSize() {
      return c * h * w;
    }

    @Override
    public int outSize() {
      return c * oh() * ow();
    }

    @Override
    public boolean hasParameters() {
      return false;
    }
  }

  /** The device stages of {@code model}, validated (see the class comment). */
  static List<Stage> of(Model model) {
    if (model == null) {
      throw new IllegalArgumentException("CudaNet: null model");
    }
    List<Layer> layers = new ArrayList<>();
    flatten(model.net(), layers);
    ParameterArena arena = model.arena();
    List<Stage> stages = new ArrayList<>();
    int[] shape = model.inputShape();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      switch (l) {
        case Linear lin ->
            stages.add(
                new LinearStage(
                    lin.name(),
                    lin.in(),
                    lin.out(),
                    offset(arena, lin.weightName(), lin.out(), lin.in()),
                    offset(arena, lin.biasName(), lin.out())));
        case Conv2d conv -> stages.add(conv(i, conv, shape, arena));
        case ReLU r -> stages.add(new ReluStage(size(shape)));
        case MaxPool2d pool -> stages.add(pool(i, pool, shape));
        case Flatten f -> {}
        default ->
            throw new IllegalArgumentException(
                "CudaNet: layer "
                    + i
                    + " ("
                    + l
                    + ", class "
                    + l.getClass().getSimpleName()
                    + ") is not supported on the device; supported: Linear, Conv2d, ReLU,"
                    + " MaxPool2d, Flatten");
      }
      shape = l.outputShape(shape); // validates the input shape as the layer does
    }
    if (model.parameterCount() == 0) {
      throw new IllegalArgumentException("CudaNet: the model has no parameters to train");
    }
    if (shape.length != 1) {
      throw new IllegalArgumentException(
          "CudaNet: the net's per-example output "
              + Arrays.toString(shape)
              + " is not a vector of logits (end with Flatten/Linear)");
    }
    return stages;
  }

  private static ConvStage conv(int i, Conv2d conv, int[] shape, ParameterArena arena) {
    int[] out = conv.outputShape(shape);
    int[] ws = arena.param(conv.weightName()).value().shape();
    if (ws.length != 4 || ws[2] != ws[3] || shape.length != 3 || ws[1] != shape[0]) {
      throw new IllegalArgumentException(
          "CudaNet: layer "
              + i
              + " ("
              + conv
              + "): weight "
              + Arrays.toString(ws)
              + " does not fit input "
              + Arrays.toString(shape));
    }
    int k = ws[2];
    Geometry g = Geometry.square(shape[0], shape[1], shape[2], k, conv.stride(), conv.pad());
    if (out[0] != ws[0] || out[1] != g.outH() || out[2] != g.outW()) {
      throw new IllegalArgumentException(
          "CudaNet: layer "
              + i
              + " ("
              + conv
              + "): stride "
              + conv.stride()
              + ", pad "
              + conv.pad()
              + " give "
              + g.outH()
              + "x"
              + g.outW()
              + " but the layer says "
              + Arrays.toString(out));
    }
    return new ConvStage(
        conv.toString(),
        g,
        ws[0],
        offset(arena, conv.weightName(), ws),
        offset(arena, conv.biasName(), ws[0]));
  }

  private static PoolStage pool(int i, MaxPool2d pool, int[] shape) {
    int[] out = pool.outputShape(shape);
    PoolStage p = new PoolStage(shape[0], shape[1], shape[2], pool.k(), pool.stride());
    if (out[0] != p.c() || out[1] != p.oh() || out[2] != p.ow()) {
      throw new IllegalArgumentException(
          "CudaNet: layer "
              + i
              + " ("
              + pool
              + "): k "
              + pool.k()
              + ", stride "
              + pool.stride()
              + " give "
              + p.oh()
              + "x"
              + p.ow()
              + " but the layer says "
              + Arrays.toString(out));
    }
    return p;
  }

  private static void flatten(Layer l, List<Layer> into) {
    if (l instanceof Sequential s) {
      for (Layer c : s.layers()) {
        flatten(c, into);
      }
    } else {
      into.add(l);
    }
  }

  private static int offset(ParameterArena arena, String name, int... shape) {
    ParameterArena.Param p = arena.param(name);
    if (!Arrays.equals(p.value().shape(), shape)) {
      throw new IllegalArgumentException(
          "CudaNet: parameter "
              + name
              + " has shape "
              + Arrays.toString(p.value().shape())
              + ", expected "
              + Arrays.toString(shape));
    }
    return p.offset();
  }

  private static int size(int[] s) {
    long n = 1;
    for (int d : s) {
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
