#!/usr/bin/env bash
# GPU check of the CUDA backend, in two halves.
#
#   cuda-src/gpu-check.sh prepare   (here, with JDK 25, Maven and nvcc; no GPU needed)
#       builds every module (classes, test classes, the fatbin) and fills .gpu/ (git-ignored) with
#       a jlink'ed JDK 25 runtime (the device image has no Java), the module jars and test jars,
#       the JCuda jars (driver natives only) and JUnit's console launcher: about 50 MB, under the
#       64 MiB a device call carries.
#   cuda-src/gpu-check.sh run       (on the device machine, in the repo root)
#       1. cuda-src/dev/run.sh: the numbered kernel versions, checked and timed in CUDA C++ (nvcc
#          is there);
#       2. every Cuda*Test class (noise bit for bit, every update rule bit for bit, GEMM, training
#          ops, FWHT/Fastfood/sparse, the MLP/LeNet step against the CPU) with that runtime;
#       3. io.langevin.bench.gpu.GpuBench: every kernel timed with CUDA events, as GB/s or GFLOP/s
#          and as a fraction of a device-to-device copy measured in the same run; MLP/LeNet steps/s.
#       Logs and the timing TSV under $OUT; the test summary and the timing table are printed last.
#       Exits non-zero if a test failed or was skipped, or a timing section failed.
#
# Device call (carry exactly this):
#   run(command="bash cuda-src/gpu-check.sh run", timeout_s=600, carry=[".gpu"])
# (about 70 s on an H200; the three stages' own time limits, 150 + 180 + 180 s, leave the summary
# room to print inside the 600 s a call may take)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:?usage: gpu-check.sh prepare|run}"
JUNIT_CONSOLE=org.junit.platform:junit-platform-console-standalone:1.14.1
M2="${M2_REPO:-$HOME/.m2/repository}"
MODULES=(kernels nn samplers projection bench)

if [[ "$mode" == prepare ]]; then
  : "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
  export JAVA_HOME
  exclude="$(git rev-parse --git-path info/exclude)"
  grep -qx '/.gpu/' "$exclude" 2>/dev/null || echo '/.gpu/' >> "$exclude"
  mvn -q -pl bench -am package -DskipTests
  test -f kernels/target/classes/io/langevin/kernels/cuda/langevin.fatbin \
    || { echo "no fatbin: nvcc missing?"; exit 1; }
  rm -rf .gpu && mkdir -p .gpu/lib
  for m in "${MODULES[@]}"; do
    cp "$m"/target/langevin-"$m"-*.jar .gpu/lib/
    if [[ -d $m/target/test-classes ]]; then
      "$JAVA_HOME/bin/jar" cf ".gpu/lib/tests-$m.jar" -C "$m/target/test-classes" .
    fi
  done
  cp "$M2"/org/jcuda/jcuda/12.6.0/jcuda-12.6.0.jar .gpu/lib/
  cp "$M2"/org/jcuda/jcuda-natives/12.6.0/jcuda-natives-12.6.0-linux-x86_64.jar .gpu/lib/
  # only the driver API is used: drop NVRTC and the 24 MB PTX compiler to fit the 64 MiB carry
  zip -q -d .gpu/lib/jcuda-natives-12.6.0-linux-x86_64.jar \
    'lib/libJNvPTXCompiler-*' 'lib/libJNvrtc-*'
  mvn -q dependency:copy -Dartifact=$JUNIT_CONSOLE -DoutputDirectory="$root/.gpu/lib"
  "$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs \
    --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output .gpu/jdk
  du -sh .gpu
  echo 'carry: [".gpu"]'
  exit 0
fi

[[ "$mode" == run ]] || { echo "unknown mode $mode"; exit 2; }
out="${OUT:-/tmp/gpu-check}"
mkdir -p "$out"
log="$out/gpu-check.log"
{
  echo "== $(date -u +%FT%TZ) $(uname -m)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  command -v nvcc && nvcc --version | tail -1 || echo "no nvcc on PATH"
  .gpu/jdk/bin/java -version 2>&1 | head -1
} 2>&1 | tee "$log"
cp=""
for j in .gpu/lib/*.jar; do
  case "$j" in *junit-platform-console*) ;; *) cp="$cp${cp:+:}$j" ;; esac
done
java=(.gpu/jdk/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g)
rc=0

echo "== 1. cuda-src/dev (numbered kernel versions, CUDA C++)" | tee -a "$log"
if [[ -f cuda-src/dev/run.sh ]] && command -v nvcc >/dev/null; then
  set +e
  timeout 150 bash cuda-src/dev/run.sh 2>&1 | tee "$out/dev.log"
  dev_rc=${PIPESTATUS[0]}
  set -e
  echo "dev harness exit $dev_rc" | tee -a "$log"
  [[ $dev_rc == 0 ]] || rc=4
else
  echo "skipped (no cuda-src/dev/run.sh or no nvcc)" | tee -a "$log"
fi

echo "== 2. device tests (JUnit)" | tee -a "$log"
set +e
timeout 180 "${java[@]}" -Dbasedir="$root/kernels" \
  -jar .gpu/lib/junit-platform-console-standalone-*.jar execute \
  --class-path "$cp" --disable-banner --disable-ansi-colors --details=tree \
  --scan-class-path .gpu/lib/tests-kernels.jar:.gpu/lib/tests-nn.jar:.gpu/lib/tests-projection.jar \
  --include-classname '.*Cuda.*Test' > "$out/junit.log" 2>&1
junit_rc=$?
set -e
grep -E '✘|MethodSource|=>|Exception|expected' "$out/junit.log" | head -60 | tee -a "$log" || true
# on the device a skipped (aborted) GPU test is a failure: the point is to run them
if [[ $junit_rc == 0 ]] && { ! grep -q ' 0 tests aborted' "$out/junit.log" \
    || grep -q ' 0 tests successful' "$out/junit.log"; }; then
  echo "gpu-check: tests were skipped (no device / no fatbin / JCuda failed?)" | tee -a "$log"
  junit_rc=3
fi
echo "junit exit $junit_rc" | tee -a "$log"
[[ $junit_rc == 0 ]] || rc=$junit_rc

echo "== 3. timings (GpuBench)" | tee -a "$log"
set +e
timeout 180 "${java[@]}" -cp "$cp" io.langevin.bench.gpu.GpuBench "$out/gpu-bench.tsv" \
  > "$out/bench.log" 2>&1
bench_rc=$?
set -e
grep -E 'FAILED|Exception' "$out/bench.log" | head -20 | tee -a "$log" || true
echo "bench exit $bench_rc" | tee -a "$log"
[[ $bench_rc == 0 ]] || rc=5

echo
echo "== summary"
grep -E 'tests (successful|failed|aborted|skipped)|containers failed' "$out/junit.log" || true
[[ -f $out/dev.log ]] && grep -E 'PASS|FAIL|GB/s|GFLOP' "$out/dev.log" | tail -20 || true
sed -n '/^GPU check timings/,$p' "$out/bench.log"
echo "gpu-check: exit $rc (0 = every check passed and every timing ran)" | tee -a "$log"
exit "$rc"
