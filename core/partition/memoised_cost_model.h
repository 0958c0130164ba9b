// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace compass {

/// A CostModel that keeps every partition cost it has given, for callers that cost overlapping
/// plans again and again: after a boundary drag in the explorer only the two partitions the
/// boundary touches are new. Thread-safe (a lock around the table; costs are computed outside
/// it, so two threads may compute the same span once each, with the same result). Bounds and
/// floors are passed through uncached.
class MemoisedCostModel final : public CostModel
{
public:
    explicit MemoisedCostModel(std::shared_ptr<const CostModel> model);

    std::int32_t unitCount() const override { return m_model->unitCount(); }
    std::int64_t batchSize() const override { return m_model->batchSize(); }
    bool isValidSpan(UnitSpan span) const override { return m_model->isValidSpan(span); }
    PartitionCost partitionCost(UnitSpan span) const override;
    PartitionCost partitionCostLowerBound(UnitSpan span, bool* isExact = nullptr) const override
    {
        return m_model->partitionCostLowerBound(span, isExact);
    }
    CostFloor partitionCostFloor(UnitSpan span) const override
    {
        return m_model->partitionCostFloor(span);
    }
    bool overlapsPartitions() const override { return m_model->overlapsPartitions(); }
    /// Kept as the costs are.
    ReplacementProfile replacementProfile(UnitSpan span) const override;
    double overlapCapNs(std::int32_t cut) const override { return m_model->overlapCapNs(cut); }
    double latencyLessSlackFloorNs(UnitSpan span) const override
    {
        return m_model->latencyLessSlackFloorNs(span);
    }

    const CostModel& model() const { return *m_model; }
    /// Spans whose cost is kept.
    std::size_t cachedSpans() const;

private:
    std::shared_ptr<const CostModel> m_model;
    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::uint64_t, PartitionCost> m_costs; ///< By begin << 32 | end.
    mutable std::unordered_map<std::uint64_t, ReplacementProfile> m_profiles; ///< Likewise.
};

} // namespace compass
