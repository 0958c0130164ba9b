#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# First command of the README: installs what is missing, builds COMPASS, and runs the main
# job — the explorer on a bundled network, or, without a display, the same job headless.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default

model=resources/models/resnet18.onnx
if [ -n "${DISPLAY:-}" ] && [ -x build/app/compass-explorer ]; then
    echo "setup: starting the explorer on $model"
    exec build/app/compass-explorer "$model"
fi

echo "setup: no display (DISPLAY is not set), so running the explorer's job headless:"
echo "setup: import $model and print its layer table"
echo
build/app/compass inspect "$model"
