#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Second command of the README: installs what is missing, builds with warnings as errors,
# and runs the whole test suite. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
