// SPDX-License-Identifier: MIT
#include "report/plan_report_json.h"

#include "core/search/search_options_json.h"
#include "core/support/diagnostics.h"

#include <QJsonArray>

#include <array>
#include <cmath>

namespace compass {

namespace {

/// A number, or null when it is not finite (a figure a stored run does not keep).
QJsonValue finite(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonArray cutsJson(const std::vector<std::int32_t>& cuts)
{
    QJsonArray array;
    for (std::int32_t c : cuts)
        array.append(c);
    return array;
}

QJsonObject planJson(const PlanReport& r)
{
    QJsonObject plan{{"cuts", cutsJson(r.plan.innerCuts())},
                     {"partitions", r.plan.partitionCount()},
                     {"units", r.unitCount()},
                     {"valid", r.cost.valid}};
    if (!r.cost.valid && r.cost.firstInvalidPartition >= 0)
        plan["first_invalid_partition"] = r.cost.firstInvalidPartition;
    return plan;
}

QJsonObject wearJson(const PlanReport& report)
{
    const PlanWear wear = planWear(report.cost, report.enduranceWrites);
    // Unlimited endurance or nothing written: no finite lifetime, null.
    return {{"writes_per_cell_per_inference", wear.writesPerCellPerInference},
            {"endurance_writes", report.enduranceWrites},
            {"lifetime_s", std::isfinite(wear.lifetimeS) ? QJsonValue(wear.lifetimeS)
                                                         : QJsonValue(QJsonValue::Null)}};
}

QJsonObject metricsJson(const PlanCost& cost)
{
    return {{"batch", static_cast<qint64>(cost.batchSize)},
            {"latency_per_batch_ns", cost.latencyPerBatchNs},
            {"throughput_ips", cost.throughputIps},
            {"energy_per_inference_pj", cost.energyPerInferencePj},
            {"edp_pj_s", cost.edpPjS},
            {"dram_weight_bytes", cost.dramWeightBytes},
            {"dram_activation_bytes", cost.dramActivationBytes},
            {"written_bits", cost.writtenBits},
            {"weight_load_hidden_ns", cost.weightLoadHiddenNs},
            {"core_utilization", cost.coreUtilization},
            {"crossbar_utilization", cost.crossbarUtilization},
            {"latency_ns", latencyPartsJson(cost.latency)},
            {"energy_per_batch_pj", energyPartsJson(cost.energy)}};
}

QJsonObject searchJson(const SearchReport& s)
{
    QJsonObject options = searchOptionsToJson(s.options, SearchOptionsScope::All);
    // method, objective and seed are the section's own keys; options holds the rest.
    const QJsonValue seed = options.take("seed");
    options.remove("method");
    options.remove("objective");
    QJsonObject search{{"method", searchMethodName(s.options.method)},
                       {"objective", objectiveName(s.options.objective)},
                       {"seed", seed},
                       {"options", options},
                       {"objective_value", finite(s.objectiveValue)},
                       {"runtime_ms", s.runtimeMs},
                       {"cancelled", s.cancelled}};
    if (s.spanEvaluations)
        search["span_evaluations"] = static_cast<qint64>(*s.spanEvaluations);
    if (!s.convergence.empty()) {
        QJsonArray history;
        for (const GenerationStats& g : s.convergence) {
            history.append(QJsonObject{{"generation", g.generation},
                                       {"best", finite(g.best)},
                                       {"mean", finite(g.mean)},
                                       {"min_partitions", g.minPartitions},
                                       {"max_partitions", g.maxPartitions},
                                       {"mean_partitions", finite(g.meanPartitions)}});
        }
        search["convergence"] = history;
    }
    if (!s.paretoFront.empty()) {
        QJsonArray front;
        for (const ParetoPoint& p : s.paretoFront) {
            std::vector<std::int32_t> inner;
            for (std::size_t i = 1; i + 1 < p.cuts.size(); ++i)
                inner.push_back(p.cuts[i]);
            front.append(QJsonObject{{"latency_per_batch_ns", p.latencyPerBatchNs},
                                     {"energy_per_inference_pj", p.energyPerInferencePj},
                                     {"cuts", cutsJson(inner)}});
        }
        search["pareto_front"] = front;
    }
    return search;
}

QJsonObject eventJson(const EventReport& e)
{
    const EventSimResult& r = e.result;
    QJsonArray parts;
    for (std::size_t i = 0; i < r.partitionLatencyNs.size(); ++i) {
        const UnitSpan span = i < e.partitionSpans.size() ? e.partitionSpans[i] : UnitSpan{};
        parts.append(QJsonObject{{"latency_ns", r.partitionLatencyNs[i]},
                                 {"end_ns", r.partitionEndNs[i]},
                                 {"first_unit", span.begin},
                                 {"end_unit", span.end}});
    }
    QJsonArray cores;
    for (const CoreTimeline& c : r.cores) {
        QJsonObject busy;
        for (std::size_t k = 0; k < kOpcodeCount; ++k) {
            if (c.busyNs[k] > 0.0)
                busy[opcodeName(static_cast<Opcode>(k))] = c.busyNs[k];
        }
        cores.append(
            QJsonObject{{"busy_ns", busy}, {"active_ns", c.activeNs}, {"idle_ns", c.idleNs}});
    }
    return {{"batch", static_cast<qint64>(r.batchSize)},
            {"latency_per_batch_ns", r.latencyPerBatchNs},
            {"throughput_ips", r.throughputIps},
            {"energy_per_inference_pj", r.energyPerInferencePj},
            {"energy_per_batch_pj", energyPartsJson(r.energy)},
            {"dram_weight_bytes", r.dramWeightBytes},
            {"dram_activation_bytes", r.dramActivationBytes},
            {"dram_spill_bytes", r.dramSpillBytes},
            {"bus_bytes", r.busBytes},
            {"dram_utilization", r.dramUtilization},
            {"bus_utilization", r.busUtilization},
            {"crossbar_utilization", r.crossbarUtilization},
            {"instructions", static_cast<qint64>(r.instructions)},
            {"partitions", parts},
            {"cores", cores}};
}

// ---- reading ------------------------------------------------------------------------------

/// Reads JSON fields into values and reports the first problem of each field by its path.
class JsonReader
{
public:
    JsonReader(DiagnosticSink& diagnostics, const SourceLocation& where)
        : m_diagnostics(diagnostics)
        , m_where(where)
    {}

    bool ok() const { return m_ok; }

    void error(const std::string& path, const std::string& message)
    {
        SourceLocation location = m_where;
        location.path = path;
        m_diagnostics.error(message, location);
        m_ok = false;
    }

    /// A number at `key`; absent keeps `value`, null reads as NaN (a stored NaN).
    void number(const QJsonObject& o, const char* key, const std::string& path, double& value)
    {
        if (!o.contains(key))
            return;
        const QJsonValue v = o.value(key);
        if (v.isNull()) {
            value = std::nan("");
            return;
        }
        if (!v.isDouble()) {
            error(path + key, "must be a number");
            return;
        }
        value = v.toDouble();
    }

    template <typename Int>
    void integer(const QJsonObject& o, const char* key, const std::string& path, Int& value)
    {
        if (!o.contains(key))
            return;
        const QJsonValue v = o.value(key);
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble())) {
            error(path + key, "must be a whole number");
            return;
        }
        value = static_cast<Int>(v.toInteger());
    }

