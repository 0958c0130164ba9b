// SPDX-License-Identifier: MIT
#include "chart_report.h"

#include "chart_builders.h"

#include <QChart>
#include <QDir>

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

QString fmt(double v, int precision = 4)
{
    return QString::number(v, 'g', precision);
}

} // namespace

QString comparisonSummaryMarkdown(const RunComparisonData& data, const QString& title)
{
    const bool normalised = data.isNormalised(RunComparisonData::Metric::All);
    QString md =
        QStringLiteral("# %1\n\n").arg(title.isEmpty() ? QStringLiteral("Run comparison") : title);
    if (!data.subtitle.isEmpty())
        md += data.subtitle + "\n\n";
    md += "| run | throughput (inferences/s) | energy per inference (µJ) | EDP (µJ·s) | "
          "latency per batch (ms) | partitions | runtime (ms) |";
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
                       fmt(r.throughputIps), fmt(r.energyPerInferencePj * 1e-6),
                       fmt(r.edpPjS * 1e-6), fmt(r.latencyPerBatchNs * 1e-6))
                  .arg(r.partitions)
                  .arg(fmt(r.runtimeMs, 3));
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
