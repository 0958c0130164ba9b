#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Second command of the README: installs what is missing, builds with warnings as errors,
# and runs the whole test suite; then builds and runs the suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer (the "asan" preset), and fuzzes every libFuzzer target for a
# bounded time (tools/fuzz.sh). Exits non-zero on any failure. docs/reliability.md has the
# figures.
#
# Environment: COMPASS_FUZZ_SECONDS (per fuzz target, default 60; 0 skips fuzzing),
# COMPASS_SKIP_ASAN=1 skips the sanitizer build (local quick runs only; CI runs everything).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"

if [ "${COMPASS_SKIP_ASAN:-0}" != 1 ]; then
    cmake --preset asan >/dev/null
    cmake --build --preset asan
    ctest --preset asan -j "$(nproc)"
fi

fuzz_seconds=${COMPASS_FUZZ_SECONDS:-60}
if [ "$fuzz_seconds" -gt 0 ]; then
    tools/fuzz.sh "$fuzz_seconds"
fi