    void boolean(const QJsonObject& o, const char* key, const std::string& path, bool& value)
    {
        if (!o.contains(key))
            return;
        if (!o.value(key).isBool()) {
            error(path + key, "must be true or false");
            return;
        }
        value = o.value(key).toBool();
    }

    QJsonObject object(const QJsonObject& o, const char* key, const std::string& path)
    {
        if (o.contains(key) && !o.value(key).isObject())
            error(path + key, "must be an object");
        return o.value(key).toObject();
    }

    QJsonArray array(const QJsonObject& o, const char* key, const std::string& path, bool required)
    {
        if (!o.contains(key)) {
            if (required)
                error(path + key, "is required");
            return {};
        }
        if (!o.value(key).isArray())
            error(path + key, "must be an array");
        return o.value(key).toArray();
    }

    void latency(const QJsonObject& o, const std::string& path, LatencyParts& l)
    {
        number(o, "weight_load", path, l.weightLoadNs);
        number(o, "crossbar_write", path, l.crossbarWriteNs);
        number(o, "activation_load", path, l.activationLoadNs);
        number(o, "compute", path, l.computeNs);
        number(o, "bus", path, l.busNs);
        number(o, "activation_store", path, l.activationStoreNs);
    }

    void energy(const QJsonObject& o, const std::string& path, EnergyParts& e)
    {
        number(o, "mvm", path, e.mvmPj);
        number(o, "vfu", path, e.vfuPj);
        number(o, "local_memory", path, e.localMemoryPj);
        number(o, "bus", path, e.busPj);
        number(o, "crossbar_write", path, e.crossbarWritePj);
        number(o, "dram_weights", path, e.dramWeightPj);
        number(o, "dram_activations", path, e.dramActivationPj);
        number(o, "dram_background", path, e.dramBackgroundPj);
        number(o, "control", path, e.controlPj);
        number(o, "static", path, e.staticPj);
    }

private:
    DiagnosticSink& m_diagnostics;
    SourceLocation m_where;
    bool m_ok = true;
};

std::optional<PackingFailure> parsePackingFailure(const QString& name)
{
    for (PackingFailure f : {PackingFailure::None, PackingFailure::CrossbarCount,
                             PackingFailure::CoreCount, PackingFailure::Packing}) {
        if (name == QLatin1String(packingFailureName(f)))
            return f;
    }
    return std::nullopt;
}

void readPartition(JsonReader& in, const QJsonObject& o, const std::string& path, PartitionCost& p,
                   PartitionLayers& names)
{
    in.integer(o, "first_unit", path, p.span.begin);
    in.integer(o, "end_unit", path, p.span.end);
    in.boolean(o, "valid", path, p.valid);
    if (o.contains("failure")) {
        const auto failure = parsePackingFailure(o.value("failure").toString());
        if (!failure)
            in.error(path + "failure",
                     "unknown failure '" + o.value("failure").toString().toStdString() + "'");
        else
            p.failure = *failure;
    }
    in.latency(in.object(o, "latency_ns", path), path + "latency_ns.", p.latency);
    in.energy(in.object(o, "energy_pj", path), path + "energy_pj.", p.energy);
    in.integer(o, "cores_used", path, p.coresUsed);
    in.integer(o, "crossbars_used", path, p.crossbarsUsed);
    in.number(o, "dram_weight_bytes", path, p.dramWeightBytes);
    in.number(o, "dram_activation_bytes", path, p.dramActivationBytes);
    in.number(o, "written_bits", path, p.writtenBits);
    in.number(o, "weight_load_hidden_ns", path, p.weightLoadHiddenNs);
    for (const QJsonValue& layer : in.array(o, "layers", path, false))
        names.layers.push_back(layer.toString().toStdString());
    const QJsonObject replication = in.object(o, "replication", path);
    for (auto it = replication.begin(); it != replication.end(); ++it)
        names.replication.emplace_back(it.key().toStdString(), it.value().toInt(1));
}

void readMetrics(JsonReader& in, const QJsonObject& m, PlanCost& c)
{
    // Totals a stored run does not keep are the sums over its partitions (as the estimator
    // aggregates them).
    for (const PartitionCost& p : c.partitions) {
        c.latency += p.latency;
        c.energy += p.energy;
    }
    const std::string path = "metrics.";
    in.integer(m, "batch", path, c.batchSize);
    in.number(m, "latency_per_batch_ns", path, c.latencyPerBatchNs);
    in.number(m, "throughput_ips", path, c.throughputIps);
    in.number(m, "energy_per_inference_pj", path, c.energyPerInferencePj);
    in.number(m, "edp_pj_s", path, c.edpPjS);
    in.number(m, "dram_weight_bytes", path, c.dramWeightBytes);
    in.number(m, "dram_activation_bytes", path, c.dramActivationBytes);
    in.number(m, "written_bits", path, c.writtenBits);
    in.number(m, "weight_load_hidden_ns", path, c.weightLoadHiddenNs);
    in.number(m, "core_utilization", path, c.coreUtilization);
    in.number(m, "crossbar_utilization", path, c.crossbarUtilization);
    if (m.contains("latency_ns")) {
        c.latency = {};
        in.latency(in.object(m, "latency_ns", path), path + "latency_ns.", c.latency);
    }
    if (m.contains("energy_per_batch_pj")) {
        c.energy = {};
        in.energy(in.object(m, "energy_per_batch_pj", path), path + "energy_per_batch_pj.",
                  c.energy);
    }
}

std::optional<SearchReport> readSearch(JsonReader& in, const QJsonObject& s,
                                       DiagnosticSink& diagnostics, const SourceLocation& where)
{
    SearchReport search;
    QJsonObject options = in.object(s, "options", "search.");
    for (const char* key : {"method", "objective", "seed"}) {
        if (s.contains(key))
            options[key] = s.value(key);
    }
    SourceLocation at = where;
    at.path = "search";
    if (!readSearchOptionsJson(options, search.options, diagnostics, at))
        return std::nullopt;
    const std::string path = "search.";
    in.number(s, "objective_value", path, search.objectiveValue);
    in.number(s, "runtime_ms", path, search.runtimeMs);
    in.boolean(s, "cancelled", path, search.cancelled);
    if (s.contains("span_evaluations")) {
        std::int64_t evaluations = 0;
        in.integer(s, "span_evaluations", path, evaluations);
        search.spanEvaluations = evaluations;
    }
    const QJsonArray history = in.array(s, "convergence", path, false);
    for (qsizetype i = 0; i < history.size(); ++i) {
        const QJsonObject g = history[i].toObject();
        const std::string p = path + "convergence[" + std::to_string(i) + "].";
        GenerationStats stats;
        in.integer(g, "generation", p, stats.generation);
        in.number(g, "best", p, stats.best);
        in.number(g, "mean", p, stats.mean);
        in.integer(g, "min_partitions", p, stats.minPartitions);
        in.integer(g, "max_partitions", p, stats.maxPartitions);
        in.number(g, "mean_partitions", p, stats.meanPartitions);
        search.convergence.push_back(stats);
    }
    const QJsonArray front = in.array(s, "pareto_front", path, false);
    for (qsizetype i = 0; i < front.size(); ++i) {
        const QJsonObject f = front[i].toObject();
        const std::string p = path + "pareto_front[" + std::to_string(i) + "].";
        ParetoPoint point;
        in.number(f, "latency_per_batch_ns", p, point.latencyPerBatchNs);
        in.number(f, "energy_per_inference_pj", p, point.energyPerInferencePj);
        point.cuts.push_back(0);
        for (const QJsonValue& c : in.array(f, "cuts", p, false))
            point.cuts.push_back(c.toInt());
        search.paretoFront.push_back(std::move(point));
    }
    return search;
}

} // namespace

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
            {"dram_background", e.dramBackgroundPj},
            {"control", e.controlPj},
            {"static", e.staticPj},
            {"total", e.totalPj()}};
}

