// SPDX-License-Identifier: MIT
#pragma once

#include "chart_data.h"
#include "chart_export.h"

#include <QStringList>

#include <optional>

namespace compass::ui {

/// The charts of one comparison, as values; absent parts are skipped.
struct ReportData
{
    QString title; ///< e.g. "resnet18 on sram-M, batch 16".
    std::optional<PartitionLatencyData> partitionLatency;
    std::optional<EnergyBreakdownData> energyBreakdown;
    std::optional<ReloadVsBatchData> reloadVsBatch;
    std::optional<RunComparisonData> comparison;
    std::optional<BatchSweepData> batchSweep;
    std::optional<ParetoData> pareto;
    std::optional<ConvergenceData> convergence;
};

/// Writes every chart of `data` into `folder` (created if needed) as PNG (options.dpi), SVG
/// and PDF, its data as CSV and JSON, and `summary.md`: a table of the comparison's runs.
/// Returns the files written; on the first failure stops and sets `error`.
QStringList writeReport(const QString& folder, const ReportData& data,
                        const ExportOptions& options = {}, QString* error = nullptr);

/// A Markdown table of the runs: throughput, energy per inference, EDP, partitions, runtime,
/// and the ratios to the baseline when one is set.
QString comparisonSummaryMarkdown(const RunComparisonData& data, const QString& title);

} // namespace compass::ui
