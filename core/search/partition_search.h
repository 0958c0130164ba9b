// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"

namespace compass {

/// Runs the search `options.method` on `problem` and returns the best plan with its cost.
/// A cancelled search returns the best plan found so far, marked cancelled. Thread-safe with
/// respect to other searches on the same problem (all inputs are read-only).
SearchResult runPartitionSearch(const SearchProblem& problem, const SearchOptions& options,
                                const SearchControl& control = {});

/// Baseline: walk the layers in order and start a new partition when the next layer no longer
/// fits; a layer larger than the chip is cut wherever the chip is full.
Plan greedyPlan(const SearchProblem& problem);
/// Baseline: one weight layer per partition; a layer larger than the chip spans several.
Plan layerwisePlan(const SearchProblem& problem);

} // namespace compass