QJsonArray partitionsJson(const PlanReport& report)
{
    QJsonArray partitions;
    for (std::size_t i = 0; i < report.cost.partitions.size(); ++i) {
        const PartitionCost& p = report.cost.partitions[i];
        const PartitionLayers& names = report.layers[i];
        QJsonArray layers;
        for (const std::string& name : names.layers)
            layers.append(QString::fromStdString(name));
        QJsonObject replication;
        for (const auto& [layer, factor] : names.replication)
            replication[QString::fromStdString(layer)] = factor;
        QJsonObject part{{"first_unit", p.span.begin},
                         {"end_unit", p.span.end},
                         {"layers", layers},
                         {"valid", p.valid},
                         {"latency_ns", latencyPartsJson(p.latency)},
                         {"energy_pj", energyPartsJson(p.energy)},
                         {"replication", replication},
                         {"cores_used", static_cast<qint64>(p.coresUsed)},
                         {"crossbars_used", static_cast<qint64>(p.crossbarsUsed)},
                         {"dram_weight_bytes", p.dramWeightBytes},
                         {"dram_activation_bytes", p.dramActivationBytes},
                         {"written_bits", p.writtenBits},
                         {"weight_load_hidden_ns", p.weightLoadHiddenNs}};
        if (!p.valid)
            part["failure"] = QString::fromLatin1(packingFailureName(p.failure));
        partitions.append(part);
    }
    return partitions;
}

