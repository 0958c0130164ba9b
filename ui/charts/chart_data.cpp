// SPDX-License-Identifier: MIT
#include "chart_data.h"

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cmath>

namespace compass::ui {

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

QString csvField(const QString& text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n'))
        return text;
    QString quoted = text;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

} // namespace

double PartitionLatencyData::Row::totalNs() const
{
    double sum = 0.0;
    for (double v : partNs)
        sum += v;
    return sum;
}

QString PartitionLatencyData::partName(int part)
{
    switch (part) {
    case WeightLoad:
        return QStringLiteral("weight load (DRAM, not hidden)");
    case CrossbarWrite:
        return QStringLiteral("crossbar write");
    case ActivationIo:
        return QStringLiteral("activation I/O (DRAM)");
    case Compute:
        return QStringLiteral("compute");
    case Bus:
        return QStringLiteral("bus");
    default:
        return {};
    }
}

PartitionLatencyData partitionLatencyData(const PlanCost& cost, const QString& subtitle)
{
    PartitionLatencyData data;
    data.subtitle = subtitle;
    data.batch = cost.batchSize;
    double worst = -1.0;
    for (const PartitionCost& p : cost.partitions) {
        PartitionLatencyData::Row row;
        row.partNs[PartitionLatencyData::WeightLoad] = p.latency.weightLoadNs;
        row.partNs[PartitionLatencyData::CrossbarWrite] = p.latency.crossbarWriteNs;
        row.partNs[PartitionLatencyData::ActivationIo] =
            p.latency.activationLoadNs + p.latency.activationStoreNs;
        row.partNs[PartitionLatencyData::Compute] = p.latency.computeNs;
        row.partNs[PartitionLatencyData::Bus] = p.latency.busNs;
        if (row.totalNs() > worst) {
            worst = row.totalNs();
            data.bottleneck = static_cast<std::int32_t>(data.partitions.size());
        }
        data.partitions.push_back(row);
    }
    return data;
}

double EnergyBreakdownData::Row::totalPj() const
{
    double sum = 0.0;
    for (double v : componentPj)
        sum += v;
    return sum;
}

QString EnergyBreakdownData::componentName(int component)
{
    switch (component) {
    case Mvm:
        return QStringLiteral("MVM (ADC + array)");
    case Vfu:
        return QStringLiteral("vector units");
    case LocalMemory:
        return QStringLiteral("local memory");
    case Bus:
        return QStringLiteral("bus");
    case CrossbarWrite:
        return QStringLiteral("crossbar write");
    case DramWeight:
        return QStringLiteral("DRAM weights");
    case DramActivation:
        return QStringLiteral("DRAM activations");
    case DramBackground:
        return QStringLiteral("DRAM background + refresh");
    case Control:
        return QStringLiteral("control (per busy core)");
    case Static:
        return QStringLiteral("static (leakage)");
    default:
        return {};
    }
}

EnergyBreakdownData::Row energyBreakdownRow(const QString& label, const PlanCost& cost)
{
    const double perInference =
        1.0 / static_cast<double>(std::max<std::int64_t>(1, cost.batchSize));
    EnergyBreakdownData::Row row;
    row.label = label;
    const EnergyParts& e = cost.energy;
    row.componentPj[EnergyBreakdownData::Mvm] = e.mvmPj * perInference;
    row.componentPj[EnergyBreakdownData::Vfu] = e.vfuPj * perInference;
    row.componentPj[EnergyBreakdownData::LocalMemory] = e.localMemoryPj * perInference;
    row.componentPj[EnergyBreakdownData::Bus] = e.busPj * perInference;
    row.componentPj[EnergyBreakdownData::CrossbarWrite] = e.crossbarWritePj * perInference;
    row.componentPj[EnergyBreakdownData::DramWeight] = e.dramWeightPj * perInference;
    row.componentPj[EnergyBreakdownData::DramActivation] = e.dramActivationPj * perInference;
    row.componentPj[EnergyBreakdownData::DramBackground] = e.dramBackgroundPj * perInference;
    row.componentPj[EnergyBreakdownData::Control] = e.controlPj * perInference;
    row.componentPj[EnergyBreakdownData::Static] = e.staticPj * perInference;
    return row;
}

ReloadVsBatchData::Point reloadVsBatchPoint(const PlanCost& cost)
{
    const double perInference =
        1.0 / static_cast<double>(std::max<std::int64_t>(1, cost.batchSize));
    ReloadVsBatchData::Point p;
    p.batch = cost.batchSize;
    p.replacementPj = (cost.energy.dramWeightPj + cost.energy.crossbarWritePj) * perInference;
    p.mvmPj = cost.energy.mvmPj * perInference;
    return p;
}

namespace {

double rawMetric(const RunComparisonData::Run& run, RunComparisonData::Metric metric)
{
    switch (metric) {
    case RunComparisonData::Metric::Throughput:
        return run.throughputIps;
    case RunComparisonData::Metric::Energy:
        return run.energyPerInferencePj;
    case RunComparisonData::Metric::Edp:
        return run.edpPjS;
    case RunComparisonData::Metric::All:
        break;
    }
    return 0.0;
}

} // namespace

double RunComparisonData::value(std::size_t index, Metric metric) const
{
    const double raw = rawMetric(runs.at(index), metric);
    if (!isNormalised(metric))
        return raw;
    const double base = rawMetric(runs.at(static_cast<std::size_t>(baseline)), metric);
    return base != 0.0 ? raw / base : 0.0;
}

bool RunComparisonData::isNormalised(Metric metric) const
{
    (void)metric;
    return baseline >= 0 && static_cast<std::size_t>(baseline) < runs.size();
}

QString RunComparisonData::metricName(Metric metric)
{
    switch (metric) {
    case Metric::Throughput:
        return QStringLiteral("throughput");
    case Metric::Energy:
        return QStringLiteral("energy per inference");
    case Metric::Edp:
        return QStringLiteral("EDP");
    case Metric::All:
        return QStringLiteral("all");
    }
    return {};
}

QStringList RunComparisonData::configurations() const
{
    QStringList found;
    for (const Run& r : runs) {
        if (!found.contains(r.configuration))
            found << r.configuration;
    }
    return found;
}

RunComparisonData::Run comparisonRun(const QString& label, const SearchResult& result)
{
    RunComparisonData::Run run;
    run.label = label;
    run.throughputIps = result.cost.throughputIps;
    run.energyPerInferencePj = result.cost.energyPerInferencePj;
    run.edpPjS = result.cost.edpPjS;
    run.latencyPerBatchNs = result.cost.latencyPerBatchNs;
    run.partitions = static_cast<std::int32_t>(result.cost.partitions.size());
    run.runtimeMs = result.runtimeMs;
    run.cancelled = result.cancelled;
    run.method = QString::fromLatin1(searchMethodName(result.method));
    return run;
}

void setParetoFront(ParetoData& data, const std::vector<ParetoPoint>& front)
{
    data.front.clear();
    for (const ParetoPoint& p : front) {
        data.front.push_back(
            {units::count(static_cast<std::int64_t>(p.cuts.size()) - 1, QStringLiteral("partition"),
                          QStringLiteral("partitions")),
             p.latencyPerBatchNs, p.energyPerInferencePj, QString()});
    }
    std::sort(data.front.begin(), data.front.end(),
              [](const ParetoData::Point& a, const ParetoData::Point& b) {
                  return a.latencyPerBatchNs < b.latencyPerBatchNs;
              });
}

QString objectiveQuantity(Objective objective)
{
    switch (objective) {
    case Objective::Latency:
        return QStringLiteral("latency");
    case Objective::Energy:
        return QStringLiteral("energy");
    case Objective::Edp:
        return QStringLiteral("EDP");
    }
    return {};
}

QString objectiveAxisTitle(Objective objective, const units::Scale& unit, bool shorter)
{
    if (shorter)
        return units::titled(objectiveQuantity(objective), unit);
    switch (objective) {
    case Objective::Latency:
        return units::titled(QStringLiteral("latency per batch"), unit);
    case Objective::Energy:
        return units::titled(QStringLiteral("energy per inference"), unit);
    case Objective::Edp:
        return units::titled(objectiveQuantity(objective), unit);
    }
    return {};
}

units::Scale objectiveUnitFor(Objective objective, double maxValue)
{
    switch (objective) {
    case Objective::Latency:
        return units::scaleFor(units::Quantity::Duration, maxValue);
    case Objective::Energy:
        return units::scaleFor(units::Quantity::Energy, maxValue);
    case Objective::Edp:
        return units::scaleFor(units::Quantity::Edp, maxValue);
    }
    return {};
}

// ---- CSV -------------------------------------------------------------------------------------

QString toCsv(const PartitionLatencyData& data)
{
    QStringList header{"partition"};
    for (int p = 0; p < PartitionLatencyData::PartCount; ++p)
        header << csvField(PartitionLatencyData::partName(p) + " (ns per batch)");
    header << "total (ns per batch)"
           << "bottleneck";
    QString text = header.join(',') + '\n';
    for (std::size_t i = 0; i < data.partitions.size(); ++i) {
        const auto& row = data.partitions[i];
        QStringList fields{QString::number(i)};
        for (double v : row.partNs)
            fields << number(v);
        fields << number(row.totalNs())
               << (static_cast<std::int32_t>(i) == data.bottleneck ? "1" : "0");
        text += fields.join(',') + '\n';
    }
    return text;
}

QString toCsv(const EnergyBreakdownData& data)
{
    QStringList header{"run"};
    for (int c = 0; c < EnergyBreakdownData::ComponentCount; ++c)
        header << csvField(EnergyBreakdownData::componentName(c) + " (pJ per inference)");
    header << "total (pJ per inference)";
    QString text = header.join(',') + '\n';
    for (const auto& row : data.rows) {
        QStringList fields{csvField(row.label)};
        for (double v : row.componentPj)
            fields << number(v);
        fields << number(row.totalPj());
        text += fields.join(',') + '\n';
    }
    return text;
}

QString toCsv(const ReloadVsBatchData& data)
{
    QString text = "batch,weight replacement (pJ per inference),MVM (pJ per inference),"
                   "replacement / MVM (ratio)\n";
    for (const auto& p : data.points) {
        text += QStringList{QString::number(p.batch), number(p.replacementPj), number(p.mvmPj),
                            number(p.ratio())}
                    .join(',') +
                '\n';
    }
    return text;
}

QString toCsv(const RunComparisonData& data)
{
    QString text = "run,throughput (inferences/s),energy per inference (pJ),EDP (pJ·s),"
                   "latency per batch (ns),partitions,runtime (ms),cancelled,configuration";
    const bool normalised = data.isNormalised(RunComparisonData::Metric::All);
    if (normalised)
        text += ",throughput (x baseline),energy (x baseline),EDP (x baseline)";
    text += '\n';
    for (std::size_t i = 0; i < data.runs.size(); ++i) {
        const auto& r = data.runs[i];
        QStringList fields{
            csvField(r.label),   number(r.throughputIps),     number(r.energyPerInferencePj),
            number(r.edpPjS),    number(r.latencyPerBatchNs), QString::number(r.partitions),
            number(r.runtimeMs), r.cancelled ? "1" : "0",     csvField(r.configuration)};
        if (normalised) {
            fields << number(data.value(i, RunComparisonData::Metric::Throughput))
                   << number(data.value(i, RunComparisonData::Metric::Energy))
                   << number(data.value(i, RunComparisonData::Metric::Edp));
        }
        text += fields.join(',') + '\n';
    }
    return text;
}

QString toCsv(const BatchSweepData& data)
{
    QString text = "method,batch,throughput (inferences/s),EDP (pJ·s),energy per inference (pJ)\n";
    for (const auto& s : data.series) {
        for (const auto& p : s.points) {
            text +=
                QStringList{csvField(s.label), QString::number(p.batch), number(p.throughputIps),
                            number(p.edpPjS), number(p.energyPerInferencePj)}
                    .join(',') +
                '\n';
        }
    }
    return text;
}

QString toCsv(const ParetoData& data)
{
    QString text = "kind,label,latency per batch (ns),energy per inference (pJ)\n";
    auto rows = [&](const char* kind, const std::vector<ParetoData::Point>& points) {
        for (const auto& p : points) {
            text += QStringList{kind, csvField(p.label), number(p.latencyPerBatchNs),
                                number(p.energyPerInferencePj)}
                        .join(',') +
                    '\n';
        }
    };
    rows("run", data.runs);
    rows("front", data.front);
    return text;
}

QString toCsv(const ConvergenceData& data)
{
    const char* unit = data.objective == Objective::Latency  ? "ns per batch"
                       : data.objective == Objective::Energy ? "pJ per inference"
                                                             : "pJ·s";
    QString text = QStringLiteral("generation,best (%1),mean (%1),min partitions,max partitions,"
                                  "mean partitions\n")
                       .arg(QString::fromUtf8(unit));
    for (const auto& g : data.generations) {
        text += QStringList{QString::number(g.generation),
                            number(g.best),
                            number(g.mean),
                            QString::number(g.minPartitions),
                            QString::number(g.maxPartitions),
                            number(g.meanPartitions)}
                    .join(',') +
                '\n';
    }
    return text;
}

// ---- JSON ------------------------------------------------------------------------------------

QJsonObject toJson(const PartitionLatencyData& data)
{
    static constexpr std::array<const char*, PartitionLatencyData::PartCount> keys = {
        "weight_load_ns", "crossbar_write_ns", "activation_io_ns", "compute_ns", "bus_ns"};
    QJsonArray rows;
    for (const auto& row : data.partitions) {
        QJsonObject o;
        for (std::size_t p = 0; p < keys.size(); ++p)
            o[keys[p]] = row.partNs[p];
        o["total_ns"] = row.totalNs();
        rows.append(o);
    }
    return {{"kind", "partition-latency"},
            {"subtitle", data.subtitle},
            {"batch", static_cast<qint64>(data.batch)},
            {"latency_per", "batch"},
            {"bottleneck", data.bottleneck},
            {"partitions", rows}};
}

QJsonObject toJson(const EnergyBreakdownData& data)
{
    static constexpr std::array<const char*, EnergyBreakdownData::ComponentCount> keys = {
        "mvm_pj",
        "vfu_pj",
        "local_memory_pj",
        "bus_pj",
        "crossbar_write_pj",
        "dram_weight_pj",
        "dram_activation_pj",
        "dram_background_pj",
        "control_pj",
        "static_pj"};
    QJsonArray rows;
    for (const auto& row : data.rows) {
        QJsonObject o{{"label", row.label}};
        for (std::size_t c = 0; c < keys.size(); ++c)
            o[keys[c]] = row.componentPj[c];
        o["total_pj"] = row.totalPj();
        rows.append(o);
    }
    return {{"kind", "energy-breakdown"},
            {"subtitle", data.subtitle},
            {"energy_per", "inference"},
            {"runs", rows}};
}

QJsonObject toJson(const ReloadVsBatchData& data)
{
    QJsonArray points;
    for (const auto& p : data.points) {
        points.append(QJsonObject{{"batch", static_cast<qint64>(p.batch)},
                                  {"replacement_pj_per_inference", p.replacementPj},
                                  {"mvm_pj_per_inference", p.mvmPj},
                                  {"ratio", p.ratio()}});
    }
    return {{"kind", "reload-vs-batch"}, {"subtitle", data.subtitle}, {"points", points}};
}

QJsonObject toJson(const RunComparisonData& data)
{
    QJsonArray runs;
    for (const auto& r : data.runs) {
        runs.append(QJsonObject{{"label", r.label},
                                {"throughput_ips", r.throughputIps},
                                {"energy_per_inference_pj", r.energyPerInferencePj},
                                {"edp_pj_s", r.edpPjS},
                                {"latency_per_batch_ns", r.latencyPerBatchNs},
                                {"partitions", r.partitions},
                                {"runtime_ms", r.runtimeMs},
                                {"cancelled", r.cancelled},
                                {"configuration", r.configuration}});
    }
    return {{"kind", "compare-methods"},
            {"subtitle", data.subtitle},
            {"baseline", data.baseline},
            {"runs", runs}};
}

QJsonObject toJson(const BatchSweepData& data)
{
    QJsonArray series;
    for (const auto& s : data.series) {
        QJsonArray points;
        for (const auto& p : s.points) {
            points.append(QJsonObject{{"batch", static_cast<qint64>(p.batch)},
                                      {"throughput_ips", p.throughputIps},
                                      {"edp_pj_s", p.edpPjS},
                                      {"energy_per_inference_pj", p.energyPerInferencePj}});
        }
        series.append(QJsonObject{{"label", s.label}, {"points", points}});
    }
    return {{"kind", "batch-sweep"}, {"subtitle", data.subtitle}, {"series", series}};
}

QJsonObject toJson(const ParetoData& data)
{
    auto points = [](const std::vector<ParetoData::Point>& list) {
        QJsonArray a;
        for (const auto& p : list) {
            a.append(QJsonObject{{"label", p.label},
                                 {"latency_per_batch_ns", p.latencyPerBatchNs},
                                 {"energy_per_inference_pj", p.energyPerInferencePj}});
        }
        return a;
    };
    return {{"kind", "pareto"},
            {"subtitle", data.subtitle},
            {"runs", points(data.runs)},
            {"front", points(data.front)}};
}

QJsonObject toJson(const ConvergenceData& data)
{
    QJsonArray generations;
    for (const auto& g : data.generations) {
        generations.append(QJsonObject{{"generation", g.generation},
                                       {"best", g.best},
                                       {"mean", g.mean},
                                       {"min_partitions", g.minPartitions},
                                       {"max_partitions", g.maxPartitions},
                                       {"mean_partitions", g.meanPartitions}});
    }
    return {{"kind", "convergence"},
            {"subtitle", data.subtitle},
            {"objective", QString::fromLatin1(objectiveName(data.objective))},
            {"generations", generations}};
}

} // namespace compass::ui
