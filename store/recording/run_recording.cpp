// SPDX-License-Identifier: MIT
#include "run_recording.h"

#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"
#include "core/pipeline/pipelines.h"
#include "core/search/partition_search.h"
#include "core/search/search_options_json.h"
#include "core/support/file_hash.h"
#include "core/support/resource_paths.h"
#include "report/plan_report_json.h"
#include "sim/estimator.h"
#include "store/run_hashes.h"
#include "store/run_json.h"
#include "store/run_store.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
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

/// Search options as runOptionsJson stores them (replicate removed). Runs stored before the
/// "ga" object kept the GA counts at the top level: they move under "ga" here.
QJsonObject storedSearchOptions(QJsonObject options)
{
    options.remove("replicate");
    QJsonObject ga = options.value("ga").toObject();
    for (const char* key : {"population", "generations", "elite", "patience"}) {
        if (options.contains(key))
            ga[key] = options.take(key);
    }
    if (!ga.isEmpty())
        options["ga"] = ga;
    return options;
}

} // namespace

std::optional<ModelIdentity> identifyModel(const QString& model,
                                           const OnnxImportOptions& importOptions,
                                           DiagnosticSink& diagnostics)
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
                         absolute.toStdString(), *sha, importOptions};
}

std::string runOptionsJson(const RunMethod& method)
{
    QJsonObject options = method.search
                              ? searchOptionsToJson(*method.search, SearchOptionsScope::PlanInputs)
                              : QJsonObject{};
    options["replicate"] = method.replicate;
    return compactJson(options);
}

std::optional<RunMethod> runMethodOfRecord(const RunRecord& run, DiagnosticSink& diagnostics)
{
    const std::string runName = "run " + std::to_string(run.id.value);
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromStdString(run.optionsJson));
    if (!document.isObject() && !run.optionsJson.empty()) {
        diagnostics.error("stored options are not a JSON object", {runName, {}, "options", -1});
        return std::nullopt;
    }
    const QJsonObject options = document.object();
    RunMethod method;
    method.engine = run.engine;
    if (options.contains("replicate") && !options.value("replicate").isBool()) {
        diagnostics.error("must be true or false", {runName, {}, "options.replicate", -1});
        return std::nullopt;
    }
    method.replicate = options.value("replicate").toBool(true);
    const std::optional<SearchMethod> searchMethod = searchMethodOf(run.method);
    if (!searchMethod)
        return method;
    if (!run.objective) {
        diagnostics.error("a search run needs an objective", {runName, {}, "objective", -1});
        return std::nullopt;
    }
    SearchOptions search;
    search.method = *searchMethod;
    search.objective = *run.objective;
    search.seed = run.seed;
    if (!readSearchOptionsJson(storedSearchOptions(options), search, diagnostics,
                               {runName, {}, "options", -1}))
        return std::nullopt;
    // The columns are what list filters and sort on: they win over a disagreeing copy.
    search.method = *searchMethod;
    search.objective = *run.objective;
    search.seed = run.seed;
    method.search = search;
    return method;
}

RunRecord makeRunRecord(const ModelIdentity& model, const MappedProblem& problem,
                        const RunMethod& method, const SearchResult& outcome,
                        const std::string& appVersion)
{
    RunRecord r;
    r.createdAt = QDateTime::currentDateTimeUtc();
    r.appVersion = appVersion;
    r.modelName = model.name;
    r.modelPath = model.path;
    r.modelSha256 = model.sha256;
    r.importOptions = model.importOptions;
    const ArchVariant variant = archVariant(problem.arch());
    r.archName = variant.displayName();
    r.archChanges = variant.changesText();
    r.archJson = archSpecToJson(problem.arch());
    r.archHash = archSpecHash(r.archJson);
    r.batch = problem.batchSize();
    if (method.search) {
        r.method = planMethodOf(method.search->method);
        r.objective = method.search->objective;
        r.seed = method.search->method == SearchMethod::Genetic ? method.search->seed : 0;
    } else {
        r.method = PlanMethod::Manual;
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

    r.partitionsJson = compactJson(partitionsJson(
        makePlanReport(problem.units(), outcome.plan, c, problem.arch().enduranceWrites)));
    for (const GenerationStats& g : outcome.convergence) {
        r.convergence.push_back({g.generation, g.best, g.mean, g.minPartitions, g.maxPartitions});
    }
    r.runtimeMs = outcome.runtimeMs;
    r.status = outcome.cancelled ? RunStatus::Cancelled
               : c.valid         ? RunStatus::Complete
                                 : RunStatus::Failed;
    return r;
}

SearchResult evaluateRun(std::shared_ptr<const MappedProblem> problem, const RunMethod& method,
                         const std::vector<std::int32_t>& manualCuts, const SearchControl& control,
                         PassInstrumentation* instrumentation)
{
    const auto estimator = std::make_shared<const Estimator>(problem);
    if (method.search) {
        // The search pass fails only in a pipeline put together wrongly, which this is not.
        DiagnosticList ignored;
        return searchPlan(std::move(problem), estimator, *method.search, ignored, instrumentation,
                          control)
            .value_or(SearchResult{});
    }
    QElapsedTimer timer;
    timer.start();
    SearchResult outcome;
    outcome.plan = Plan::fromInnerCuts(manualCuts, estimator->unitCount());
    outcome.cost = estimator->planCost(outcome.plan);
    outcome.runtimeMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return outcome;
}

std::optional<RunRecord> reevaluateStoredRun(const RunRecord& stored, const std::string& appVersion,
                                             DiagnosticSink& diagnostics,
                                             PassInstrumentation* instrumentation)
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

    const std::optional<RunMethod> method = runMethodOfRecord(stored, diagnostics);
    if (!method)
        return std::nullopt;
    if (stored.engine != RunEngine::Estimator) {
        diagnostics.error(std::string("re-evaluation with engine '") +
                              runEngineName(stored.engine) + "' is not available",
                          {runName, {}, "engine", -1});
        return std::nullopt;
    }

    std::shared_ptr<const Graph> graph =
        importModel(stored.modelPath, diagnostics, instrumentation, stored.importOptions);
    if (!graph)
        return std::nullopt;
    CostingOptions costing;
    costing.batchSize = stored.batch;
    costing.replicate = method->replicate;
    std::shared_ptr<const MappedProblem> problem =
        mapProblem(std::move(graph), *arch, costing, diagnostics, instrumentation);
    if (!problem)
        return std::nullopt;
    std::vector<std::int32_t> cuts;
    for (std::int64_t c : stored.cuts) {
        if (c < 0 || c > problem->unitCount()) {
            diagnostics.error("stored cut " + std::to_string(c) + " is not a unit index",
                              {runName, {}, "cuts", -1});
            return std::nullopt;
        }
        cuts.push_back(static_cast<std::int32_t>(c));
    }
    const SearchResult outcome = evaluateRun(problem, *method, cuts, {}, instrumentation);
    const ModelIdentity model{stored.modelName, stored.modelPath, *sha, stored.importOptions};
    return makeRunRecord(model, *problem, *method, outcome, appVersion);
}

