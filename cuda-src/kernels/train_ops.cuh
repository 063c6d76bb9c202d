// train_ops.cuh -- (kernels of this family are being written; see ../README.md)
#pragma once
