// SPDX-License-Identifier: MIT
#pragma once

#include "chart_data.h"

#include <QString>

#include <memory>

class QChart;

namespace compass::ui {

/// Object names the builders give their series and axes, so widgets and tests can find them.
namespace chart_names {
inline constexpr const char* kBars = "bars";             ///< The main bar series.
inline constexpr const char* kBottleneck = "bottleneck"; ///< Marker of the bottleneck partition.
inline constexpr const char* kFront = "pareto-front";    ///< The exact Pareto front line.
} // namespace chart_names

/// Dynamic properties the builders set so an on-screen view can fit a chart into a small
/// dock (ChartView) without saying less than is true: the plain title and subtitle, and for
/// each axis its full title and a shorter one that keeps the unit ("latency (ms)" for
/// "latency per batch of 16 (ms)").
namespace chart_properties {
inline constexpr const char* kTitle = "compassTitle";           ///< On the chart.
inline constexpr const char* kSubtitle = "compassSubtitle";     ///< On the chart.
inline constexpr const char* kFullTitle = "compassFullTitle";   ///< On an axis.
inline constexpr const char* kShortTitle = "compassShortTitle"; ///< On an axis.
/// On an axis: what its values are, for a tooltip ("latency", "batch size").
inline constexpr const char* kQuantity = "compassQuantity";
/// On an axis: the unit its values are in, the one its title names ("ms", "×"); empty for a
/// plain count. A tooltip reads the unit here, so it always says what the axis says.
inline constexpr const char* kUnit = "compassUnit";
/// On a category axis (QStringList): each category as a tooltip names it ("partition 3"),
/// where the tick label alone says less (or nothing: the unnumbered partitions).
inline constexpr const char* kCategoryNames = "compassCategoryNames";
/// On an XY series (QStringList, one per point): what each point is ("3 partitions"); an
/// empty name marks a point that only shapes the line (a corner of the front's staircase),
/// which a tooltip never reports.
inline constexpr const char* kPointNames = "compassPointNames";
} // namespace chart_properties

/// The unit of a relative value ("1.4×"): axis titles say "(×)" and values are written with
/// it and no space.
inline QString relativeUnit()
{
    return QStringLiteral("×");
}

// One builder per chart kind. Each returns a new chart (owned by the caller, not in any scene)
// with a title, a legend and axes whose titles name their unit; series colours come from the
// graph's Okabe-Ito palette (ui/charts/partition_palette.h). Values are scaled to a readable
// unit (ns..s, pJ..J) chosen from the data.

/// Stacked bars per partition (weight load, crossbar write, activation I/O, compute, bus); the
/// bottleneck partition carries a marker. The bar series is named chart_names::kBars; its
/// clicked(index, set) index is the partition.
std::unique_ptr<QChart> buildPartitionLatencyChart(const PartitionLatencyData& data);
/// Stacked bars of energy per inference by component, one bar per row.
std::unique_ptr<QChart> buildEnergyBreakdownChart(const EnergyBreakdownData& data);
/// Weight-replacement energy relative to MVM energy per batch size (Fig. 9 view).
std::unique_ptr<QChart> buildReloadVsBatchChart(const ReloadVsBatchData& data);
/// Bars of one metric per run (absolute, or relative to the baseline run), or with
/// Metric::All the three metrics grouped, relative to the baseline (or the first run).
std::unique_ptr<QChart> buildRunComparisonChart(const RunComparisonData& data,
                                                RunComparisonData::Metric metric);
/// One line per method against batch size (log2 axis).
std::unique_ptr<QChart> buildBatchSweepChart(const BatchSweepData& data,
                                             BatchSweepData::Metric metric);
/// Runs as points in the energy-latency plane with the Pareto front as a line.
std::unique_ptr<QChart> buildParetoChart(const ParetoData& data);
/// Best and mean objective per generation, and the min-max partition count spread on a
/// second axis. Generations whose mean is NaN (live progress) show the best only.
std::unique_ptr<QChart> buildConvergenceChart(const ConvergenceData& data);

} // namespace compass::ui
