#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# First command of the README: installs what is missing, builds COMPASS, and runs the main
# job — the explorer on the bundled ResNet-18, coloured by its greedy plan on the sram-M chip.
# Without a display it says so and runs the same job headless: the explorer renders its window
# offscreen to a PNG, and the CLI prints the same plan and metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default

model=resources/models/resnet18.onnx
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "setup: starting the explorer on $model"
    exec build/app/compass-explorer "$model"
fi

shot=build/explorer-resnet18.png
echo
echo "setup: no display (DISPLAY is not set), so the explorer's job runs headless:"
echo "setup: open $model, colour it by the greedy plan on sram-M, and save the window to $shot"
build/app/compass-explorer "$model" --screenshot "$shot" --size 1400x900 2>/dev/null
echo "setup: saved $shot"
echo "setup: the same plan from the command line:"
echo
build/app/compass optimize resnet18 --arch sram-M --batch 1 --method greedy --no-store
