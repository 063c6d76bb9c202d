package io.langevin.projection;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.random.Noise;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

/**
 * Very sparse random projection (Li, Hastie, Church, KDD 2006), as sklearn's {@code
 * SparseRandomProjection} with {@code density='auto'} that the authors' {@code --sparseproj} uses:
 * each entry of the {@code D × d} matrix is nonzero with probability {@code p = 1/sqrt(n)}, and
 * then {@code ±sqrt(1/p)} with equal probability. Every column is then divided by its Euclidean
 * norm over all D rows, so columns have unit norm <b>exactly</b> (up to float rounding of the
 * entries), as the authors' normaliser does.
 *
 * <p><b>Two layouts of the density</b>:
 *
 * <ul>
 *   <li>global ({@link #SparseProjection(int, int, long)}): one segment, {@code n = D}, {@code p =
 *       1/sqrt(D)}; the magnitude is then the same for every entry and cancels in the normalisation
 *       (about {@code d·sqrt(D)} nonzeros, 335k for D = 199,210, d = 750).
 *   <li>per layer ({@link #perLayer(int[], int, long)}, the authors' code): the D rows are cut into
 *       consecutive segments of the given sizes (the layers' parameter counts, in arena order);
 *       rows in segment l have {@code p_l = 1/sqrt(n_l)} and magnitude {@code n_l^(1/4)} (sklearn's
 *       {@code sqrt(s)}, its common factor {@code 1/sqrt(d)} dropped since it cancels), and the
 *       normalisation is still over all D rows (about 504k nonzeros for the 784-200-200-10 MLP).
 *       With the magnitudes, each layer contributes to a column's squared norm in proportion to its
 *       size, in expectation, as for a dense Gaussian column.
 * </ul>
 *
 * <p><b>Randomness</b> (a pure function of the seed, D, d and the segments). Column j is drawn from
 * Philox blocks {@code k = 0, 1, 2, …} at {@code (seed, step j, stream} {@link #STREAM}{@code )}
 * ({@link Noise#bitsBlock}): per segment, the gap to the next nonzero row is geometric, {@code
 * floor(ln u / ln(1−p))} with {@code u ∈ (0, 1]} made of 53 bits of words 0 and 1 (StrictMath, so
 * the same on every JVM), the sign is the top bit of word 2; one block per nonzero, plus one per
 * segment for the gap that runs past its end. Cost O(nonzeros), not O(D·d). A column that comes out
 * empty (likely only when {@code D·p} is small, e.g. D = 7) gets one entry at row {@code (w0·D) >>>
 * 32} of the next block; sklearn would leave it zero and the authors' normaliser would then divide
 * by zero.
 *
 * <p><b>Storage and arithmetic.</b> The normalised values are stored twice, as CSR (rows of P, for
 * {@code apply}: {@code out_i = θ0_i + Σ_k val_k·θ_d[col_k]}) and as CSC (rows of Pᵀ, for {@code
 * applyTranspose}: {@code out_j = Σ_k val_k·g[row_k]}), both sorted by index and summed in float in
 * that order; both directions are gathers with no reduction across chunks, split over {@link
 * CpuPool} by rows (apply) or columns (transpose), so the bits do not depend on the thread count.
 * Memory: {@code 20·nnz + 4·(D + d)} bytes (the CSR also keeps each entry's row, so that {@code
 * apply} walks a chunk's nonzeros in one branch-free pass). Work per call: {@code 2·nnz} FLOPs,
 * about {@code 8·nnz} bytes of index and value plus gathers from an L1/L2-resident θ_d (apply) or a
 * D-long g (transpose). These loops are gathers over rows of 1–2 nonzeros (apply) or short columns,
 * so there is no Vector API variant. Tested by {@code ProjectionAdjointTest}, {@code
 * ProjectionColumnNormTest}, {@code ProjectionDeterminismTest}, {@code SparseProjectionTest}.
 */
public final class SparseProjection implements Projection {

  /** Philox stream of the pattern ("SPRS"). */
  public static final int STREAM = 0x53505253;

  private static final int GRAIN_ROWS = 1 << 14;

  private final int bigD;
  private final int d;
  private final long seed;
  private final int[] segments;
  private final int[] rowPtr;
  private final int[] colIdx;
  private final int[] rowOf;
  private final float[] rowVal;
  private final int[] colPtr;
  private final int[] rowIdx;
  private final float[] colVal;

  /** Global density {@code 1/sqrt(D)}. */
  public SparseProjection(int bigD, int d, long seed) {
    this(bigD, d, seed, new int[] {bigD});
  }

