package io.langevin.experiments.train;

/**
 * What {@link Trainer} measured after one epoch.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss mean minibatch loss (mean softmax cross-entropy, TRAIN mode) over the epoch
 * @param test metrics of the current θ on the test set (EVAL mode)
 * @param average metrics of the Bayesian model average on the test set, or null (optimisers, or no
 *     sample collected yet)
 * @param train metrics of the current θ on the training set, or null when not requested
 * @param samples posterior samples in the average so far
 * @param steps sampler steps taken so far (over all epochs)
 * @param seconds wall-clock seconds of the epoch, evaluation included
 */
public record EpochReport(
    int epoch,
    double trainLoss,
    Scores test,
    Scores average,
    Scores train,
    long samples,
    long steps,
    double seconds) {

  /** Accuracy, mean negative log-likelihood and expected calibration error (15 bins). */
  public record Scores(double accuracy, double nll, double ece) {
    @Override
    public String toString() {
      return String.format("acc %.4f nll %.4f ece %.4f", accuracy, nll, ece);
    }
  }

  /** One line, as the trainer prints it. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("epoch %d  loss %.4f  test %s", epoch, trainLoss, test));
    if (average != null) {
      s.append("  | average ").append(average).append(" (").append(samples).append(" samples)");
    }
    if (train != null) {
      s.append("  | train ").append(train);
    }
    s.append(String.format("  %.1f s", seconds));
    return s.toString();
  }
}
