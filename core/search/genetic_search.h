// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"

namespace compass {

class Rng;
class SpanEvaluator;
class UnitTable;

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

/// Draws random valid covers of unit ranges from the validity map: each partition ends at a
/// point drawn uniformly among the valid ends of its start. With `alignTo`, half the time the
/// end is drawn among the layer boundaries in that valid range instead (when there are any).
class RandomCover
{
public:
    RandomCover(const ValidityMap& validity, const UnitTable* alignTo);
    /// Appends cuts covering [start, end) to `cuts` (which already ends with `start`).
    void append(std::int32_t start, std::int32_t end, Rng& rng,
                std::vector<std::int32_t>& cuts) const;

private:
    const ValidityMap& m_validity;
    std::vector<std::int32_t>
        m_boundaries; ///< Layer boundaries and M, ascending; empty if not aligned.
};

/// Exposed for tests: a random valid plan (see RandomCover). Returns all cuts, 0 and M included.
std::vector<std::int32_t> randomValidCuts(const ValidityMap& validity, std::uint64_t seed,
                                          const UnitTable* alignTo = nullptr);

} // namespace compass
