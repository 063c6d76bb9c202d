package io.langevin.kernels.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  /** Multi-index addressing is row-major and views alias their backing array. */
  @Test
  void rowMajorViewsAlias() {
    float[] backing = new float[30];
    Tensor t = Tensor.view(backing, 6, 2, 3, 4);
    t.set(5f, 1, 2, 3);
    assertEquals(5f, backing[6 + 1 * 12 + 2 * 4 + 3]);
    Tensor r = t.reshape(6, 4);
    assertSame(backing, r.data());
    assertEquals(5f, r.get(5, 3));
    Tensor s = t.slice(1);
    assertArrayEquals(new int[] {3, 4}, s.shape());
    assertEquals(5f, s.get(2, 3));
    assertEquals(6, t.rows());
    assertEquals(4, t.cols());
  }

  /** Bad shapes and indices fail with both shapes or the index in the message. */
  @Test
  void clearErrors() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.requireSameShape(b, "add"));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
    assertTrue(e.getMessage().contains("[4, 2]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.view(new float[5], 2, 2, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
    assertThrows(IllegalArgumentException.class, () -> a.get(1));
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
  }

  /** copy() detaches; copyFrom() checks shape. */
  @Test
  void copies() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor c = a.copy();
    c.put(0, 9f);
    assertEquals(1f, a.at(0));
    a.copyFrom(c);
    assertEquals(9f, a.at(0));
    assertThrows(IllegalArgumentException.class, () -> a.copyFrom(Tensor.zeros(4)));
  }

  /** Arena parameters are back-to-back views into θ and g. */
  @Test
  void arenaLaysParametersOutBackToBack() {
    ParameterArena arena = ParameterArena.builder().add("w", 3, 2).add("b", 3).build();
    assertEquals(9, arena.size());
    assertEquals(6, arena.param("b").offset());
    arena.value("b").put(2, 7f);
    assertEquals(7f, arena.theta()[8]);
    arena.gradient("w").set(1.5f, 2, 1);
    assertEquals(1.5f, arena.grad()[5]);
    arena.zeroGrad();
    assertEquals(0f, arena.grad()[5]);
    assertThrows(IllegalArgumentException.class, () -> arena.param("nope"));
    assertThrows(IllegalArgumentException.class, () -> ParameterArena.builder().add("w", 1).add("w", 2));
  }
}
