// SPDX-License-Identifier: MIT
#include "replication.h"

#include "core/mapping/unit_table.h"

#include <algorithm>

namespace compass {

Replication solveReplication(const UnitTable& table, std::int32_t begin, std::int32_t end)
{
    Replication rep;
    if (begin >= end)
        return rep;
    const std::int32_t firstLayer = table.unit(static_cast<std::size_t>(begin)).layerIndex;
    const std::int32_t lastLayer = table.unit(static_cast<std::size_t>(end - 1)).layerIndex;
    std::vector<std::int32_t> byLayer(static_cast<std::size_t>(table.layerCount()), 1);
    std::int64_t maxVectors = 1;
    for (std::int32_t l = firstLayer; l <= lastLayer; ++l) {
        rep.layers.push_back(l);
        maxVectors =
            std::max(maxVectors, table.layer(static_cast<std::size_t>(l)).vectorsPerInference);
    }
    auto assign = [&](std::int64_t k) {
        for (std::int32_t l = firstLayer; l <= lastLayer; ++l) {
            const std::int64_t v = table.layer(static_cast<std::size_t>(l)).vectorsPerInference;
            byLayer[static_cast<std::size_t>(l)] = static_cast<std::int32_t>((v + k - 1) / k);
        }
    };
    auto packs = [&](std::int64_t k) {
        assign(k);
        return packUnitSpan(table, begin, end, byLayer);
    };

    PackResult best = packs(maxVectors); // All factors 1.
    std::int64_t bestK = maxVectors;
    if (best.fits) {
        // Smallest feasible k in [1, maxVectors]; feasibility grows with k.
        std::int64_t lo = 1;
        std::int64_t hi = maxVectors;
        while (lo < hi) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            if (packs(mid).fits)
                hi = mid;
            else
                lo = mid + 1;
        }
        // Guard against a non-monotone packing outcome: walk up to the first k that packs.
        constexpr std::int64_t kMaxWalk = 64;
        for (std::int64_t k = lo; k <= std::min(maxVectors, lo + kMaxWalk); ++k) {
            const PackResult r = packs(k);
            if (r.fits) {
                best = r;
                bestK = k;
                break;
            }
        }
    }
    assign(best.fits ? bestK : maxVectors);
    if (!best.fits)
        std::fill(byLayer.begin(), byLayer.end(), 1);
    rep.bottleneckSteps = 0;
    for (std::int32_t l = firstLayer; l <= lastLayer; ++l) {
        const std::int32_t r = byLayer[static_cast<std::size_t>(l)];
        rep.factors.push_back(r);
        const std::int64_t v = table.layer(static_cast<std::size_t>(l)).vectorsPerInference;
        rep.bottleneckSteps = std::max(rep.bottleneckSteps, (v + r - 1) / r);
    }
    rep.packing = best;
    return rep;
}

} // namespace compass
