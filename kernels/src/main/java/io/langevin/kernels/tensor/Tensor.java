package io.langevin.kernels.tensor;

import java.util.Arrays;

/**
 * A float32 tensor: a shape and a contiguous row-major view (offset) into a backing {@code float[]}.
 *
 * <p>Many tensors may view one backing array (a parameter arena, see {@link ParameterArena}); a
 * tensor never copies unless asked ({@link #copy()}). Element {@code (i0, …, ir)} lives at {@code
 * data()[offset() + i0·stride0 + … + ir]} with row-major strides. Shape mismatches throw {@link
 * IllegalArgumentException} naming both shapes.
 */
public final class Tensor {
  private final float[] data;
  private final int offset;
  private final int[] shape;
  private final int size;

  private Tensor(float[] data, int offset, int[] shape) {
    this.shape = shape.clone();
    this.size = sizeOf(this.shape);
    if (offset < 0 || (long) offset + size > data.length) {
      throw new IllegalArgumentException(
          "view "
              + Arrays.toString(shape)
              + " ("
              + size
              + " floats) at offset "
              + offset
              + " does not fit a backing array of "
              + data.length);
    }
    this.data = data;
    this.offset = offset;
  }

  /** A new zero-filled tensor of the given shape. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[sizeOf(shape)], 0, shape);
  }

  /** Wraps {@code data} (not copied) as a tensor; its length must equal the shape's size. */
  public static Tensor of(float[] data, int... shape) {
    if (data.length != sizeOf(shape)) {
      throw new IllegalArgumentException(
          "array of " + data.length + " floats cannot have shape " + Arrays.toString(shape));
    }
    return new Tensor(data, 0, shape);
  }

  /** A view of {@code shape} starting at {@code offset} in {@code backing} (not copied). */
  public static Tensor view(float[] backing, int offset, int... shape) {
    return new Tensor(backing, offset, shape);
  }

  /** Number of elements of a shape; every dimension must be ≥ 0. */
  public static int sizeOf(int... shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " exceeds 2^31 elements");
      }
    }
    return (int) n;
  }

  public float[] data() {
    return data;
  }

  public int offset() {
    return offset;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code d}; negative {@code d} counts from the end. */
  public int dim(int d) {
    int i = d < 0 ? shape.length + d : d;
    if (i < 0 || i >= shape.length) {
      throw new IllegalArgumentException(
          "dimension " + d + " out of range for shape " + Arrays.toString(shape));
    }
    return shape[i];
  }

  public int size() {
    return size;
  }

  /** Rows of the tensor seen as a matrix: product of all dimensions but the last (1 for rank 0). */
  public int rows() {
    return shape.length == 0 ? 1 : size / Math.max(1, shape[shape.length - 1]) ;
  }

  /** Columns of the tensor seen as a matrix: the last dimension (1 for rank 0). */
  public int cols() {
    return shape.length == 0 ? 1 : shape[shape.length - 1];
  }

  /** Element at flat (row-major) index {@code i}. */
  public float at(int i) {
    checkFlat(i);
    return data[offset + i];
  }

  /** Sets the element at flat index {@code i}. */
  public void put(int i, float v) {
    checkFlat(i);
    data[offset + i] = v;
  }

  /** Element at a multi-index. */
  public float get(int... idx) {
    return data[offset + flatIndex(idx)];
  }

  /** Sets the element at a multi-index. */
  public void set(float v, int... idx) {
    data[offset + flatIndex(idx)] = v;
  }

  /** A view of the same elements with another shape of equal size. */
  public Tensor reshape(int... newShape) {
    if (sizeOf(newShape) != size) {
      throw new IllegalArgumentException(
          "cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
    }
    return new Tensor(data, offset, newShape);
  }

  /** A view of index {@code i} along the first dimension (rank drops by one). */
  public Tensor slice(int i) {
    if (shape.length == 0 || i < 0 || i >= shape[0]) {
      throw new IllegalArgumentException("slice " + i + " of shape " + Arrays.toString(shape));
    }
    int[] sub = Arrays.copyOfRange(shape, 1, shape.length);
    return new Tensor(data, offset + i * sizeOf(sub), sub);
  }

  /** A fresh tensor with its own backing array holding the same values. */
  public Tensor copy() {
    return new Tensor(toArray(), 0, shape);
  }

  /** The elements, copied into a new array of length {@link #size()}. */
  public float[] toArray() {
    return Arrays.copyOfRange(data, offset, offset + size);
  }

  /** Sets every element to {@code v}. */
  public Tensor fill(float v) {
    Arrays.fill(data, offset, offset + size, v);
    return this;
  }

  /** Copies the elements of {@code src} (same shape) into this tensor. */
  public Tensor copyFrom(Tensor src) {
    requireSameShape(src, "copyFrom");
    System.arraycopy(src.data, src.offset, data, offset, size);
    return this;
  }

  /** True when both tensors have the same shape. */
  public boolean sameShape(Tensor o) {
    return Arrays.equals(shape, o.shape);
  }

  /** Throws an {@link IllegalArgumentException} naming both shapes unless they are equal. */
  public void requireSameShape(Tensor o, String op) {
    if (!sameShape(o)) {
      throw new IllegalArgumentException(
          op + ": shape mismatch " + Arrays.toString(shape) + " vs " + Arrays.toString(o.shape));
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(" [");
    int shown = Math.min(size, 8);
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ", ").append(data[offset + i]);
    }
    return sb.append(size > shown ? ", …]" : "]").toString();
  }

  private void checkFlat(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          "flat index " + i + " out of range for shape " + Arrays.toString(shape));
    }
  }

  private int flatIndex(int[] idx) {
    if (idx.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(idx) + " has rank " + idx.length + ", shape " + Arrays.toString(shape));
    }
    int f = 0;
    for (int d = 0; d < idx.length; d++) {
      if (idx[d] < 0 || idx[d] >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(idx) + " out of range for shape " + Arrays.toString(shape));
      }
      f = f * shape[d] + idx[d];
    }
    return f;
  }
}
