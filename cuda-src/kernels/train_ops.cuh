// train_ops.cuh -- the device side of the nn layers' forward and backward passes (Linear, Conv2d,
// ReLU, MaxPool2d, softmax cross-entropy), launched by io.langevin.kernels.cuda.CudaOps; matrix
// products are CudaGemm's. Included by langevin_kernels.cu (LV_THREADS threads per block, every
// kernel written for exactly that block size). Each kernel names the Java code it must match.
//
// Conventions: sizes and flat indices are int64 (grid-stride loops over int64 counters); the
// geometry of one image (channels, height, kernel, ...) is int, as in the Java code. Float
// arithmetic only through the lv_* intrinsics (IEEE round-to-nearest, never contracted); sums that
// the Java code takes in double are taken in double here. Every reduction is deterministic: a
// fixed assignment of elements to threads and a fixed tree, never atomics. Tested against the Java
// computations by CudaOpsTest (device needed).
#pragma once

// Sum of v over the block (blockDim.x a multiple of 32, at most 1024): the result in thread 0
// (other threads get an unspecified value). Every thread of the block must call it; it ends with
// __syncthreads(), so it can be called again in a loop.
__device__ __forceinline__ double lv_train_block_sum(double v) {
  __shared__ double lvTrainWarpSums[32];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) lvTrainWarpSums[warp] = v;
  __syncthreads();
  double t = 0.0;
  if (warp == 0) {
    const int warps = blockDim.x >> 5;
    t = lane < warps ? lvTrainWarpSums[lane] : 0.0;
    for (int o = 16; o > 0; o >>= 1) t += __shfl_down_sync(0xffffffffu, t, o);
  }
  __syncthreads();
  return t;
}

// ------------------------------------------------------------------------------ small elementwise

// x[i] = value, i in [0, n).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_fill(int64_t n, float value, float* x) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    x[i] = value;
  }
}

// y[i] = fma(alpha, x[i], y[i]) (Elementwise.axpy: one rounding), i in [0, n).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_axpy(int64_t n, float alpha, const float* x, float* y) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    y[i] = lv_fma(alpha, x[i], y[i]);
  }
}

// ------------------------------------------------------------------------------ bias

// y[(i·f + j)·p + q] += b[j] for i < n, j < f, q < p: the bias of a Linear layer ([rows, out]:
// n = rows, f = out, p = 1; Elementwise.addRowVector) or of a Conv2d output ([N, F, OH·OW]). One
// rounding per element.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_bias_add(int64_t n, int32_t f, int64_t p, float* y, const float* b) {
  const int64_t total = n * (int64_t)f * p;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    const int64_t j = p == 1 ? e % f : (e / p) % f;
    y[e] = lv_add(y[e], b[j]);
  }
}

// db[j] = db[j] + (float) Σ_r dy[r·cols + j] (the sum in double): the bias gradient of a Linear
// layer (Ops.linear sums in float, row by row; this agrees to float rounding). A block takes 32
// columns at a time (grid-stride over column chunks): thread (tx = lane, ty = warp) sums rows
// ty, ty + 8, ... of column c0 + tx, then thread ty = 0 adds the 8 partials in order ty = 0..7.
// Warp ty reads 32 consecutive floats of a row (coalesced). Needs blockDim.x = 256.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_bias_grad_rows(int64_t rows, int32_t cols, const float* dy, float* db) {
  __shared__ double part[8][32];
  const int tx = threadIdx.x & 31, ty = threadIdx.x >> 5;
  const int64_t chunks = ((int64_t)cols + 31) >> 5;
  for (int64_t ch = blockIdx.x; ch < chunks; ch += gridDim.x) {
    const int64_t j = ch * 32 + tx;
    double s = 0.0;
    if (j < cols) {
      for (int64_t r = ty; r < rows; r += 8) s += (double)dy[r * cols + j];
    }
    part[ty][tx] = s;
    __syncthreads();
    if (ty == 0 && j < cols) {
      double t = part[0][tx];
      for (int k = 1; k < 8; k++) t += part[k][tx];
      db[j] = lv_add(db[j], (float)t);
    }
    __syncthreads();
  }
}

