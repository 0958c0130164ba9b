// SPDX-License-Identifier: MIT
#include "run_comparison_records.h"

#include "core/arch/arch_presets.h"
#include "jobs/run_jobs.h"

#include <QStringList>

#include <cmath>
#include <set>

namespace compass::ui {

namespace {

double metricOrZero(const RunRecord& run, const char* key)
{
    const std::optional<double> value = run.metricValue(key);
    return value && std::isfinite(*value) ? *value : 0.0;
}

} // namespace

RunComparisonData comparisonDataFromRuns(const std::vector<RunRecord>& runs)
{
    RunComparisonData data;
    std::set<std::string> models;
    std::set<std::string> chips;
    std::set<std::int64_t> batches;
    for (const RunRecord& run : runs) {
        RunComparisonData::Run r;
        r.label =
            run.label.empty()
                ? QStringLiteral("#%1 %2")
                      .arg(run.id.value)
                      .arg(QString::fromLatin1(planMethodName(run.method)))
                : QStringLiteral("#%1 %2").arg(run.id.value).arg(QString::fromStdString(run.label));
        r.throughputIps = metricOrZero(run, metric::kThroughputIps);
        r.energyPerInferencePj = metricOrZero(run, metric::kEnergyPerInferencePj);
        r.edpPjS = metricOrZero(run, metric::kEdpPjS);
        r.latencyPerBatchNs = metricOrZero(run, metric::kLatencyPerBatchNs);
        r.partitions = static_cast<std::int32_t>(run.cuts.size() + 1);
        r.runtimeMs = run.runtimeMs;
        r.cancelled = run.status == RunStatus::Cancelled;
        r.method = QString::fromLatin1(planMethodName(run.method));
        const std::string chip = ArchVariant::fromStored(run.archName, run.archChanges).summary();
        r.configuration = jobs::describeConfiguration(QString::fromStdString(run.modelName),
                                                      QString::fromStdString(chip), run.batch);
        data.runs.push_back(r);
        models.insert(run.modelName);
        chips.insert(chip);
        batches.insert(run.batch);
    }
    QStringList parts;
    if (models.size() == 1)
        parts << QString::fromStdString(*models.begin());
    if (chips.size() == 1)
        parts << QString::fromStdString(*chips.begin());
    if (batches.size() == 1)
        parts << QStringLiteral("batch %1").arg(*batches.begin());
    data.subtitle =
        parts.isEmpty() ? QStringLiteral("stored runs") : parts.join(QStringLiteral(", "));
    // Runs of different models or chips are not like for like: say so over the figure.
    QStringList mixed;
    if (models.size() > 1)
        mixed << QStringLiteral("%1 models").arg(models.size());
    if (chips.size() > 1)
        mixed << QStringLiteral("%1 chips").arg(chips.size());
    if (batches.size() > 1)
        mixed << QStringLiteral("%1 batch sizes").arg(batches.size());
    if (!mixed.isEmpty())
        data.subtitle +=
            QStringLiteral(" \u2014 warning: compares %1").arg(mixed.join(QStringLiteral(", ")));
    return data;
}

} // namespace compass::ui
