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
 * naming it. Conv2d and MaxPool2d expose no getters for stride, padding and window, so {@link
 * #convStridePad} and {@link #poolKernelStride} recover them from the layers' public {@code
 * outputShape} (and check the result against it). Tested by {@code CudaNetTest} (no device needed
 * for the plan).
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

  /** Largest input size probed when recovering a layer's stride and padding. */
  static final int PROBE_LIMIT = 1 << 13;

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
    int[] sp = convStridePad(conv, ws[1], k);
    Geometry g = Geometry.square(shape[0], shape[1], shape[2], k, sp[0], sp[1]);
    if (out[0] != ws[0] || out[1] != g.outH() || out[2] != g.outW()) {
      throw new IllegalArgumentException(
          "CudaNet: layer "
              + i
              + " ("
              + conv
              + "): recovered stride "
              + sp[0]
              + ", pad "
              + sp[1]
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
    int[] ks = poolKernelStride(pool, shape[0]);
    PoolStage p = new PoolStage(shape[0], shape[1], shape[2], ks[0], ks[1]);
    if (out[0] != p.c() || out[1] != p.oh() || out[2] != p.ow()) {
      throw new IllegalArgumentException(
          "CudaNet: layer "
              + i
              + " ("
              + pool
              + "): recovered k "
              + ks[0]
              + ", stride "
              + ks[1]
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

  /**
   * Stride and padding of {@code conv} (kernel k, c input channels), recovered from its public
   * {@link Conv2d#outputShape}: {@code out(H) = (H + 2·pad − k)/stride + 1} steps up by one at
   * every H with {@code H + 2·pad − k ≡ 0 (mod stride)}, so two consecutive steps H₁ < H₂ give
   * {@code stride = H₂ − H₁} and {@code pad = ((out(H₁) − 1)·stride − H₁ + k) / 2}; the result is
   * then checked against outputShape on every probed size.
   */
  static int[] convStridePad(Conv2d conv, int c, int k) {
    int[] o = new int[PROBE_LIMIT + 1]; // o[h] = out(h), 0 where the layer rejects h
    int first = -1;
    int second = -1;
    for (int h = 1; h <= PROBE_LIMIT && second < 0; h++) {
      o[h] = probe(conv, c, h);
      if (h > 1 && o[h] > 0 && o[h - 1] > 0 && o[h] > o[h - 1]) {
        if (first < 0) {
          first = h;
        } else {
          second = h;
        }
      }
    }
    if (second < 0) {
      throw new IllegalArgumentException(
          "CudaNet: cannot recover stride and padding of "
              + conv
              + " from input sizes up to "
              + PROBE_LIMIT);
    }
    int stride = second - first;
    int twoPad = (o[first] - 1) * stride - first + k;
    if (twoPad < 0 || twoPad % 2 != 0) {
      throw new IllegalArgumentException(
          "CudaNet: " + conv + ": inconsistent output sizes (2·pad = " + twoPad + ")");
    }
    int pad = twoPad / 2;
    for (int h = 1; h <= second; h++) {
      int want = h + 2 * pad >= k ? (h + 2 * pad - k) / stride + 1 : 0;
      if (o[h] != want) {
        throw new IllegalArgumentException(
            "CudaNet: "
                + conv
                + ": output height "
                + o[h]
                + " for input "
                + h
                + " does not fit stride "
                + stride
                + ", pad "
                + pad
                + " (expected "
                + want
                + ")");
      }
    }
    return new int[] {stride, pad};
  }

  /**
   * Window and stride of {@code pool}, recovered from {@link MaxPool2d#outputShape}: the smallest
   * accepted input size is k ({@code out = (H − k)/stride + 1} for H ≥ k), and out first reaches 2
   * at {@code H = k + stride}; checked against outputShape up to {@code k + 3·stride}.
   */
  static int[] poolKernelStride(MaxPool2d pool, int c) {
    int k = -1;
    for (int h = 1; h <= PROBE_LIMIT; h++) {
      int out = probe(pool, c, h);
      if (k < 0) {
        if (out > 0) {
          k = h;
          if (out != 1) {
            throw new IllegalArgumentException(
                "CudaNet: " + pool + ": output " + out + " for the smallest input " + h);
          }
        }
      } else if (out == 2) {
        int stride = h - k;
        for (int hh = 1; hh <= h + 2 * stride && hh <= PROBE_LIMIT; hh++) {
          int want = hh >= k ? (hh - k) / stride + 1 : 0;
          if (probe(pool, c, hh) != want) {
            throw new IllegalArgumentException(
                "CudaNet: "
                    + pool
                    + ": output for input "
                    + hh
                    + " does not fit k "
                    + k
                    + ", stride "
                    + stride);
          }
        }
        return new int[] {k, stride};
      }
    }
    throw new IllegalArgumentException(
        "CudaNet: cannot recover window and stride of "
            + pool
            + " from input sizes up to "
            + PROBE_LIMIT);
  }

  /** out(h) of a layer on a {@code c × h × h} input, 0 where it rejects the input. */
  private static int probe(Layer l, int c, int h) {
    try {
      return l.outputShape(c, h, h)[1];
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static int size(int[] s) {
    long n = 1;
    for (int d : s) {
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
