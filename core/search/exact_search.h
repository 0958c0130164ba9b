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
/// How the additive search (no front) finds its span costs; every strategy gives the same plan
/// and cost (docs/optimisers.md). The older ones stay for tests and bench/'s side-by-side
/// figures.
enum class ExactStrategy
{
    EverySpan,      ///< Costs every valid span (the first exact search).
    BoundEverySpan, ///< Bounds every valid span, costs those whose bound can still win.
    Lazy,           ///< Cheap bounds first, refined and costed only while a span can win.
};

/// For an additive objective without a front, only spans whose lower bound can still win are
/// costed, as `strategy` says; EDP and the front cost every span.
Plan exactSearch(const SearchProblem& problem, Objective objective, SpanEvaluator& evaluator,
                 const SearchControl& control, std::vector<ParetoPoint>* front,
                 ExactStrategy strategy = ExactStrategy::Lazy);

} // namespace compass
