#!/usr/bin/env bash
# The GPU check of the CUDA backend (see cuda-src/gpu-check.sh for what each half does):
#   bash bench/gpu-check.sh prepare   here, with JDK 25, Maven and nvcc (no GPU needed)
#   bash bench/gpu-check.sh run       on the GPU machine, in the repository root
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/cuda-src/gpu-check.sh" "$@"
