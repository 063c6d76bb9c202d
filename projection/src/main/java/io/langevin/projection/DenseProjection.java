package io.langevin.projection;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.KernelMode;
import io.langevin.kernels.random.Noise;

/**
 * Dense Gaussian projection, as the authors' {@code --denseproj}: {@code P = Z·diag(1/‖Z_{:,j}‖)}
 * with {@code Z} a {@code D × d} matrix of i.i.d. N(0, 1) entries, so every column of P has unit
 * Euclidean norm over all D coordinates (exactly, up to float rounding of the scale). Columns are
 * not orthogonalised (neither are the authors').
 *
 * <p><b>Randomness.</b> {@code Z[i][j]} is the reproducible Gaussian {@link Noise#gaussian} of
 * element {@code i·d + j} at {@code (seed, step 0, stream} {@link #STREAM}{@code )}: row-major, so
 * a block of rows is one contiguous index range. The column norms are summed in double (rows cut
 * into the chunks of {@link #transposeGrain}, partials combined in chunk order) and kept as {@code
 * d} float scales {@code s_j = (float) (1/sqrt(Σ_i Z_ij²))}.
 *
 * <p><b>Storage.</b> When {@code 4·D·d} bytes fit the memory budget (default {@link
 * #DEFAULT_BUDGET_BYTES}, 256 MiB) and a Java array, Z is <b>stored</b>; otherwise it is
 * <b>regenerated</b> from Philox, a block of about 8192 floats at a time, on every call (cost: D·d
 * Gaussians per call, ~1.5 ns each per AVX-512 core). Both modes run the same kernels on the same
 * floats in the same order, so they give <b>bit-identical</b> results.
 *
 * <p><b>Arithmetic.</b> {@code apply}: {@code u_j = θ_d[j]·s_j} (float), then {@code out_i = θ0_i +
 * Z_i·u} ({@link DenseRowsKernel#project}), rows split over {@link CpuPool}. {@code
 * applyTranspose}: rows cut into at most {@link #MAX_CHUNKS} chunks (boundaries from D and d only),
 * each chunk's {@code Σ_i g_i·Z_i} accumulated in float in row order ({@link
 * DenseRowsKernel#accumulate}), the chunk partials summed in chunk order, times {@code s_j}: the
 * same bits on 1 or N threads. Cost per call: {@code 2·D·d} FLOPs and {@code 4·D·d} bytes of Z
 * (stored) or {@code D·d} Gaussians (regenerated), each direction. Tested by {@code
 * ProjectionAdjointTest}, {@code ProjectionColumnNormTest}, {@code ProjectionDeterminismTest}.
 */
public final class DenseProjection implements Projection {

  /** Default memory budget for storing Z: 256 MiB. */
  public static final long DEFAULT_BUDGET_BYTES = 256L << 20;

  /** Philox stream of Z ("DENS"). */
  public static final int STREAM = 0x44454E53;

  /** Most row chunks of a transpose (and norm) reduction: d partial floats each. */
  static final int MAX_CHUNKS = 64;

  /** Floats regenerated per block (about 32 KB: L1/L2-resident). */
  static final int REGEN_FLOATS = 8192;

  /** Target multiply-adds per chunk of an apply call. */
  private static final int APPLY_WORK = 1 << 16;

  private static final DenseRowsKernel KERNEL =
      KernelMode.select(SimdDenseRows::new, ScalarDenseRows::new);

  private final int bigD;
  private final int d;
  private final long seed;
  private final long budgetBytes;
  private final float[] z;
  private final float[] scale;
  private final int regenRows;

  /** A dense projection with the default 256 MiB budget. */
  public DenseProjection(int bigD, int d, long seed) {
    this(bigD, d, seed, DEFAULT_BUDGET_BYTES);
  }

  /**
   * A dense projection that stores Z when {@code 4·D·d ≤ budgetBytes} (and D·d fits a Java array),
   * else regenerates it on every call. {@code budgetBytes = 0} always regenerates.
   */
  public DenseProjection(int bigD, int d, long seed, long budgetBytes) {
    ProjectionChecks.dims("DenseProjection", bigD, d);
    if (budgetBytes < 0) {
      throw new IllegalArgumentException(
          "DenseProjection: memory budget must be >= 0 bytes, found " + budgetBytes);
    }
    this.bigD = bigD;
    this.d = d;
    this.seed = seed;
    this.budgetBytes = budgetBytes;
    this.regenRows = Math.max(1, REGEN_FLOATS / d);
    long entries = (long) bigD * d;
    boolean store = 4 * entries <= budgetBytes && entries <= Integer.MAX_VALUE - 16;
    if (store) {
      z = new float[(int) entries];
      Noise.gaussian(seed, 0, STREAM, 0, z, 0, (int) entries);
    } else {
      z = null;
    }
    scale = columnScales();
  }

  @Override
  public int sourceDim() {
    return d;
  }

