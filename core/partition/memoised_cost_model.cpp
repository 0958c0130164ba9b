// SPDX-License-Identifier: MIT
#include "memoised_cost_model.h"

namespace compass {

namespace {

std::uint64_t keyOf(UnitSpan span)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(span.begin)) << 32) |
           static_cast<std::uint32_t>(span.end);
}

} // namespace

MemoisedCostModel::MemoisedCostModel(std::shared_ptr<const CostModel> model)
    : m_model(std::move(model))
{}

PartitionCost MemoisedCostModel::partitionCost(UnitSpan span) const
{
    const std::uint64_t key = keyOf(span);
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = m_costs.find(key);
        if (it != m_costs.end())
            return it->second;
    }
    PartitionCost cost = m_model->partitionCost(span);
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_costs.emplace(key, std::move(cost)).first->second;
}

ReplacementProfile MemoisedCostModel::replacementProfile(UnitSpan span) const
{
    const std::uint64_t key = keyOf(span);
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = m_profiles.find(key);
        if (it != m_profiles.end())
            return it->second;
    }
    ReplacementProfile profile = m_model->replacementProfile(span);
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_profiles.emplace(key, std::move(profile)).first->second;
}

std::size_t MemoisedCostModel::cachedSpans() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_costs.size();
}

} // namespace compass
