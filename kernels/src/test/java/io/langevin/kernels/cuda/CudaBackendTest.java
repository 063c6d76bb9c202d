package io.langevin.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.kernels.update.UpdateParams;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Backend selection and the pieces of the CUDA backend that need no device: the choice never
 * throws and agrees with {@link CudaProbe} and {@link CudaKernels}; without a device {@link
 * CudaKernels#get()} fails with the probe's reason; {@link CudaParams} puts each field at the
 * offset of {@code struct lv_params}; the fatbin resource, when the build made one, is a CUDA
 * fatbin (magic 0xBA55ED50).
 */
class CudaBackendTest {

  @Test
  void selectionNeverThrowsAndStatesItsReason() {
    Backend b = Backend.selected();
    assertNotNull(b);
    assertFalse(Backend.reason().isBlank());
    assertEquals(b, Backend.selected(), "decided once");
    if (b == Backend.CUDA) {
      assertTrue(CudaProbe.available());
      assertTrue(CudaKernels.available());
    }
    if (!CudaProbe.available()) {
      assertEquals(Backend.CPU, b);
      assertTrue(Backend.reason().contains(CudaProbe.reason()), Backend.reason());
      IllegalStateException e = assertThrows(IllegalStateException.class, CudaKernels::get);
      assertTrue(e.getMessage().contains(CudaProbe.reason()), e.getMessage());
      assertFalse(CudaKernels.available());
    }
  }

  @Test
  void paramsArePackedAtTheStructOffsets() {
    UpdateParams p = new UpdateParams();
    p.lr = 0.5f;
    p.biasCorrection2 = 0.25f;
    p.floor = 3f;
    p.exploration = true;
    p.correction = false;
    p.stream = -7;
    p.seed = 0x0123456789abcdefL;
    p.step = 0xfffffffeL;
    ByteBuffer b = ByteBuffer.wrap(CudaParams.pack(p)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(CudaParams.BYTES, b.capacity());
    assertEquals(0.5f, b.getFloat(0));
    assertEquals(0.25f, b.getFloat(36));
    assertEquals(3f, b.getFloat(CudaParams.OFF_FLOOR));
    assertEquals(1, b.getInt(CudaParams.OFF_EXPLORATION));
    assertEquals(0, b.getInt(CudaParams.OFF_EXPLORATION + 4));
    assertEquals(-7, b.getInt(CudaParams.OFF_STREAM));
    assertEquals(0x0123456789abcdefL, b.getLong(CudaParams.OFF_SEED));
    assertEquals(0xfffffffe, b.getInt(CudaParams.OFF_STEP));
    p.step = 1L << 32;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CudaParams.pack(p));
    assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
  }

  @Test
  void fatbinResourceIsAFatbin() throws Exception {
    Assumptions.assumeTrue(
        CudaProbe.fatbinPresent(),
        "no " + CudaProbe.FATBIN + " in this build (nvcc absent or -Dlangevin.skipCuda)");
    try (InputStream in = CudaProbe.class.getResourceAsStream(CudaProbe.FATBIN)) {
      byte[] head = in.readNBytes(4);
      assertEquals(
          0xBA55ED50, ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(), "magic");
    }
  }
}
