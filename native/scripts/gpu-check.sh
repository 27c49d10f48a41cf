#!/usr/bin/env bash
# The GPU checks of the native kernels, in one go, for a machine with an NVIDIA GPU:
#   1. the C++ tests with XAI_EXPECT_CUDA_DEVICES=1 (cuda_kernels compares every CUDA kernel
#      with the CPU one; a missing device is then a failure, not a skip),
#   2. the addon's tests from Node (test/cuda.test.mjs: CUDA against CPU through the binding),
#      when a Node and a CUDA build of the addon are at hand,
#   3. the CUDA-events benchmark (bench/cuda_kernels_bench.cu), its table to $OUT/kernels-gpu.md,
#   4. compute-sanitizer's memcheck over the CUDA test, when it is installed (at most
#      XAI_MEMCHECK_SECONDS, default 150).
#
#   bash native/scripts/gpu-check.sh                 # builds native/build-gpu for sm_90, then checks
#   XAI_GPU_PREBUILT=dir bash native/scripts/gpu-check.sh   # uses test and bench binaries from dir
#   NODE=/path/to/node to name the Node binary (default: node on PATH, if any).
# Prints a summary last; exits non-zero if any step failed.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
failed=()
summary=()

nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory,clocks.max.sm --format=csv || true

bin=${XAI_GPU_PREBUILT:-}
if [ -z "$bin" ]; then
  cmake -S native -B native/build-gpu -DXAI_BUILD_TESTS=ON -DXAI_BUILD_BENCH=ON -DXAI_CUDA=ON \
    -DXAI_CUDA_ARCHITECTURES="${XAI_CUDA_ARCHITECTURES:-90}" >"$OUT/cmake.log" 2>&1 &&
    cmake --build native/build-gpu -j "$(nproc)" >>"$OUT/cmake.log" 2>&1 || {
    tail -40 "$OUT/cmake.log"
    echo "build failed"
    exit 1
  }
  mkdir -p native/build-gpu/run
  cp native/build-gpu/test/*_test native/build-gpu/bench/cuda_kernels_bench native/build-gpu/run/
  bin=native/build-gpu/run
fi

export XAI_EXPECT_CUDA_DEVICES=1
for t in "$bin"/*_test; do
  name=$(basename "$t")
  if "$t" >"$OUT/$name.log" 2>&1; then
    summary+=("pass  $name")
  else
    summary+=("FAIL  $name (exit $?)")
    failed+=("$name")
    tail -20 "$OUT/$name.log"
  fi
done

node=${NODE:-$(command -v node || true)}
if [ -n "$node" ] && [ -f native/build/Release/xai_native.node ]; then
  if "$node" --test native/test/ >"$OUT/node-tests.log" 2>&1; then
    summary+=("pass  node --test native/test/ ($(grep -E '^# (pass|fail|skipped)' "$OUT/node-tests.log" | tr '\n' ' '))")
  else
    summary+=("FAIL  node --test native/test/")
    failed+=("node tests")
    tail -60 "$OUT/node-tests.log"
  fi
else
  summary+=("skip  node tests (no node binary or no built addon)")
fi

if "$bin/cuda_kernels_bench" "$OUT/kernels-gpu.md" >"$OUT/bench.log" 2>&1; then
  summary+=("pass  cuda_kernels_bench")
else
  summary+=("FAIL  cuda_kernels_bench")
  failed+=("bench")
fi
cat "$OUT/bench.log"

if command -v compute-sanitizer >/dev/null; then
  if timeout "${XAI_MEMCHECK_SECONDS:-150}" compute-sanitizer --tool memcheck --error-exitcode 9 "$bin/cuda_kernels_test" >"$OUT/memcheck.log" 2>&1; then
    summary+=("pass  compute-sanitizer memcheck cuda_kernels_test ($(tail -1 "$OUT/memcheck.log"))")
  else
    summary+=("FAIL  compute-sanitizer memcheck cuda_kernels_test")
    failed+=("memcheck")
    tail -30 "$OUT/memcheck.log"
  fi
fi

printf '%s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
