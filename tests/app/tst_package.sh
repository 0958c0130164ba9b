#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Package install test: builds the .deb with CPack, checks its metadata and contents, extracts
# it into a scratch root (dpkg-deb -x: no root needed) and runs the installed compass from
# there with COMPASS_DATA_DIR unset, so it must find its data in <root>/usr/share/compass
# beside the executable. Validates the .desktop entry and the AppStream metainfo when the
# validators are installed (desktop-file-utils, appstream).
# Usage: tst_package.sh BUILD_DIR VERSION     (run after a full build; CTest label "package")
set -euo pipefail

build=${1:?build dir}
version=${2:?version}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== cpack -G DEB"
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    fail "cpack failed"
fi
deb=$(ls "$work"/pkg/compass_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "cpack made no compass_*.deb (log: $(tail -n3 "$work/cpack.log"))"
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) kB)"

echo "== dpkg-deb -I: Debian 12 dependencies"
info=$(dpkg-deb -I "$deb")
depends=$(printf '%s\n' "$info" | sed -n 's/^ Depends: //p')
[ -n "$depends" ] || fail "no Depends field"
echo "Depends: $depends"
for dep in libqt6core6 libqt6sql6-sqlite libc6 libprotobuf32 libsqlite3-0; do
    printf '%s' "$depends" | grep -q "\b$dep\b" || fail "Depends lacks $dep"
done
printf '%s\n' "$info" | grep -q "^ Version: $version" || fail "Version is not $version"

echo "== dpkg-deb -c: contents"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
expect() {
    printf '%s\n' "$contents" | grep -qx "$1" || fail "package lacks $1"
}
expect ./usr/bin/compass
expect ./usr/share/compass/models/resnet18.onnx
expect ./usr/share/compass/arch/sram-M.json
expect ./usr/share/man/man1/compass.1.gz
has_gui=0
if printf '%s\n' "$contents" | grep -qx ./usr/bin/compass-explorer; then
    has_gui=1
    expect ./usr/share/applications/compass-explorer.desktop
    expect ./usr/share/metainfo/io.github.compass.explorer.metainfo.xml
    expect ./usr/share/icons/hicolor/scalable/apps/compass.svg
else
    echo "note: built without the GUI (COMPASS_BUILD_GUI=OFF): no explorer, desktop entry or metainfo to check"
fi

echo "== extract into a scratch root and run from there"
root="$work/root"
dpkg-deb -x "$deb" "$root"
# A network that exists only in the extracted package: finding it proves the data comes from
# <root>/usr/share/compass, not from the source tree.
cp "$root/usr/share/compass/models/squeezenet1_1.onnx" "$root/usr/share/compass/models/only_in_package.onnx"
run() {
    env -u COMPASS_DATA_DIR HOME="$work/home" XDG_DATA_HOME="$work/xdg" "$root/usr/bin/compass" "$@"
}
out=$(run --version) || fail "compass --version exited $?"
echo "$out"
printf '%s' "$out" | grep -Eq "^compass $version \(build [0-9a-f]{7,}(-dirty)?\)$|^compass $version \(build unknown\)$" \
    || fail "--version does not print 'compass $version (build COMMIT)': $out"
out=$(run inspect resnet18) || fail "compass inspect resnet18 exited $?"
printf '%s' "$out" | grep -q "resnet18" || fail "inspect resnet18 does not name the network"
printf '%s' "$out" | grep -qi "conv" || fail "inspect resnet18 lists no Conv layer"
run inspect only_in_package >/dev/null || fail "the installed compass does not read <root>/usr/share/compass"
run arch list | grep -q "sram-M" || fail "compass arch list lacks the bundled presets"
zcat "$root/usr/share/man/man1/compass.1.gz" | grep -q '^\.TH COMPASS 1' || fail "man page header"
zcat "$root/usr/share/man/man1/compass.1.gz" | grep -q 'sweep' || fail "man page lacks the sweep command"

if [ "$has_gui" = 1 ]; then
    echo "== desktop entry and AppStream metainfo"
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$root/usr/share/applications/compass-explorer.desktop" \
            || fail "desktop-file-validate"
        echo "desktop-file-validate: ok"
    else
        echo "skip: desktop-file-validate not installed (package desktop-file-utils)"
    fi
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net --pedantic \
            "$root/usr/share/metainfo/io.github.compass.explorer.metainfo.xml" \
            || fail "appstreamcli validate"
    else
        echo "skip: appstreamcli not installed (package appstream)"
    fi
fi
echo "PASS"
