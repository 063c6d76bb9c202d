#!/usr/bin/env bash
# GPU check of the CUDA backend, in two halves.
#
#   cuda-src/gpu-check.sh prepare   (here, with JDK 25, Maven and nvcc; no GPU needed)
#       builds kernels (classes, test classes, the fatbin), and fills .gpu/ (git-ignored) with a
#       jlink'ed JDK 25 runtime (the device image has no Java), the JCuda jars and JUnit's console
#       launcher. About 50 MB (45 MB of it the runtime); prints the carry list.
#   cuda-src/gpu-check.sh run       (on the device machine, in the repo root)
#       runs CudaBackendTest, CudaHostMathTest (nvcc is there) and CudaKernelsTest (every rule and
#       the noise, bit for bit against the Java specs on the H200) with that runtime; log and
#       XML-free summary under $OUT. Takes well under a minute once the machine is up.
#
# Device call (carry exactly these):
#   run(command="bash cuda-src/gpu-check.sh run", timeout_s=300,
#       carry=[".gpu", "kernels/target/classes", "kernels/target/test-classes"])
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:?usage: gpu-check.sh prepare|run}"
JUNIT_CONSOLE=org.junit.platform:junit-platform-console-standalone:1.14.1
M2="${M2_REPO:-$HOME/.m2/repository}"

if [[ "$mode" == prepare ]]; then
  : "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
  export JAVA_HOME
  exclude="$(git rev-parse --git-path info/exclude)"
  grep -qx '/.gpu/' "$exclude" 2>/dev/null || echo '/.gpu/' >> "$exclude"
  mvn -q -pl kernels test-compile
  test -f kernels/target/classes/io/langevin/kernels/cuda/langevin.fatbin \
    || { echo "no fatbin: nvcc missing?"; exit 1; }
  rm -rf .gpu && mkdir -p .gpu/lib
  cp "$M2"/org/jcuda/jcuda/12.6.0/jcuda-12.6.0.jar .gpu/lib/
  cp "$M2"/org/jcuda/jcuda-natives/12.6.0/jcuda-natives-12.6.0-linux-x86_64.jar .gpu/lib/
  # only the driver API is used: drop NVRTC and the 24 MB PTX compiler to fit the 64 MiB carry
  zip -q -d .gpu/lib/jcuda-natives-12.6.0-linux-x86_64.jar \
    'lib/libJNvPTXCompiler-*' 'lib/libJNvrtc-*'
  mvn -q dependency:copy -Dartifact=$JUNIT_CONSOLE -DoutputDirectory="$root/.gpu/lib"
  "$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.incubator.vector,jdk.unsupported \
    --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output .gpu/jdk
  du -sh .gpu kernels/target/classes kernels/target/test-classes
  echo 'carry: [".gpu", "kernels/target/classes", "kernels/target/test-classes"]'
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
cp="kernels/target/classes:kernels/target/test-classes"
for j in .gpu/lib/jcuda-*.jar; do cp="$cp:$j"; done
set +e
.gpu/jdk/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Dbasedir="$root/kernels" -Xmx8g \
  -jar .gpu/lib/junit-platform-console-standalone-*.jar execute \
  --class-path "$cp" --disable-banner --details=tree \
  --select-class io.langevin.kernels.cuda.CudaBackendTest \
  --select-class io.langevin.kernels.cuda.CudaHostMathTest \
  --select-class io.langevin.kernels.cuda.CudaKernelsTest 2>&1 | tee -a "$log"
rc=${PIPESTATUS[0]}
set -e
# on the device a skipped (aborted) GPU test is a failure: the point is to run them
if [[ $rc == 0 ]] && ! grep -q ' 0 tests aborted' "$log"; then
  echo "gpu-check: tests were skipped (no device / no fatbin / JCuda failed?)" | tee -a "$log"
  rc=3
fi
echo "gpu-check: junit exit $rc" | tee -a "$log"
exit "$rc"
