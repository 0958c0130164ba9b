// SPDX-License-Identifier: MIT
#include "cut_mapping.h"

#include "core/mapping/unit_table.h"

#include <cmath>

namespace compass::ui {

std::vector<std::int32_t> mapCutsByLayer(const UnitTable& from, const UnitTable& to,
                                         const std::vector<std::int32_t>& innerCuts)
{
    std::vector<std::int32_t> out;
    const std::int32_t m = to.unitCount();
    if (from.layerCount() != to.layerCount())
        return out;
    for (std::int32_t cut : innerCuts) {
        if (cut <= 0 || cut >= from.unitCount())
            continue;
        const auto layer =
            static_cast<std::size_t>(from.unit(static_cast<std::size_t>(cut)).layerIndex);
        const std::int32_t first = from.layerFirstUnit(layer);
        const std::int32_t end = from.layerEndUnit(layer);
        const double fraction =
            static_cast<double>(cut - first) / static_cast<double>(std::max(1, end - first));
        const std::int32_t newFirst = to.layerFirstUnit(layer);
        const std::int32_t newEnd = to.layerEndUnit(layer);
        const auto mapped = newFirst + static_cast<std::int32_t>(std::lround(
                                           fraction * static_cast<double>(newEnd - newFirst)));
        if (mapped <= 0 || mapped >= m || (!out.empty() && mapped <= out.back()))
            continue;
        out.push_back(mapped);
    }
    return out;
}

} // namespace compass::ui
