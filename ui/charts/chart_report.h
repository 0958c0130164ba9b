// SPDX-License-Identifier: MIT
#pragma once

#include "chart_data.h"
#include "chart_export.h"

#include <QStringList>

#include <optional>

namespace compass::ui {

/// One figure of a report and the configuration it shows ("resnet18 on sram-M, batch 16",
/// jobs::describeConfiguration; a batch sweep's "resnet18 on sram-M, batches 1-64").
template <typename Values> struct ReportFigure
{
    Values values;
    QString configuration;
};

/// The charts the panel shows, as values; absent parts are skipped. A comparison's runs each
/// name their own configuration (RunComparisonData::Run::configuration).
struct ReportData
{
    std::optional<ReportFigure<PartitionLatencyData>> partitionLatency;
    std::optional<ReportFigure<EnergyBreakdownData>> energyBreakdown;
    std::optional<ReportFigure<ReloadVsBatchData>> reloadVsBatch;
    std::optional<RunComparisonData> comparison;
    std::optional<ReportFigure<BatchSweepData>> batchSweep;
    std::optional<ReportFigure<ParetoData>> pareto;
    std::optional<ReportFigure<ConvergenceData>> convergence;

    /// Every configuration its figures and runs show, in first-seen order (empty names last).
    QStringList configurations() const;
};

/// Writes every chart of `data` into `folder` (created if needed) as PNG (options.dpi), SVG
/// and PDF, its data as CSV and JSON, and `summary.md`: a table of the comparison's runs.
/// A report covers one configuration: when `data` shows several (runs of two chips, a batch
/// sweep beside a batch-16 run), each gets its own subfolder with its own figures and runs,
/// and summary.md has a section per configuration. Nothing of two configurations is drawn in
/// one figure. Returns the files written; on the first failure stops and sets `error`.
QStringList writeReport(const QString& folder, const ReportData& data,
                        const ExportOptions& options = {}, QString* error = nullptr);

/// The folder name a configuration's figures go to ("resnet18-on-sram-M-batch-16").
QString reportFolderName(const QString& configuration);

/// A Markdown table of the runs: throughput, energy per inference, EDP, partitions, runtime,
/// and the ratios to the baseline when one is set. `heading` is the Markdown heading prefix
/// ("#", or "##" for a section of a report with several configurations).
QString comparisonSummaryMarkdown(const RunComparisonData& data, const QString& title,
                                  const QString& heading = QStringLiteral("#"));

} // namespace compass::ui
