// SPDX-License-Identifier: MIT
#pragma once

#include "chart_data.h"

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
} // namespace chart_properties

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
