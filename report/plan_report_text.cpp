// SPDX-License-Identifier: MIT
#include "report/plan_report_text.h"

#include "core/support/units.h"
#include "report/text_table.h"

#include <algorithm>
#include <array>

namespace compass {

namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

/// An objective's value in its unit, without saying per what (table cells).
QString objectiveFigure(Objective objective, double value)
{
    switch (objective) {
    case Objective::Latency:
        return units::duration(value);
    case Objective::Energy:
        return units::energy(value);
    case Objective::Edp:
        return units::edp(value);
    }
    return units::number(value);
}

QString partitions(std::int64_t n)
{
    return units::count(n, QStringLiteral("partition"), QStringLiteral("partitions"));
}

QString heading(const PlanReport& r)
{
    if (r.model.empty() && r.arch.empty())
        return {};
    QString line = r.model.empty() ? QStringLiteral("A network") : qs(r.model);
    if (!r.arch.empty())
        line += QStringLiteral(" on ") + qs(r.arch);
    return line + QStringLiteral(", batch %1\n").arg(r.cost.batchSize);
}

QString searchText(const SearchReport& s)
{
    const SearchOptions& o = s.options;
    QString line = QStringLiteral("Search: %1, objective %2")
                       .arg(QString::fromLatin1(searchMethodName(o.method)),
                            QString::fromLatin1(objectiveName(o.objective)));
    if (o.method == SearchMethod::Genetic) {
        line += QStringLiteral(", seed %1, %2")
                    .arg(o.seed)
                    .arg(units::count(static_cast<std::int64_t>(s.convergence.size()),
                                      QStringLiteral("generation"), QStringLiteral("generations")));
        if (!o.genetic.layerAlignedPlans)
            line += QStringLiteral(", uniform initial plans");
        if (o.genetic.seedBaselines)
            line += QStringLiteral(", seeded with the greedy and layerwise plans");
    }
    if (s.spanEvaluations) {
        line += QStringLiteral(", %1").arg(units::count(*s.spanEvaluations,
                                                        QStringLiteral("span evaluation"),
                                                        QStringLiteral("span evaluations")));
    }
    line += QStringLiteral(", ") + units::duration(s.runtimeMs * 1e6);
    if (s.cancelled)
        line += QStringLiteral("  (CANCELLED: best plan so far)");
    return line + QStringLiteral("\n  objective value      ") +
           objectiveValueText(o.objective, s.objectiveValue) + QStringLiteral("\n\n");
}

QString metricsText(const PlanReport& r)
{
    const PlanCost& c = r.cost;
    QString text = QStringLiteral("Plan: %1 over %2 units")
                       .arg(partitions(r.plan.partitionCount()))
                       .arg(r.unitCount());
    if (!c.valid) {
        text += QStringLiteral("  (INVALID");
        if (c.firstInvalidPartition >= 0 &&
            c.firstInvalidPartition < static_cast<std::int32_t>(c.partitions.size())) {
            const PartitionCost& bad =
                c.partitions[static_cast<std::size_t>(c.firstInvalidPartition)];
            text += QStringLiteral(": partition %1 does not fit, %2")
                        .arg(c.firstInvalidPartition)
                        .arg(QString::fromLatin1(packingFailureName(bad.failure)));
        }
        text += ')';
    }
    const double perInference = c.latencyPerBatchNs / static_cast<double>(c.batchSize);
    text += '\n';
    TextTable t({}, QStringLiteral("  "));
    t.addRow(
        {QStringLiteral("latency per batch"),
         units::duration(c.latencyPerBatchNs) + QStringLiteral("  (batch %1, %2 per inference)")
                                                    .arg(c.batchSize)
                                                    .arg(units::duration(perInference))});
    t.addRow({QStringLiteral("throughput"), units::throughput(c.throughputIps)});
    t.addRow({QStringLiteral("energy per inference"), units::energy(c.energyPerInferencePj)});
    t.addRow({QStringLiteral("EDP"),
              units::edp(c.edpPjS) +
                  QStringLiteral("  (energy per inference x latency per inference)")});
    t.addRow({QStringLiteral("DRAM traffic"),
              QStringLiteral("%1 weights, %2 activations per batch")
                  .arg(units::bytes(c.dramWeightBytes), units::bytes(c.dramActivationBytes))});
    t.addRow({QStringLiteral("written to crossbars"),
              units::bits(c.writtenBits) + QStringLiteral(" per batch")});
    if (c.partitions.size() > 1)
        t.addRow({QStringLiteral("early replacement"),
                  QStringLiteral("%1 of weight loads ran under the previous partition")
                      .arg(units::duration(c.weightLoadHiddenNs))});
    const PlanWear wear = planWear(c, r.enduranceWrites);
    t.addRow(
        {QStringLiteral("wear"),
         QStringLiteral("%1 writes per cell per inference (worst cell), lifetime %2%3")
             .arg(units::number(wear.writesPerCellPerInference), units::lifetime(wear.lifetimeS),
                  r.enduranceWrites > 0.0
                      ? QStringLiteral(" at %1 writes").arg(units::number(r.enduranceWrites))
                      : QStringLiteral(" (endurance unlimited)"))});
    t.addRow({QStringLiteral("utilisation"),
              QStringLiteral("%1 of cores, %2 of crossbars (latency-weighted)")
                  .arg(units::percent(c.coreUtilization), units::percent(c.crossbarUtilization))});
    return text + t.text();
}

QString layersText(const PartitionLayers& names)
{
    const std::vector<std::string>& l = names.layers;
    if (l.empty())
        return {};
    return l.size() == 1
               ? qs(l.front())
               : QStringLiteral("%1 .. %2 (%3)").arg(qs(l.front()), qs(l.back())).arg(l.size());
}

/// The largest replication factor of the partition's layers: "x4", or "-" for none.
QString replicationText(const PartitionLayers& names)
{
    std::int32_t largest = 1;
    for (const auto& entry : names.replication)
        largest = std::max(largest, entry.second);
    return largest > 1 ? QStringLiteral("x%1").arg(largest) : QStringLiteral("-");
}

QString partitionTable(const PlanReport& r)
{
    // latency = weights (load + write) + activations (load + store) + compute (with bus).
    TextTable t({0, 1, 2, 3, 4, 5, 6, 7, 8}, QStringLiteral("  "));
    t.addRow({"#", "units", "latency", "weights", "in/out", "compute", "energy", "cores",
              "replication", "layers"});
    for (std::size_t i = 0; i < r.cost.partitions.size(); ++i) {
        const PartitionCost& p = r.cost.partitions[i];
        const LatencyParts& l = p.latency;
        const PartitionLayers names = i < r.layers.size() ? r.layers[i] : PartitionLayers{};
        QString layers = layersText(names);
        if (!p.valid)
            layers += QStringLiteral("  INVALID: ") + packingFailureName(p.failure);
        t.addRow({QString::number(i), QStringLiteral("%1-%2").arg(p.span.begin).arg(p.span.end),
                  units::duration(p.latencyNs()),
                  units::duration(l.weightLoadNs + l.crossbarWriteNs),
                  units::duration(l.activationLoadNs + l.activationStoreNs),
                  units::duration(l.computeNs + l.busNs), units::energy(p.energyPj()),
                  QString::number(p.coresUsed), replicationText(names), layers});
    }
    return t.text();
}

QString convergenceText(const SearchReport& s)
{
    TextTable t({0, 1, 2, 3}, QStringLiteral("  "));
    t.addRow({"generation", "best", "mean", "partitions"});
    for (const GenerationStats& g : s.convergence) {
        t.addRow({QString::number(g.generation), objectiveFigure(s.options.objective, g.best),
                  objectiveFigure(s.options.objective, g.mean),
                  g.minPartitions == g.maxPartitions
                      ? QString::number(g.minPartitions)
                      : QStringLiteral("%1-%2").arg(g.minPartitions).arg(g.maxPartitions)});
    }
    const bool perBatch = s.options.objective == Objective::Latency;
    return QStringLiteral("\nConvergence (objective %1%2):\n")
               .arg(QString::fromLatin1(objectiveName(s.options.objective)),
                    perBatch                                   ? QStringLiteral(" per batch")
                    : s.options.objective == Objective::Energy ? QStringLiteral(" per inference")
                                                               : QString()) +
           t.text();
}

QString paretoText(const SearchReport& s)
{
    TextTable t({0, 1, 2}, QStringLiteral("  "));
    t.addRow({"latency per batch", "energy per inference", "partitions"});
    for (const ParetoPoint& p : s.paretoFront) {
        t.addRow({units::duration(p.latencyPerBatchNs), units::energy(p.energyPerInferencePj),
                  QString::number(p.cuts.size() - 1)});
    }
    return QStringLiteral("\nEnergy-latency Pareto front (%1):\n")
               .arg(units::count(static_cast<std::int64_t>(s.paretoFront.size()),
                                 QStringLiteral("plan"), QStringLiteral("plans"))) +
           t.text();
}

QString eventText(const EventReport& e, const PlanCost& estimator)
{
    const EventSimResult& r = e.result;
    QString text = QStringLiteral("\nEvent-driven simulation: %1, %2, batch %3\n")
                       .arg(partitions(static_cast<std::int64_t>(e.partitionSpans.size())),
                            units::count(r.instructions, QStringLiteral("instruction"),
                                         QStringLiteral("instructions")))
                       .arg(r.batchSize);
    TextTable parts({0, 1, 2, 3}, QStringLiteral("  "));
    parts.addRow({"#", "units", "latency", "ends at"});
    for (std::size_t i = 0; i < r.partitionLatencyNs.size(); ++i) {
        const UnitSpan s = i < e.partitionSpans.size() ? e.partitionSpans[i] : UnitSpan{};
        parts.addRow({QString::number(i), QStringLiteral("%1-%2").arg(s.begin).arg(s.end),
                      units::duration(r.partitionLatencyNs[i]),
                      units::duration(r.partitionEndNs[i])});
    }
    text += parts.text();

    const std::array shown = {Opcode::LoadWeight, Opcode::WriteWeight, Opcode::LoadData,
                              Opcode::StoreData,  Opcode::Mvmul,       Opcode::VfuAccumulate,
                              Opcode::VfuOp,      Opcode::Send};
    TextTable cores({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, QStringLiteral("  "));
    QStringList header{"core"};
    for (Opcode k : shown)
        header << QString::fromLatin1(opcodeMnemonic(k));
    header << "active"
           << "idle";
    cores.addRow(header);
    for (std::size_t c = 0; c < r.cores.size(); ++c) {
        QStringList row{QString::number(c)};
        for (Opcode k : shown)
            row << units::duration(r.cores[c].busyNs[static_cast<std::size_t>(k)]);
        row << units::duration(r.cores[c].activeNs) << units::duration(r.cores[c].idleNs);
        cores.addRow(row);
    }
    text += QStringLiteral("\nPer core, busy time by instruction class (classes overlap in "
                           "time):\n") +
            cores.text();

    const EnergyParts& en = r.energy;
    TextTable t({}, QStringLiteral("  "));
    t.addRow({QStringLiteral("latency per batch"), units::duration(r.latencyPerBatchNs)});
    t.addRow({QStringLiteral("throughput"), units::throughput(r.throughputIps)});
    t.addRow({QStringLiteral("energy per inference"), units::energy(r.energyPerInferencePj)});
    t.addRow(
        {QStringLiteral("energy per batch"),
         QStringLiteral("mvm %1, vfu %2, local %3, bus %4, write %5, dram weights %6, "
                        "dram activations %7, dram background %8, control (per busy core) "
                        "%9, static (leakage) %10")
             .arg(units::energy(en.mvmPj), units::energy(en.vfuPj), units::energy(en.localMemoryPj),
                  units::energy(en.busPj), units::energy(en.crossbarWritePj),
                  units::energy(en.dramWeightPj), units::energy(en.dramActivationPj),
                  units::energy(en.dramBackgroundPj), units::energy(en.controlPj))
             .arg(units::energy(en.staticPj))});
    t.addRow({QStringLiteral("DRAM traffic"),
              QStringLiteral("%1 weights, %2 activations, %3 spills per batch")
                  .arg(units::bytes(r.dramWeightBytes), units::bytes(r.dramActivationBytes),
                       units::bytes(r.dramSpillBytes))});
    t.addRow({QStringLiteral("utilisation"),
              QStringLiteral("DRAM %1, bus %2, crossbars %3")
                  .arg(units::percent(r.dramUtilization), units::percent(r.busUtilization),
                       units::percent(r.crossbarUtilization))});
    t.addRow(
        {QStringLiteral("event / estimator"),
         QStringLiteral("latency %1, energy %2")
             .arg(units::signedPercent(r.latencyPerBatchNs / estimator.latencyPerBatchNs - 1.0),
                  units::signedPercent(r.energyPerInferencePj / estimator.energyPerInferencePj -
                                       1.0))});
    return text + QStringLiteral("\nEvent engine (the estimator's figures are above):\n") +
           t.text();
}

} // namespace

QString objectiveValueText(Objective objective, double value)
{
    switch (objective) {
    case Objective::Latency:
        return objectiveFigure(objective, value) + QStringLiteral(" per batch");
    case Objective::Energy:
        return objectiveFigure(objective, value) + QStringLiteral(" per inference");
    case Objective::Edp:
        return objectiveFigure(objective, value);
    }
    return units::number(value);
}

QString planReportText(const PlanReport& r)
{
    QString text = heading(r);
    if (r.search)
        text += searchText(*r.search);
    text += metricsText(r) + '\n' + partitionTable(r);
    if (r.search && !r.search->convergence.empty())
        text += convergenceText(*r.search);
    if (r.search && !r.search->paretoFront.empty())
        text += paretoText(*r.search);
    if (r.event)
        text += eventText(*r.event, r.cost);
    return text;
}

} // namespace compass
