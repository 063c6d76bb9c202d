#!/usr/bin/env bash
# Records the JMH figures quoted in docs/BENCHMARKS.md: the machine limits and every kernel family,
# in one session, each result file under out/jmh/. About 15 minutes on 2 cores; run it on an idle
# machine. Usage: bash bench/record.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -B -q -ntp -DskipTests package
mkdir -p out/jmh
jmh() { # name, then JMH arguments
  local name="$1"; shift
  echo "== $name" >&2
  "$JAVA" -jar bench/target/benchmarks.jar -jvm "$JAVA" -rf json -rff "out/jmh/$name.json" "$@" "${EXTRA[@]}" \
    | tee "out/jmh/$name.txt" | grep -E '^(Benchmark|[A-Z][A-Za-z]*Bench\.)' || true
}
EXTRA=("$@")
jmh limits   LimitsBench
jmh gemm     GemmBench
jmh fwht     FwhtBench -p impl=simd
jmh fwht-ref FwhtBench -p impl=scalar -p log2n=20 -p threads=1
jmh noise    'NoiseBench.(gaussian|gaussianUnchecked|uniform)$' -p n=1024,1048576 -p impl=simd
jmh noise-ref 'NoiseBench.gaussian$' -p n=1048576 -p impl=scalar -p threads=1
jmh elementwise 'ElementwiseBench.(axpy|sum)$' -p impl=simd -p n=100003,16777216
jmh softmax  'SoftmaxCrossEntropyBench.(forward|backward)1?t?$' -p impl=simd
jmh update   UpdateBench -p d=10000000
jmh update-small UpdateBench -p rule=sgld,psgld -p d=100000,1000000
jmh train    TrainBench
