// SPDX-License-Identifier: MIT
#include "store/run_json.h"

#include "core/onnx/import_options_json.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace compass {
namespace {

QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonValue number(const std::optional<double>& value)
{
    return value ? number(*value) : QJsonValue(QJsonValue::Null);
}

/// Embedded JSON text as a value, or as a plain string when it does not parse.
QJsonValue embedded(const std::string& text)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text));
    if (document.isObject())
        return document.object();
    if (document.isArray())
        return document.array();
    return QString::fromStdString(text);
}

QJsonArray tagArray(const std::set<std::string>& tags)
{
    QJsonArray array;
    for (const std::string& tag : tags)
        array.append(QString::fromStdString(tag));
    return array;
}

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

/// The model's name, file and hash, and the import options in the members a project file's
/// "model" has (input_shapes, weights_from_inputs).
QJsonObject modelJson(const RunRecord& r)
{
    QJsonObject model = importOptionsToJson(r.importOptions);
    model["name"] = text(r.modelName);
    model["path"] = text(r.modelPath);
    model["sha256"] = text(r.modelSha256);
    return model;
}

} // namespace

QJsonObject runRecordToJson(const RunRecord& r)
{
    QJsonObject metrics;
    for (const auto& [key, value] : r.metrics)
        metrics.insert(text(key), number(value));
    QJsonArray cuts;
    for (std::int64_t c : r.cuts)
        cuts.append(static_cast<qint64>(c));
    QJsonArray convergence;
    for (const ConvergencePoint& p : r.convergence) {
        convergence.append(QJsonObject{{"generation", static_cast<qint64>(p.generation)},
                                       {"best", number(p.best)},
                                       {"mean", number(p.mean)},
                                       {"min_partitions", static_cast<qint64>(p.minPartitions)},
                                       {"max_partitions", static_cast<qint64>(p.maxPartitions)}});
    }
    return QJsonObject{
        {"id", r.id.value},
        {"uuid", text(r.uuid)},
        {"created_at", r.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {"label", text(r.label)},
        {"app_version", text(r.appVersion)},
        {"model", modelJson(r)},
        {"arch", QJsonObject{{"name", text(r.archName)},
                             {"changes", text(r.archChanges)},
                             {"hash", text(r.archHash)},
                             {"spec", embedded(r.archJson)}}},
        {"batch", static_cast<qint64>(r.batch)},
        {"method", planMethodName(r.method)},
        {"objective", text(objectiveText(r.objective))},
        {"options", embedded(r.optionsJson)},
        {"seed", QString::number(r.seed)},
        {"engine", runEngineName(r.engine)},
        {"cuts", cuts},
        {"metrics", metrics},
        {"partitions", embedded(r.partitionsJson)},
        {"convergence", convergence},
        {"runtime_ms", number(r.runtimeMs)},
        {"status", runStatusName(r.status)},
        {"notes", text(r.notes)},
        {"tags", tagArray(r.tags)},
    };
}

QJsonObject runSummaryToJson(const RunSummary& s)
{
    return QJsonObject{
        {"id", s.id.value},
        {"uuid", text(s.uuid)},
        {"created_at", s.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {"label", text(s.label)},
        {"model", text(s.modelName)},
        {"arch", text(s.archName)},
        {"arch_changes", text(s.archChanges)},
        {"batch", static_cast<qint64>(s.batch)},
        {"method", planMethodName(s.method)},
        {"objective", text(objectiveText(s.objective))},
        {"engine", runEngineName(s.engine)},
        {"status", runStatusName(s.status)},
        {"partitions", static_cast<qint64>(s.partitionCount)},
        {"latency_per_batch_ns", number(s.latencyPerBatchNs)},
        {"throughput_ips", number(s.throughputIps)},
        {"energy_per_inference_pj", number(s.energyPerInferencePj)},
        {"edp_pj_s", number(s.edpPjS)},
        {"runtime_ms", number(s.runtimeMs)},
        {"tags", tagArray(s.tags)},
        {"notes", text(s.notes)},
    };
}

} // namespace compass
