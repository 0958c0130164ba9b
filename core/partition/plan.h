// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace compass {

class DiagnosticSink;
class ValidityMap;

/// A contiguous span [begin, end) of partition units: one partition.
struct UnitSpan
{
    std::int32_t begin = 0;
    std::int32_t end = 0;
    std::int32_t size() const { return end - begin; }
    auto operator<=>(const UnitSpan&) const = default;
};

/// A partition group: cut positions 0 = c0 < c1 < ... < ck = M over M units. Partition i is
/// [cuts[i], cuts[i + 1]). A default Plan is empty (no units).
class Plan
{
public:
    Plan() = default;
    /// The plan with the given inner cuts (positions strictly between 0 and unitCount; 0
    /// and unitCount may be included and are ignored). Does not validate: see validatePlan.
    static Plan fromInnerCuts(std::vector<std::int32_t> innerCuts, std::int32_t unitCount);
    /// Every cut including 0 and M.
    const std::vector<std::int32_t>& cuts() const { return m_cuts; }
    std::vector<std::int32_t> innerCuts() const;
    std::int32_t partitionCount() const
    {
        return m_cuts.size() < 2 ? 0 : static_cast<std::int32_t>(m_cuts.size() - 1);
    }
    UnitSpan partition(std::int32_t index) const
    {
        return {m_cuts[static_cast<std::size_t>(index)],
                m_cuts[static_cast<std::size_t>(index) + 1]};
    }
    std::int32_t unitCount() const { return m_cuts.empty() ? 0 : m_cuts.back(); }

private:
    std::vector<std::int32_t> m_cuts;
};

/// Checks that cuts are strictly increasing inside (0, M) and every partition is a valid span;
/// each problem is reported with the partition index (and `file`, the model, when given).
/// Returns true when the plan is valid.
bool validatePlan(const Plan& plan, const ValidityMap& validity, DiagnosticSink& diagnostics,
                  const std::string& file = {});

} // namespace compass
