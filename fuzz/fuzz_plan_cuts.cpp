// SPDX-License-Identifier: MIT
// libFuzzer target: a plan given as `--cuts` text ("12,40,77" or "12 40 77") on a bundled
// network (resnet18 on the sram-S preset). The CLI has no library parser for that text yet,
// so this harness parses it the way the CLI must (integers separated by commas or blanks,
// anything else rejected) and fuzzes what lies behind it: Plan::fromInnerCuts, validatePlan,
// and for valid plans the per-partition boundary traffic and replication.
#include "core/arch/arch_presets.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/partition/plan.h"
#include "core/partition/replication.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "fuzz_check.h"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace compass;

/// The network and chip every input is a plan for; built once, never moved.
struct Fixture
{
    Fixture(Graph g, const ArchSpec& a)
        : graph(std::move(g))
        , arch(a)
        , units(UnitTable::build(graph, arch))
        , validity(ValidityMap::build(units))
        , io(graph, units, arch, 16)
    {}
    Graph graph;
    ArchSpec arch;
    UnitTable units;
    ValidityMap validity;
    SpanIoModel io;
};

const Fixture& fixture()
{
    static const Fixture* f = [] {
        DiagnosticList diagnostics;
        std::optional<Graph> graph =
            importOnnxFile(COMPASS_RESOURCE_DIR "/models/resnet18.onnx", diagnostics);
        fuzz::check(graph.has_value(), "cannot import resources/models/resnet18.onnx");
        const std::optional<ArchSpec> arch = loadArchSpec("sram-S", {}, diagnostics);
        fuzz::check(arch.has_value(), "cannot load the sram-S preset");
        return new Fixture(std::move(*graph), *arch);
    }();
    return *f;
}

/// Integers separated by commas and/or blanks; nullopt on any other text or on a value that
/// does not fit an int32 (the CLI must reject those with a usage error).
std::optional<std::vector<std::int32_t>> parseCutsText(std::string_view text)
{
    std::vector<std::int32_t> cuts;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ',' || c == ' ' || c == '\t' || c == '\n') {
            ++i;
            continue;
        }
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), value);
        if (ec != std::errc() || end == text.data() + i)
            return std::nullopt;
        if (value < std::numeric_limits<std::int32_t>::min() ||
            value > std::numeric_limits<std::int32_t>::max())
            return std::nullopt;
        cuts.push_back(static_cast<std::int32_t>(value));
        i = static_cast<std::size_t>(end - text.data());
    }
    return cuts;
}

void checkBytes(double bytes, const char* what)
{
    fuzz::check(std::isfinite(bytes) && bytes >= 0.0, what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const Fixture& f = fixture();
    const std::optional<std::vector<std::int32_t>> cuts =
        parseCutsText(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!cuts)
        return 0;

    const Plan plan = Plan::fromInnerCuts(*cuts, f.validity.unitCount());
    DiagnosticList diagnostics;
    const bool valid = validatePlan(plan, f.validity, diagnostics);
    if (!valid) {
        fuzz::check(diagnostics.hasErrors(), "invalid plan without an error diagnostic");
        return 0;
    }
    fuzz::check(!diagnostics.hasErrors(), "valid plan with an error diagnostic");
    fuzz::check(plan.unitCount() == f.validity.unitCount(), "valid plan covers the wrong units");
    std::int32_t previous = 0;
    for (std::int32_t i = 0; i < plan.partitionCount(); ++i) {
        const UnitSpan span = plan.partition(i);
        fuzz::check(span.begin == previous && span.begin < span.end, "valid plan not contiguous");
        fuzz::check(f.validity.isValid(span.begin, span.end), "valid plan has an invalid span");
        previous = span.end;
        const SpanIoBytes bytes = f.io.spanBytes(span.begin, span.end);
        checkBytes(bytes.entryBytes, "entry bytes");
        checkBytes(bytes.exitBytes, "exit bytes");
        checkBytes(bytes.internalBytes, "internal bytes");
        checkBytes(bytes.crossCorePartialSumBytes, "partial-sum bytes");
        const Replication replication = solveReplication(f.units, span.begin, span.end);
        fuzz::check(replication.packing.fits, "replication of a valid span does not pack");
        for (std::int32_t factor : replication.factors)
            fuzz::check(factor >= 1, "replication factor below 1");
    }
    fuzz::check(previous == f.validity.unitCount(), "valid plan does not end at the last unit");
    return 0;
}
