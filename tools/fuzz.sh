#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang (ASan + UBSan) in their own build dir and fuzzes each
# for a bounded time. Fails when any target crashes, leaks, hits undefined behaviour or times
# out. See docs/reliability.md.
#
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60. Environment:
#   COMPASS_FUZZ_BUILD_DIR   build dir (default build-fuzzers)
#   COMPASS_FUZZ_JOBS        targets fuzzed at the same time (default 1)
# New corpus entries go to $COMPASS_FUZZ_BUILD_DIR/corpus/<target>/ (not committed); crash
# reproducers to $COMPASS_FUZZ_BUILD_DIR/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_onnx_import fuzz_arch_json fuzz_plan_cuts fuzz_project_file fuzz_run_store)
fi
build=${COMPASS_FUZZ_BUILD_DIR:-build-fuzzers}
jobs=${COMPASS_FUZZ_JOBS:-1}

for tool in clang clang++; do
    if ! command -v "$tool" >/dev/null; then
        echo "fuzz.sh: $tool not found; install clang and libclang-rt-14-dev (tools/install-deps.sh)" >&2
        exit 1
    fi
done

if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link -Wno-unknown-warning-option" \
        -DCOMPASS_SANITIZE=ON -DCOMPASS_BUILD_FUZZERS=ON \
        -DCOMPASS_BUILD_GUI=OFF -DCOMPASS_BUILD_TESTS=OFF -DCOMPASS_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" --target "${targets[@]}"

export COMPASS_DATA_DIR="$root/resources"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

fuzz_one() {
    local target=$1
    local corpus="$build/corpus/$target" artifacts="$build/artifacts/$target"
    local log="$build/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    local extra=()
    if [ -f "fuzz/$target.dict" ]; then
        extra+=("-dict=fuzz/$target.dict")
    fi
    local rc=0
    "$build/fuzz/$target" "${extra[@]}" -max_total_time="$seconds" -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "fuzz/corpus/$target" >"$log" 2>&1 || rc=$?
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$rc" -ne 0 ]; then
        echo "fuzz.sh: $target FAILED (exit $rc) after ${execs:-?} executions; log: $log" >&2
        grep -E "^(==[0-9]+==ERROR|SUMMARY|fuzz invariant|.*runtime error)" "$log" | head -5 >&2 || true
        ls "$artifacts" >&2 || true
        return 1
    fi
    echo "fuzz.sh: $target: ${execs:-?} executions in ${seconds} s, no crash"
}

failed=0
if [ "$jobs" -le 1 ]; then
    for t in "${targets[@]}"; do
        fuzz_one "$t" || failed=1
    done
else
    pids=()
    for t in "${targets[@]}"; do
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
        fuzz_one "$t" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do
        wait "$p" || failed=1
    done
fi
exit $failed
