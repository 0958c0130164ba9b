// SPDX-License-Identifier: MIT
#include "chart_report.h"

#include "chart_builders.h"
#include "core/support/units.h"

#include <QChart>
#include <QDir>

#include <algorithm>

namespace compass::ui {

namespace {

class ReportWriter
{
public:
    ReportWriter(const QString& folder, const ExportOptions& options, QString* error)
        : m_dir(folder)
        , m_options(options)
        , m_error(error)
    {}

    bool chart(const QString& base, std::unique_ptr<QChart> chart, const QString& csv,
               const QJsonObject& json)
    {
        for (const char* suffix : {".png", ".svg", ".pdf"}) {
            const QString path = m_dir.filePath(base + QLatin1String(suffix));
            if (!exportChart(*chart, path, m_options, m_error))
                return false;
            m_written << path;
        }
        return text(base + ".csv", csv) && jsonFile(base + ".json", json);
    }
    bool text(const QString& name, const QString& content)
    {
        const QString path = m_dir.filePath(name);
        if (!writeTextFile(path, content, m_error))
            return false;
        m_written << path;
        return true;
    }
    bool jsonFile(const QString& name, const QJsonObject& content)
    {
        const QString path = m_dir.filePath(name);
        if (!writeJsonFile(path, content, m_error))
            return false;
        m_written << path;
        return true;
    }
    QStringList written() const { return m_written; }

private:
    QDir m_dir;
    ExportOptions m_options;
    QString* m_error;
    QStringList m_written;
};

QString fmt(double v, int significant = 4)
{
    return units::number(v, significant);
}

} // namespace

QString comparisonSummaryMarkdown(const RunComparisonData& data, const QString& title)
{
    const bool normalised = data.isNormalised(RunComparisonData::Metric::All);
    QString md =
        QStringLiteral("# %1\n\n").arg(title.isEmpty() ? QStringLiteral("Run comparison") : title);
    if (!data.subtitle.isEmpty())
        md += data.subtitle + "\n\n";
    // One unit per column, chosen from the column's largest value as a chart axis does.
    double maxEnergy = 0.0;
    double maxLatency = 0.0;
    double maxRuntimeMs = 0.0;
    double maxEdp = 0.0;
    for (const auto& r : data.runs) {
        maxEnergy = std::max(maxEnergy, r.energyPerInferencePj);
        maxEdp = std::max(maxEdp, r.edpPjS);
        maxLatency = std::max(maxLatency, r.latencyPerBatchNs);
        maxRuntimeMs = std::max(maxRuntimeMs, r.runtimeMs);
    }
    using units::Quantity;
    const units::Scale throughput = units::scaleFor(Quantity::Throughput, 0.0);
    const units::Scale energy = units::scaleFor(Quantity::Energy, maxEnergy);
    const units::Scale edp = units::scaleFor(Quantity::Edp, maxEdp);
    const units::Scale latency = units::scaleFor(Quantity::Duration, maxLatency);
    const units::Scale runtime = units::scaleFor(Quantity::Duration, maxRuntimeMs * 1e6);
    md += QStringLiteral("| run | %1 | %2 | %3 | %4 | partitions | %5 |")
              .arg(units::titled(QStringLiteral("throughput"), throughput),
                   units::titled(QStringLiteral("energy per inference"), energy),
                   units::titled(QStringLiteral("EDP"), edp),
                   units::titled(QStringLiteral("latency per batch"), latency),
                   units::titled(QStringLiteral("runtime"), runtime));
    if (normalised)
        md += " throughput (×) | energy (×) | EDP (×) |";
    md += "\n|---|---|---|---|---|---|---|";
    if (normalised)
        md += "---|---|---|";
    md += '\n';
    for (std::size_t i = 0; i < data.runs.size(); ++i) {
        const auto& r = data.runs[i];
        md += QStringLiteral("| %1%2 | %3 | %4 | %5 | %6 | %7 | %8 |")
                  .arg(r.label, r.cancelled ? QStringLiteral(" (cancelled)") : QString(),
                       fmt(r.throughputIps * throughput.factor),
                       fmt(r.energyPerInferencePj * energy.factor), fmt(r.edpPjS * edp.factor),
                       fmt(r.latencyPerBatchNs * latency.factor))
                  .arg(r.partitions)
                  .arg(fmt(r.runtimeMs * 1e6 * runtime.factor, 3));
        if (normalised) {
            md += QStringLiteral(" %1 | %2 | %3 |")
                      .arg(fmt(data.value(i, RunComparisonData::Metric::Throughput), 3),
                           fmt(data.value(i, RunComparisonData::Metric::Energy), 3),
                           fmt(data.value(i, RunComparisonData::Metric::Edp), 3));
        }
        md += '\n';
    }
    if (normalised) {
        md += QStringLiteral("\nRatios (×) are relative to %1.\n")
                  .arg(data.runs[static_cast<std::size_t>(data.baseline)].label);
    }
    return md;
}

QStringList writeReport(const QString& folder, const ReportData& data, const ExportOptions& options,
                        QString* error)
{
    if (!QDir().mkpath(folder)) {
        if (error)
            *error = QStringLiteral("%1: cannot create the folder").arg(folder);
        return {};
    }
    ReportWriter w(folder, options, error);
    using Metric = RunComparisonData::Metric;
    bool ok = true;
    if (ok && data.comparison) {
        const RunComparisonData& c = *data.comparison;
        ok = w.chart("compare-methods", buildRunComparisonChart(c, Metric::All), toCsv(c),
                     toJson(c)) &&
             w.chart("compare-throughput", buildRunComparisonChart(c, Metric::Throughput), toCsv(c),
                     toJson(c)) &&
             w.chart("compare-energy", buildRunComparisonChart(c, Metric::Energy), toCsv(c),
                     toJson(c)) &&
             w.chart("compare-edp", buildRunComparisonChart(c, Metric::Edp), toCsv(c), toJson(c)) &&
             w.text("summary.md", comparisonSummaryMarkdown(c, data.title));
    }
    if (ok && data.partitionLatency) {
        ok = w.chart("partition-latency", buildPartitionLatencyChart(*data.partitionLatency),
                     toCsv(*data.partitionLatency), toJson(*data.partitionLatency));
    }
    if (ok && data.energyBreakdown) {
        ok = w.chart("energy-breakdown", buildEnergyBreakdownChart(*data.energyBreakdown),
                     toCsv(*data.energyBreakdown), toJson(*data.energyBreakdown));
    }
    if (ok && data.reloadVsBatch) {
        ok = w.chart("reload-vs-batch", buildReloadVsBatchChart(*data.reloadVsBatch),
                     toCsv(*data.reloadVsBatch), toJson(*data.reloadVsBatch));
    }
    if (ok && data.batchSweep) {
        ok = w.chart("batch-sweep-throughput",
                     buildBatchSweepChart(*data.batchSweep, BatchSweepData::Metric::Throughput),
                     toCsv(*data.batchSweep), toJson(*data.batchSweep)) &&
             w.chart("batch-sweep-edp",
                     buildBatchSweepChart(*data.batchSweep, BatchSweepData::Metric::Edp),
                     toCsv(*data.batchSweep), toJson(*data.batchSweep));
    }
    if (ok && data.pareto) {
        ok = w.chart("pareto", buildParetoChart(*data.pareto), toCsv(*data.pareto),
                     toJson(*data.pareto));
    }
    if (ok && data.convergence) {
        ok = w.chart("convergence", buildConvergenceChart(*data.convergence),
                     toCsv(*data.convergence), toJson(*data.convergence));
    }
    return ok ? w.written() : QStringList{};
}

} // namespace compass::ui
