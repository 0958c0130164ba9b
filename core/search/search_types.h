// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "core/search/objective.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace compass {

class UnitTable;
class ValidityMap;

enum class SearchMethod
{
    Greedy,
    Layerwise,
    Genetic,
    Exact
};

const char* searchMethodName(SearchMethod method);
/// Accepts greedy, layerwise, ga (or genetic), exact.
std::optional<SearchMethod> parseSearchMethod(std::string_view text);

/// Parameters of the COMPASS genetic algorithm (docs/optimisers.md). Defaults are the paper's.
struct GeneticOptions
{
    std::int32_t population = 100;
    std::int32_t generations = 30; ///< Upper bound on generations.
    std::int32_t elite = 20;       ///< Plans kept each generation; the rest are mutated copies.
    /// Stop when the best fitness has not improved for this many generations (0: never).
    std::int32_t patience = 5;
    /// Random plans (initial population, FixedRandom) end half their partitions at layer
    /// boundaries; false draws every end uniformly among the valid ends (docs/optimisers.md).
    bool layerAlignedPlans = true;
    /// Not Algorithm 1 (off by default): the initial population holds the greedy and the
    /// layerwise plans in place of two random ones, so the result is never worse than either
    /// baseline (`--ga-seed-baselines`, docs/optimisers.md).
    bool seedBaselines = false;
};

struct SearchOptions
{
    SearchMethod method = SearchMethod::Genetic;
    Objective objective = Objective::Latency;
    std::uint64_t seed = 1;
    GeneticOptions genetic;
    /// Worker threads for fitness evaluation; 0 means one per hardware thread.
    std::int32_t threads = 0;
    /// Exact search: also return the whole energy-latency Pareto front.
    bool paretoFront = false;
};

/// One generation of the genetic search.
struct GenerationStats
{
    std::int32_t generation = 0;
    double best = 0.0; ///< Best fitness in the population (objective units).
    double mean = 0.0; ///< Mean fitness.
    std::int32_t minPartitions = 0;
    std::int32_t maxPartitions = 0;
    double meanPartitions = 0.0;
};

/// Reported while a search runs; `fraction` is in [0, 1].
struct SearchProgress
{
    double fraction = 0.0;
    std::string stage;
    std::int32_t generation = -1; ///< Genetic search only.
    double bestObjective = 0.0;   ///< Best so far, in the objective's units.
    /// The generation just evaluated (genetic search only), for live convergence plots.
    std::optional<GenerationStats> generationStats;
};

/// Progress callback and cancel flag. The callback runs on the searching thread.
struct SearchControl
{
    std::function<void(const SearchProgress&)> progress;
    const std::atomic<bool>* cancel = nullptr;

    bool isCancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void report(const SearchProgress& p) const
    {
        if (progress)
            progress(p);
    }
};

/// A point of the energy-latency Pareto front, with the plan that reaches it.
struct ParetoPoint
{
    double latencyPerBatchNs = 0.0;
    double energyPerInferencePj = 0.0;
    std::vector<std::int32_t> cuts; ///< All cuts, 0 and M included.
};

/// What a search returns: the best plan with its full cost, and how the search went.
struct SearchResult
{
    SearchMethod method = SearchMethod::Greedy;
    Objective objective = Objective::Latency;
    std::uint64_t seed = 0;
    Plan plan;
    PlanCost cost;
    double objectiveValue = 0.0;
    bool cancelled = false;
    double runtimeMs = 0.0;
    std::int64_t spanEvaluations = 0;
    std::vector<GenerationStats> convergence; ///< Genetic search only.
    std::vector<ParetoPoint> paretoFront;     ///< Exact search, on request.
};

/// The inputs every search needs. All three are immutable and safe to share across threads.
struct SearchProblem
{
    const UnitTable& units;
    const ValidityMap& validity;
    const CostModel& cost;
};

} // namespace compass
