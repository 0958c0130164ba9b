#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages COMPASS needs to build, test and run. Idempotent: it asks
# apt only for what is missing, so a second run takes a second.
set -euo pipefail

packages=(
    g++ cmake ninja-build pkg-config git
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite
    libgraphviz-dev graphviz libonnx-dev libprotobuf-dev protobuf-compiler libsqlite3-dev
    libonnx-testdata
    xvfb xauth fonts-dejavu-core imagemagick clang-format parallel
    clang libclang-rt-14-dev
    dpkg-dev file desktop-file-utils appstream
    pybind11-dev python3-dev python3-pytest python3-matplotlib
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (or with sudo) to install them" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
