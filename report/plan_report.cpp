// SPDX-License-Identifier: MIT
#include "report/plan_report.h"

#include "core/mapping/unit_table.h"
#include "core/schedule/program.h"

namespace compass {

std::vector<std::string> layersOfSpan(const UnitTable& units, UnitSpan span)
{
    std::vector<std::string> names;
    std::int32_t last = -1;
    for (std::int32_t u = span.begin; u < span.end; ++u) {
        const std::int32_t layer = units.unit(static_cast<std::size_t>(u)).layerIndex;
        if (layer != last)
            names.push_back(units.layerName(static_cast<std::size_t>(layer)));
        last = layer;
    }
    return names;
}

PlanReport makePlanReport(const UnitTable& units, const Plan& plan, const PlanCost& cost,
                          double enduranceWrites)
{
    PlanReport report;
    report.plan = plan;
    report.cost = cost;
    report.enduranceWrites = enduranceWrites;
    report.layers.reserve(cost.partitions.size());
    for (const PartitionCost& p : cost.partitions) {
        PartitionLayers names;
        names.layers = layersOfSpan(units, p.span);
        for (const LayerReplication& r : p.replication) {
            names.replication.emplace_back(units.layerName(static_cast<std::size_t>(r.layerIndex)),
                                           r.factor);
        }
        report.layers.push_back(std::move(names));
    }
    return report;
}

SearchReport makeSearchReport(const SearchOptions& options, const SearchResult& result)
{
    SearchReport search;
    search.options = options;
    // The result says what actually ran (a method or objective the caller may have defaulted).
    search.options.method = result.method;
    search.options.objective = result.objective;
    search.objectiveValue = result.objectiveValue;
    search.runtimeMs = result.runtimeMs;
    search.cancelled = result.cancelled;
    search.spanEvaluations = result.spanEvaluations;
    search.convergence = result.convergence;
    search.paretoFront = result.paretoFront;
    return search;
}

EventReport makeEventReport(const Program& program, const EventSimResult& result)
{
    EventReport event;
    event.result = result;
    event.result.timings.clear(); // per-instruction timings belong to the trace, not the report
    for (const ProgramPartition& p : program.partitions)
        event.partitionSpans.push_back(p.span);
    return event;
}

} // namespace compass
