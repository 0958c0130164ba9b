// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"

namespace compass {

class SpanEvaluator;

/// The exact optimiser (method.md section 6, "Beyond"). For an additive objective (latency per
/// batch, energy per inference) dynamic programming over cut positions: best[b] = min over
/// valid a of best[a] + f([a, b)). For EDP, which is not additive, the Pareto set of
/// (latency, energy) is kept per cut position and the smallest product is taken at the end; the
/// same sets give the whole energy-latency Pareto front.
/// Returns the optimal inner-cut plan; fills `front` when asked (sorted by latency).
/// On cancel, returns an empty plan.
/// For an additive objective without a front, only spans whose lower bound can still win are
/// costed (docs/optimisers.md); `costEverySpan` costs them all instead, as the search did
/// before (the same plan: for tests and bench/bench_search's side-by-side figures).
Plan exactSearch(const SearchProblem& problem, Objective objective, SpanEvaluator& evaluator,
                 const SearchControl& control, std::vector<ParetoPoint>* front,
                 bool costEverySpan = false);

} // namespace compass
