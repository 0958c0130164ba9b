// SPDX-License-Identifier: MIT
#include "run_recording.h"

#include "app/version.h"
#include "core/arch/arch_json.h"
#include "core/onnx/onnx_importer.h"
#include "core/search/partition_search.h"
#include "core/support/resource_paths.h"
#include "sim/estimator.h"
#include "store/recording/plan_report_json.h"
#include "store/run_hashes.h"
#include "store/run_store.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace compass {

namespace {

std::string compactJson(const QJsonValue& value)
{
    const QByteArray text = value.isArray()
                                ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return text.toStdString();
}

/// Reads an integer field of the stored options; reports the field when it is not one.
bool readOption(const QJsonObject& options, const char* key, std::int32_t& value,
                DiagnosticSink& diagnostics, const std::string& runName)
{
    if (!options.contains(key))
        return true;
    const QJsonValue v = options.value(key);
    if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 1e9) {
        diagnostics.error(std::string("stored options: '") + key + "' is not a count",
                          {runName, {}, std::string("options.") + key, -1});
        return false;
    }
    value = static_cast<std::int32_t>(v.toInt());
    return true;
}

} // namespace

std::optional<ModelIdentity> identifyModel(const QString& model, DiagnosticSink& diagnostics)
{
    const std::optional<std::filesystem::path> path = resolveModelPath(model.toStdString());
    if (!path) {
        diagnostics.error("no such file, and no bundled network of that name",
                          {model.toStdString(), {}, {}, -1});
        return std::nullopt;
    }
    const QString absolute = QFileInfo(QString::fromStdString(path->string())).absoluteFilePath();
    const std::optional<std::string> sha = fileSha256Hex(absolute, diagnostics);
    if (!sha)
        return std::nullopt;
    return ModelIdentity{QFileInfo(absolute).completeBaseName().toStdString(),
                         absolute.toStdString(), *sha};
}

std::string runOptionsJson(const RunMethod& method)
{
    QJsonObject options{{"replicate", method.replicate}};
    if (method.search && method.search->method == SearchMethod::Genetic) {
        const GeneticOptions& g = method.search->genetic;
        options["population"] = g.population;
        options["generations"] = g.generations;
        options["elite"] = g.elite;
        options["patience"] = g.patience;
    }
    return compactJson(options);
}

RunRecord makeRunRecord(const ModelIdentity& model, const Estimator& estimator,
                        const RunMethod& method, const RunOutcome& outcome)
{
    RunRecord r;
    r.createdAt = QDateTime::currentDateTimeUtc();
    r.appVersion = std::string(COMPASS_VERSION) + " (" + COMPASS_GIT_COMMIT + ")";
    r.modelName = model.name;
    r.modelPath = model.path;
    r.modelSha256 = model.sha256;
    r.archName = estimator.arch().name;
    r.archJson = archSpecToJson(estimator.arch());
    r.archHash = archSpecHash(r.archJson);
    r.batch = estimator.batchSize();
    if (method.search) {
        r.method = searchMethodName(method.search->method);
        r.objective = objectiveName(method.search->objective);
        r.seed = method.search->method == SearchMethod::Genetic ? method.search->seed : 0;
    } else {
        r.method = "manual";
    }
    r.optionsJson = runOptionsJson(method);
    r.engine = method.engine;
    for (std::int32_t c : outcome.plan.innerCuts())
        r.cuts.push_back(c);

    const PlanCost& c = outcome.cost;
    r.metrics = {{metric::kLatencyPerBatchNs, c.latencyPerBatchNs},
                 {metric::kThroughputIps, c.throughputIps},
                 {metric::kEnergyPerInferencePj, c.energyPerInferencePj},
                 {metric::kEdpPjS, c.edpPjS},
                 {metric::kDramWeightBytes, c.dramWeightBytes},
                 {metric::kDramActivationBytes, c.dramActivationBytes},
                 {metric::kWrittenBits, c.writtenBits},
                 {metric::kCoreUtilization, c.coreUtilization},
                 {"crossbar_utilization", c.crossbarUtilization}};
    if (method.search)
        r.metrics["objective_value"] = outcome.objectiveValue;

    const QJsonObject report = planReportJson(estimator.units(), outcome.plan, c);
    r.partitionsJson = compactJson(report.value("partitions"));
    for (const GenerationStats& g : outcome.convergence) {
        r.convergence.push_back({g.generation, g.best, g.mean, g.minPartitions, g.maxPartitions});
    }
    r.runtimeMs = outcome.runtimeMs;
    r.status = outcome.cancelled ? RunStatus::Cancelled
               : c.valid         ? RunStatus::Complete
                                 : RunStatus::Failed;
    return r;
}