// db[j] = db[j] + (float) Σ_{i < n, q < p} dy[(i·f + j)·p + q] (the sum in double): the bias
// gradient of a Conv2d layer from its NCHW output gradient [N, F, OH·OW] (ConvOps.conv2d: the same
// values, summed in double over the channel-major copy, then rounded and added once). One block per
// channel (grid-stride over channels), the block's threads stride over the n·p elements, then a
// fixed tree.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_bias_grad_planes(int64_t n, int32_t f, int64_t p, const float* dy, float* db) {
  const int64_t np = n * p;
  for (int64_t j = blockIdx.x; j < f; j += gridDim.x) {
    double s = 0.0;
    for (int64_t e = threadIdx.x; e < np; e += blockDim.x) {
      const int64_t i = e / p, q = e - i * p;
      s += (double)dy[(i * f + j) * p + q];
    }
    s = lv_train_block_sum(s);
    if (threadIdx.x == 0) db[j] = lv_add(db[j], (float)s);
  }
}

// ------------------------------------------------------------------------------ ReLU

// y = Math.max(x, 0f) (ScalarElementwise.relu): x for x > 0, NaN for NaN, +0 otherwise (also for
// x = -0).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_relu(int64_t n, const float* x, float* y) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    const float v = x[i];
    y[i] = (v > 0.0f || v != v) ? v : 0.0f;
  }
}

// dx = x > 0 ? dy : 0 (ScalarElementwise.reluBackward; x is the ReLU's input, NaN gives 0).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_relu_backward(int64_t n, const float* x, const float* dy, float* dx) {
  for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
  }
}

// ------------------------------------------------------------------------------ softmax x-entropy

// Math.max(double, double) of floats: NaN wins.
__device__ __forceinline__ float lv_train_max(float a, float b) {
  return (b > a || b != b) ? b : a;
}

// Per row r of logits [rows, cols] (one warp per row, grid-stride over rows):
//   m = max_c x[r,c], s = Σ_c exp(x[r,c] − m) (double), prob = (float)(exp(x − m) / s),
//   rowLoss[r] = log s − (x[r, label] − m)                       (double),
//   dlogits[r,c] = (prob − [c == label]) · scale                 (float, two roundings)
// with scale = dloss / rows computed by the caller in float: ScalarSoftmaxCrossEntropy.forward and
// .backward (with accumulate = false), doubles instead of its index-order sum (a warp tree). A
// label outside [0, cols) gives a NaN row loss and a NaN gradient row. dlogits may alias logits.
// The mean of rowLoss is lv_train_mean (a second launch).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_softmax_xent(int64_t rows, int32_t cols, const float* logits, const int32_t* labels,
                          float scale, double* rowLoss, float* dlogits) {
  const int lane = threadIdx.x & 31;
  const int64_t warp0 = (blockIdx.x * (int64_t)blockDim.x + threadIdx.x) >> 5;
  const int64_t warps = ((int64_t)gridDim.x * blockDim.x) >> 5;
  for (int64_t r = warp0; r < rows; r += warps) {
    const float* x = logits + r * cols;
    float m = __int_as_float(0xff800000);  // -inf
    for (int c = lane; c < cols; c += 32) m = lv_train_max(m, x[c]);
    for (int o = 16; o > 0; o >>= 1) m = lv_train_max(m, __shfl_xor_sync(0xffffffffu, m, o));
    const double md = (double)m;
    double s = 0.0;
    for (int c = lane; c < cols; c += 32) s += exp((double)x[c] - md);
    for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
    const int32_t label = labels[r];
    const int ok = label >= 0 && label < cols;
    // every lane reads x[label] before any lane overwrites it (dlogits may alias logits)
    const double xl = ok ? (double)x[label] : 0.0;
    __syncwarp();
    float* d = dlogits + r * cols;
    for (int c = lane; c < cols; c += 32) {
      const float prob = (float)(exp((double)x[c] - md) / s);
      const float g = lv_mul(lv_sub(prob, c == label ? 1.0f : 0.0f), scale);
      d[c] = ok ? g : __int_as_float(0x7fc00000);
    }
    if (lane == 0) rowLoss[r] = ok ? log(s) - (xl - md) : __longlong_as_double(0x7ff8000000000000LL);
    __syncwarp();
  }
}

// out[0] = (Σ_r v[r]) / n in double, one block (fixed tree: thread t sums rows t, t + 256, ...).
// Launch with one block of LV_THREADS threads.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_mean(int64_t n, const double* v, double* out) {
  double s = 0.0;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) s += v[i];
  s = lv_train_block_sum(s);
  if (threadIdx.x == 0) out[0] = s / (double)n;
}

// ------------------------------------------------------------------------------ im2col / col2im

