// SPDX-License-Identifier: MIT
#include "chart_report.h"

#include "chart_builders.h"
#include "core/support/units.h"

#include <QChart>
#include <QDir>
#include <QFileInfo>

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

QString comparisonSummaryMarkdown(const RunComparisonData& data, const QString& title,
                                  const QString& heading)
{
    const bool normalised = data.isNormalised(RunComparisonData::Metric::All);
    QString md = QStringLiteral("%1 %2\n\n")
                     .arg(heading, title.isEmpty() ? QStringLiteral("Run comparison") : title);
    if (!data.subtitle.isEmpty() && data.subtitle != title)
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

QStringList ReportData::configurations() const
{
    QStringList found;
    bool unnamed = false;
    auto add = [&](const QString& configuration) {
        if (configuration.isEmpty())
            unnamed = true;
        else if (!found.contains(configuration))
            found << configuration;
    };
    if (comparison) {
        for (const QString& c : comparison->configurations())
            add(c);
    }
    if (partitionLatency)
        add(partitionLatency->configuration);
    if (energyBreakdown)
        add(energyBreakdown->configuration);
    if (pareto)
        add(pareto->configuration);
    if (convergence)
        add(convergence->configuration);
    if (batchSweep)
        add(batchSweep->configuration);
    if (reloadVsBatch)
        add(reloadVsBatch->configuration);
    if (unnamed)
        found << QString();
    return found;
}

QString reportFolderName(const QString& configuration)
{
    QString name;
    bool dash = false;
    for (const QChar c : configuration) {
        if (c.isLetterOrNumber() || c == u'.' || c == u'_') {
            if (dash && !name.isEmpty())
                name += u'-';
            name += c;
            dash = false;
        } else {
            dash = true;
        }
    }
    return name.isEmpty() ? QStringLiteral("unnamed") : name.left(120);
}

namespace {

/// The part of `data` that shows `configuration`: its figures and the comparison's runs.
ReportData onlyConfiguration(const ReportData& data, const QString& configuration)
{
    ReportData part;
    auto keep = [&](const auto& figure, auto& into) {
        if (figure && figure->configuration == configuration)
            into = figure;
    };
    keep(data.partitionLatency, part.partitionLatency);
    keep(data.energyBreakdown, part.energyBreakdown);
    keep(data.reloadVsBatch, part.reloadVsBatch);
    keep(data.batchSweep, part.batchSweep);
    keep(data.pareto, part.pareto);
    keep(data.convergence, part.convergence);
    if (data.comparison) {
        RunComparisonData runs = *data.comparison;
        runs.runs.clear();
        runs.baseline = -1;
        for (std::size_t i = 0; i < data.comparison->runs.size(); ++i) {
            const auto& r = data.comparison->runs[i];
            if (r.configuration != configuration)
                continue;
            if (static_cast<std::int32_t>(i) == data.comparison->baseline)
                runs.baseline = static_cast<std::int32_t>(runs.runs.size());
            runs.runs.push_back(r);
        }
        // The figures' subtitle names the one configuration, not the mix the runs came from.
        if (!configuration.isEmpty())
            runs.subtitle = configuration;
        if (!runs.runs.empty())
            part.comparison = std::move(runs);
    }
    return part;
}

/// The figures of one configuration, flat in `w`'s folder.
bool writeFigures(ReportWriter& w, const ReportData& data, const QString& title)
{
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
             w.text("summary.md", comparisonSummaryMarkdown(c, title));
    }
    if (ok && data.partitionLatency) {
        const auto& v = data.partitionLatency->values;
        ok = w.chart("partition-latency", buildPartitionLatencyChart(v), toCsv(v), toJson(v));
    }
    if (ok && data.energyBreakdown) {
        const auto& v = data.energyBreakdown->values;
        ok = w.chart("energy-breakdown", buildEnergyBreakdownChart(v), toCsv(v), toJson(v));
    }
    if (ok && data.reloadVsBatch) {
        const auto& v = data.reloadVsBatch->values;
        ok = w.chart("reload-vs-batch", buildReloadVsBatchChart(v), toCsv(v), toJson(v));
    }
    if (ok && data.batchSweep) {
        const auto& v = data.batchSweep->values;
        ok = w.chart("batch-sweep-throughput",
                     buildBatchSweepChart(v, BatchSweepData::Metric::Throughput), toCsv(v),
                     toJson(v)) &&
             w.chart("batch-sweep-edp", buildBatchSweepChart(v, BatchSweepData::Metric::Edp),
                     toCsv(v), toJson(v));
    }
    if (ok && data.pareto) {
        const auto& v = data.pareto->values;
        ok = w.chart("pareto", buildParetoChart(v), toCsv(v), toJson(v));
    }
    if (ok && data.convergence) {
        const auto& v = data.convergence->values;
        ok = w.chart("convergence", buildConvergenceChart(v), toCsv(v), toJson(v));
    }
    return ok;
}

bool makeFolder(const QString& folder, QString* error)
{
    if (QDir().mkpath(folder))
        return true;
    if (error)
        *error = QStringLiteral("%1: cannot create the folder").arg(folder);
    return false;
}

} // namespace

QStringList writeReport(const QString& folder, const ReportData& data, const ExportOptions& options,
                        QString* error)
{
    if (!makeFolder(folder, error))
        return {};
    const QStringList configurations = data.configurations();
    if (configurations.size() <= 1) {
        ReportWriter w(folder, options, error);
        return writeFigures(w, data, configurations.value(0)) ? w.written() : QStringList{};
    }
    // Several configurations: one subfolder each, and a summary that says so first.
    QStringList written;
    QString summary =
        QStringLiteral("# Report: %1 configurations\n\n"
                       "The runs and figures below are of different networks, chips or batch "
                       "sizes, so each configuration has its own section and folder; no figure "
                       "or table mixes two.\n\n")
            .arg(configurations.size());
    const QDir root(folder);
    for (const QString& configuration : configurations) {
        const QString name = reportFolderName(configuration);
        const QString sub = root.filePath(name);
        if (!makeFolder(sub, error))
            return {};
        const ReportData part = onlyConfiguration(data, configuration);
        ReportWriter w(sub, options, error);
        if (!writeFigures(w, part, configuration))
            return {};
        const QString title = configuration.isEmpty()
                                  ? QStringLiteral("Runs of an unnamed configuration")
                                  : configuration;
        if (part.comparison) {
            summary += comparisonSummaryMarkdown(*part.comparison, title, QStringLiteral("##"));
        } else {
            summary += QStringLiteral("## %1\n\n").arg(title);
        }
        QStringList figures;
        for (const QString& path : w.written()) {
            if (path.endsWith(QLatin1String(".png")))
                figures << QStringLiteral("`%1/%2`").arg(name, QFileInfo(path).fileName());
        }
        summary += QStringLiteral("\nFigures: %1\n\n").arg(figures.join(QStringLiteral(", ")));
        written << w.written();
    }
    ReportWriter top(folder, options, error);
    if (!top.text("summary.md", summary))
        return {};
    return top.written() + written;
}

} // namespace compass::ui
