#!/usr/bin/env bash
# Builds every kernel development program of cuda-src/dev (each *.cu, with the library's flags
# -O3 --fmad=false, for sm_90) into a temporary directory and runs each, printing its table.
# On a GPU machine, from anywhere:  bash cuda-src/dev/run.sh   (about half a minute on an H200)
#
# Exit status: 0 when every program built and every check passed; 1 otherwise. A failed build or
# check does not stop the others: everything runs first, then the failures are listed.
# NVCC overrides the compiler, ARCH the target (default sm_90).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
arch="${ARCH:-sm_90}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=()

echo "== $(date -u +%FT%TZ) dev kernels, $("$nvcc" --version | tail -1)"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader || true

# build all in parallel, each into its own log
pids=()
progs=()
for src in "$here"/*.cu; do
  name="$(basename "$src" .cu)"
  progs+=("$name")
  "$nvcc" -std=c++17 -O3 --fmad=false -arch="$arch" -Xptxas -v -o "$tmp/$name" "$src" \
    > "$tmp/$name.build.log" 2>&1 &
  pids+=($!)
done
for i in "${!progs[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "!! build of ${progs[$i]}.cu FAILED:"
    cat "$tmp/${progs[$i]}.build.log"
    failed+=("build ${progs[$i]}")
  elif grep -q -E '[1-9][0-9]* bytes spill' "$tmp/${progs[$i]}.build.log"; then
    echo "note: ${progs[$i]}.cu has register spills:"
    grep -B2 -E '[1-9][0-9]* bytes spill' "$tmp/${progs[$i]}.build.log"
  fi
done

for name in "${progs[@]}"; do
  [[ -x "$tmp/$name" ]] || continue
  echo
  echo "== $name"
  start=$(date +%s%N)
  "$tmp/$name"
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '== %s: exit %d, %d.%03d s\n' "$name" "$rc" $((ms / 1000)) $((ms % 1000))
  [[ $rc == 0 ]] || failed+=("run $name (exit $rc)")
done

echo
if (( ${#failed[@]} )); then
  echo "dev/run.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "dev/run.sh: all programs built and passed"
