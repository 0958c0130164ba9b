// SPDX-License-Identifier: MIT
// libFuzzer target: a plan given as `--cuts` text on a bundled network (resnet18 on the sram-S
// preset). The only parser of that text is private to the CLI (parseCuts in
// app/cli/simulate_command.cpp, which prints instead of reporting diagnostics), so this harness
// carries a copy of its rules: unit indices "3,17,40" in 0..M, or "layers:name1,name2" (cut
// before those weight layers). It fuzzes what lies behind the text: Plan::fromInnerCuts,
// validatePlan, and for valid plans the per-partition boundary traffic and replication.
#include "core/arch/arch_presets.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/partition/plan.h"
#include "core/partition/replication.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "fuzz_check.h"

#include <QString>
#include <QStringList>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
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

/// A copy of app/cli/simulate_command.cpp's parseCuts (QString rules, same limits); nullopt
/// where the CLI prints a usage error.
std::optional<std::vector<std::int32_t>> parseCutsText(const QString& text, const Fixture& f)
{
    std::vector<std::int32_t> cuts;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return cuts;
    if (trimmed.startsWith(QLatin1String("layers:"))) {
        for (const QString& name : trimmed.mid(7).split(',', Qt::SkipEmptyParts)) {
            const NodeId node = f.graph.findNode(name.trimmed().toStdString());
            const std::int32_t layer = f.units.layerIndexOf(node);
            if (layer < 0)
                return std::nullopt;
            cuts.push_back(f.units.layerFirstUnit(static_cast<std::size_t>(layer)));
        }
        return cuts;
    }
    for (const QString& part : trimmed.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (!ok || value < 0 || value > f.units.unitCount())
            return std::nullopt;
        cuts.push_back(value);
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
    const std::optional<std::vector<std::int32_t>> cuts = parseCutsText(
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)), f);
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
