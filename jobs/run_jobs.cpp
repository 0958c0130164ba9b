// SPDX-License-Identifier: MIT
#include "run_jobs.h"

#include "core/arch/arch_presets.h"
#include "core/search/partition_search.h"
#include "core/support/diagnostics.h"
#include "run_storing.h"
#include "sim/estimator.h"
#include "store/run_store.h"
#include "sweep_runner.h"
#include "sweep_spec.h"

#include <algorithm>

namespace compass::jobs {

QString RunProblem::archName() const
{
    return problem ? QString::fromStdString(archVariant(problem->arch()).displayName()) : QString();
}

QString RunProblem::describe() const
{
    return describeConfiguration(modelName, archName(), batch());
}

QString RunProblem::chipSummary() const
{
    return problem ? QString::fromStdString(archVariant(problem->arch()).summary()) : QString();
}

QString RunProblem::configuration() const
{
    return describeConfiguration(modelName, chipSummary(), batch());
}

QString describeConfiguration(const QString& model, const QString& chip, std::int64_t batch)
{
    return QStringLiteral("%1 on %2, batch %3").arg(model, chip).arg(batch);
}

std::vector<SearchMethod> allSearchMethods()
{
    return {SearchMethod::Greedy, SearchMethod::Layerwise, SearchMethod::Genetic,
            SearchMethod::Exact};
}

SearchResult runSearchJob(const RunProblem& problem, const SearchOptions& options,
                          const SearchControl& control)
{
    SearchResult empty;
    empty.method = options.method;
    empty.objective = options.objective;
    empty.seed = options.seed;
    empty.cost.valid = false;
    if (!problem.isValid())
        return empty;
    const Estimator estimator(problem.problem);
    return runPartitionSearch(estimator.searchProblem(), options, control);
}

std::vector<SearchResult> runSearchJobs(const RunProblem& problem, const SearchOptions& base,
                                        const std::vector<SearchMethod>& methods,
                                        const SearchControl& control)
{
    std::vector<SearchResult> results;
    for (SearchMethod m : methods) {
        SearchOptions o = base;
        o.method = m;
        o.paretoFront = o.paretoFront && m == SearchMethod::Exact;
        results.push_back(runSearchJob(problem, o, control));
    }
    return results;
}

std::vector<std::int64_t> sweepBatchSizes()
{
    return {1, 2, 4, 8, 16, 32, 64};
}

const BatchSweepResult::Point* BatchSweepResult::find(SearchMethod method, std::int64_t batch) const
{
    for (const Point& p : points) {
        if (p.method == method && p.batch == batch)
            return &p;
    }
    return nullptr;
}

namespace {

/// The sweep whose spec is the request: one model, one chip, its batches and methods, the
/// base options' objective, seed and GA parameters.
Sweep batchSweep(const BatchSweepRequest& request, const ModelIdentity& model)
{
    SweepSpec spec;
    spec.name = QStringLiteral("batches");
    spec.models = {{model, request.problem.problem->sharedGraph()}};
    spec.archs = {SweepArch::fromSpec(request.problem.problem->arch(), QStringLiteral("explorer"))};
    spec.batches = request.batches;
    spec.methods = request.methods;
    if (std::find(spec.methods.begin(), spec.methods.end(), request.reloadMethod) ==
        spec.methods.end())
        spec.methods.push_back(request.reloadMethod);
    spec.objectives = {request.base.objective};
    spec.seeds = {request.base.seed};
    spec.genetic = request.base.genetic;
    return expandSweep(std::move(spec));
}

} // namespace

BatchSweepResult runBatchSweep(const BatchSweepRequest& request, const SearchControl& control)
{
    BatchSweepResult result;
    result.request = request;
    if (!request.problem.isValid())
        return result;

    // A stored run names its model by the file's SHA-256: without a file, nothing is stored.
    DiagnosticList diagnostics;
    ModelIdentity model{
        request.problem.modelName.toStdString(), {}, {}, request.problem.importOptions};
    std::optional<RunStore> store;
    if (!request.storePath.isEmpty() && !request.problem.modelPath.isEmpty()) {
        if (std::optional<ModelIdentity> identity = identifyModel(
                request.problem.modelPath, request.problem.importOptions, diagnostics)) {
            model = *identity;
            store = RunStore::open(request.storePath, OpenMode::ReadWrite, diagnostics);
        }
    }
    const Sweep sweep = batchSweep(request, model);

    SweepRunOptions options;
    options.jobs = 1; // one search at a time, each with the threads a single run uses
    options.searchThreads = request.base.threads;
    options.appVersion = request.appVersion;
    options.resume = false; // the charts need each plan's full cost, which runs do not keep
    SweepControl sweepControl;
    sweepControl.cancel = control.cancel;
    if (control.progress) {
        sweepControl.searchProgress = [&control, &sweep](std::size_t index,
                                                         const SearchProgress& p) {
            SearchProgress outer = p;
            outer.stage = "batch " + std::to_string(sweep.configs[index].batch) + ": " + p.stage;
            control.report(outer);
        };
    }
    sweepControl.finished = [&result, &sweep](const SweepRun& run) {
        const SweepConfig& c = sweep.configs[run.index];
        result.points.push_back({c.method.search->method, c.batch, run.result.cost,
                                 run.record.id.isValid() ? run.record.id.value : -1});
    };
    const SweepSummary summary = runSweep(sweep, sweep.allIndices(), store ? &*store : nullptr,
                                          options, sweepControl, diagnostics);

    // Batch order, then the request's method order (the order the series are drawn in).
    std::vector<SearchMethod> order = sweep.spec.methods;
    auto rank = [&order](SearchMethod m) { return std::find(order.begin(), order.end(), m); };
    std::stable_sort(result.points.begin(), result.points.end(),
                     [&rank](const BatchSweepResult::Point& a, const BatchSweepResult::Point& b) {
                         return a.batch != b.batch ? a.batch < b.batch
                                                   : rank(a.method) < rank(b.method);
                     });
    result.cancelled = summary.cancelled;
    result.stored = summary.stored;
    result.alreadyStored = summary.alreadyStored;
    if (diagnostics.hasErrors())
        result.storeError = joinedDiagnostics(diagnostics);
    control.report({1.0, result.cancelled ? "cancelled" : "done", -1, 0.0, {}});
    return result;
}

} // namespace compass::jobs