// The geometry of Im2colKernel.Geometry (with its outH, outW), passed as 11 int arguments.
struct lv_conv_geom {
  int channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, outH, outW;
};
#define LV_GEOM_PARAMS                                                                    \
  int32_t channels, int32_t height, int32_t width, int32_t kernelH, int32_t kernelW,      \
      int32_t strideH, int32_t strideW, int32_t padH, int32_t padW, int32_t outH, int32_t outW
#define LV_GEOM_STRUCT                                                                    \
  const lv_conv_geom g = {channels, height, width, kernelH, kernelW, strideH, strideW, padH, \
                          padW, outH, outW}

// cols[e] for e in [0, batch·R·P), R = channels·kernelH·kernelW, P = outH·outW (ScalarIm2col.im2col,
// every entry written, padding 0). wide != 0: BatchLayout.WIDE, e = r·(batch·P) + b·P + p;
// wide = 0: STACKED, e = (b·R + r)·P + p. One thread per entry (coalesced writes).
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_im2col(LV_GEOM_PARAMS, int64_t batch, int32_t wide, const float* x, float* cols) {
  LV_GEOM_STRUCT;
  const int64_t P = (int64_t)g.outH * g.outW;
  const int64_t R = (int64_t)g.channels * g.kernelH * g.kernelW;
  const int64_t image = (int64_t)g.channels * g.height * g.width;
  const int64_t total = batch * R * P;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    int64_t b, r, p;
    if (wide) {
      r = e / (batch * P);
      const int64_t rem = e - r * batch * P;
      b = rem / P;
      p = rem - b * P;
    } else {
      b = e / (R * P);
      const int64_t rem = e - b * R * P;
      r = rem / P;
      p = rem - r * P;
    }
    const int kj = (int)(r % g.kernelW);
    const int ki = (int)((r / g.kernelW) % g.kernelH);
    const int c = (int)(r / ((int64_t)g.kernelW * g.kernelH));
    const int oh = (int)(p / g.outW), ow = (int)(p - (int64_t)oh * g.outW);
    const int ih = oh * g.strideH - g.padH + ki;
    const int iw = ow * g.strideW - g.padW + kj;
    const int inside = ih >= 0 && ih < g.height && iw >= 0 && iw < g.width;
    cols[e] = inside ? x[b * image + ((int64_t)c * g.height + ih) * g.width + iw] : 0.0f;
  }
}

// x[pixel] = (accumulate ? x[pixel] : 0) + Σ its column entries, added one at a time in (ki, kj)
// order: ScalarIm2col.col2im bit for bit (its loop order reaches a pixel's entries in that order).
// One thread per pixel (gather: no atomics, no races); layouts as lv_train_im2col.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_col2im(LV_GEOM_PARAMS, int64_t batch, int32_t wide, const float* cols,
                    int32_t accumulate, float* x) {
  LV_GEOM_STRUCT;
  const int64_t P = (int64_t)g.outH * g.outW;
  const int64_t R = (int64_t)g.channels * g.kernelH * g.kernelW;
  const int64_t hw = (int64_t)g.height * g.width;
  const int64_t image = g.channels * hw;
  const int64_t ld = wide ? batch * P : P;
  const int64_t total = batch * image;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    const int64_t b = e / image;
    const int64_t rem = e - b * image;
    const int c = (int)(rem / hw);
    const int64_t pix = rem - (int64_t)c * hw;
    const int ih = (int)(pix / g.width), iw = (int)(pix - (int64_t)ih * g.width);
    const int64_t base = wide ? b * P : b * R * P;
    float acc = accumulate ? x[e] : 0.0f;
    for (int ki = 0; ki < g.kernelH; ki++) {
      const int th = ih + g.padH - ki;
      if (th < 0) break;  // decreasing in ki
      if (th % g.strideH != 0) continue;
      const int oh = th / g.strideH;
      if (oh >= g.outH) continue;
      for (int kj = 0; kj < g.kernelW; kj++) {
        const int tw = iw + g.padW - kj;
        if (tw < 0) break;
        if (tw % g.strideW != 0) continue;
        const int ow = tw / g.strideW;
        if (ow >= g.outW) continue;
        const int64_t r = ((int64_t)c * g.kernelH + ki) * g.kernelW + kj;
        acc = lv_add(acc, cols[base + r * ld + (int64_t)oh * g.outW + ow]);
      }
    }
    x[e] = acc;
  }
}

