// SPDX-License-Identifier: MIT
#pragma once

#include "core/schedule/schedule_pass.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace compass {

/// Compiles a plan into per-core instruction streams by running its passes in order
/// (core-placement, local-memory, instruction-emission). Problems (an invalid plan, a unit
/// copy that does not fit) go to the sink, naming the partition.
class Scheduler
{
public:
    Scheduler();

    /// The passes' names, in order.
    std::vector<std::string> passNames() const;
    /// Runs every pass on a fresh state; nullopt after an error.
    std::optional<Program> compile(const Graph& graph, const ArchSpec& arch, const UnitTable& units,
                                   const SpanIoModel& io, const Plan& plan,
                                   const ScheduleOptions& options,
                                   DiagnosticSink& diagnostics) const;

private:
    std::vector<std::unique_ptr<SchedulePass>> m_passes;
};

} // namespace compass