QJsonObject planReportToJson(const PlanReport& report)
{
    QJsonObject metrics = metricsJson(report.cost);
    metrics["wear"] = wearJson(report);
    QJsonObject root{
        {"plan", planJson(report)}, {"metrics", metrics}, {"partitions", partitionsJson(report)}};
    if (!report.model.empty())
        root["model"] = QString::fromStdString(report.model);
    if (!report.arch.empty())
        root["arch"] = QString::fromStdString(report.arch);
    if (report.search)
        root["search"] = searchJson(*report.search);
    if (report.event)
        root["event"] = eventJson(*report.event);
    return root;
}

std::optional<PlanReport> planReportFromJson(const QJsonObject& json, DiagnosticSink& diagnostics,
                                             const SourceLocation& where)
{
    JsonReader in(diagnostics, where);
    PlanReport report;
    report.model = json.value("model").toString().toStdString();
    report.arch = json.value("arch").toString().toStdString();

    const QJsonArray partitions = in.array(json, "partitions", "", true);
    for (qsizetype i = 0; i < partitions.size(); ++i) {
        PartitionCost cost;
        PartitionLayers names;
        readPartition(in, partitions[i].toObject(), "partitions[" + std::to_string(i) + "].", cost,
                      names);
        report.cost.partitions.push_back(std::move(cost));
        report.layers.push_back(std::move(names));
    }

    const QJsonObject plan = in.object(json, "plan", "");
    std::vector<std::int32_t> cuts;
    for (const QJsonValue& c : in.array(plan, "cuts", "plan.", true)) {
        if (!c.isDouble())
            in.error("plan.cuts", "must be a list of unit indices");
        cuts.push_back(c.toInt());
    }
    std::int32_t units =
        report.cost.partitions.empty() ? 0 : report.cost.partitions.back().span.end;
    in.integer(plan, "units", "plan.", units);
    report.plan = Plan::fromInnerCuts(cuts, units);
    if (report.plan.partitionCount() != static_cast<std::int32_t>(partitions.size()))
        in.error("partitions", "has " + std::to_string(partitions.size()) + " rows for a plan of " +
                                   std::to_string(report.plan.partitionCount()) + " partitions");

    for (std::size_t i = 0; i < report.cost.partitions.size(); ++i) {
        if (!report.cost.partitions[i].valid && report.cost.firstInvalidPartition < 0)
            report.cost.firstInvalidPartition = static_cast<std::int32_t>(i);
    }
    report.cost.valid = report.cost.firstInvalidPartition < 0;
    in.boolean(plan, "valid", "plan.", report.cost.valid);
    const QJsonObject metrics = in.object(json, "metrics", "");
    readMetrics(in, metrics, report.cost);
    // The worst cell's writes per batch: one per partition that writes weights, unless the
    // report says otherwise.
    for (const PartitionCost& p : report.cost.partitions)
        report.cost.worstCellWritesPerBatch += p.writtenBits > 0.0 ? 1.0 : 0.0;
    if (metrics.contains("wear")) {
        const QJsonObject wear = in.object(metrics, "wear", "metrics.");
        double perInference = std::nan("");
        in.number(wear, "writes_per_cell_per_inference", "metrics.wear.", perInference);
        if (std::isfinite(perInference))
            report.cost.worstCellWritesPerBatch =
                perInference * static_cast<double>(report.cost.batchSize);
        in.number(wear, "endurance_writes", "metrics.wear.", report.enduranceWrites);
    }

    if (json.contains("search")) {
        report.search = readSearch(in, in.object(json, "search", ""), diagnostics, where);
        if (!report.search)
            return std::nullopt;
    }
    if (!in.ok())
        return std::nullopt;
    return report;
}

} // namespace compass
