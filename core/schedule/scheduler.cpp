// SPDX-License-Identifier: MIT
#include "scheduler.h"

#include "core/arch/arch_spec.h"
#include "core/ir/graph.h"
#include "core/mapping/unit_table.h"
#include "core/support/diagnostics.h"

namespace compass {

namespace {
std::vector<std::unique_ptr<SchedulePass>> makePasses()
{
    std::vector<std::unique_ptr<SchedulePass>> passes;
    passes.push_back(std::make_unique<CorePlacementPass>());
    passes.push_back(std::make_unique<LocalMemoryPass>());
    passes.push_back(std::make_unique<InstructionEmissionPass>());
    return passes;
}
} // namespace

Scheduler::Scheduler()
    : m_passes(makePasses())
{}

std::vector<std::string> Scheduler::passNames() const
{
    std::vector<std::string> names;
    for (const auto& p : m_passes)
        names.emplace_back(p->name());
    return names;
}

std::optional<Program> Scheduler::compile(const Graph& graph, const ArchSpec& arch,
                                          const UnitTable& units, const SpanIoModel& io,
                                          const Plan& plan, const ScheduleOptions& options,
                                          DiagnosticSink& diagnostics) const
{
    if (plan.unitCount() != units.unitCount() || plan.partitionCount() == 0) {
        diagnostics.error("schedule: the plan covers " + std::to_string(plan.unitCount()) +
                          " units, the network has " + std::to_string(units.unitCount()));
        return std::nullopt;
    }
    ScheduleState state{graph, arch, units, io, plan, options, {}, {}};
    state.options.batchSize = std::max<std::int64_t>(1, options.batchSize);
    state.program.model = graph.name;
    state.program.arch = arch.name;
    state.program.batchSize = state.options.batchSize;
    state.program.cores = static_cast<std::int32_t>(arch.cores);
    state.program.localMemoryBytes = arch.localMemoryBytes;
    for (std::int32_t l = 0; l < units.layerCount(); ++l)
        state.program.layerNames.push_back(units.layerName(static_cast<std::size_t>(l)));
    for (const Tensor& t : graph.tensors())
        state.program.tensorNames.push_back(t.name);
    for (const Node& n : graph.nodes())
        state.program.nodeNames.push_back(n.name);
    for (const auto& pass : makePasses()) {
        if (!pass->run(state, diagnostics))
            return std::nullopt;
    }
    return std::move(state.program);
}

} // namespace compass
