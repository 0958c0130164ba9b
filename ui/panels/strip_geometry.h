// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace compass::ui {

struct PlanEvaluation;
struct UnitLayout;

/// How the partition strip sizes its segments.
enum class StripMode
{
    Crossbars, ///< Each unit as wide as its crossbars.
    Latency,   ///< Each partition as wide as its latency (spread evenly over its units).
};

/// The strip's hit-testing model: x positions of the unit boundaries, so x <-> unit position
/// conversions are pure functions that tests can check without painting.
/// Position p (0..M) is the boundary before unit p; edges[p] is its x.
struct StripGeometry
{
    std::vector<double> edges; ///< Size M + 1, non-decreasing; empty when there are no units.

    /// Lays `unitWidths` (any positive scale) out over [left, left + width].
    static StripGeometry build(const std::vector<double>& unitWidths, double left, double width);

    int unitCount() const { return edges.empty() ? 0 : static_cast<int>(edges.size()) - 1; }
    double xOfPosition(int position) const;
    /// The unit boundary nearest to x (clamped to 0..M).
    int nearestPosition(double x) const;
    /// The unit under x, or -1 outside the strip.
    int unitAt(double x) const;
    /// Index of the inner cut whose handle is nearest to x within `tolerancePx`, or -1.
    int handleAt(const std::vector<std::int32_t>& innerCuts, double x, double tolerancePx) const;
};

/// Unit widths by crossbars (every unit at least one).
std::vector<double> unitWidthsByCrossbars(const UnitLayout& layout);
/// Unit widths by partition latency; partitions without a latency (invalid) get a small share
/// so they stay visible. Falls back to crossbars when the evaluation does not match the units.
std::vector<double> unitWidthsByLatency(const UnitLayout& layout, const PlanEvaluation& evaluation);

} // namespace compass::ui