  /**
   * The authors' per-layer density: {@code layerSizes} are the parameter counts of the model's
   * tensors in arena order (all ≥ 1); D is their sum.
   */
  public static SparseProjection perLayer(int[] layerSizes, int d, long seed) {
    if (layerSizes == null || layerSizes.length == 0) {
      throw new IllegalArgumentException("SparseProjection.perLayer: no layer sizes given");
    }
    long sum = 0;
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] < 1) {
        throw new IllegalArgumentException(
            "SparseProjection.perLayer: layer "
                + i
                + " has size "
                + layerSizes[i]
                + ", must be >= 1");
      }
      sum += layerSizes[i];
    }
    if (sum > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "SparseProjection.perLayer: layer sizes sum to " + sum + " > " + Integer.MAX_VALUE);
    }
    return new SparseProjection((int) sum, d, seed, layerSizes.clone());
  }

  private SparseProjection(int bigD, int d, long seed, int[] segments) {
    ProjectionChecks.dims("SparseProjection", bigD, d);
    this.bigD = bigD;
    this.d = d;
    this.seed = seed;
    this.segments = segments;

    int[][] rows = new int[d][];
    float[][] vals = new float[d][];
    int[] counts = new int[d];
    CpuPool.forRange(
        d,
        Math.max(1, GRAIN_ROWS / Math.max(1, (int) Math.min(GRAIN_ROWS, expectedPerColumn()))),
        (j0, j1) -> {
          for (int j = j0; j < j1; j++) {
            generateColumn(j, rows, vals, counts);
          }
        });
    long nnzLong = 0;
    for (int j = 0; j < d; j++) {
      nnzLong += counts[j];
    }
    if (nnzLong > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "SparseProjection: "
              + nnzLong
              + " nonzeros for D="
              + bigD
              + " d="
              + d
              + " exceed one Java array");
    }
    int nnz = (int) nnzLong;
    colPtr = new int[d + 1];
    rowIdx = new int[nnz];
    colVal = new float[nnz];
    int[] rowCount = new int[bigD + 1];
    for (int j = 0; j < d; j++) {
      int start = colPtr[j];
      System.arraycopy(rows[j], 0, rowIdx, start, counts[j]);
      System.arraycopy(vals[j], 0, colVal, start, counts[j]);
      colPtr[j + 1] = start + counts[j];
      for (int k = 0; k < counts[j]; k++) {
        rowCount[rows[j][k] + 1]++;
      }
      rows[j] = null;
      vals[j] = null;
    }
    rowPtr = rowCount;
    for (int i = 0; i < bigD; i++) {
      rowPtr[i + 1] += rowPtr[i];
    }
    colIdx = new int[nnz];
    rowOf = new int[nnz];
    rowVal = new float[nnz];
    int[] fill = Arrays.copyOf(rowPtr, bigD);
    for (int j = 0; j < d; j++) {
      for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
        int at = fill[rowIdx[k]]++;
        colIdx[at] = j;
        rowOf[at] = rowIdx[k];
        rowVal[at] = colVal[k];
      }
    }
  }

  private double expectedPerColumn() {
    double e = 0;
    for (int n : segments) {
      e += n * density(n);
    }
    return e;
  }

  /** {@code min(1, 1/sqrt(n))}. */
  static double density(int n) {
    return Math.min(1.0, 1.0 / Math.sqrt(n));
  }

  /** Draws column j: rows (ascending), signed magnitudes, then normalises it. */
  private void generateColumn(int j, int[][] rowsOut, float[][] valsOut, int[] counts) {
    double expected = expectedPerColumn();
    int cap = (int) Math.min(bigD, expected + 4 * Math.sqrt(expected) + 16);
    int[] rows = new int[cap];
    float[] vals = new float[cap];
    int n = 0;
    int[] w = new int[4];
    long block = 0;
    double normSq = 0;
    int offset = 0;
    for (int size : segments) {
      double p = density(size);
      float mag = (float) Math.sqrt(1.0 / p);
      double logQ = p < 1.0 ? StrictMath.log1p(-p) : 0.0;
      long pos = -1;
      while (true) {
        Noise.bitsBlock(seed, j, STREAM, block++, w, 0);
        if (p < 1.0) {
          double gap = Math.floor(StrictMath.log(unit53(w[0], w[1])) / logQ);
          if (gap >= size) {
            break;
          }
          pos += (long) gap + 1;
        } else {
          pos += 1;
        }
        if (pos >= size) {
          break;
        }
        if (n == rows.length) {
          rows = Arrays.copyOf(rows, Math.min(bigD, 2 * n + 16));
          vals = Arrays.copyOf(vals, rows.length);
        }
        rows[n] = offset + (int) pos;
        vals[n] = w[2] < 0 ? -mag : mag;
        normSq += (double) mag * mag;
        n++;
        if (p >= 1.0 && pos == size - 1) {
          break;
        }
      }
      offset += size;
    }
    if (n == 0) {
      Noise.bitsBlock(seed, j, STREAM, block, w, 0);
      rows[0] = (int) (((w[0] & 0xFFFFFFFFL) * bigD) >>> 32);
      vals[0] = w[2] < 0 ? -1f : 1f;
      normSq = 1.0;
      n = 1;
    }
    float inv = (float) (1.0 / Math.sqrt(normSq));
    for (int k = 0; k < n; k++) {
      vals[k] *= inv;
    }
    rowsOut[j] = rows;
    valsOut[j] = vals;
    counts[j] = n;
  }

  /** A double in (0, 1] from 53 bits: 27 of {@code a}, 26 of {@code b}. */
  private static double unit53(int a, int b) {
    long bits = ((long) (a >>> 5) << 26) | (b >>> 6);
    return (bits + 1) * 0x1.0p-53;
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

  /** Number of stored nonzeros of P. */
  public int nonZeros() {
    return rowIdx.length;
  }

  /**
   * Read-only view (no copy) of the CSR row pointers, {@code D + 1} entries: row i's nonzeros are
   * entries {@code [rowPointers[i], rowPointers[i+1])} of {@link #rowColumns()} / {@link
   * #rowValues()}, in the order {@code apply} sums them. For back ends that upload the structure
   * ({@code io.langevin.projection.cuda.CudaSparse}); likewise the five views below.
   */
  public IntBuffer rowPointers() {
    return IntBuffer.wrap(rowPtr).asReadOnlyBuffer();
  }

  /** Read-only view of the CSR column index of each nonzero ({@link #nonZeros()} entries). */
  public IntBuffer rowColumns() {
    return IntBuffer.wrap(colIdx).asReadOnlyBuffer();
  }

  /** Read-only view of the CSR value of each nonzero ({@link #nonZeros()} entries). */
  public FloatBuffer rowValues() {
    return FloatBuffer.wrap(rowVal).asReadOnlyBuffer();
  }

  /**
   * Read-only view of the CSC column pointers, {@code d + 1} entries: column j's nonzeros are
   * entries {@code [columnPointers[j], columnPointers[j+1])} of {@link #columnRows()} / {@link
   * #columnValues()}, in the order {@code applyTranspose} sums them.
   */
  public IntBuffer columnPointers() {
    return IntBuffer.wrap(colPtr).asReadOnlyBuffer();
  }

  /** Read-only view of the CSC row index of each nonzero ({@link #nonZeros()} entries). */
  public IntBuffer columnRows() {
    return IntBuffer.wrap(rowIdx).asReadOnlyBuffer();
  }

  /** Read-only view of the CSC value of each nonzero ({@link #nonZeros()} entries). */
  public FloatBuffer columnValues() {
    return FloatBuffer.wrap(colVal).asReadOnlyBuffer();
  }

  /** The segment (layer) sizes the densities come from; {@code {D}} for the global layout. */
  public int[] layerSizes() {
    return segments.clone();
  }

  @Override
  public void apply(float[] thetaSmall, float[] theta0, float[] out) {
    ProjectionChecks.apply(this, thetaSmall, theta0, out);
    CpuPool.forRange(
        bigD,
        GRAIN_ROWS,
        (i0, i1) -> {
          // Rows hold ~d/sqrt(D) entries (1-2 for the MLP): a loop per row mispredicts its exit
          // once a row, so the chunk's nonzeros are walked in one branch-free pass instead, each
          // row's sum built in the same order from 0 as the row loop would (same bits).
          float[] s = new float[i1 - i0];
          int k1 = rowPtr[i1];
          for (int k = rowPtr[i0]; k < k1; k++) {
            s[rowOf[k] - i0] += rowVal[k] * thetaSmall[colIdx[k]];
          }
          if (theta0 == null) {
            System.arraycopy(s, 0, out, i0, i1 - i0);
          } else {
            for (int i = i0; i < i1; i++) {
              out[i] = theta0[i] + s[i - i0];
            }
          }
        });
  }

  @Override
  public void applyTranspose(float[] gD, float[] outSmall) {
    ProjectionChecks.transpose(this, gD, outSmall);
    int perColumn = Math.max(1, rowIdx.length / d);
    CpuPool.forRange(
        d,
        Math.max(1, GRAIN_ROWS / perColumn),
        (j0, j1) -> {
          for (int j = j0; j < j1; j++) {
            float s = 0f;
            for (int k = colPtr[j]; k < colPtr[j + 1]; k++) {
              s += colVal[k] * gD[rowIdx[k]];
            }
            outSmall[j] = s;
          }
        });
  }

  @Override
  public String toString() {
    return "SparseProjection[D="
        + bigD
        + ", d="
        + d
        + ", seed="
        + seed
        + ", "
        + (segments.length == 1 ? "global density 1/sqrt(D)" : segments.length + " layers")
        + ", nnz="
        + rowIdx.length
        + ", "
        + String.format("%.1f", (20.0 * rowIdx.length + 4.0 * (bigD + d)) / (1 << 20))
        + " MiB]";
  }
}
