package io.langevin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.autodiff.Tape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Layer behaviour the gradient checks do not cover: noise layers act only in TRAIN mode (with
 * masks fixed by (seed, step)), and shape errors name the shapes. Every layer's gradients are
 * checked against float64 finite differences in {@code LayerFloat64GradientCheckTest}.
 */
class LayerModesTest {
  private static float sym(SplittableRandom r) {
    return (float) ((r.nextBoolean() ? 1 : -1) * (0.1 + 0.9 * r.nextDouble()));
  }

  /** Evaluation mode: every noise layer is the identity / the plain linear layer. */
  @Test
  void noiseLayersAreIdentityInEvaluation() {
    Linear fc = new Linear("fc", 6, 4, Init.HE_NORMAL);
    Model plain = new Model(fc, 3, 6);
    Model dc = new Model(new DropConnect(fc, 0.5f), 3, 6);
    Model drop =
        new Model(new Sequential(new Dropout("d", 0.5f), new GaussianDropout("g", 0.5f)), 3, 6);
    float[] x = new float[2 * 6];
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = sym(rnd);
    }
    assertArrayEquals(plain.logits(x, 2), dc.logits(x, 2), "DropConnect in EVAL");
    assertArrayEquals(x, drop.logits(x, 2), "dropouts in EVAL");
    Tape tape = new Tape();
    float[] train = drop.forward(tape, x, 2, Mode.TRAIN, 1, 0).value().toArray();
    float[] train2 = drop.forward(tape, x, 2, Mode.TRAIN, 1, 0).value().toArray();
    float[] next = drop.forward(tape, x, 2, Mode.TRAIN, 1, 1).value().toArray();
    assertFalse(Arrays.equals(x, train), "dropouts act in TRAIN");
    assertArrayEquals(train, train2, "same (seed, step): same masks");
    assertFalse(Arrays.equals(train, next), "next step: new masks");
    float[] dcTrain = dc.forward(tape, x, 2, Mode.TRAIN, 1, 0).value().toArray();
    assertFalse(Arrays.equals(plain.logits(x, 2), dcTrain), "DropConnect acts in TRAIN");
  }

  @Test
  void shapeErrorsNameTheShapes() {
    Model m = new Model(new Linear("fc", 7, 5, Init.HE_NORMAL), 1, 7);
    Tape tape = new Tape();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.forward(
                    new Pass(tape, m.arena(), Mode.EVAL, 0, 0),
                    tape.constant(new float[12], 2, 6)));
    assertTrue(e.getMessage().contains("[2, 6]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Model(new Conv2d("c", 3, 4, 5, Init.HE_NORMAL), 1, 3, 4, 4));
    assertTrue(e.getMessage().contains("[3, 4, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dropout("d", 1f));
    assertTrue(e.getMessage().contains("1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.logits(new float[13], 2));
    assertTrue(e.getMessage().contains("13"), e.getMessage());
  }
}
