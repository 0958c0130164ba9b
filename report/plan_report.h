// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "core/search/search_types.h"
#include "sim/event/event_simulator.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace compass {

class UnitTable;
struct Program;

/// The names a partition's row shows: the weight layers with units in its span, in unit order,
/// and the replication factor of each replicated layer.
struct PartitionLayers
{
    std::vector<std::string> layers;
    std::vector<std::pair<std::string, std::int32_t>> replication; ///< (layer, factor)
};

/// How a search chose the plan (`compass optimize`, a stored search run). Fields a stored run
/// does not keep are nullopt or empty and are left out of the JSON.
struct SearchReport
{
    SearchOptions options;
    double objectiveValue = 0.0; ///< In the objective's unit: ns per batch, pJ, pJ·s.
    double runtimeMs = 0.0;
    bool cancelled = false;
    std::optional<std::int64_t> spanEvaluations;
    std::vector<GenerationStats> convergence; ///< Genetic search only.
    std::vector<ParetoPoint> paretoFront;     ///< Exact search with --pareto only.
};

/// What the event-driven simulator measured for the plan (`--engine event`), beside the
/// estimator's figures, never instead of them.
struct EventReport
{
    EventSimResult result;
    std::vector<UnitSpan> partitionSpans; ///< The program's partitions, in order.
};

/// The one plan report: what `compass simulate`, `compass optimize`, `compass runs show`, the
/// run recorder and the GUI show about a plan. A value built from plain inputs (unit table or
/// layer names, plan, PlanCost, search result, event result), so it does not depend on how the
/// problem was built. One JSON writer (planReportToJson, schema in docs/json.md) and one text
/// writer (planReportText) render it. All figures are in base units (ns, pJ, pJ·s, bytes,
/// bits) as the cost model gives them; only the text writer scales them for a reader.
/// Invariant: layers.size() == cost.partitions.size(). Writers name replicated layers from
/// `layers`, not from PartitionCost::replication (a report read back from JSON has no layer
/// indices).
struct PlanReport
{
    std::string model; ///< Network name; empty when unknown.
    std::string arch;  ///< Chip name; empty when unknown.
    Plan plan;
    PlanCost cost; ///< The estimator's figures.
    /// The chip's crossbar.endurance_writes (0: unlimited), for the plan's wear.
    double enduranceWrites = 0.0;
    std::vector<PartitionLayers> layers;
    std::optional<SearchReport> search;
    std::optional<EventReport> event;

    /// The number of units the plan covers.
    std::int32_t unitCount() const { return plan.unitCount(); }
};

/// The report of `plan` costed as `cost`, naming layers from `units`, on cells that survive
/// `enduranceWrites` writes (crossbar.endurance_writes; 0: unlimited).
PlanReport makePlanReport(const UnitTable& units, const Plan& plan, const PlanCost& cost,
                          double enduranceWrites);

/// The search section of a finished search run with `options`.
SearchReport makeSearchReport(const SearchOptions& options, const SearchResult& result);

/// The event section of `result`, the simulation of `program`.
EventReport makeEventReport(const Program& program, const EventSimResult& result);

/// Layer names of the weight layers with units in [begin, end), in unit order.
std::vector<std::string> layersOfSpan(const UnitTable& units, UnitSpan span);

} // namespace compass
