// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_comparison.h"
#include "store/run_record.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace compass {

class DiagnosticSink;

/// Re-evaluates a stored run from its stored inputs (model path + SHA-256, arch spec, batch,
/// method, options, seed, cuts) and returns the fresh result, or nullopt with diagnostics.
/// Provided by whoever can evaluate (the CLI links sim; the store does not).
using RunEvaluator = std::function<std::optional<RunRecord>(const RunRecord&, DiagnosticSink&)>;

/// Evaluators by run method.
class RunEvaluatorRegistry
{
public:
    void add(PlanMethod method, RunEvaluator evaluator);
    const RunEvaluator* find(PlanMethod method) const;
    bool empty() const { return m_evaluators.empty(); }

private:
    std::map<PlanMethod, RunEvaluator> m_evaluators;
};

/// A rerun's outcome: the fresh result and how it differs from the stored one.
struct RerunReport
{
    RunRecord fresh;
    std::vector<RunDifference> differences;
};

/// Re-evaluates `stored` with the registry's evaluator for its method. Reports "re-evaluation
/// of method X is not available yet" (error) when none is registered.
std::optional<RerunReport> rerunStoredRun(const RunRecord& stored,
                                          const RunEvaluatorRegistry& registry,
                                          DiagnosticSink& diagnostics, double relTolerance = 1e-9);

} // namespace compass
