// SPDX-License-Identifier: MIT
#include "run_jobs.h"

#include "core/ir/graph.h"
#include "core/search/partition_search.h"
#include "sim/estimator.h"

#include <algorithm>

namespace compass::ui {

QString RunProblem::describe() const
{
    return QStringLiteral("%1 on %2, batch %3")
        .arg(modelName, QString::fromStdString(arch.name))
        .arg(batch);
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
    EstimatorOptions estimatorOptions;
    estimatorOptions.batchSize = problem.batch;
    const Estimator estimator(*problem.graph, problem.arch, estimatorOptions);
    if (estimator.unitCount() == 0)
        return empty;
    const SearchProblem search{estimator.units(), estimator.validity(), estimator};
    return runPartitionSearch(search, options, control);
}

std::vector<std::int64_t> sweepBatchSizes()
{
    return {1, 2, 4, 8, 16, 32, 64};
}

SweepResult runBatchSweep(const RunProblem& problem, const std::vector<SearchMethod>& methods,
                          const std::vector<std::int64_t>& batches, const SearchOptions& base,
                          SearchMethod reloadMethod, const SearchControl& control)
{
    SweepResult result;
    RunProblem at = problem;
    at.batch = 1;
    result.sweep.subtitle = QStringLiteral("%1 on %2, objective %3")
                                .arg(problem.modelName, QString::fromStdString(problem.arch.name),
                                     QString::fromLatin1(objectiveName(base.objective)));
    result.reload.subtitle = QStringLiteral("%1 on %2, %3 plans (%4)")
                                 .arg(problem.modelName, QString::fromStdString(problem.arch.name),
                                      QString::fromLatin1(searchMethodName(reloadMethod)),
                                      QString::fromLatin1(objectiveName(base.objective)));
    for (SearchMethod m : methods)
        result.sweep.series.push_back({QString::fromLatin1(searchMethodName(m)), {}});

    const double total = static_cast<double>(methods.size() * batches.size());
    double done = 0.0;
    for (std::int64_t batch : batches) {
        at.batch = batch;
        for (std::size_t i = 0; i < methods.size(); ++i) {
            if (control.isCancelled()) {
                result.cancelled = true;
                return result;
            }
            SearchOptions options = base;
            options.method = methods[i];
            SearchControl inner;
            inner.cancel = control.cancel;
            if (control.progress) {
                inner.progress = [&control, done, total, batch](const SearchProgress& p) {
                    SearchProgress outer = p;
                    outer.fraction = (done + p.fraction) / total;
                    outer.stage = "batch " + std::to_string(batch) + ": " + p.stage;
                    control.report(outer);
                };
            }
            const SearchResult r = runSearchJob(at, options, inner);
            result.cancelled = result.cancelled || r.cancelled;
            result.sweep.series[i].points.push_back(
                {batch, r.cost.throughputIps, r.cost.edpPjS, r.cost.energyPerInferencePj});
            if (methods[i] == reloadMethod)
                result.reload.points.push_back(reloadVsBatchPoint(r.cost));
            done += 1.0;
        }
    }
    if (std::find(methods.begin(), methods.end(), reloadMethod) == methods.end()) {
        // The reload view's method was not among the swept ones: run it on its own.
        for (std::int64_t batch : batches) {
            at.batch = batch;
            SearchOptions options = base;
            options.method = reloadMethod;
            SearchControl inner;
            inner.cancel = control.cancel;
            result.reload.points.push_back(
                reloadVsBatchPoint(runSearchJob(at, options, inner).cost));
        }
    }
    control.report({1.0, result.cancelled ? "cancelled" : "done", -1, 0.0, {}});
    return result;
}

} // namespace compass::ui
