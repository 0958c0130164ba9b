// SPDX-License-Identifier: MIT
#include "event_engine.h"

#include "cli_common.h"
#include "core/pipeline/pipelines.h"

namespace compass::cli {

std::optional<Program> scheduleProgram(std::shared_ptr<const MappedProblem> problem,
                                       const Plan& plan, const QString& model,
                                       PassInstrumentation* instrumentation)
{
    ScheduleOptions options;
    DiagnosticList diagnostics;
    std::optional<Program> program =
        schedulePlan(std::move(problem), plan, options, diagnostics, instrumentation);
    if (!program || diagnostics.hasErrors()) {
        for (const Diagnostic& d : diagnostics.all()) {
            err() << model << ": " << (d.severity == Severity::Error ? "error" : "note") << ": "
                  << (d.location.partition >= 0
                          ? QString("partition %1: ").arg(d.location.partition)
                          : QString())
                  << QString::fromStdString(d.message) << '\n';
        }
        err().flush();
        return std::nullopt;
    }
    return program;
}

std::optional<EventSimResult> simulateProgram(const MappedProblem& problem, const Program& program,
                                              bool recordTimings)
{
    EventSimOptions options;
    options.recordTimings = recordTimings;
    DiagnosticList diagnostics;
    EventSimResult result = EventSimulator(problem, options).run(program, diagnostics);
    if (!result.ok) {
        printDiagnostics(diagnostics);
        return std::nullopt;
    }
    return result;
}

} // namespace compass::cli
