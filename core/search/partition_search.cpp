// SPDX-License-Identifier: MIT
#include "partition_search.h"

#include "core/partition/validity_map.h"
#include "core/search/exact_search.h"
#include "core/search/genetic_search.h"
#include "core/search/span_evaluator.h"

#include <chrono>

namespace compass {

const char* searchMethodName(SearchMethod method)
{
    switch (method) {
    case SearchMethod::Greedy:
        return "greedy";
    case SearchMethod::Layerwise:
        return "layerwise";
    case SearchMethod::Genetic:
        return "ga";
    case SearchMethod::Exact:
        return "exact";
    }
    return "ga";
}

std::optional<SearchMethod> parseSearchMethod(std::string_view text)
{
    if (text == "greedy")
        return SearchMethod::Greedy;
    if (text == "layerwise")
        return SearchMethod::Layerwise;
    if (text == "ga" || text == "genetic" || text == "compass")
        return SearchMethod::Genetic;
    if (text == "exact" || text == "dp")
        return SearchMethod::Exact;
    return std::nullopt;
}

SearchResult runPartitionSearch(const SearchProblem& problem, const SearchOptions& options,
                                const SearchControl& control)
{
    const auto started = std::chrono::steady_clock::now();
    SearchResult result;
    result.method = options.method;
    result.objective = options.objective;
    result.seed = options.seed;

    SpanEvaluator evaluator(problem.cost, options.threads);
    switch (options.method) {
    case SearchMethod::Greedy:
        result.plan = greedyPlan(problem);
        break;
    case SearchMethod::Layerwise:
        result.plan = layerwisePlan(problem);
        break;
    case SearchMethod::Genetic:
        result.plan = geneticSearch(problem, options.objective, options.genetic, options.seed,
                                    evaluator, control, result.convergence);
        break;
    case SearchMethod::Exact:
        result.plan = exactSearch(problem, options.objective, evaluator, control,
                                  options.paretoFront ? &result.paretoFront : nullptr);
        if (result.plan.partitionCount() == 0 && problem.validity.unitCount() > 0) {
            // Cancelled before the dynamic programme finished: the best plan known so far is
            // the greedy one, which costs nothing to find.
            result.plan = greedyPlan(problem);
        }
        break;
    }
    result.cancelled = control.isCancelled();
    result.cost = problem.cost.planCost(result.plan);
    result.objectiveValue = planObjectiveValue(options.objective, result.cost.latencyPerBatchNs,
                                               result.cost.energyPerInferencePj *
                                                   static_cast<double>(result.cost.batchSize),
                                               result.cost.batchSize);
    result.spanEvaluations = evaluator.evaluations() + result.plan.partitionCount();
    result.runtimeMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    control.report({1.0, result.cancelled ? "cancelled" : "done", -1, result.objectiveValue, {}});
    return result;
}

} // namespace compass
