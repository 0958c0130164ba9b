// SPDX-License-Identifier: MIT
// libFuzzer target: compass::parseArchSpec on arbitrary bytes. A rejected spec must come with an
// error naming the file; an accepted spec must survive the canonical-JSON round trip unchanged
// and its derived sizes (bits per crossbar, weights per crossbar, ...) must not overflow.
#include "core/arch/arch_json.h"
#include "fuzz_check.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace compass;
    // A file name that exists nowhere: {"base": "x.json"} then resolves to a missing file.
    const std::string name = "fuzz-input-that-does-not-exist/fuzz.json";
    DiagnosticList diagnostics;
    const std::optional<ArchSpec> spec =
        parseArchSpec(QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)),
                      name, diagnostics);
    if (!spec) {
        fuzz::check(diagnostics.hasErrors(), "rejected spec without an error diagnostic");
        for (const Diagnostic& d : diagnostics.all())
            fuzz::check(d.severity != Severity::Error || !d.message.empty(),
                        "error diagnostic with an empty message");
        return 0;
    }
    fuzz::check(!diagnostics.hasErrors(), "spec accepted but an error was reported");

    // Derived sizes: signed overflow is undefined behaviour (UBSan aborts).
    fuzz::check(spec->columnsPerWeight() > 0, "columnsPerWeight() <= 0");
    fuzz::check(spec->totalCrossbars() > 0, "totalCrossbars() <= 0");
    fuzz::check(spec->crossbarBits() > 0, "crossbarBits() <= 0");
    fuzz::check(spec->inputSteps() > 0, "inputSteps() <= 0");
    fuzz::check(spec->weightsPerRow() >= 0, "weightsPerRow() < 0");
    fuzz::check(spec->weightsPerCrossbar() >= 0, "weightsPerCrossbar() < 0");

    const std::string canonical = archSpecToJson(*spec);
    DiagnosticList again;
    const std::optional<ArchSpec> reparsed =
        parseArchSpec(QByteArray::fromStdString(canonical), name, again);
    fuzz::check(reparsed.has_value(), "canonical JSON of an accepted spec is rejected");
    fuzz::check(*reparsed == *spec, "canonical JSON round trip changes the spec");
    fuzz::check(archSpecToJson(*reparsed) == canonical, "canonical JSON is not stable");
    fuzz::check(archSpecHash(*spec).size() == 64, "hash is not 64 hex digits");
    return 0;
}
