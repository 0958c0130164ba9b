// SPDX-License-Identifier: MIT
#include "strip_geometry.h"

#include "ui/document/plan_evaluation.h"

#include <algorithm>
#include <cmath>

namespace compass::ui {

StripGeometry StripGeometry::build(const std::vector<double>& unitWidths, double left, double width)
{
    StripGeometry g;
    if (unitWidths.empty())
        return g;
    double total = 0.0;
    for (double w : unitWidths)
        total += std::max(0.0, w);
    g.edges.reserve(unitWidths.size() + 1);
    g.edges.push_back(left);
    double sum = 0.0;
    for (double w : unitWidths) {
        sum += std::max(0.0, w);
        g.edges.push_back(total > 0.0 ? left + width * sum / total
                                      : left + width * static_cast<double>(g.edges.size()) /
                                                   static_cast<double>(unitWidths.size()));
    }
    return g;
}

double StripGeometry::xOfPosition(int position) const
{
    if (edges.empty())
        return 0.0;
    const auto p = static_cast<std::size_t>(std::clamp(position, 0, unitCount()));
    return edges[p];
}

int StripGeometry::nearestPosition(double x) const
{
    if (edges.empty())
        return 0;
    const auto it = std::lower_bound(edges.begin(), edges.end(), x);
    if (it == edges.begin())
        return 0;
    if (it == edges.end())
        return unitCount();
    const auto hi = static_cast<int>(it - edges.begin());
    return (x - *(it - 1)) <= (*it - x) ? hi - 1 : hi;
}

int StripGeometry::unitAt(double x) const
{
    if (edges.empty() || x < edges.front() || x > edges.back())
        return -1;
    const auto it = std::upper_bound(edges.begin(), edges.end(), x);
    return std::min(static_cast<int>(it - edges.begin()) - 1, unitCount() - 1);
}

int StripGeometry::handleAt(const std::vector<std::int32_t>& innerCuts, double x,
                            double tolerancePx) const
{
    int best = -1;
    double bestDistance = tolerancePx;
    for (std::size_t i = 0; i < innerCuts.size(); ++i) {
        const double d = std::abs(xOfPosition(innerCuts[i]) - x);
        if (d <= bestDistance) {
            best = static_cast<int>(i);
            bestDistance = d;
        }
    }
    return best;
}

std::vector<double> unitWidthsByCrossbars(const UnitLayout& layout)
{
    std::vector<double> w;
    w.reserve(layout.unitCrossbars.size());
    for (std::int64_t c : layout.unitCrossbars)
        w.push_back(static_cast<double>(std::max<std::int64_t>(1, c)));
    return w;
}

std::vector<double> unitWidthsByLatency(const UnitLayout& layout, const PlanEvaluation& evaluation)
{
    const int m = layout.unitCount();
    if (evaluation.isEmpty || evaluation.cuts.empty() || evaluation.cuts.back() != m)
        return unitWidthsByCrossbars(layout);
    double total = 0.0;
    for (const PartitionInfo& p : evaluation.partitions)
        total += p.latencyNs;
    const double count = static_cast<double>(std::max(1, evaluation.partitionCount()));
    const double floor = total > 0.0 ? 0.02 * total / count : 1.0;
    std::vector<double> w(static_cast<std::size_t>(m), 1.0);
    for (const PartitionInfo& p : evaluation.partitions) {
        const double share = std::max(p.latencyNs, floor) / std::max(1, p.span.size());
        for (std::int32_t u = std::max(0, p.span.begin); u < std::min(m, p.span.end); ++u)
            w[static_cast<std::size_t>(u)] = share;
    }
    return w;
}

} // namespace compass::ui
