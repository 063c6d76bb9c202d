package io.langevin.kernels.gemm;

import static io.langevin.kernels.gemm.GemmMicroKernel.MR;
import static io.langevin.kernels.gemm.GemmMicroKernel.NR;

import io.langevin.kernels.cpu.CpuPool;
import io.langevin.kernels.cpu.Species;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast single-precision GEMM, {@code C = alpha·op(A)·op(B) + beta·C} on row-major arrays (see
 * {@link GemmKernel}): 2·m·n·k FLOPs. Must match the spec {@link ScalarGemm} within the float
 * rounding of a k-term sum (C is not read when beta is 0); tested by {@code SimdGemmTest} against
 * ScalarGemm at every path and block edge.
 *
 * <p>Goto/BLIS structure around {@link GemmMicroKernel} (an MR×NR = 8×2L tile in 16 vector
 * registers, 8×32 at 512 bits) with packed operands ({@link GemmPack}, which absorbs the
 * transposes) and a packed C block that the micro-kernel reads and writes as contiguous vectors;
 * {@code alpha·acc + beta·C} is written to C once, row by row, at the end.
 *
 * <ul>
 *   <li>{@code m ≤ 192} (one row block, e.g. a mini-batch of 100): A is packed once for all of k;
 *       then for each C sub-block of NC columns and each KC block the B slice is packed into an
 *       L2-resident buffer and the micro-kernel runs down the rows, panel by panel (B panel in L1).
 *       B is read once and never written back packed to memory.
 *   <li>otherwise: for each B block of {@code nb} columns (k·nb ≤ bMax floats) B is packed once and
 *       shared; each (row block, panel group) task packs its A block (≤ MC×k) once and walks C
 *       sub-blocks of NC columns (kept in L2) over the KC blocks, B panels in L1.
 *   <li>deep products with a small output ({@code m·n ≤ 65,536}, {@code k ≥ 2048}, e.g. a
 *       convolution's weight gradient over a batch): cut along k into depth chunks computed in
 *       parallel into partial products ({@link GemmDirect#dot} for a small {@code A·Bᵀ}, else the
 *       packed paths), which are then added in chunk order.
 *   <li>unpacked paths ({@link GemmDirect}): matrix-vector shapes, small problems ({@code m·n·k <
 *       32³}), tiny depths ({@code k ≤ 16}) and {@code A·Bᵀ} with fewer than L columns or 4 rows.
 * </ul>
 *
 * <p>Threads: (row block, panel group) tasks, depth chunks, or row ranges on the unpacked paths,
 * run on {@link CpuPool}. Every C element is summed over k in the same order (depth chunks, KC
 * blocks and p in order; partial products in chunk order) whatever the split, so results are
 * bit-identical on 1 or N threads. Packing buffers are
 * per-thread ({@link ThreadLocal}) and reused; a very deep product is split into depth chunks so
 * that they stay bounded (4 MB for A and for B by default).
 */
public final class SimdGemm implements GemmKernel {
  private static final VectorSpecies<Float> F = Species.F;
  private static final int L = F.length();

  /** Default depth of a k block: a KC×NR B panel slice (16 KB at 512 bits) stays in L1. */
  static final int DEFAULT_KC = 128;

  /** Default largest row block (a multiple of MR); row blocks are balanced below it. */
  static final int DEFAULT_MC = 384;

  /** Default columns of a packed C sub-block (MC·NC floats, 384 KB, in L2), a multiple of NR. */
  static final int DEFAULT_NC = 256;

  /** Most rows handled as one row block with B packed on the fly (A then holds m·k floats). */
  static final int ROW_BLOCK_MAX = 192;

  /** Default largest packed A block in floats (4 MB); deeper products are split into chunks. */
  static final int DEFAULT_A_MAX = 1 << 20;

  /** Default cap on a shared packed B block (k × nb) in floats (4 MB). */
  static final int DEFAULT_B_MAX = 1 << 20;

  /** Problems with m·n·k below this take the unpacked path. */
  static final long SMALL = 32L * 32 * 32;

  /** Depths up to this take the unpacked path (packing would cost more than the k FMAs). */
  static final int DIRECT_MAX_K = 16;

  /**
   * Depth of one chunk of a depth-split product ({@link #depthSplit}): deep products with a small
   * output (m·n ≤ {@link #DEPTH_SPLIT_MAX_MN}, k ≥ 2 chunks), such as a convolution's weight
   * gradient, are cut along k instead of along the output.
   */
  static final int DEFAULT_DEPTH_CHUNK = 1024;

  /** Most depth chunks (partial products held at once) of a depth-split product. */
  static final int MAX_DEPTH_CHUNKS = 64;

  /** Largest output (m·n floats) of a depth-split product. */
  static final long DEPTH_SPLIT_MAX_MN = 1L << 16;

  /** Outputs (m·n) up to this take {@link GemmDirect#dot} inside a depth chunk of A·Bᵀ. */
  static final long DOT_MAX_MN = 4096;

  /** m·n·k below which the packed paths run on the calling thread alone. */
  static final long PARALLEL_MIN = 64L * 64 * 64;

  private static final ThreadLocal<float[]> A_PACK = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> B_PACK = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> C_PACK = ThreadLocal.withInitial(() -> new float[0]);

  private final int kcBlock;
  private final int mcBlock;
  private final int ncBlock;
  private final int bMax;
  private final int aMax;
  private final int depthChunk;

  /** The kernel with the default blocking. */
  public SimdGemm() {
    this(DEFAULT_KC, DEFAULT_MC, DEFAULT_NC, DEFAULT_B_MAX, DEFAULT_A_MAX, DEFAULT_DEPTH_CHUNK);
  }

  /** Explicit blocking with the default depth chunk. */
  SimdGemm(int kc, int mc, int nc, int bMax, int aMax) {
    this(kc, mc, nc, bMax, aMax, DEFAULT_DEPTH_CHUNK);
  }

  /**
   * A kernel with explicit blocking (tests use small blocks to reach every edge path cheaply):
   * depth block kc, largest row block mc, C sub-block columns nc, largest shared packed B block
   * bMax floats, largest packed A block aMax floats, depth chunk of a depth-split product.
   */
  SimdGemm(int kc, int mc, int nc, int bMax, int aMax, int depthChunk) {
    if (kc < 1 || mc < MR || mc % MR != 0 || nc < NR || nc % NR != 0 || bMax < 1 || aMax < 1
        || depthChunk < 1) {
      throw new IllegalArgumentException(
          "SimdGemm blocking: kc="
              + kc
              + " mc="
              + mc
              + " (a multiple of "
              + MR
              + ") nc="
              + nc
              + " (a multiple of "
              + NR
              + ") bMax="
              + bMax
              + " aMax="
              + aMax
              + " depthChunk="
              + depthChunk);
    }
    this.kcBlock = kc;
    this.mcBlock = mc;
    this.ncBlock = nc;
    this.bMax = bMax;
    this.aMax = aMax;
    this.depthChunk = depthChunk;
  }

  @Override
  public void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scale(m, n, beta, c, cOff, ldc);
      return;
    }
    boolean parallel = !CpuPool.isSerial() && (long) m * n * k >= PARALLEL_MIN;
    if (vector(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
        parallel)) {
      return;
    }
    if (k >= 2 * depthChunk && (long) m * n <= DEPTH_SPLIT_MAX_MN) {
      depthSplit(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
          parallel);
      return;
    }
    if (!transA && transB && (n < L || m < 4)) {
      // Output-layer shapes (x·Wᵀ with few outputs) and single rows: dot products along k.
      if (parallel && m >= 2 * GemmDirect.ROW_GRAIN) {
        CpuPool.forRange(
            m,
            GemmDirect.ROW_GRAIN,
            (from, to) ->
                GemmDirect.dot(from, to, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                    ldc));
      } else {
        GemmDirect.dot(0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      }
      return;
    }
    if ((long) m * n * k < SMALL
        || k <= DIRECT_MAX_K && (!transB || (long) k * n <= DEFAULT_B_MAX)) {
      GemmDirect.rows(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
          ldc, parallel && m >= 2 * GemmDirect.ROW_GRAIN);
      return;
    }
    int threads = parallel ? CpuPool.threads() : 1;
    boolean oneBlock = m <= Math.min(mcBlock, ROW_BLOCK_MAX);
    // A very deep product runs as consecutive depth chunks (C = alpha·A₁B₁ + beta·C, then
    // C += alpha·A₂B₂, …) so that a packed A block stays within aMax floats; the chunks depend
    // only on the sizes, never on the thread count.
    int rows = roundUp(oneBlock ? m : mcBlock, MR);
    int kChunk = Math.max(kcBlock, aMax / rows / kcBlock * kcBlock);
    for (int p0 = 0; p0 < k; p0 += kChunk) {
      int kk = Math.min(kChunk, k - p0);
      int aO = aOff + (transA ? p0 * lda : p0);
      int bO = bOff + (transB ? p0 : p0 * ldb);
      float bt = p0 == 0 ? beta : 1f;
      if (oneBlock) {
        rowBlock(transA, transB, m, n, kk, alpha, a, aO, lda, b, bO, ldb, bt, c, cOff, ldc,
            threads);
      } else {
        blocked(transA, transB, m, n, kk, alpha, a, aO, lda, b, bO, ldb, bt, c, cOff, ldc,
            threads);
      }
    }
  }

  /**
   * Products with a single row or column of C whose vector operand is contiguous (matrix-vector
   * shapes): A·x, Aᵀ·x, xᵀ·B, xᵀ·Bᵀ. Returns false when the shape is not one of these.
   */
  private static boolean vector(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      boolean parallel) {
    if (n == 1 && (transB || ldb == 1)) {
      // C (m×1) = op(A)·x with x contiguous.
      if (!transA) {
        if (parallel && m >= 2 * GemmDirect.ROW_GRAIN) {
          CpuPool.forRange(
              m,
              GemmDirect.ROW_GRAIN,
              (from, to) ->
                  GemmDirect.gemv(from, to, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc));
        } else {
          GemmDirect.gemv(0, m, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc);
        }
        return true;
      }
      if (ldc == 1) {
        // Aᵀ·x: as the row xᵀ·A (1×m) over the rows of A.
        GemmDirect.rows(false, false, 1, m, k, alpha, b, bOff, k, a, aOff, lda, beta, c, cOff, m,
            false);
        return true;
      }
      return false;
    }
    if (m == 1 && (!transA || lda == 1)) {
      // C (1×n) = xᵀ·op(B) with x contiguous.
      if (transB) {
        GemmDirect.gemv(0, n, k, alpha, b, bOff, ldb, a, aOff, beta, c, cOff, 1);
      } else {
        GemmDirect.rows(false, false, 1, n, k, alpha, a, aOff, k, b, bOff, ldb, beta, c, cOff, n,
            false);
      }
      return true;
    }
    return false;
  }

  /**
   * A deep product with a small output, cut along k into chunks of {@code depthChunk} (longer when
   * that would give more than {@link #MAX_DEPTH_CHUNKS}; the last one ragged): chunk q computes the partial product {@code P_q = op(A)[:, chunk q] · op(B)[chunk q,
   * :]} on one thread (in the chunk's own buffer; chunks run in parallel), then {@code C = alpha·(P_0
   * + P_1 + …) + beta·C}, the partials added in chunk order, rows split over the pool. The chunks
   * depend only on k, so the result is the same on any thread count.
   */
  private void depthSplit(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      boolean parallel) {
    // At most MAX_DEPTH_CHUNKS partials (16 MB at the largest m·n): longer chunks past that.
    int chunk = Math.max(depthChunk, (k + MAX_DEPTH_CHUNKS - 1) / MAX_DEPTH_CHUNKS);
    int chunks = (k + chunk - 1) / chunk;
    int mn = m * n;
    float[] part = new float[chunks * mn];
    Runnable all =
        () ->
            CpuPool.forChunks(
                chunks,
                q -> {
                  int p0 = q * chunk;
                  int kk = Math.min(chunk, k - p0);
                  int aO = aOff + (transA ? p0 * lda : p0);
                  int bO = bOff + (transB ? p0 : p0 * ldb);
                  partial(transA, transB, m, n, kk, a, aO, lda, b, bO, ldb, part, q * mn);
                });
    if (parallel) {
      all.run();
    } else {
      CpuPool.serially(all);
    }
    CpuPool.RangeBody sum =
        (from, to) -> {
          FloatVector va = FloatVector.broadcast(F, alpha);
          FloatVector vb = FloatVector.broadcast(F, beta);
          int bound = F.loopBound(n);
          for (int i = from; i < to; i++) {
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j < bound; j += L) {
              FloatVector acc = FloatVector.fromArray(F, part, i * n + j);
              for (int q = 1; q < chunks; q++) {
                acc = acc.add(FloatVector.fromArray(F, part, q * mn + i * n + j));
              }
              acc = acc.mul(va);
              if (beta != 0f) {
                acc = FloatVector.fromArray(F, c, ci + j).fma(vb, acc);
              }
              acc.intoArray(c, ci + j);
            }
            for (; j < n; j++) {
              float acc = part[i * n + j];
              for (int q = 1; q < chunks; q++) {
                acc += part[q * mn + i * n + j];
              }
              c[ci + j] = beta == 0f ? alpha * acc : Math.fma(beta, c[ci + j], alpha * acc);
            }
          }
        };
    int grain = Math.max(1, (int) (GemmDirect.ROW_GRAIN * 256L / Math.max(1, n)));
    if (parallel && m > grain) {
      CpuPool.forRange(m, grain, sum);
    } else {
      sum.run(0, m);
    }
  }

  /**
   * {@code P = op(A)·op(B)} (m×n, leading dimension n, at {@code pOff} of {@code p}) on the calling
   * thread: dot products for a small {@code A·Bᵀ}, else the packed paths.
   */
  private void partial(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] p,
      int pOff) {
    if (!transA && transB && ((long) m * n <= DOT_MAX_MN || n < L || m < 4)) {
      GemmDirect.dot(0, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, p, pOff, n);
    } else if (m <= Math.min(mcBlock, ROW_BLOCK_MAX)) {
      rowBlock(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, p, pOff, n, 1);
    } else {
      blocked(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, p, pOff, n, 1);
    }
  }

  /** One row block ({@code m ≤ MC}): A packed once, B packed panel slice by panel slice. */
  private void rowBlock(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      int threads) {
    int mPad = roundUp(m, MR);
    int kBlocks = (k + kcBlock - 1) / kcBlock;
    // Packed A, k block pc at mPad·pc (panel ir at + ir·kc).
    float[] aPack = buffer(A_PACK, mPad * k);
    int panels = (n + NR - 1) / NR;
    if (threads == 1) {
      for (int pc = 0; pc < k; pc += kcBlock) {
        GemmPack.packA(
            transA, a, aOff, lda, 0, m, pc, Math.min(kcBlock, k - pc), aPack, mPad * pc);
      }
      panelRange(transB, m, n, k, aPack, b, bOff, ldb, 0, panels, alpha, beta, c, cOff, ldc);
      return;
    }
    CpuPool.forChunks(
        kBlocks,
        t -> {
          int pc = t * kcBlock;
          GemmPack.packA(
              transA, a, aOff, lda, 0, m, pc, Math.min(kcBlock, k - pc), aPack, mPad * pc);
        });
    // One contiguous run of panels per thread: each keeps its C sub-blocks and B slices local.
    int per = (panels + threads - 1) / threads;
    CpuPool.forChunks(
        (panels + per - 1) / per,
        g ->
            panelRange(transB, m, n, k, aPack, b, bOff, ldb, g * per,
                Math.min(panels, (g + 1) * per), alpha, beta, c, cOff, ldc));
  }

  /** Panels {@code [jpFrom, jpTo)} of C for the one-row-block case. */
  private void panelRange(
      boolean transB,
      int m,
      int n,
      int k,
      float[] aPack,
      float[] b,
      int bOff,
      int ldb,
      int jpFrom,
      int jpTo,
      float alpha,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    int mPad = roundUp(m, MR);
    int kcMax = Math.min(kcBlock, k);
    int subPanels = Math.min(ncBlock / NR, jpTo - jpFrom);
    float[] bPack = buffer(B_PACK, kcMax * subPanels * NR);
    float[] cPack = buffer(C_PACK, mPad * subPanels * NR);
    for (int s0 = jpFrom; s0 < jpTo; s0 += subPanels) {
      int s1 = Math.min(jpTo, s0 + subPanels);
      for (int pc = 0; pc < k; pc += kcBlock) {
        int kc = Math.min(kcBlock, k - pc);
        // The B slice of this sub-block (kc × NC, in L2), then each panel of it from L1.
        GemmPack.packB(transB, b, bOff, ldb, pc, kc, 0, n, s0, s1, bPack, 0);
        tiles(kc, aPack, mPad * pc, m, mPad, bPack, 0, s0, s1, n, cPack, pc == 0,
            pc + kc == k, alpha, beta, c, cOff, ldc);
      }
    }
  }

  /** Several row blocks: shared packed B blocks, (row block, panel group) tasks. */
  private void blocked(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      int threads) {
    // Balanced row blocks: as few as MC allows (a multiple of the thread count when there are
    // rows enough), equal sizes rounded up to MR.
    int rowBlocks = (m + mcBlock - 1) / mcBlock;
    if (threads > 1) {
      // Two blocks per thread when they keep ≥ 128 rows (a late-starting worker then costs at
      // most half a block), else one per thread when they keep ≥ 4·MR rows.
      if (m >= 2 * threads * 128) {
        rowBlocks = roundUp(rowBlocks, 2 * threads);
      } else if (m >= threads * 4 * MR) {
        rowBlocks = roundUp(rowBlocks, threads);
      }
    }
    int mc = roundUp((m + rowBlocks - 1) / rowBlocks, MR);
    int icBlocks = (m + mc - 1) / mc;
    // Width of a shared packed B block (all of k): a multiple of NR within bMax floats.
    int nbCap = Math.max(NR, bMax / k / NR * NR);
    int nbMax = Math.min(nbCap, roundUp(n, NR));
    float[] bPack = buffer(B_PACK, k * nbMax);
    int kBlocks = (k + kcBlock - 1) / kcBlock;
    for (int jb = 0; jb < n; jb += nbCap) {
      int nb = Math.min(nbCap, n - jb);
      int j0 = jb;
      int panels = (nb + NR - 1) / NR;
      int nbPad = panels * NR;
      if (threads == 1) {
        for (int pc = 0; pc < k; pc += kcBlock) {
          GemmPack.packB(
              transB, b, bOff, ldb, pc, Math.min(kcBlock, k - pc), j0, nb, 0, panels, bPack,
              pc * nbPad);
        }
        for (int ic = 0; ic < m; ic += mc) {
          block(transA, a, aOff, lda, k, ic, Math.min(mc, m - ic), bPack, nbPad, nb, 0, panels,
              alpha, beta, c, cOff, ldc, j0);
        }
        continue;
      }
      // Pack B: (k block, panel group) chunks.
      int packPer = Math.max(1, (panels + threads - 1) / threads);
      int packGroups = (panels + packPer - 1) / packPer;
      CpuPool.forChunks(
          kBlocks * packGroups,
          t -> {
            int pc = (t / packGroups) * kcBlock;
            int from = (t % packGroups) * packPer;
            int kc = Math.min(kcBlock, k - pc);
            GemmPack.packB(transB, b, bOff, ldb, pc, kc, j0, nb, from,
                Math.min(panels, from + packPer), bPack, pc * nbPad + from * kc * NR);
          });
      // Compute: (row block, panel group) tasks; panels are split only when there are fewer row
      // blocks than threads (each group packs its own copy of the A block).
      int groups = icBlocks >= threads ? 1 : Math.min(panels, (threads + icBlocks - 1) / icBlocks);
      int perGroup = (panels + groups - 1) / groups;
      int groupCount = (panels + perGroup - 1) / perGroup;
      CpuPool.forChunks(
          icBlocks * groupCount,
          t -> {
            int ic = (t / groupCount) * mc;
            int g = t % groupCount;
            block(transA, a, aOff, lda, k, ic, Math.min(mc, m - ic), bPack, nbPad, nb,
                g * perGroup, Math.min(panels, (g + 1) * perGroup), alpha, beta, c, cOff, ldc,
                j0);
          });
    }
  }

  /**
   * Rows {@code [ic, ic+mc)} of C times panels {@code [jpFrom, jpTo)} of the packed B block: pack
   * the A block for all of k, then for each C sub-block of NC columns run the micro-kernel over the
   * k blocks into packed C and write it out.
   */
  private void block(
      boolean transA,
      float[] a,
      int aOff,
      int lda,
      int k,
      int ic,
      int mc,
      float[] bPack,
      int nbPad,
      int nb,
      int jpFrom,
      int jpTo,
      float alpha,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      int jb) {
    int mcPad = roundUp(mc, MR);
    int subPanels = ncBlock / NR;
    float[] aPack = buffer(A_PACK, mcPad * k);
    float[] cPack = buffer(C_PACK, mcPad * Math.min(subPanels, jpTo - jpFrom) * NR);
    for (int pc = 0; pc < k; pc += kcBlock) {
      int kc = Math.min(kcBlock, k - pc);
      GemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kc, aPack, mcPad * pc);
    }
    for (int s0 = jpFrom; s0 < jpTo; s0 += subPanels) {
      int s1 = Math.min(jpTo, s0 + subPanels);
      for (int pc = 0; pc < k; pc += kcBlock) {
        int kc = Math.min(kcBlock, k - pc);
        tiles(kc, aPack, mcPad * pc, mc, mcPad, bPack, pc * nbPad + s0 * kc * NR, s0, s1, nb,
            cPack, pc == 0, pc + kc == k, alpha, beta, c, cOff + ic * ldc + jb, ldc);
      }
    }
  }

  /**
   * One k block of a C sub-block: the micro-kernel over panels {@code [s0, s1)} of the packed B
   * slice (panel {@code jp} at {@code bFirst + (jp − s0)·kc·NR}) and every row panel of the packed
   * A block ({@code rows} rows, padded to {@code rowsPad}), into packed C (panel {@code jp} rows at
   * {@code ((jp − s0)·rowsPad + i)·NR}); after the {@code last} one, packed C is copied out to C
   * ({@code cBase} = C's element for row 0, column 0 of the block) row by row.
   *
   * <p>Writing full tiles straight from the micro-kernel to C instead (one pass fewer) was measured
   * slower on the MLP and LeNet-5 shapes (5–15 %, 2× where C is not in L2 and beta is 1): tile by
   * tile, C is touched 8 rows × 128 bytes at a time, where the row-by-row copy streams long runs.
   */
  private static void tiles(
      int kc,
      float[] aPack,
      int aBase,
      int rows,
      int rowsPad,
      float[] bPack,
      int bFirst,
      int s0,
      int s1,
      int cols,
      float[] cPack,
      boolean first,
      boolean last,
      float alpha,
      float beta,
      float[] c,
      int cBase,
      int ldc) {
    for (int jp = s0; jp < s1; jp++) {
      int bIdx = bFirst + (jp - s0) * kc * NR;
      int cpBase = (jp - s0) * rowsPad * NR;
      for (int ir = 0; ir < rows; ir += MR) {
        GemmMicroKernel.tile(
            kc, aPack, aBase + ir * kc, bPack, bIdx, cPack, cpBase + ir * NR, first);
      }
    }
    if (last) {
      unpackC(cPack, 0, rows, rowsPad, s0, s0, s1, cols, alpha, beta, c, cBase, ldc);
    }
  }

  /**
   * {@code C = alpha·acc + beta·C} for rows {@code [rowFrom, rowTo)} and panels {@code [jpFrom,
   * jpTo)} of a packed C sub-block starting at panel {@code s0} (panel {@code jp} rows at {@code
   * ((jp - s0)·mcPad + i)·NR}); C is not read when beta is 0.
   */
  private static void unpackC(
      float[] cPack,
      int rowFrom,
      int rowTo,
      int mcPad,
      int s0,
      int jpFrom,
      int jpTo,
      int nb,
      float alpha,
      float beta,
      float[] c,
      int cBase,
      int ldc) {
    FloatVector va = FloatVector.broadcast(F, alpha);
    FloatVector vb = FloatVector.broadcast(F, beta);
    int panelStride = mcPad * NR;
    int full = Math.max(jpFrom, Math.min(jpTo, nb / NR)); // panels with all NR columns inside C
    // Row by row, so that C is written in long contiguous runs.
    for (int i = rowFrom; i < rowTo; i++) {
      int ci = cBase + i * ldc + jpFrom * NR;
      int si = i * NR + (jpFrom - s0) * panelStride;
      for (int jp = jpFrom; jp < full; jp++, ci += NR, si += panelStride) {
        FloatVector x0 = FloatVector.fromArray(F, cPack, si).mul(va);
        FloatVector x1 = FloatVector.fromArray(F, cPack, si + L).mul(va);
        if (beta != 0f) {
          x0 = FloatVector.fromArray(F, c, ci).fma(vb, x0);
          x1 = FloatVector.fromArray(F, c, ci + L).fma(vb, x1);
        }
        x0.intoArray(c, ci);
        x1.intoArray(c, ci + L);
      }
      if (full < jpTo) {
        int cols = nb - full * NR;
        if (beta == 0f) {
          for (int j = 0; j < cols; j++) {
            c[ci + j] = alpha * cPack[si + j];
          }
        } else {
          for (int j = 0; j < cols; j++) {
            c[ci + j] = Math.fma(beta, c[ci + j], alpha * cPack[si + j]);
          }
        }
      }
    }
  }

  /** {@code C = beta·C} ({@code k == 0}); zero fill without reading C when beta is 0. */
  private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (beta == 0f) {
        Arrays.fill(c, ci, ci + n, 0f);
      } else {
        for (int j = 0; j < n; j++) {
          c[ci + j] = beta * c[ci + j];
        }
      }
    }
  }

  /** This thread's scratch array in {@code slot}, grown to at least {@code size} floats. */
  private static float[] buffer(ThreadLocal<float[]> slot, int size) {
    float[] buf = slot.get();
    if (buf.length < size) {
      buf = new float[size];
      slot.set(buf);
    }
    return buf;
  }

  private static int roundUp(int x, int to) {
    return (x + to - 1) / to * to;
  }
}
