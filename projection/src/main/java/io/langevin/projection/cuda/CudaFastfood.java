package io.langevin.projection.cuda;

import io.langevin.kernels.cuda.CudaFwht;
import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.DeviceArray;
import io.langevin.projection.FastfoodProjection;
import java.util.Objects;

/**
 * {@link FastfoodProjection} on the device: the same {@code P·x = c·[I_D 0]·H·G·Π·H·B·[x; 0]} and
 * its exact transpose, from the CPU object's B, π and {@code Gc = c·G} (uploaded once at
 * construction; π⁻¹ and {@code Gc∘π⁻¹} are then derived on the device, {@code lv_ff_invert}).
 * Results are bit-identical to {@link FastfoodProjection#apply} and {@link
 * FastfoodProjection#applyTranspose}: every element goes through the roundings of the CPU's
 * definition in the same order (the FWHT stage by stage, see {@link CudaFwht}; one product per
 * gather-scale; sign flips and the zero padding exact).
 *
 * <p><b>apply</b> ({@code out = θ0 + P·θd}), with {@code m = 2^⌈log₂ d⌉}, {@code L =} {@link
 * #blockLength()}:
 *
 * <ol>
 *   <li>{@code lv_ff_sign_pad}: {@code y = B·[θd; 0]} (m floats), then {@code y ← H_m·y} ({@link
 *       CudaFwht}): the first transform, since {@code [θd; 0]} is zero past m (the table of
 *       FastfoodProjection's fast path, each block of H·w is {@code y} or {@code y + 0}).
 *   <li>{@code lv_ff_tile_table}: {@code v_k = Gc_k·(y or y + 0)[π(k) mod m]} fused with the
 *       FWHT stages below 2^13 (shared-memory tiles); the table is read through the cache.
 *   <li>{@code lv_fwht_pass<R>} for the strides from 2^13 on; the last pass is {@code
 *       lv_ff_pass_out<R>}, which writes {@code out_i = θ0_i + v_i} for {@code i < D} instead of
 *       storing v (when {@code L ≤ 2^13} the tile kernel writes out itself).
 * </ol>
 *
 * <b>applyTranspose</b> ({@code outSmall = Pᵀ·g}): {@code lv_ff_tile_pad} ({@code [g; 0]} fused
 * with the tile stages), {@code lv_fwht_pass<R>} for the larger strides; then {@code
 * lv_ff_tile_gather} ({@code v_k = Gc_{π⁻¹(k)}·u[π⁻¹(k)]}, a random gather, fused with the tile
 * stages of the second transform) which keeps only each tile's first m outputs (only the first
 * {@code d ≤ m} outputs of the second transform are used, and the strides from the tile on only
 * add tiles pairwise); then {@code lv_ff_tree<R>} passes add those partial blocks in the
 * transform's pairwise order and the last one writes {@code B_j·sum_j} for {@code j < d}. (For
 * {@code m > 2^13} the tile keeps everything and full passes run up to stride m first.)
 *
 * <p><b>Bytes per call</b> (compulsory traffic, what {@link #applyBytes} and {@link
 * #transposeBytes} return; P = the number of global passes, 2 for L = 2^24 … 2^29):
 *
 * <ul>
 *   <li>apply: {@code 8L} (π and Gc) {@code + 4L} (tile writes v) {@code + 8L·(P − 1)} (inner
 *       passes) {@code + 4L} (last pass reads v) {@code + 4D} (out) {@code + 4D} (θ0, if given);
 *       the m-float table stays in cache. For {@code L ≤ 2^13}: {@code 8L + 4D (+4D)}. D = 10^8,
 *       d = 1000 (L = 2^27, P = 2): {@code 24L + 8D} = 4.02 GB.
 *   <li>applyTranspose: {@code 4D} (g) {@code + 4L} (u) {@code + 8L·P} (passes) {@code + 12L}
 *       (π⁻¹, {@code Gc∘π⁻¹}, gathered u counted once) {@code + 4L·m/2^13} (tile partials)
 *       {@code +} the tree's reads and writes (about {@code 4L·m/2^13·33/32}) {@code + 4d}. The
 *       gather of u is random: each 4-byte element costs a 32-byte memory sector, so the DRAM
 *       traffic is up to {@code 28L} bytes more than this count. D = 10^8, d = 1000: {@code
 *       4D + 32L + ~1L} ≈ 4.8 GB counted.
 * </ul>
 *
 * <p><b>Device memory</b>: π, π⁻¹, Gc, {@code Gc∘π⁻¹} and two work vectors, {@code 24·L} bytes
 * (3.2 GB at L = 2^27), plus {@code 4d + 4m}. Construction does no host work of order L beyond
 * the chunked upload of π and Gc (read-only views of the CPU object's arrays, {@code
 * DeviceUpload}), so D = 10^8, d = 1000 (L = 2^27) builds in a fraction of a second plus the
 * CPU object's own construction.
 *
 * <p>Calls are queued on the default stream and return at once ({@link CudaKernels#synchronize()}
 * waits); they share the work vectors, so calls on one instance are serialised ({@code
 * synchronized}) and run in order on the device. Array lengths may exceed what is needed (the
 * extra elements are not touched). {@link #close()} frees the device memory. Test: {@code
 * CudaProjectionTest} (needs a device).
 */
