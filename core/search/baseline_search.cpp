// SPDX-License-Identifier: MIT
// The paper's two baselines (method.md section 6).
#include "core/mapping/unit_table.h"
#include "core/partition/validity_map.h"
#include "core/search/partition_search.h"

namespace compass {

namespace {

/// Appends cuts so that [start, end) is covered by maximal valid spans; returns the start of
/// the last, still open, span.
std::int32_t coverGreedily(const ValidityMap& validity, std::int32_t start, std::int32_t end,
                           std::vector<std::int32_t>& cuts)
{
    while (validity.endMax(start) < end) {
        start = validity.endMax(start);
        cuts.push_back(start);
    }
    return start;
}

} // namespace

Plan greedyPlan(const SearchProblem& problem)
{
    const UnitTable& table = problem.units;
    const ValidityMap& validity = problem.validity;
    std::vector<std::int32_t> cuts;
    std::int32_t start = 0;
    for (std::int32_t layer = 0; layer < table.layerCount(); ++layer) {
        const auto l = static_cast<std::size_t>(layer);
        const std::int32_t layerBegin = table.layerFirstUnit(l);
        const std::int32_t layerEnd = table.layerEndUnit(l);
        if (validity.endMax(start) >= layerEnd)
            continue; // The whole layer joins the open partition.
        if (start < layerBegin) {
            // The layer does not fit beside what is open: it starts a new partition.
            start = layerBegin;
            cuts.push_back(start);
        }
        // A layer larger than what is left of the chip is cut where the chip is full.
        start = coverGreedily(validity, start, layerEnd, cuts);
    }
    return Plan::fromInnerCuts(std::move(cuts), table.unitCount());
}

Plan layerwisePlan(const SearchProblem& problem)
{
    const UnitTable& table = problem.units;
    std::vector<std::int32_t> cuts;
    for (std::int32_t layer = 0; layer < table.layerCount(); ++layer) {
        const auto l = static_cast<std::size_t>(layer);
        const std::int32_t layerBegin = table.layerFirstUnit(l);
        if (layerBegin > 0)
            cuts.push_back(layerBegin);
        coverGreedily(problem.validity, layerBegin, table.layerEndUnit(l), cuts);
    }
    return Plan::fromInnerCuts(std::move(cuts), table.unitCount());
}

} // namespace compass
