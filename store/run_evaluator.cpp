// SPDX-License-Identifier: MIT
#include "store/run_evaluator.h"

#include "core/support/diagnostics.h"

namespace compass {

void RunEvaluatorRegistry::add(PlanMethod method, RunEvaluator evaluator)
{
    m_evaluators[method] = std::move(evaluator);
}

const RunEvaluator* RunEvaluatorRegistry::find(PlanMethod method) const
{
    const auto it = m_evaluators.find(method);
    return it == m_evaluators.end() ? nullptr : &it->second;
}

std::optional<RerunReport> rerunStoredRun(const RunRecord& stored,
                                          const RunEvaluatorRegistry& registry,
                                          DiagnosticSink& diagnostics, double relTolerance)
{
    const RunEvaluator* evaluator = registry.find(stored.method);
    if (evaluator == nullptr) {
        diagnostics.error("re-evaluation of method '" + std::string(planMethodName(stored.method)) +
                          "' is not available yet (run " + std::to_string(stored.id.value) + ")");
        return std::nullopt;
    }
    std::optional<RunRecord> fresh = (*evaluator)(stored, diagnostics);
    if (!fresh)
        return std::nullopt;
    RerunReport report{std::move(*fresh), {}};
    report.differences = compareRunResults(stored, report.fresh, relTolerance);
    return report;
}

} // namespace compass
