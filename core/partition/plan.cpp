// SPDX-License-Identifier: MIT
#include "plan.h"

#include "core/partition/validity_map.h"
#include "core/support/diagnostics.h"

namespace compass {

Plan Plan::fromInnerCuts(std::vector<std::int32_t> innerCuts, std::int32_t unitCount)
{
    Plan plan;
    if (unitCount <= 0)
        return plan;
    plan.m_cuts.push_back(0);
    for (std::int32_t c : innerCuts) {
        if (c == 0 || c == unitCount)
            continue;
        plan.m_cuts.push_back(c);
    }
    plan.m_cuts.push_back(unitCount);
    return plan;
}

std::vector<std::int32_t> Plan::innerCuts() const
{
    if (m_cuts.size() < 2)
        return {};
    return {m_cuts.begin() + 1, m_cuts.end() - 1};
}

bool validatePlan(const Plan& plan, const ValidityMap& validity, DiagnosticSink& diagnostics,
                  const std::string& file)
{
    bool ok = true;
    const std::int32_t m = validity.unitCount();
    if (plan.unitCount() != m) {
        SourceLocation where;
        where.file = file;
        diagnostics.error("the plan covers " + std::to_string(plan.unitCount()) +
                              " units, the network has " + std::to_string(m),
                          where);
        return false;
    }
    for (std::int32_t i = 0; i < plan.partitionCount(); ++i) {
        const UnitSpan span = plan.partition(i);
        SourceLocation where;
        where.file = file;
        where.partition = i;
        if (span.begin < 0 || span.end > m || span.begin >= span.end) {
            diagnostics.error("cut " + std::to_string(span.end) +
                                  " is out of order or out of range (0.." + std::to_string(m) + ")",
                              where);
            ok = false;
            continue;
        }
        if (!validity.isValid(span.begin, span.end)) {
            diagnostics.error("partition [" + std::to_string(span.begin) + ", " +
                                  std::to_string(span.end) + ") does not fit the chip (" +
                                  packingFailureName(validity.failure(span.begin)) +
                                  "): the longest valid partition starting at unit " +
                                  std::to_string(span.begin) + " ends at " +
                                  std::to_string(validity.endMax(span.begin)),
                              where);
            ok = false;
        }
    }
    return ok;
}

} // namespace compass
