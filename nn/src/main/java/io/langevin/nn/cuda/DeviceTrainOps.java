package io.langevin.nn.cuda;

import io.langevin.kernels.conv.Im2colKernel.BatchLayout;
import io.langevin.kernels.conv.Im2colKernel.Geometry;
import io.langevin.kernels.cuda.CudaGemm;
import io.langevin.kernels.cuda.CudaKernels;
import io.langevin.kernels.cuda.CudaOps;
import io.langevin.kernels.cuda.DeviceArray;

/** {@link TrainOps} on the device: {@link CudaOps} and {@link CudaGemm}, all asynchronous. */
final class DeviceTrainOps implements TrainOps<DeviceArray> {
  private final CudaKernels cuda;
  private final CudaOps ops;
  private final CudaGemm gemm;

  DeviceTrainOps(CudaKernels cuda) {
    this.cuda = cuda;
    this.ops = new CudaOps(cuda);
    this.gemm = new CudaGemm(cuda);
  }

  @Override
  public DeviceArray alloc(int length) {
    return cuda.alloc(length);
  }

  @Override
  public void free(DeviceArray b) {
    b.close();
  }

  @Override
  public void upload(float[] src, DeviceArray dst, int n) {
    ops.upload(src, 0, dst, 0, n);
  }

  @Override
  public void uploadInts(int[] src, DeviceArray dst, int n) {
    ops.upload(src, 0, dst, 0, n);
  }

  @Override
  public void download(DeviceArray src, float[] dst, int n) {
    ops.download(src, 0, dst, 0, n);
  }

  @Override
  public void fill(DeviceArray x, int n, float v) {
    ops.fill(x, 0, n, v);
  }

  @Override
  public void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      DeviceArray a,
      int aOff,
      int lda,
      DeviceArray b,
      int bOff,
      int ldb,
      float beta,
      DeviceArray c,
      int cOff,
      int ldc) {
    gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void biasAdd(int n, int f, int p, DeviceArray y, DeviceArray bias, int bOff) {
    ops.biasAdd(n, f, p, y, 0, bias, bOff);
  }

  @Override
  public void biasGradRows(int rows, int cols, DeviceArray dy, DeviceArray db, int dbOff) {
    ops.biasGradRows(rows, cols, dy, 0, db, dbOff);
  }

  @Override
  public void biasGradPlanes(int n, int f, int p, DeviceArray dy, DeviceArray db, int dbOff) {
    ops.biasGradPlanes(n, f, p, dy, 0, db, dbOff);
  }

  @Override
  public void relu(int n, DeviceArray x, DeviceArray y) {
    ops.relu(n, x, 0, y, 0);
  }

  @Override
  public void reluBackward(int n, DeviceArray x, DeviceArray dy, DeviceArray dx) {
    ops.reluBackward(n, x, 0, dy, 0, dx, 0);
  }

  @Override
  public void softmaxCrossEntropy(
      int rows,
      int cols,
      DeviceArray logits,
      DeviceArray labels,
      float scale,
      DeviceArray rowLoss,
      DeviceArray loss,
      DeviceArray dlogits) {
    ops.softmaxCrossEntropy(rows, cols, logits, 0, labels, 0, scale, rowLoss, loss, dlogits, 0);
  }

  @Override
  public double readDouble(DeviceArray b) {
    return ops.readDouble(b, 0);
  }

  @Override
  public void im2colWide(Geometry g, int batch, DeviceArray x, DeviceArray cols) {
    ops.im2col(g, batch, BatchLayout.WIDE, x, 0, cols, 0);
  }

  @Override
  public void col2imWide(Geometry g, int batch, DeviceArray cols, DeviceArray x) {
    ops.col2im(g, batch, BatchLayout.WIDE, cols, 0, x, 0, false);
  }

  @Override
  public void channelsToNchw(
      int n, int f, int p, DeviceArray wide, DeviceArray bias, int bOff, DeviceArray y) {
    ops.channelsToNchw(n, f, p, wide, 0, bias, bOff, y, 0);
  }

  @Override
  public void nchwToChannels(int n, int f, int p, DeviceArray y, DeviceArray wide) {
    ops.nchwToChannels(n, f, p, y, 0, wide, 0);
  }

  @Override
  public void maxPool(
      int planes, int h, int w, int k, int stride, DeviceArray x, DeviceArray y, DeviceArray arg) {
    ops.maxPool(planes, h, w, k, stride, x, 0, y, 0, arg, 0);
  }

  @Override
  public void maxPoolBackward(
      int planes,
      int h,
      int w,
      int k,
      int stride,
      DeviceArray dy,
      DeviceArray arg,
      DeviceArray dx) {
    ops.maxPoolBackward(planes, h, w, k, stride, dy, 0, arg, 0, dx, 0, false);
  }
}