  @Override
  public int targetDim() {
    return bigD;
  }

  @Override
  public long seed() {
    return seed;
  }

  /** True when Z is held in memory, false when it is regenerated on every call. */
  public boolean isStored() {
    return z != null;
  }

  /** Column scale {@code s_j = 1/‖Z_{:,j}‖}: column j of P is {@code s_j·Z_{:,j}}. */
  public float columnScale(int j) {
    return scale[j];
  }

  @Override
  public void apply(float[] thetaSmall, float[] theta0, float[] out) {
    ProjectionChecks.apply(this, thetaSmall, theta0, out);
    float[] u = new float[d];
    for (int j = 0; j < d; j++) {
      u[j] = thetaSmall[j] * scale[j];
    }
    int grain = Math.max(regenRows, (APPLY_WORK + d - 1) / d);
    CpuPool.forRange(
        bigD,
        grain,
        (r0, r1) -> {
          if (z != null) {
            KERNEL.project(z, r0 * d, r1 - r0, d, u, theta0, out, r0);
          } else {
            float[] block = new float[regenRows * d];
            for (int r = r0; r < r1; r += regenRows) {
              int rows = Math.min(regenRows, r1 - r);
              Noise.gaussianUnchecked(seed, 0, STREAM, (long) r * d, block, 0, rows * d);
              KERNEL.project(block, 0, rows, d, u, theta0, out, r);
            }
          }
        });
  }

  @Override
  public void applyTranspose(float[] gD, float[] outSmall) {
    ProjectionChecks.transpose(this, gD, outSmall);
    int grain = transposeGrain(bigD, d);
    int chunks = (bigD + grain - 1) / grain;
    float[][] partial = new float[chunks][d];
    CpuPool.forChunks(
        chunks,
        c -> {
          int r0 = c * grain;
          int r1 = Math.min(bigD, r0 + grain);
          float[] acc = partial[c];
          if (z != null) {
            KERNEL.accumulate(z, r0 * d, r1 - r0, d, gD, r0, acc);
          } else {
            float[] block = new float[regenRows * d];
            for (int r = r0; r < r1; r += regenRows) {
              int rows = Math.min(regenRows, r1 - r);
              Noise.gaussianUnchecked(seed, 0, STREAM, (long) r * d, block, 0, rows * d);
              KERNEL.accumulate(block, 0, rows, d, gD, r, acc);
            }
          }
        });
    for (int j = 0; j < d; j++) {
      float s = 0f;
      for (int c = 0; c < chunks; c++) {
        s += partial[c][j];
      }
      outSmall[j] = s * scale[j];
    }
  }

  /**
   * Rows per chunk of a transpose or norm reduction: at least {@code ceil(D/MAX_CHUNKS)} and at
   * least {@code 2^15/d} (so a chunk is worth a thread); a function of D and d only.
   */
  static int transposeGrain(int bigD, int d) {
    int byCount = (bigD + MAX_CHUNKS - 1) / MAX_CHUNKS;
    int byWork = Math.max(1, (1 << 15) / d);
    return Math.max(byCount, byWork);
  }

  /** {@code 1/‖Z_{:,j}‖}, sums of squares in double, chunks of {@link #transposeGrain} in order. */
  private float[] columnScales() {
    int grain = transposeGrain(bigD, d);
    int chunks = (bigD + grain - 1) / grain;
    double[][] partial = new double[chunks][d];
    CpuPool.forChunks(
        chunks,
        c -> {
          int r0 = c * grain;
          int r1 = Math.min(bigD, r0 + grain);
          double[] acc = partial[c];
          float[] block = z != null ? z : new float[regenRows * d];
          for (int r = r0; r < r1; r += regenRows) {
            int rows = Math.min(regenRows, r1 - r);
            int off = 0;
            if (z == null) {
              Noise.gaussianUnchecked(seed, 0, STREAM, (long) r * d, block, 0, rows * d);
            } else {
              off = r * d;
            }
            for (int k = 0; k < rows; k++) {
              int row = off + k * d;
              for (int j = 0; j < d; j++) {
                double v = block[row + j];
                acc[j] += v * v;
              }
            }
          }
        });
    float[] s = new float[d];
    for (int j = 0; j < d; j++) {
      double sum = 0;
      for (int c = 0; c < chunks; c++) {
        sum += partial[c][j];
      }
      // A zero column (D·d Gaussians each 0 with probability ~2^-24 only) stays zero, not NaN.
      s[j] = sum > 0 ? (float) (1.0 / Math.sqrt(sum)) : 0f;
    }
    return s;
  }

  @Override
  public String toString() {
    return "DenseProjection[D="
        + bigD
        + ", d="
        + d
        + ", seed="
        + seed
        + ", "
        + (z != null ? "stored" : "regenerated")
        + ", "
        + String.format("%.1f", 4.0 * bigD * d / (1 << 20))
        + " MiB of Z, budget "
        + budgetBytes
        + " B]";
  }
}