// ------------------------------------------------------------------------------ conv layouts

// y[(i·f + j)·p + q] = wide[(j·n + i)·p + q] (+ b[j] when b != null): the channel-major output of
// conv2d's batch GEMM (F × N·P) to NCHW, plus the bias (ConvOps.conv2d: Elementwise.addScalar, one
// rounding, or a copy). One thread per output element.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_channels_to_nchw(int64_t n, int32_t f, int64_t p, const float* wide, const float* b,
                              float* y) {
  const int64_t total = n * (int64_t)f * p;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    const int64_t plane = e / p, q = e - plane * p;
    const int64_t i = plane / f, j = plane - i * f;
    const float v = wide[(j * n + i) * p + q];
    y[e] = b != nullptr ? lv_add(v, b[j]) : v;
  }
}

// wide[(j·n + i)·p + q] = y[(i·f + j)·p + q]: an NCHW gradient to the channel-major F × N·P matrix
// (ConvOps.conv2d's dyWide). One thread per output element.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_nchw_to_channels(int64_t n, int32_t f, int64_t p, const float* y, float* wide) {
  const int64_t total = n * (int64_t)f * p;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    const int64_t row = e / p, q = e - row * p;  // row = j·n + i
    const int64_t j = row / n, i = row - j * n;
    wide[e] = y[(i * f + j) * p + q];
  }
}

// ------------------------------------------------------------------------------ max pooling

// Max pooling of planes [planes, h, w] over k × k windows moved by stride, no padding, out
// [planes, oh, ow]: y = the window's maximum, arg = its index relative to x (plane·h·w + row·w +
// col), the first in row-major order on ties (strict >; a NaN first element wins, later NaNs
// never): ConvOps.maxPool2d / poolForward. One thread per output.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_maxpool(int64_t planes, int32_t h, int32_t w, int32_t k, int32_t stride, int32_t oh,
                     int32_t ow, const float* x, float* y, int32_t* arg) {
  const int64_t outs = (int64_t)oh * ow;
  const int64_t total = planes * outs;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    const int64_t pl = e / outs;
    const int64_t o = e - pl * outs;
    const int i = (int)(o / ow), j = (int)(o - (int64_t)i * ow);
    const int64_t top = pl * h * w + (int64_t)i * stride * w + (int64_t)j * stride;
    int64_t best = top;
    float bv = x[top];
    for (int a = 0; a < k; a++) {
      for (int c = 0; c < k; c++) {
        const int64_t idx = top + (int64_t)a * w + c;
        const float v = x[idx];
        if (v > bv) {
          best = idx;
          bv = v;
        }
      }
    }
    y[e] = bv;
    arg[e] = (int32_t)best;
  }
}

// dx[pixel] = (accumulate ? dx[pixel] : 0) + Σ dy[o] over the outputs o whose argmax is this
// pixel, added in increasing o (ConvOps' poolBackward adds dy[o] at arg[o] in increasing o, so
// this gives its bits also when windows overlap). One thread per input pixel (gather: no atomics);
// it visits the at most ceil(k/stride)² windows that contain the pixel.
extern "C" __global__ void __launch_bounds__(LV_THREADS)
    lv_train_maxpool_backward(int64_t planes, int32_t h, int32_t w, int32_t k, int32_t stride,
                              int32_t oh, int32_t ow, const float* dy, const int32_t* arg,
                              int32_t accumulate, float* dx) {
  const int64_t hw = (int64_t)h * w;
  const int64_t total = planes * hw;
  for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total;
       e += (int64_t)gridDim.x * blockDim.x) {
    const int64_t pl = e / hw;
    const int64_t pix = e - pl * hw;
    const int ih = (int)(pix / w), iw = (int)(pix - (int64_t)ih * w);
    // windows i with i·stride <= ih <= i·stride + k − 1, likewise j
    const int i0 = ih < k ? 0 : (ih - k + stride) / stride;
    const int i1 = min(ih / stride, oh - 1);
    const int j0 = iw < k ? 0 : (iw - k + stride) / stride;
    const int j1 = min(iw / stride, ow - 1);
    float acc = accumulate ? dx[e] : 0.0f;
    for (int i = i0; i <= i1; i++) {
      for (int j = j0; j <= j1; j++) {
        const int64_t o = (pl * oh + i) * ow + j;
        if (arg[o] == (int32_t)e) acc = lv_add(acc, dy[o]);
      }
    }
    dx[e] = acc;
  }
}
