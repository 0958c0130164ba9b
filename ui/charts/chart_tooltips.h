// SPDX-License-Identifier: MIT
#pragma once

#include <QPointF>
#include <QString>

class QAbstractAxis;
class QAbstractBarSeries;
class QAreaSeries;
class QBarSet;
class QXYSeries;

namespace compass::ui {

// What a chart's tooltips say about the bar or point under the mouse: the series or run, the
// category and the value in the unit its axis states. They read what the builders
// (chart_builders.h) put on the axes and series: chart_properties::kQuantity, kUnit,
// kCategoryNames and kPointNames, so a tooltip says the same unit as the axis title.

/// `value` as its axis shows it, with the axis's unit: "3.21 ms", "1.35×", "16" (a count).
QString valueWithUnit(double value, QAbstractAxis* axis);

/// Bar `index` of `set` in `series`. A stacked bar is one subject split into parts, named
/// subject first ("partition 3 · compute: 95.2 µs", "ga #5 · MVM: 12.1 µJ"); a grouped bar is
/// one run's value of a category ("ga (seed 1) · latency: 3.21 ms"). Empty for a bar that
/// does not exist.
QString barToolTip(QAbstractBarSeries& series, QBarSet& set, int index);

/// The data point of `series` nearest to `hovered` (a value pair, as QXYSeries::hovered gives
/// it: the point of a scatter marker, anywhere on a line): "ga #5 · latency: 11.9 ms, energy:
/// 190 µJ". Points named empty in chart_properties::kPointNames are skipped. Empty when the
/// series is not on two value axes (the bottleneck marker on the partition axis) or has no
/// point.
QString pointToolTip(QXYSeries& series, const QPointF& hovered);

/// The band of `series` at the data point nearest to `hovered`:
/// "partitions (min-max) · generation: 12, partitions: 4–20".
QString areaToolTip(QAreaSeries& series, const QPointF& hovered);

} // namespace compass::ui
