package io.langevin.nn.data;

/** A training set and a test set with the same image shape. */
public record Split(Dataset train, Dataset test) {
  public Split {
    if (train.rows() != test.rows() || train.cols() != test.cols()) {
      throw new IllegalArgumentException(
          "train images are " + train.rows() + "x" + train.cols() + " but test images are "
              + test.rows() + "x" + test.cols());
    }
  }

  /** Number of classes: the larger of the two sets' counts. */
  public int classes() {
    return Math.max(train.classes(), test.classes());
  }
}
