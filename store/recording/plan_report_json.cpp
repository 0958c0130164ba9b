// SPDX-License-Identifier: MIT
#include "plan_report_json.h"

#include "core/mapping/unit_table.h"

#include <QJsonArray>

namespace compass {

QJsonObject latencyPartsJson(const LatencyParts& l)
{
    return {{"weight_load", l.weightLoadNs},
            {"crossbar_write", l.crossbarWriteNs},
            {"activation_load", l.activationLoadNs},
            {"compute", l.computeNs},
            {"bus", l.busNs},
            {"activation_store", l.activationStoreNs},
            {"total", l.totalNs()}};
}

QJsonObject energyPartsJson(const EnergyParts& e)
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
        {"latency_ns", latencyPartsJson(cost.latency)},
        {"energy_per_batch_pj", energyPartsJson(cost.energy)},
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
                         {"latency_ns", latencyPartsJson(p.latency)},
                         {"energy_pj", energyPartsJson(p.energy)},
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

} // namespace compass
