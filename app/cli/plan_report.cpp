// SPDX-License-Identifier: MIT
#include "plan_report.h"

#include "cli_common.h"
#include "core/mapping/unit_table.h"

#include <QJsonArray>

namespace compass::cli {

namespace {

QJsonObject latencyJson(const LatencyParts& l)
{
    return {{"weight_load", l.weightLoadNs},
            {"crossbar_write", l.crossbarWriteNs},
            {"activation_load", l.activationLoadNs},
            {"compute", l.computeNs},
            {"bus", l.busNs},
            {"activation_store", l.activationStoreNs},
            {"total", l.totalNs()}};
}

QJsonObject energyJson(const EnergyParts& e)
{
    return {{"mvm", e.mvmPj},
            {"vfu", e.vfuPj},
            {"local_memory", e.localMemoryPj},
            {"bus", e.busPj},
            {"crossbar_write", e.crossbarWritePj},
            {"dram_weights", e.dramWeightPj},
            {"dram_activations", e.dramActivationPj},
            {"static", e.staticPj},
            {"total", e.totalPj()}};
}

QString si(double value, const char* unit)
{
    static const struct
    {
        double scale;
        const char* prefix;
    } kPrefixes[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1.0, ""}};
    for (const auto& p : kPrefixes) {
        if (std::abs(value) >= p.scale)
            return QString::number(value / p.scale, 'f', 2) + ' ' + p.prefix + unit;
    }
    return QString::number(value, 'g', 3) + ' ' + unit;
}

/// Durations in the unit a reader expects: ns, us, ms or s.
QString duration(double ns)
{
    if (ns >= 1e9)
        return QString::number(ns / 1e9, 'f', 3) + " s";
    if (ns >= 1e6)
        return QString::number(ns / 1e6, 'f', 3) + " ms";
    if (ns >= 1e3)
        return QString::number(ns / 1e3, 'f', 2) + " us";
    return QString::number(ns, 'f', 1) + " ns";
}

QString energy(double pj)
{
    if (pj >= 1e9)
        return QString::number(pj / 1e9, 'f', 3) + " mJ";
    if (pj >= 1e6)
        return QString::number(pj / 1e6, 'f', 3) + " uJ";
    if (pj >= 1e3)
        return QString::number(pj / 1e3, 'f', 2) + " nJ";
    return QString::number(pj, 'f', 1) + " pJ";
}

} // namespace

QStringList layersOfSpan(const UnitTable& units, UnitSpan span)
{
    QStringList names;
    std::int32_t last = -1;
    for (std::int32_t u = span.begin; u < span.end; ++u) {
        const std::int32_t layer = units.unit(static_cast<std::size_t>(u)).layerIndex;
        if (layer != last)
            names << QString::fromStdString(units.layerName(static_cast<std::size_t>(layer)));
        last = layer;
    }
    return names;
}