public final class CudaFastfood extends DeviceProjection {
  private final CudaFwht fwht;
  private final int bigL;
  private final int logL;
  private final int m;
  private final int logM;
  private final DeviceArray perm;
  private final DeviceArray gc;
  private final DeviceArray inv;
  private final DeviceArray gcInv;
  private final DeviceArray sgn;
  private final DeviceArray table;
  private final DeviceArray u;
  private final DeviceArray v;

  /** Uploads the structure of {@code p} (B for the first d indices, π and Gc) once. */
  public CudaFastfood(CudaKernels cuda, FastfoodProjection p) {
    super(cuda, Objects.requireNonNull(p, "projection").targetDim(), p.sourceDim());
    this.fwht = new CudaFwht(cuda);
    this.bigL = p.blockLength();
    this.logL = Integer.numberOfTrailingZeros(bigL);
    this.m = d == 1 ? 1 : Integer.highestOneBit(d - 1) << 1;
    this.logM = Integer.numberOfTrailingZeros(m);
    if (m > bigL) {
      throw new IllegalStateException("CudaFastfood: m=" + m + " > L=" + bigL);
    }
    float[] s = new float[d];
    for (int i = 0; i < d; i++) {
      s[i] = p.signFlipped(i) ? -1f : 1f;
    }
    try {
      perm = own(DeviceUpload.ints(cuda, p.permutationView(), "Fastfood permutation"));
      gc = own(DeviceUpload.floats(cuda, p.diagonalView(), "Fastfood diagonal"));
      inv = own(cuda.alloc(bigL));
      gcInv = own(cuda.alloc(bigL));
      sgn = own(DeviceUpload.floats(cuda, s));
      table = own(cuda.alloc(m));
      u = own(cuda.alloc(bigL));
      v = own(cuda.alloc(bigL));
      cuda.launch(
          "lv_ff_invert", cuda.grid(bigL, THREADS), THREADS, 0, perm, gc, bigL, inv, gcInv);
      cuda.synchronize();
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
  }

  /** The block length L of the transform. */
  public int blockLength() {
    return bigL;
  }

  @Override
  void queueApply(DeviceArray thetaSmall, DeviceArray theta0, DeviceArray out) {
    cuda.launch("lv_ff_sign_pad", cuda.grid(m, THREADS), THREADS, 0, thetaSmall, sgn, d, table, m);
    fwht.fwht(table, 0, logM, 1);
    int tl = Math.min(logL, CudaFwht.TILE_LOG);
    int[] passes = CudaFwht.passStages(logL - tl);
    int single = passes.length == 0 ? 1 : 0;
    cuda.launch(
        "lv_ff_tile_table",
        CudaFwht.tiles(bigL),
        THREADS,
        0,
        perm,
        gc,
        table,
        m,
        bigL,
        tl,
        v,
        theta0,
        out,
        bigD,
        single);
    int h = tl;
    int blocks = (int) ((long) bigL >> CudaFwht.TILE_LOG);
    for (int i = 0; i < passes.length; i++) {
      int r = passes[i];
      if (i == passes.length - 1) {
        cuda.launch("lv_ff_pass_out" + r, blocks, THREADS, 0, v, h, theta0, out, bigD);
      } else {
        cuda.launch("lv_fwht_pass" + r, blocks, THREADS, 0, v, h);
      }
      h += r;
    }
  }

  @Override
  void queueTranspose(DeviceArray gD, DeviceArray outSmall) {
    int tl = Math.min(logL, CudaFwht.TILE_LOG);
    int blocks = (int) ((long) bigL >> CudaFwht.TILE_LOG);
    cuda.launch("lv_ff_tile_pad", CudaFwht.tiles(bigL), THREADS, 0, gD, bigD, u, bigL, tl);
    int h = tl;
    for (int r : CudaFwht.passStages(logL - tl)) {
      cuda.launch("lv_fwht_pass" + r, blocks, THREADS, 0, u, h);
      h += r;
    }
    boolean compact = logM <= tl;
    cuda.launch(
        "lv_ff_tile_gather",
        CudaFwht.tiles(bigL),
        THREADS,
        0,
        inv,
        gcInv,
        u,
        v,
        bigL,
        tl,
        m,
        compact ? 1 : 0);
    int nbLog;
    if (compact) {
      nbLog = logL - tl;
    } else {
      h = tl;
      for (int r : CudaFwht.passStages(logM - tl)) {
        cuda.launch("lv_fwht_pass" + r, blocks, THREADS, 0, v, h);
        h += r;
      }
      nbLog = logL - logM;
    }
    // Tree sum of the 2^nbLog blocks of m floats (the "+" halves of the remaining stages).
    DeviceArray in = v;
    DeviceArray other = u;
    if (nbLog == 0) {
      cuda.launch(
          "lv_ff_tree0", cuda.grid(d, THREADS), THREADS, 0, in, m, 1L, outSmall, sgn, d);
      return;
    }
    while (nbLog > 0) {
      int r = Math.min(5, nbLog);
      nbLog -= r;
      long outBlocks = 1L << nbLog;
      if (nbLog == 0) {
        cuda.launch(
            "lv_ff_tree" + r, cuda.grid(d, THREADS), THREADS, 0, in, m, 1L, outSmall, sgn, d);
      } else {
        cuda.launch(
            "lv_ff_tree" + r,
            cuda.grid(outBlocks * m, THREADS),
            THREADS,
            0,
            in,
            m,
            outBlocks,
            other,
            null,
            0);
        DeviceArray t = in;
        in = other;
        other = t;
      }
    }
  }

  /** See the class comment. */
  @Override
  public long applyBytes(boolean withTheta0) {
    long l = bigL;
    long tail = 4L * bigD + (withTheta0 ? 4L * bigD : 0);
    int passes = CudaFwht.passStages(logL - Math.min(logL, CudaFwht.TILE_LOG)).length;
    if (passes == 0) {
      return 8 * l + tail + 8L * m;
    }
    return 12 * l + 8 * l * (passes - 1) + 4 * l + tail + 8L * m;
  }

  /** See the class comment (the gather counted once). */
  @Override
  public long transposeBytes() {
    long l = bigL;
    int tl = Math.min(logL, CudaFwht.TILE_LOG);
    long bytes = 4L * bigD + 4 * l + 8 * l * CudaFwht.passStages(logL - tl).length + 12 * l;
    long partial;
    if (logM <= tl) {
      partial = 4 * (l >> tl) * m;
      bytes += partial;
    } else {
      bytes += 4 * l + 8 * l * CudaFwht.passStages(logM - tl).length;
      partial = 4 * l;
    }
    // tree: reads everything, writes 1/32 per pass
    long level = partial;
    while (level > 4L * m) {
      long next = Math.max(4L * m, level >> 5);
      bytes += level + next;
      level = next;
    }
    return bytes + 4L * d;
  }

  @Override
  public String toString() {
    return "CudaFastfood[D=" + bigD + ", d=" + d + ", L=" + bigL + ", m=" + m + "]";
  }
}
