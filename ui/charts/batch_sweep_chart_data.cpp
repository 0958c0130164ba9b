// SPDX-License-Identifier: MIT
#include "batch_sweep_chart_data.h"

#include "core/search/objective.h"
#include "core/search/partition_search.h"
#include "jobs/run_jobs.h"

#include <algorithm>

namespace compass::ui {

BatchSweepData batchSweepData(const jobs::BatchSweepResult& result)
{
    const jobs::RunProblem& problem = result.request.problem;
    BatchSweepData data;
    data.subtitle = QStringLiteral("%1 on %2, objective %3")
                        .arg(problem.modelName, problem.archName(),
                             QString::fromLatin1(objectiveName(result.request.base.objective)));
    for (SearchMethod m : result.request.methods) {
        BatchSweepData::Series series{QString::fromLatin1(searchMethodName(m)), {}};
        for (const jobs::BatchSweepResult::Point& p : result.points) {
            if (p.method == m)
                series.points.push_back(
                    {p.batch, p.cost.throughputIps, p.cost.edpPjS, p.cost.energyPerInferencePj});
        }
        data.series.push_back(std::move(series));
    }
    return data;
}

QString batchSweepConfiguration(const jobs::BatchSweepResult& result)
{
    const jobs::RunProblem& problem = result.request.problem;
    const auto& batches = result.request.batches;
    const auto [lo, hi] = std::minmax_element(batches.begin(), batches.end());
    const QString range = batches.empty() ? QString()
                          : *lo == *hi    ? QStringLiteral(", batch %1").arg(*lo)
                                          : QStringLiteral(", batches %1-%2").arg(*lo).arg(*hi);
    return QStringLiteral("%1 on %2%3").arg(problem.modelName, problem.chipSummary(), range);
}

ReloadVsBatchData reloadVsBatchData(const jobs::BatchSweepResult& result)
{
    const jobs::RunProblem& problem = result.request.problem;
    ReloadVsBatchData data;
    data.subtitle = QStringLiteral("%1 on %2, %3 plans (%4)")
                        .arg(problem.modelName, problem.archName(),
                             QString::fromLatin1(searchMethodName(result.request.reloadMethod)),
                             QString::fromLatin1(objectiveName(result.request.base.objective)));
    for (const jobs::BatchSweepResult::Point& p : result.points) {
        if (p.method == result.request.reloadMethod)
            data.points.push_back(reloadVsBatchPoint(p.cost));
    }
    return data;
}

} // namespace compass::ui
