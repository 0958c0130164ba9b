// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"

namespace compass {

class SpanEvaluator;

/// The four mutation operators of the COMPASS genetic algorithm.
enum class MutationKind
{
    Merge,
    Split,
    Move,
    FixedRandom
};

/// The COMPASS genetic algorithm (method.md section 6; every choice the paper leaves open is in
/// docs/optimisers.md). Gene = partition, chromosome = plan. Seeded: the same seed and inputs
/// give the same plan and history, whatever the thread count. Fills `history` per generation.
/// On cancel, returns the best plan of the last evaluated generation.
Plan geneticSearch(const SearchProblem& problem, Objective objective, const GeneticOptions& options,
                   std::uint64_t seed, SpanEvaluator& evaluator, const SearchControl& control,
                   std::vector<GenerationStats>& history);

/// Exposed for tests: a random valid plan drawn from the validity map (each partition's end
/// uniform among the valid ends of its start). Returns all cuts, 0 and M included.
std::vector<std::int32_t> randomValidCuts(const ValidityMap& validity, std::uint64_t seed);

} // namespace compass
