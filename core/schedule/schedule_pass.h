// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/plan.h"
#include "core/schedule/program.h"

#include <cstdint>
#include <vector>

namespace compass {

class DiagnosticSink;
class Graph;
class SpanIoModel;
class UnitTable;
struct ArchSpec;

/// Options of the scheduler that are not properties of the chip; the same as the estimator's
/// so both cost the same plan.
struct ScheduleOptions
{
    std::int64_t batchSize = 1;
    std::int64_t partialSumBits = 16; ///< Width of one partial sum (bits).
    bool replicate = true;            ///< Exact replication as in core/partition/replication.h.
    /// A core starts the next partition's weight replacement as soon as its own work in the
    /// current partition is done (the paper's rule). false: every load waits for the whole
    /// previous partition, as the estimator's serial phases assume.
    bool earlyReplacement = true;
};

/// One copy of one unit on a core.
struct UnitCopyPlacement
{
    std::int32_t unit = 0;
    std::int32_t copy = 0;
    std::int32_t core = 0;
};

/// What one core does for one layer stage and one input.
struct StageCoreWork
{
    std::int32_t core = 0;
    std::int64_t steps = 0;         ///< MVM latencies in a row (the longest copy's share).
    std::int64_t activations = 0;   ///< Crossbar activations.
    std::int64_t conversions = 0;   ///< ADC conversions.
    double localBytes = 0.0;        ///< Local-memory traffic of its MVMs.
    double psumAddBytes = 0.0;      ///< Partial-sum additions on its VFU.
    double inputBytes = 0.0;        ///< Share of the layer input its units read.
    double outputBytes = 0.0;       ///< Share of the layer output its units complete.
    std::int32_t inputBuffer = -1;  ///< Program::buffers index (set by LocalMemoryPass).
    std::int32_t outputBuffer = -1; ///< Program::buffers index (set by LocalMemoryPass).
};

/// A layer's pipeline stage inside one partition.
struct StagePlacement
{
    std::int32_t layer = 0;
    std::int32_t factor = 1;   ///< Replication.
    std::int32_t homeCore = 0; ///< Core of copy 0 of the layer's last unit in the span: runs
                               ///< the stage's weight-free operators.
    std::vector<StageCoreWork> cores;
};

/// Where every unit copy of one partition sits, and the resulting stages.
struct PartitionPlacement
{
    UnitSpan span;
    std::vector<LayerReplication> replication;
    std::vector<UnitCopyPlacement> copies; ///< In unit order, then copy order.
    std::vector<StagePlacement> stages;    ///< In layer order.
    std::vector<std::int32_t> coreOfUnit;  ///< Copy 0's core, indexed by unit - span.begin.
    std::int32_t coresUsed = 0;

    const StagePlacement* stage(std::int32_t layer) const
    {
        for (const StagePlacement& s : stages)
            if (s.layer == layer)
                return &s;
        return nullptr;
    }
};

/// Everything the scheduling passes read and write. The inputs are borrowed and must outlive
/// the state; products (placements, program) are values.
struct ScheduleState
{
    const Graph& graph;
    const ArchSpec& arch;
    const UnitTable& units;
    const SpanIoModel& io;
    Plan plan;
    ScheduleOptions options;
    std::vector<PartitionPlacement> placements;
    Program program;
};

/// One stage of the scheduler pipeline (LLVM-style): a name, a one-line description and
/// run(state, diagnostics), which returns false after reporting an error.
class SchedulePass
{
public:
    virtual ~SchedulePass() = default;
    virtual const char* name() const = 0;
    virtual const char* description() const = 0;
    virtual bool run(ScheduleState& state, DiagnosticSink& diagnostics) = 0;
};

/// Places every unit copy of every partition on a core (best-fit decreasing, unit by unit, as
/// the packer counts) with the estimator's replication, and derives each core's stage work.
class CorePlacementPass final : public SchedulePass
{
public:
    const char* name() const override { return "core-placement"; }
    const char* description() const override
    {
        return "place unit copies on cores (BFD) with exact replication";
    }
    bool run(ScheduleState& state, DiagnosticSink& diagnostics) override;
};

/// Allocates each core's local memory per partition: a one-crossbar weight staging buffer,
/// then the line buffers of each stage's input and output; what does not fit is spilled.
class LocalMemoryPass final : public SchedulePass
{
public:
    const char* name() const override { return "local-memory"; }
    const char* description() const override
    {
        return "allocate local buffers per core, spill to DRAM what does not fit";
    }
    bool run(ScheduleState& state, DiagnosticSink& diagnostics) override;
};

/// Emits every core's instruction stream, partition by partition, with the dependencies a
/// pipelined batch needs (docs/event-simulator.md).
class InstructionEmissionPass final : public SchedulePass
{
public:
    const char* name() const override { return "instruction-emission"; }
    const char* description() const override
    {
        return "emit LOAD/WRITE/MVMUL/VFU/SEND/RECV/STORE streams per core";
    }
    bool run(ScheduleState& state, DiagnosticSink& diagnostics) override;
};

} // namespace compass
