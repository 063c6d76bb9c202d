#!/usr/bin/env bash
# Builds cuda-src/kernels/langevin_kernels.cu into OUT_DIR/langevin.fatbin (sm_90 SASS +
# compute_90 PTX + sm_80 SASS). Called by the kernels module's Maven build (phase
# generate-resources); also usable by hand:  cuda-src/build-fatbin.sh OUT_DIR
#
# nvcc is looked up as $NVCC, then on PATH, then $CUDA_HOME/bin/nvcc, /usr/local/cuda/bin/nvcc
# (NVCC=none: as if there were none). Without nvcc it prints a notice and exits 0 (the jar then has no fatbin and the CPU backend is
# used). The fatbin is rebuilt only when a source or this script is newer than it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${1:?usage: build-fatbin.sh OUT_DIR}"
out="$out_dir/langevin.fatbin"

nvcc="${NVCC:-}"
if [[ "$nvcc" != none ]]; then
  if [[ -z "$nvcc" ]]; then nvcc="$(command -v nvcc || true)"; fi
  for c in "${CUDA_HOME:-/nonexistent}/bin/nvcc" /usr/local/cuda/bin/nvcc; do
    if [[ -z "$nvcc" && -x "$c" ]]; then nvcc="$c"; fi
  done
fi
if [[ -z "$nvcc" || "$nvcc" == none || ! -x "$nvcc" ]]; then
  echo "[cuda] nvcc not found - skipping the fatbin (the CPU backend will be used)"
  exit 0
fi

sources=("$here"/kernels/* "$here"/include/*.cuh "$here/build-fatbin.sh")
if [[ -f "$out" ]]; then
  stale=0
  for s in "${sources[@]}"; do [[ "$s" -nt "$out" ]] && stale=1; done
  if [[ $stale == 0 ]]; then
    echo "[cuda] $out is up to date"
    exit 0
  fi
fi

mkdir -p "$out_dir"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# --fmad=false: no contraction of a*b+c anywhere (the math is written in __f*_rn intrinsics,
# which are never contracted; this covers any plain expression). No --use_fast_math, so
# division and sqrt stay IEEE (div.rn / sqrt.rn) and denormals are kept.
"$nvcc" -fatbin -std=c++17 -O3 --fmad=false \
  -gencode arch=compute_90,code=[sm_90,compute_90] \
  -gencode arch=compute_80,code=sm_80 \
  -o "$tmp" "$here/kernels/langevin_kernels.cu"
mv -f "$tmp" "$out"
echo "[cuda] built $out ($(wc -c < "$out") bytes) with $("$nvcc" --version | tail -1)"