QJsonObject planReportJson(const UnitTable& units, const Plan& plan, const PlanCost& cost)
{
    QJsonArray cuts;
    for (std::int32_t c : plan.innerCuts())
        cuts.append(c);
    const QJsonObject planJson{
        {"cuts", cuts}, {"partitions", plan.partitionCount()}, {"valid", cost.valid}};
    const QJsonObject metrics{
        {"latency_per_batch_ns", cost.latencyPerBatchNs},
        {"throughput_ips", cost.throughputIps},
        {"energy_per_inference_pj", cost.energyPerInferencePj},
        {"edp_pj_s", cost.edpPjS},
        {"dram_weight_bytes", cost.dramWeightBytes},
        {"dram_activation_bytes", cost.dramActivationBytes},
        {"written_bits", cost.writtenBits},
        {"core_utilization", cost.coreUtilization},
        {"crossbar_utilization", cost.crossbarUtilization},
        {"batch", static_cast<qint64>(cost.batchSize)},
        {"latency_ns", latencyJson(cost.latency)},
        {"energy_per_batch_pj", energyJson(cost.energy)},
    };
    QJsonArray partitions;
    for (const PartitionCost& p : cost.partitions) {
        QJsonObject replication;
        for (const LayerReplication& r : p.replication) {
            replication[QString::fromStdString(
                units.layerName(static_cast<std::size_t>(r.layerIndex)))] = r.factor;
        }
        QJsonObject part{{"first_unit", p.span.begin},
                         {"end_unit", p.span.end},
                         {"layers", QJsonArray::fromStringList(layersOfSpan(units, p.span))},
                         {"valid", p.valid},
                         {"latency_ns", latencyJson(p.latency)},
                         {"energy_pj", energyJson(p.energy)},
                         {"replication", replication},
                         {"cores_used", static_cast<qint64>(p.coresUsed)},
                         {"crossbars_used", static_cast<qint64>(p.crossbarsUsed)},
                         {"dram_weight_bytes", p.dramWeightBytes},
                         {"dram_activation_bytes", p.dramActivationBytes},
                         {"written_bits", p.writtenBits}};
        if (!p.valid)
            part["failure"] = QString::fromLatin1(packingFailureName(p.failure));
        partitions.append(part);
    }
    return {{"plan", planJson}, {"metrics", metrics}, {"partitions", partitions}};
}

void printPlanReport(const UnitTable& units, const Plan& plan, const PlanCost& cost)
{
    QTextStream& o = out();
    const double b = static_cast<double>(cost.batchSize);
    o << "Plan: " << plan.partitionCount() << " partitions over " << plan.unitCount() << " units"
      << (cost.valid ? "" : "  (INVALID)") << '\n';
    o << "  latency per batch    " << duration(cost.latencyPerBatchNs) << "  (batch "
      << cost.batchSize << ", " << duration(cost.latencyPerBatchNs / b) << " per inference)\n";
    o << "  throughput           " << QString::number(cost.throughputIps, 'f', 1)
      << " inferences/s\n";
    o << "  energy per inference " << energy(cost.energyPerInferencePj) << '\n';
    o << "  EDP                  " << QString::number(cost.edpPjS, 'g', 4)
      << " pJ*s  (energy per inference x latency per inference)\n";
    o << "  DRAM traffic         " << si(cost.dramWeightBytes, "B") << " weights, "
      << si(cost.dramActivationBytes, "B") << " activations per batch\n";
    o << "  written to crossbars " << si(cost.writtenBits, "bit") << " per batch\n";
    o << "  utilisation          " << QString::number(cost.coreUtilization * 100.0, 'f', 1)
      << "% of cores, " << QString::number(cost.crossbarUtilization * 100.0, 'f', 1)
      << "% of crossbars (latency-weighted)\n\n";

    o << QString("  #").rightJustified(4) << QString("units").rightJustified(12)
      << QString("latency").rightJustified(12) << QString("load+write").rightJustified(12)
      << QString("compute").rightJustified(12) << QString("energy").rightJustified(12)
      << "  cores  layers\n";
    for (std::size_t i = 0; i < cost.partitions.size(); ++i) {
        const PartitionCost& p = cost.partitions[i];
        const QStringList layers = layersOfSpan(units, p.span);
        QString layerText = layers.isEmpty()     ? QString()
                            : layers.size() == 1 ? layers.first()
                                                 : layers.first() + " .. " + layers.last() + " (" +
                                                       QString::number(layers.size()) + ")";
        if (!p.valid)
            layerText += QString("  INVALID: ") + packingFailureName(p.failure);
        o << QString::number(i).rightJustified(4)
          << QString("%1-%2").arg(p.span.begin).arg(p.span.end).rightJustified(12)
          << duration(p.latencyNs()).rightJustified(12)
          << duration(p.latency.weightLoadNs + p.latency.crossbarWriteNs).rightJustified(12)
          << duration(p.latency.computeNs).rightJustified(12)
          << energy(p.energyPj()).rightJustified(12)
          << QString::number(p.coresUsed).rightJustified(7) << "  " << layerText << '\n';
    }
    o.flush();
}

} // namespace compass::cli
