// SPDX-License-Identifier: MIT
#include "plan_report.h"

#include "cli_common.h"
#include "core/mapping/unit_table.h"

#include <QJsonArray>

namespace compass::cli {

namespace {

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
