// SPDX-License-Identifier: MIT
#pragma once
// Shared by `compass compile`, `compass simulate --engine event` and `compass crosscheck`:
// schedule a plan with the estimator's options and run the event-driven simulator on it.

#include "core/schedule/program.h"
#include "sim/event/event_simulator.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace compass {
class Estimator;
class Graph;
} // namespace compass

namespace compass::cli {

/// The program of `plan`, scheduled with the estimator's batch, partial-sum width and
/// replication setting; diagnostics are printed (naming `model`) on failure.
std::optional<Program> scheduleProgram(const Graph& graph, const Estimator& estimator,
                                       const Plan& plan, const QString& model,
                                       bool earlyReplacement = true);

/// Runs the event simulator; prints diagnostics and returns nullopt on failure.
std::optional<EventSimResult> simulateProgram(const ArchSpec& arch, const Program& program,
                                              bool recordTimings);

/// {"engine": "event", "latency_per_batch_ns", "throughput_ips", "energy_per_inference_pj",
///  "energy_pj": {...parts, total}, "dram_*_bytes", "bus_bytes", utilisations,
///  "partitions": [{"latency_ns", "end_ns"}], "cores": [{"busy_ns": {class: ns}, "idle_ns"}]}.
QJsonObject eventResultJson(const Program& program, const EventSimResult& result);

/// The same as a readable report on stdout.
void printEventResult(const Program& program, const EventSimResult& result);

} // namespace compass::cli
