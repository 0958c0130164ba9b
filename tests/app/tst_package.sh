#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Package install test: builds the .deb with CPack, checks its metadata and contents, extracts
# it into a scratch root (dpkg-deb -x: no root needed) and runs the installed compass from
# there with COMPASS_DATA_DIR unset, so it must find its data in <root>/usr/share/compass
# beside the executable. Validates the .desktop entry and the AppStream metainfo when the
# validators are installed (desktop-file-utils, appstream).
# Usage: tst_package.sh BUILD_DIR VERSION [WITH_PYTHON]   (after a full build; CTest label "package")
# WITH_PYTHON ON: the package must hold the Python module, and the system python3 must import it.
set -euo pipefail
# No `| grep -q` below: grep -q quits at the first match and, with pipefail, the writer's
# SIGPIPE would fail the check whenever the text is long (a race, seen under ctest -j).

build=${1:?build dir}
version=${2:?version}
with_python=${3:-OFF}
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
    printf '%s' "$depends" | grep "\b$dep\b" >/dev/null || fail "Depends lacks $dep"
done
printf '%s\n' "$info" | grep "^ Version: $version" >/dev/null || fail "Version is not $version"

echo "== dpkg-deb -c: contents"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
expect() {
    printf '%s\n' "$contents" | grep -x "$1" >/dev/null || fail "package lacks $1"
}
expect ./usr/bin/compass
# Every bundled network of the source tree, and torch's figures for them.
for model in "$(dirname "$0")"/../../resources/models/*.onnx; do
    expect "./usr/share/compass/models/$(basename "$model")"
done
expect ./usr/share/compass/models/counts.json
expect ./usr/share/compass/arch/sram-M.json
# The manual that Help > Manual opens, with the images its pages show.
expect ./usr/share/compass/docs/explorer.md
expect ./usr/share/compass/docs/projects.md
expect ./usr/share/compass/docs/images/explorer-welcome.png
expect ./usr/share/man/man1/compass.1.gz
has_gui=0
if grep -qx ./usr/bin/compass-explorer <<<"$contents"; then
    has_gui=1
    expect ./usr/bin/compass-chart
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
grep -Eq "^compass $version \(build [0-9a-f]{7,}(-dirty)?\)$|^compass $version \(build unknown\)$" <<<"$out" \
    || fail "--version does not print 'compass $version (build COMMIT)': $out"
out=$(run inspect resnet18) || fail "compass inspect resnet18 exited $?"
grep -q "resnet18" <<<"$out" || fail "inspect resnet18 does not name the network"
grep -qi "conv" <<<"$out" || fail "inspect resnet18 lists no Conv layer"
out=$(run inspect vit_b_16 --json) || fail "compass inspect vit_b_16 exited $?"
grep -q '"weights": 86292480' <<<"$out" || fail "inspect vit_b_16 does not give 86,292,480 weights"
run inspect only_in_package >/dev/null || fail "the installed compass does not read <root>/usr/share/compass"
run arch list | grep "sram-M" >/dev/null || fail "compass arch list lacks the bundled presets"
zcat "$root/usr/share/man/man1/compass.1.gz" | grep '^\.TH COMPASS 1' >/dev/null || fail "man page header"
zcat "$root/usr/share/man/man1/compass.1.gz" | grep 'sweep' >/dev/null || fail "man page lacks the sweep command"
if [ "$has_gui" = 1 ]; then
    # `compass chart` runs the compass-chart installed beside compass.
    run chart --help | grep "compass chart KIND MODEL" >/dev/null || fail "compass chart does not reach compass-chart"
fi

if grep -qx ./usr/lib/python3/dist-packages/compass/__init__.py <<<"$contents"; then
    echo "== the Python module, imported by the system python3 from the package"
    expect ./usr/lib/python3/dist-packages/compass/__init__.pyi
    grep -Eq '^\./usr/lib/python3/dist-packages/compass/_compass\..*so$' <<<"$contents" \
        || fail "package lacks the native module compass/_compass.*.so"
    printf '%s' "$depends" | grep "\bpython3\b" >/dev/null || fail "Depends lacks python3"
    # only_in_package proves the module finds <root>/usr/share/compass from its own location.
    # A sanitized build's module needs the ASan and C++ runtimes preloaded into python3
    # (COMPASS_PYTHON_PRELOAD, set by CMake under COMPASS_SANITIZE).
    preload=()
    if [ -n "${COMPASS_PYTHON_PRELOAD:-}" ]; then
        preload=(LD_PRELOAD="$COMPASS_PYTHON_PRELOAD" ASAN_OPTIONS=detect_leaks=0)
    fi
    out=$(cd "$work" && env -u COMPASS_DATA_DIR HOME="$work/home" XDG_DATA_HOME="$work/xdg" \
        "${preload[@]}" \
        PYTHONPATH="$root/usr/lib/python3/dist-packages" /usr/bin/python3 -c '
import compass
model = compass.load_model("only_in_package")
print(compass.__file__)
print(model.name, compass.units(model, "sram-M")["summary"]["units"])') \
        || fail "python3 -c 'import compass' from the package failed"
    echo "$out"
    grep -q "^$root/usr/lib/python3/dist-packages/compass/__init__.py$" <<<"$out" \
        || fail "imported compass from somewhere else than the package"
elif [ "$with_python" = ON ]; then
    fail "package lacks the Python module (./usr/lib/python3/dist-packages/compass/__init__.py)"
else
    echo "note: built without the Python module (COMPASS_BUILD_PYTHON=OFF)"
fi

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
