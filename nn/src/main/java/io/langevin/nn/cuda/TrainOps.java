package io.langevin.nn.cuda;

import io.langevin.kernels.conv.Im2colKernel.Geometry;

/**
 * The operations a {@link TrainPass} runs, over buffers of type {@code B} of 32-bit elements
 * (floats; labels and argmax indices as raw int words), every activation buffer used from index 0,
 * parameters at their arena offsets in θ and the gradient. {@link DeviceTrainOps} is the device
 * ({@code CudaOps} and {@code CudaGemm}, semantics documented there); the tests' host twin mirrors
 * the kernels in Java, so the wiring of the passes is tested without a device.
 */
interface TrainOps<B> {
  /** A buffer of {@code length} elements, contents unspecified. */
  B alloc(int length);

  void free(B b);

  void upload(float[] src, B dst, int n);

  void uploadInts(int[] src, B dst, int n);

  void download(B src, float[] dst, int n);

  /** {@code x[0 .. n) = v}. */
  void fill(B x, int n, float v);

  /** Row-major {@code C = α·op(A)·op(B) + β·C} (β = 0: C not read), as {@code Gemm.sgemm}. */
  void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      B a,
      int aOff,
      int lda,
      B b,
      int bOff,
      int ldb,
      float beta,
      B c,
      int cOff,
      int ldc);

  /** {@code y[(i·f + j)·p + q] += bias[bOff + j]}. */
  void biasAdd(int n, int f, int p, B y, B bias, int bOff);

  /** {@code db[dbOff + j] += Σ_r dy[r·cols + j]}. */
  void biasGradRows(int rows, int cols, B dy, B db, int dbOff);

  /** {@code db[dbOff + j] += Σ_{i,q} dy[(i·f + j)·p + q]}. */
  void biasGradPlanes(int n, int f, int p, B dy, B db, int dbOff);

  void relu(int n, B x, B y);

  /** {@code dx = x > 0 ? dy : 0}. */
  void reluBackward(int n, B x, B dy, B dx);

  /**
   * dlogits = (softmax − onehot)·scale, row losses into rowLoss (doubles), their mean into loss
   * (one double).
   */
  void softmaxCrossEntropy(
      int rows, int cols, B logits, B labels, float scale, B rowLoss, B loss, B dlogits);

  /** The double in elements 0, 1 of {@code b} (waits for the queued work). */
  double readDouble(B b);

  /** im2col of {@code batch} images in the WIDE layout. */
  void im2colWide(Geometry g, int batch, B x, B cols);

  /** {@code x = col2im(cols)} (WIDE layout), overwriting x. */
  void col2imWide(Geometry g, int batch, B cols, B x);

  /** Channel-major {@code f × n·p} to NCHW, plus {@code bias[bOff + j]}. */
  void channelsToNchw(int n, int f, int p, B wide, B bias, int bOff, B y);

  /** NCHW {@code [n, f, p]} to channel-major {@code f × n·p}. */
  void nchwToChannels(int n, int f, int p, B y, B wide);

  /** Max pooling with argmax (int words) relative to x. */
  void maxPool(int planes, int h, int w, int k, int stride, B x, B y, B arg);

  /** {@code dx = } the max-pooling backward (overwrites dx). */
  void maxPoolBackward(int planes, int h, int w, int k, int stride, B dy, B arg, B dx);
}
