// SPDX-License-Identifier: MIT
#pragma once
// Shared by `compass compile`, `compass simulate --engine event` and `compass crosscheck`:
// schedule a plan on a mapped problem and run the event-driven simulator on it.

#include "core/schedule/program.h"
#include "sim/event/event_simulator.h"

#include <QString>

#include <memory>
#include <optional>

namespace compass {
class MappedProblem;
class PassInstrumentation;
} // namespace compass

namespace compass::cli {

/// The program of `plan` on `problem` (the schedule passes, with the problem's batch,
/// partial-sum width and replication); diagnostics are printed (naming `model`) on failure.
/// nullopt also after a --dump-after stop in `instrumentation`.
std::optional<Program> scheduleProgram(std::shared_ptr<const MappedProblem> problem,
                                       const Plan& plan, const QString& model,
                                       PassInstrumentation* instrumentation = nullptr);

/// Runs the event simulator on `program`, compiled for `problem`; prints diagnostics and
/// returns nullopt on failure.
std::optional<EventSimResult> simulateProgram(const MappedProblem& problem, const Program& program,
                                              bool recordTimings);

} // namespace compass::cli
