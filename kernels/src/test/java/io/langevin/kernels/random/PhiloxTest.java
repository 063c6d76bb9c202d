package io.langevin.kernels.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Philox} against the Random123 known-answer vectors ({@code tests/kat_vectors}, the three
 * "philox4x32 10" lines: counter[4] key[2] → out[4]) and the counter (1,0,0,0), key 0 value that
 * Java scalar, Java vector and CUDA host code agreed on (engineering notes §4.2).
 */
class PhiloxTest {

  private static int[] run(int c0, int c1, int c2, int c3, int k0, int k1) {
    int[] out = new int[4];
    Philox.block(c0, c1, c2, c3, k0, k1, out);
    return out;
  }

  private static int h(String hex) {
    return Integer.parseUnsignedInt(hex, 16);
  }

  @Test
  void zeroCounterZeroKey() {
    assertArrayEquals(
        new int[] {h("6627e8d5"), h("e169c58d"), h("bc57ac4c"), h("9b00dbd8")},
        run(0, 0, 0, 0, 0, 0));
  }

  @Test
  void allOnes() {
    assertArrayEquals(
        new int[] {h("408f276d"), h("41c83b0e"), h("a20bc7c6"), h("6d5451fd")},
        run(-1, -1, -1, -1, -1, -1));
  }

  @Test
  void piDigits() {
    assertArrayEquals(
        new int[] {h("d16cfe09"), h("94fdcceb"), h("5001e420"), h("24126ea1")},
        run(
            h("243f6a88"),
            h("85a308d3"),
            h("13198a2e"),
            h("03707344"),
            h("a4093822"),
            h("299f31d0")));
  }

  @Test
  void counterOne() {
    assertArrayEquals(
        new int[] {h("f8e4cca4"), h("5cb200db"), h("b1a574eb"), h("097eff67")},
        run(1, 0, 0, 0, 0, 0));
  }

  @Test
  void offsetOverloadWritesOnlyItsFourWords() {
    int[] out = {7, 7, 7, 7, 7, 7};
    Philox.block(1, 0, 0, 0, 0, 0, out, 1);
    assertArrayEquals(
        new int[] {7, h("f8e4cca4"), h("5cb200db"), h("b1a574eb"), h("097eff67"), 7}, out);
  }
}
