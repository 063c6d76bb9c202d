package io.langevin.kernels.nnops;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import io.langevin.kernels.cpu.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API softmax cross-entropy and log-softmax (see {@link SoftmaxCrossEntropyKernel} for the
 * math and the bytes per element). Per row: the maximum (two vector accumulators, one reduction),
 * then {@code exp(x − max)} with {@link VectorMath#exp} stored and summed (one float accumulator,
 * its lanes added in lane order), then one multiply by {@code 1/sum}. The forward exp loops take
 * one masked vector per step (all lanes set but in a row's last step, so a 10-class row is a single
 * vector); the other loops run to {@code loopBound} and finish with a scalar tail, in the
 * log-softmax backward pass with {@link VectorMath}'s scalar twin of exp and the same fma as the
 * vector lanes, so every element gets the same bits wherever it sits in the row. Each row's loss is
 * added in double.
 *
 * <p>Reproducibility: only IEEE-exact vector operations and fixed-order sums, never {@code
 * lanewise(EXP)} (its bits change when C2 compiles it) or {@code reduceLanes(ADD)} (unspecified
 * order), so the same call gives the same bits in every JIT tier.
 *
 * <p>Rows are split over {@link CpuPool} in chunks of {@code max(1, 16384 / cols)} rows; the loss
 * partials are combined in chunk order, so the result is bit-identical on 1 or N threads.
 *
 * <p>Must match {@link ScalarSoftmaxCrossEntropy} within float rounding: {@link VectorMath#exp} is
 * within an ulp of {@link Math#exp} but not bit-identical to it, and row sums are in float here,
 * double there. {@link #backward} performs the same float operations as the spec and matches it bit
 * for bit. Tested in {@code SimdSoftmaxCrossEntropyTest}.
 */
public final class SimdSoftmaxCrossEntropy implements SoftmaxCrossEntropyKernel {
  private static final VectorSpecies<Float> S = Species.F;
  private static final int L = S.length();

  /** Elements per parallel chunk; chunk boundaries depend only on rows and cols. */
  private static final int GRAIN_ELEMENTS = 1 << 14;

  private static int grainRows(int cols) {
    return Math.max(1, GRAIN_ELEMENTS / cols);
  }

  @Override
  public float forward(
      int rows,
      int cols,
      float[] logits,
      int logitsOff,
      int[] labels,
      int labelsOff,
      float[] probs,
      int probsOff) {
    SoftmaxChecks.labels("softmaxCrossEntropy", rows, cols, labels, labelsOff);
    SoftmaxChecks.matrix("softmaxCrossEntropy", "logits", logits, logitsOff, rows, cols);
    SoftmaxChecks.matrix("softmaxCrossEntropy", "probs", probs, probsOff, rows, cols);
    int grain = grainRows(cols);
    int chunks = (rows + grain - 1) / grain;
    double loss;
    if (chunks == 1) {
      loss = forwardRows(0, rows, cols, logits, logitsOff, labels, labelsOff, probs, probsOff);
    } else {
      double[] partial = new double[chunks];
      CpuPool.forChunks(
          chunks,
          ch -> {
            int from = ch * grain;
            int to = Math.min(rows, from + grain);
            partial[ch] =
                forwardRows(from, to, cols, logits, logitsOff, labels, labelsOff, probs, probsOff);
          });
      loss = 0;
      for (double p : partial) {
        loss += p;
      }
    }
    return (float) (loss / rows);
  }

  private static double forwardRows(
      int from,
      int to,
      int cols,
      float[] logits,
      int logitsOff,
      int[] labels,
      int labelsOff,
      float[] probs,
      int probsOff) {
    double loss = 0;
    float[] lanes = new float[L];
    for (int r = from; r < to; r++) {
      int x = logitsOff + r * cols;
      int p = probsOff + r * cols;
      float max = rowMax(logits, x, cols);
      float sum = expShiftedInto(logits, x, cols, max, probs, p, lanes);
      scale(probs, p, cols, 1f / sum);
      loss += Math.log(sum) - ((double) logits[x + labels[labelsOff + r]] - max);
    }
    return loss;
  }

  @Override
  public void backward(
      int rows,
      int cols,
      float[] probs,
      int probsOff,
      int[] labels,
      int labelsOff,
      float dloss,
      float[] dlogits,
      int dlogitsOff,
      boolean accumulate) {
    SoftmaxChecks.backward(rows, cols, probs, probsOff, labels, labelsOff, dlogits, dlogitsOff);
    float scale = dloss / rows;
    CpuPool.forRange(
        rows,
        grainRows(cols),
        (from, to) -> {
          FloatVector vs = FloatVector.broadcast(S, scale);
          int bound = S.loopBound(cols);
          for (int r = from; r < to; r++) {
            int p = probsOff + r * cols;
            int d = dlogitsOff + r * cols;
            int label = labels[labelsOff + r];
            float labelGrad = (probs[p + label] - 1f) * scale;
            if (accumulate) {
              labelGrad = dlogits[d + label] + labelGrad;
            }
            int c = 0;
            for (; c < bound; c += L) {
              FloatVector g = FloatVector.fromArray(S, probs, p + c).mul(vs);
              if (accumulate) {
                g = FloatVector.fromArray(S, dlogits, d + c).add(g);
              }
              g.intoArray(dlogits, d + c);
            }
            for (; c < cols; c++) {
              float g = probs[p + c] * scale;
              dlogits[d + c] = accumulate ? dlogits[d + c] + g : g;
            }
            dlogits[d + label] = labelGrad;
          }
        });
  }

  @Override
  public void logSoftmaxForward(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
    SoftmaxChecks.sizes("logSoftmax", rows, cols);
    SoftmaxChecks.matrix("logSoftmax", "x", x, xOff, rows, cols);
    SoftmaxChecks.matrix("logSoftmax", "y", y, yOff, rows, cols);
    CpuPool.forRange(
        rows,
        grainRows(cols),
        (from, to) -> {
          int bound = S.loopBound(cols);
          float[] lanes = new float[L];
          for (int r = from; r < to; r++) {
            int xi = xOff + r * cols;
            int yi = yOff + r * cols;
            float max = rowMax(x, xi, cols);
            float logSum = (float) Math.log(expShiftedSum(x, xi, cols, max, lanes));
            FloatVector vmax = FloatVector.broadcast(S, max);
            FloatVector vlog = FloatVector.broadcast(S, logSum);
            int c = 0;
            for (; c < bound; c += L) {
              FloatVector.fromArray(S, x, xi + c).sub(vmax).sub(vlog).intoArray(y, yi + c);
            }
            for (; c < cols; c++) {
              y[yi + c] = (x[xi + c] - max) - logSum;
            }
          }
        });
  }

  @Override
  public void logSoftmaxBackward(
      int rows,
      int cols,
      float[] y,
      int yOff,
      float[] dy,
      int dyOff,
      float[] dx,
      int dxOff,
      boolean accumulate) {
    SoftmaxChecks.sizes("logSoftmax backward", rows, cols);
    SoftmaxChecks.matrix("logSoftmax backward", "y", y, yOff, rows, cols);
    SoftmaxChecks.matrix("logSoftmax backward", "dy", dy, dyOff, rows, cols);
    SoftmaxChecks.matrix("logSoftmax backward", "dx", dx, dxOff, rows, cols);
    CpuPool.forRange(
        rows,
        grainRows(cols),
        (from, to) -> {
          int bound = S.loopBound(cols);
          float[] lanes = new float[L];
          for (int r = from; r < to; r++) {
            int yi = yOff + r * cols;
            int di = dyOff + r * cols;
            int xi = dxOff + r * cols;
            float sum = sum(dy, di, cols, lanes);
            FloatVector negSum = FloatVector.broadcast(S, -sum);
            int c = 0;
            for (; c < bound; c += L) {
              FloatVector e = VectorMath.exp(FloatVector.fromArray(S, y, yi + c));
              FloatVector g = e.fma(negSum, FloatVector.fromArray(S, dy, di + c));
              if (accumulate) {
                g = FloatVector.fromArray(S, dx, xi + c).add(g);
              }
              g.intoArray(dx, xi + c);
            }
            for (; c < cols; c++) {
              float g = Math.fma(VectorMath.exp(y[yi + c]), -sum, dy[di + c]);
              dx[xi + c] = accumulate ? dx[xi + c] + g : g;
            }
          }
        });
  }

  /** Maximum of {@code x[off .. off+n)}, two vector accumulators and one reduction. */
  private static float rowMax(float[] x, int off, int n) {
    int bound = S.loopBound(n);
    int bound2 = n - n % (2 * L);
    FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector m1 = m0;
    int c = 0;
    for (; c < bound2; c += 2 * L) {
      m0 = m0.max(FloatVector.fromArray(S, x, off + c));
      m1 = m1.max(FloatVector.fromArray(S, x, off + c + L));
    }
    for (; c < bound; c += L) {
      m0 = m0.max(FloatVector.fromArray(S, x, off + c));
    }
    if (c < n) {
      VectorMask<Float> tail = S.indexInRange(c, n);
      m1 = m1.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, off + c, tail), tail);
    }
    return m0.max(m1).reduceLanes(VectorOperators.MAX);
  }

  /**
   * Stores {@code exp(x − max)} at {@code out[outOff ..]} and returns the float sum: one masked
   * vector per step (all lanes set but in the row's last step, so a 10-class row is one vector),
   * one vector accumulator, its lanes summed in lane order (a fixed order, unlike {@code
   * reduceLanes(ADD)}, whose order is unspecified and could differ between the interpreter and C2).
   * A single {@link VectorMath#exp} call site, executed on every step, is what C2 reliably inlines;
   * a second one for a separate tail is cold, and C2 then calls it out of line with boxed vectors.
   */
  private static float expShiftedInto(
      float[] x, int off, int n, float max, float[] out, int outOff, float[] lanes) {
    FloatVector vmax = FloatVector.broadcast(S, max);
    FloatVector s0 = FloatVector.zero(S);
    for (int c = 0; c < n; c += L) {
      VectorMask<Float> m = S.indexInRange(c, n);
      FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, off + c, m).sub(vmax));
      e.intoArray(out, outOff + c, m);
      s0 = s0.add(e, m);
    }
    // the lanes in lane order, written out here: a call would not be inlined after exp
    s0.intoArray(lanes, 0);
    float s = 0f;
    for (int j = 0; j < L; j++) {
      s += lanes[j];
    }
    return s;
  }

  /** Sum of {@code exp(x − max)} without storing it, summed as {@link #expShiftedInto} does. */
  private static float expShiftedSum(float[] x, int off, int n, float max, float[] lanes) {
    FloatVector vmax = FloatVector.broadcast(S, max);
    FloatVector s0 = FloatVector.zero(S);
    for (int c = 0; c < n; c += L) {
      VectorMask<Float> m = S.indexInRange(c, n);
      s0 = s0.add(VectorMath.exp(FloatVector.fromArray(S, x, off + c, m).sub(vmax)), m);
    }
    // the lanes in lane order, written out here: a call would not be inlined after exp
    s0.intoArray(lanes, 0);
    float s = 0f;
    for (int j = 0; j < L; j++) {
      s += lanes[j];
    }
    return s;
  }

  /**
   * Sum of {@code x[off .. off+n)}: two vector accumulators, their lanes in lane order through
   * {@code lanes}, then the scalar tail.
   */
  private static float sum(float[] x, int off, int n, float[] lanes) {
    int bound = S.loopBound(n);
    int bound2 = n - n % (2 * L);
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    int c = 0;
    for (; c < bound2; c += 2 * L) {
      s0 = s0.add(FloatVector.fromArray(S, x, off + c));
      s1 = s1.add(FloatVector.fromArray(S, x, off + c + L));
    }
    for (; c < bound; c += L) {
      s0 = s0.add(FloatVector.fromArray(S, x, off + c));
    }
    s0.add(s1).intoArray(lanes, 0);
    float s = 0f;
    for (int j = 0; j < L; j++) {
      s += lanes[j];
    }
    for (; c < n; c++) {
      s += x[off + c];
    }
    return s;
  }

  /** {@code x[off .. off+n) *= k}. */
  private static void scale(float[] x, int off, int n, float k) {
    int bound = S.loopBound(n);
    FloatVector vk = FloatVector.broadcast(S, k);
    int c = 0;
    for (; c < bound; c += L) {
      FloatVector.fromArray(S, x, off + c).mul(vk).intoArray(x, off + c);
    }
    if (c < n) {
      VectorMask<Float> tail = S.indexInRange(c, n);
      FloatVector.fromArray(S, x, off + c, tail).mul(vk).intoArray(x, off + c, tail);
    }
  }
}
