// SPDX-License-Identifier: MIT
#include "plan_evaluation.h"

#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/support/units.h"
#include "sim/estimator.h"

#include <QLocale>

#include <algorithm>

namespace compass::ui {

namespace {

int partitionOfUnit(const std::vector<std::int32_t>& cuts, std::int32_t unit)
{
    if (cuts.size() < 2 || unit < 0 || unit >= cuts.back())
        return -1;
    const auto it = std::upper_bound(cuts.begin(), cuts.end(), unit);
    return static_cast<int>(it - cuts.begin()) - 1;
}

QString invalidReason(const UnitTable& units, const ValidityMap& validity, UnitSpan span,
                      std::int64_t crossbars)
{
    const std::int64_t chip = units.cores() * units.crossbarsPerCore();
    if (span.begin < 0 || span.begin >= span.end || span.end > units.unitCount())
        return QStringLiteral("cuts out of order");
    const PackingFailure failure = validity.failure(span.begin);
    const QString fit = QStringLiteral("; the longest partition from unit %1 that fits ends at %2")
                            .arg(span.begin)
                            .arg(validity.endMax(span.begin));
    if (crossbars > chip || failure == PackingFailure::CrossbarCount) {
        return QStringLiteral("too many crossbars for the chip: needs %1, the chip has %2")
                   .arg(crossbars)
                   .arg(chip) +
               fit;
    }
    if (failure == PackingFailure::CoreCount) {
        return QStringLiteral("too many large units for the chip's %1 cores").arg(units.cores()) +
               fit;
    }
    return QStringLiteral("the units do not pack into %1 cores of %2 crossbars")
               .arg(units.cores())
               .arg(units.crossbarsPerCore()) +
           fit;
}

} // namespace

int PlanEvaluation::partitionOfNode(int nodeId) const
{
    if (nodeId < 0 || static_cast<std::size_t>(nodeId) >= nodes.size())
        return -1;
    return nodes[static_cast<std::size_t>(nodeId)].partition;
}

std::vector<int> PlanEvaluation::partitionByNode() const
{
    std::vector<int> out;
    out.reserve(nodes.size());
    for (const NodeMapping& n : nodes)
        out.push_back(n.partition);
    return out;
}

QString PlanEvaluation::summary() const
{
    if (isEmpty)
        return QStringLiteral("no plan");
    if (!valid) {
        for (const PartitionInfo& p : partitions) {
            if (!p.valid) {
                return QStringLiteral("invalid plan: partition %1: %2")
                    .arg(&p - partitions.data())
                    .arg(p.reason);
            }
        }
        return QStringLiteral("invalid plan");
    }
    return QStringLiteral("%1, %2 per batch of %3")
        .arg(units::count(partitionCount(), QStringLiteral("partition"),
                          QStringLiteral("partitions")),
             units::duration(cost.latencyPerBatchNs),
             units::count(batchSize, QStringLiteral("input"), QStringLiteral("inputs")));
}

PlanEvaluation evaluatePlan(const std::shared_ptr<const MappedProblem>& problem, const Plan& plan,
                            const QString& modelFile)
{
    return evaluatePlan(problem, Estimator(problem), plan, modelFile);
}

PlanEvaluation evaluatePlan(const std::shared_ptr<const MappedProblem>& problem,
                            const CostModel& estimator, const Plan& plan, const QString& modelFile)
{
    PlanEvaluation out;
    const Graph& graph = problem->graph();
    const UnitTable& units = problem->units();
    const ValidityMap& validity = problem->validity();
    out.batchSize = problem->batchSize();
    out.archName = QString::fromStdString(archVariant(problem->arch()).displayName());
    out.archHash = archSpecHash(problem->arch());
    out.enduranceWrites = problem->arch().enduranceWrites;
    if (units.unitCount() == 0 || plan.partitionCount() == 0)
        return out;
    out.isEmpty = false;
    out.cuts = plan.cuts();

    DiagnosticList diagnostics;
    out.valid = validatePlan(plan, validity, diagnostics, modelFile.toStdString());
    out.cost = estimator.planCost(plan);
    out.valid = out.valid && out.cost.valid;

    // Partitions: crossbars with replication 1, validity and the reason.
    for (std::int32_t i = 0; i < plan.partitionCount(); ++i) {
        const UnitSpan span = plan.partition(i);
        PartitionInfo info;
        info.span = span;
        const std::int32_t b = std::clamp<std::int32_t>(span.begin, 0, units.unitCount());
        const std::int32_t e = std::clamp<std::int32_t>(span.end, b, units.unitCount());
        for (std::int32_t u = b; u < e; ++u)
            info.crossbars += units.unit(static_cast<std::size_t>(u)).crossbars;
        // With attention.engine = crossbar, the operand crossbars the partition reserves.
        for (std::int32_t q = units.attentionPieceBegin(b); q < units.attentionPieceBegin(e); ++q)
            info.crossbars += units.attentionPieces()[static_cast<std::size_t>(q)].crossbars;
        info.valid = validity.isValid(span.begin, span.end);
        if (!info.valid)
            info.reason = invalidReason(units, validity, span, info.crossbars);
        if (b < e) {
            info.firstLayer = QString::fromStdString(units.layerName(
                static_cast<std::size_t>(units.unit(static_cast<std::size_t>(b)).layerIndex)));
            info.lastLayer = QString::fromStdString(units.layerName(
                static_cast<std::size_t>(units.unit(static_cast<std::size_t>(e - 1)).layerIndex)));
        }
        const auto pi = static_cast<std::size_t>(i);
        if (pi < out.cost.partitions.size()) {
            const PartitionCost& pc = out.cost.partitions[pi];
            info.crossbarsUsed = info.valid ? pc.crossbarsUsed : 0;
            info.latencyNs = info.valid ? pc.latencyNs() : 0.0;
        }
        out.partitions.push_back(std::move(info));
    }
    // Diagnostics: our reason text, located at the partition (validatePlan's own text is
    // kept for problems that are not about packing, e.g. cuts out of order).
    for (const Diagnostic& d : diagnostics.all()) {
        Diagnostic located = d;
        const int p = d.location.partition;
        if (p >= 0 && p < out.partitionCount() &&
            !out.partitions[static_cast<std::size_t>(p)].valid) {
            const PartitionInfo& info = out.partitions[static_cast<std::size_t>(p)];
            located.message = QStringLiteral("partition %1 (units %2–%3, %4 … %5) is invalid: %6")
                                  .arg(p)
                                  .arg(info.span.begin)
                                  .arg(info.span.end)
                                  .arg(info.firstLayer, info.lastLayer, info.reason)
                                  .toStdString();
            located.location.node = info.firstLayer.toStdString();
        }
        out.diagnostics.push_back(std::move(located));
    }

    // Nodes: partition, crossbars, units and replication.
    out.nodes.resize(graph.nodes().size());
    for (const Node& node : graph.nodes()) {
        const NodePlacement& place = units.placement(node.id);
        if (!place.isPlaced())
            continue;
        NodeMapping& m = out.nodes[node.id.index()];
        m.firstUnit = place.firstUnit;
        m.endUnit = place.endUnit;
        m.isWeightLayer = place.isWeightLayer;
        m.partition = partitionOfUnit(out.cuts, place.firstUnit);
        m.lastPartition = partitionOfUnit(out.cuts, place.endUnit - 1);
        if (place.isWeightLayer) {
            std::int64_t crossbars = 0;
            for (std::int32_t u = place.firstUnit; u < place.endUnit; ++u)
                crossbars += units.unit(static_cast<std::size_t>(u)).crossbars;
            m.crossbars = static_cast<int>(std::min<std::int64_t>(crossbars, INT32_MAX));
            m.units = place.endUnit - place.firstUnit;
            const std::int32_t layer = units.layerIndexOf(node.id);
            if (m.partition >= 0 &&
                static_cast<std::size_t>(m.partition) < out.cost.partitions.size()) {
                for (const LayerReplication& r :
                     out.cost.partitions[static_cast<std::size_t>(m.partition)].replication) {
                    if (r.layerIndex == layer)
                        m.replication = r.factor;
                }
            }
        }
    }
    return out;
}

UnitLayout unitLayoutOf(const MappedProblem& problem)
{
    const UnitTable& units = problem.units();
    UnitLayout layout;
    layout.unitCrossbars.reserve(units.units().size());
    for (const PartitionUnit& u : units.units()) {
        layout.unitCrossbars.push_back(u.crossbars);
        layout.unitLayer.push_back(u.layerIndex);
    }
    for (std::int32_t l = 0; l < units.layerCount(); ++l)
        layout.layerNames.push_back(
            QString::fromStdString(units.layerName(static_cast<std::size_t>(l))));
    layout.chipCrossbars = units.cores() * units.crossbarsPerCore();
    return layout;
}

} // namespace compass::ui
