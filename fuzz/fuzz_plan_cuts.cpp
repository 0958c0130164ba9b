// SPDX-License-Identifier: MIT
// libFuzzer target: a plan given as `--cuts` text on a bundled network (resnet18 on the sram-S
// preset), through the parser the CLI uses (parseCutList, core/partition/cut_list.h): unit
// indices "3,17,40" in 0..M, or "layers:name1,name2". A refusal must come with a diagnostic;
// behind the text it fuzzes Plan::fromInnerCuts, validatePlan, and for valid plans the
// per-partition boundary traffic and replication.
#include "core/arch/arch_presets.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/partition/cut_list.h"
#include "core/partition/plan.h"
#include "core/partition/replication.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "fuzz_check.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
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

void checkBytes(double bytes, const char* what)
{
    fuzz::check(std::isfinite(bytes) && bytes >= 0.0, what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const Fixture& f = fixture();
    DiagnosticList parseDiagnostics;
    const std::optional<std::vector<std::int32_t>> cuts =
        parseCutList(std::string_view(reinterpret_cast<const char*>(data), size), f.graph, f.units,
                     parseDiagnostics);
    if (!cuts) {
        fuzz::check(parseDiagnostics.hasErrors(), "cuts refused without an error diagnostic");
        return 0;
    }

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