std::optional<PlanReport> planReportOfRun(const RunRecord& run, DiagnosticSink& diagnostics)
{
    const std::string runName = "run " + std::to_string(run.id.value);
    QJsonArray cuts;
    for (std::int64_t c : run.cuts)
        cuts.append(static_cast<qint64>(c));
    QJsonObject metrics{{"batch", static_cast<qint64>(run.batch)}};
    for (const auto& [key, value] : run.metrics)
        metrics[QString::fromStdString(key)] = std::isnan(value) ? QJsonValue() : QJsonValue(value);
    const QJsonDocument partitions =
        QJsonDocument::fromJson(QByteArray::fromStdString(run.partitionsJson));
    const QJsonObject json{{"model", QString::fromStdString(run.modelName)},
                           {"arch", QString::fromStdString(run.archName)},
                           {"plan", QJsonObject{{"cuts", cuts}}},
                           {"metrics", metrics},
                           {"partitions", partitions.isArray()
                                              ? QJsonValue(partitions.array())
                                              : QJsonValue(run.partitionsJson.c_str())}};
    std::optional<PlanReport> report = planReportFromJson(json, diagnostics, {runName, {}, {}, -1});
    if (!report)
        return std::nullopt;
    // The chip stored with the run gives the endurance (absent in runs older than the field:
    // unlimited, the field's default).
    report->enduranceWrites = QJsonDocument::fromJson(QByteArray::fromStdString(run.archJson))
                                  .object()
                                  .value("crossbar")
                                  .toObject()
                                  .value("endurance_writes")
                                  .toDouble(0.0);
    const std::optional<RunMethod> method = runMethodOfRecord(run, diagnostics);
    if (!method)
        return std::nullopt;
    if (method->search) {
        SearchReport search;
        search.options = *method->search;
        search.objectiveValue = run.metricValue("objective_value").value_or(std::nan(""));
        search.runtimeMs = run.runtimeMs;
        search.cancelled = run.status == RunStatus::Cancelled;
        for (const ConvergencePoint& p : run.convergence) {
            search.convergence.push_back({static_cast<std::int32_t>(p.generation), p.best, p.mean,
                                          static_cast<std::int32_t>(p.minPartitions),
                                          static_cast<std::int32_t>(p.maxPartitions),
                                          std::nan("")}); // the store keeps no mean partition count
        }
        report->search = std::move(search);
    }
    return report;
}

QJsonObject storedRunJson(const RunRecord& run, DiagnosticSink& diagnostics)
{
    QJsonObject json = runRecordToJson(run);
    DiagnosticList problems;
    const std::optional<PlanReport> report = planReportOfRun(run, problems);
    if (!report) {
        for (const Diagnostic& d : problems.all())
            diagnostics.warning("the run is shown without its plan report: " + d.message,
                                d.location);
        return json;
    }
    const QJsonObject reportJson = planReportToJson(*report);
    QJsonObject metrics = reportJson.value("metrics").toObject();
    const QJsonObject stored = json.value("metrics").toObject();
    for (auto it = stored.begin(); it != stored.end(); ++it)
        metrics[it.key()] = it.value(); // the stored values, exactly
    json["metrics"] = metrics;
    json["plan"] = reportJson.value("plan");
    if (reportJson.contains("search"))
        json["search"] = reportJson.value("search");
    return json;
}

} // namespace compass