RunOutcome evaluateRun(const Estimator& estimator, const RunMethod& method,
                       const std::vector<std::int32_t>& manualCuts, const SearchControl& control)
{
    RunOutcome outcome;
    if (method.search) {
        const SearchProblem problem{estimator.units(), estimator.validity(), estimator};
        SearchResult result = runPartitionSearch(problem, *method.search, control);
        outcome.plan = std::move(result.plan);
        outcome.cost = std::move(result.cost);
        outcome.convergence = std::move(result.convergence);
        outcome.objectiveValue = result.objectiveValue;
        outcome.runtimeMs = result.runtimeMs;
        outcome.cancelled = result.cancelled;
        return outcome;
    }
    QElapsedTimer timer;
    timer.start();
    outcome.plan = Plan::fromInnerCuts(manualCuts, estimator.unitCount());
    outcome.cost = estimator.planCost(outcome.plan);
    outcome.runtimeMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return outcome;
}

std::optional<RunRecord> reevaluateStoredRun(const RunRecord& stored, DiagnosticSink& diagnostics)
{
    const std::string runName = "run " + std::to_string(stored.id.value);
    const QString modelPath = QString::fromStdString(stored.modelPath);
    const std::optional<std::string> sha = fileSha256Hex(modelPath, diagnostics);
    if (!sha)
        return std::nullopt;
    if (*sha != stored.modelSha256) {
        diagnostics.error("the model file changed since " + runName + " (SHA-256 " + *sha +
                              ", stored " + stored.modelSha256 + "): cannot re-evaluate",
                          {stored.modelPath, {}, {}, -1});
        return std::nullopt;
    }
    const std::optional<ArchSpec> arch =
        parseArchSpec(QByteArray::fromStdString(stored.archJson), runName + " arch", diagnostics);
    if (!arch)
        return std::nullopt;

    const QJsonDocument optionsDoc =
        QJsonDocument::fromJson(QByteArray::fromStdString(stored.optionsJson));
    if (!optionsDoc.isObject() && !stored.optionsJson.empty()) {
        diagnostics.error("stored options are not a JSON object", {runName, {}, "options", -1});
        return std::nullopt;
    }
    const QJsonObject options = optionsDoc.object();
    RunMethod method;
    method.replicate = options.value("replicate").toBool(true);
    method.engine = stored.engine;
    if (stored.engine != "estimator") {
        diagnostics.error("re-evaluation with engine '" + stored.engine + "' is not available",
                          {runName, {}, "engine", -1});
        return std::nullopt;
    }
    if (stored.method != "manual") {
        SearchOptions search;
        const auto searchMethod = parseSearchMethod(stored.method);
        const auto objective = parseObjective(stored.objective);
        if (!searchMethod || !objective) {
            diagnostics.error("unknown method '" + stored.method + "' or objective '" +
                                  stored.objective + "'",
                              {runName, {}, searchMethod ? "objective" : "method", -1});
            return std::nullopt;
        }
        search.method = *searchMethod;
        search.objective = *objective;
        search.seed = stored.seed;
        if (!readOption(options, "population", search.genetic.population, diagnostics, runName) ||
            !readOption(options, "generations", search.genetic.generations, diagnostics, runName) ||
            !readOption(options, "elite", search.genetic.elite, diagnostics, runName) ||
            !readOption(options, "patience", search.genetic.patience, diagnostics, runName))
            return std::nullopt;
        method.search = search;
    }

    std::optional<Graph> graph = importOnnxFile(stored.modelPath, diagnostics);
    if (!graph)
        return std::nullopt;
    EstimatorOptions estimatorOptions;
    estimatorOptions.batchSize = stored.batch;
    estimatorOptions.replicate = method.replicate;
    const Estimator estimator(*graph, *arch, estimatorOptions);
    std::vector<std::int32_t> cuts;
    for (std::int64_t c : stored.cuts) {
        if (c < 0 || c > estimator.unitCount()) {
            diagnostics.error("stored cut " + std::to_string(c) + " is not a unit index",
                              {runName, {}, "cuts", -1});
            return std::nullopt;
        }
        cuts.push_back(static_cast<std::int32_t>(c));
    }
    const RunOutcome outcome = evaluateRun(estimator, method, cuts);
    const ModelIdentity model{stored.modelName, stored.modelPath, *sha};
    return makeRunRecord(model, estimator, method, outcome);
}

} // namespace compass
