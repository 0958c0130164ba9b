// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/partition/cost_model.h"
#include "core/schedule/program.h"

#include <array>
#include <cstdint>
#include <vector>

namespace compass {

class DiagnosticSink;
class MappedProblem;

/// Busy time of one core by instruction class (ns). Classes overlap in time (crossbars, VFU,
/// write port and DMA work in parallel), so `activeNs` is the union: time with anything busy.
struct CoreTimeline
{
    std::array<double, kOpcodeCount> busyNs{};
    double activeNs = 0.0;
    double idleNs = 0.0; ///< latency - activeNs.
};

/// Start and end (ns) of one executed instruction.
struct InstructionTiming
{
    double startNs = 0.0;
    double endNs = 0.0;
};

/// What the event-driven simulator measures for one batch. A value.
struct EventSimResult
{
    bool ok = false;
    std::int64_t batchSize = 1;
    double latencyPerBatchNs = 0.0;
    double throughputIps = 0.0;
    /// Per partition: the time from the previous partition's last instruction to its own last
    /// instruction (the part of the batch latency it adds); sums to latencyPerBatchNs.
    std::vector<double> partitionLatencyNs;
    std::vector<double> partitionEndNs;
    std::vector<CoreTimeline> cores;
    EnergyParts energy; ///< Per batch, the estimator's parts and constants.
    double energyPerInferencePj = 0.0;
    double dramWeightBytes = 0.0;
    double dramActivationBytes = 0.0; ///< Entry and exit tensors, partial sums.
    double dramSpillBytes = 0.0;
    double busBytes = 0.0;
    double dramBusyNs = 0.0;
    double busBusyNs = 0.0;
    double dramUtilization = 0.0;     ///< dramBusyNs / latency.
    double busUtilization = 0.0;      ///< busBusyNs / latency.
    double crossbarUtilization = 0.0; ///< Crossbar-activation time / (latency x crossbars).
    std::int64_t instructions = 0;
    std::vector<InstructionTiming> timings; ///< Per instruction, when recorded.
};

struct EventSimOptions
{
    bool recordTimings = true; ///< Keep every instruction's start/end (for traces).
};

/// Discrete-event execution of a Program on the chip: an instruction starts when its
/// dependencies have completed and its resource is free. Resources: one DRAM channel and one
/// bus (bandwidth-limited, FIFO by ready time then program order), and per core a write port,
/// the VFUs, and the crossbars of each layer stage. Energy is counted per event with the
/// estimator's constants (docs/event-simulator.md). Scores programs compiled for `problem`
/// (schedulePlan), on the problem's chip; keeps a copy of what it reads, not the problem.
/// Stateless; run() is const and thread-safe.
class EventSimulator
{
public:
    explicit EventSimulator(const MappedProblem& problem, EventSimOptions options = {});

    EventSimResult run(const Program& program, DiagnosticSink& diagnostics) const;

    /// Duration of one instruction on its resource (ns).
    double durationNs(const Instruction& instruction) const;

private:
    ArchSpec m_arch;
    EventSimOptions m_options;
};

} // namespace compass
