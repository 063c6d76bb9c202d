package io.langevin.samplers.samples;

/**
 * Which sampler steps are kept: burn-in {@code B} and thinning {@code k}. Step {@code t} is kept
 * iff {@code t >= B} and {@code (t - B) % k == 0}, so the kept steps are B, B + k, B + 2k, …
 *
 * <p>Thinning is the answer to the "do not store every step" requests (research notes §3, item 4);
 * {@link ThinnedSink} applies a schedule in front of any {@link SampleSink}. Tested by
 * SampleScheduleTest.
 *
 * @param burnIn B, the first step that may be kept (≥ 0)
 * @param thinning k, keep one step in k (≥ 1)
 */
public record SampleSchedule(long burnIn, long thinning) {

  /** Validates B ≥ 0 and k ≥ 1. */
  public SampleSchedule {
    if (burnIn < 0) {
      throw new IllegalArgumentException(
          "SampleSchedule: burn-in must be >= 0 steps, got " + burnIn);
    }
    if (thinning < 1) {
      throw new IllegalArgumentException(
          "SampleSchedule: thinning must be >= 1 (keep one step in k), got " + thinning);
    }
  }

  /** Keeps every step (B = 0, k = 1). */
  public static SampleSchedule all() {
    return new SampleSchedule(0, 1);
  }

  /** Burn-in B then one step in k. */
  public static SampleSchedule of(long burnIn, long thinning) {
    return new SampleSchedule(burnIn, thinning);
  }

  /**
   * True iff step {@code t} is kept: {@code t >= B && (t - B) % k == 0}. Negative steps are never
   * kept.
   */
  public boolean keeps(long step) {
    return step >= burnIn && (step - burnIn) % thinning == 0;
  }

  /**
   * Number of kept steps t with {@code first <= t <= last} (0 when {@code last < first}); for
   * sizing buffers before a run.
   */
  public long countKept(long first, long last) {
    long lo = Math.max(first, burnIn);
    if (last < lo) {
      return 0;
    }
    long offset = lo - burnIn; // >= 0, no overflow since lo >= burnIn >= 0
    long firstKept = burnIn + ((offset + thinning - 1) / thinning) * thinning;
    if (firstKept < lo || firstKept > last) { // firstKept < lo only on overflow
      return 0;
    }
    return (last - firstKept) / thinning + 1;
  }
}
