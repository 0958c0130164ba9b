// SPDX-License-Identifier: MIT
#pragma once

#include "core/partition/cost_model.h"
#include "core/partition/plan.h"
#include "core/pipeline/pass.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace compass {

class MappedProblem;
class UnitTable;
struct ArchSpec;
struct LocalBuffer;

/// Options of the scheduler that are neither chip nor costing options (those come from the
/// MappedProblem, so the scheduler costs a plan exactly as the estimator does): none today.
/// Early replacement, the paper's rule that a core starts the next partition's weight
/// replacement as soon as its own work in the current partition is done, is the costing
/// option CostingOptions::earlyReplacement, which both engines read.
struct ScheduleOptions
{};

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
    /// Core of each activation MatMul operand piece of the span (attention.engine = crossbar),
    /// indexed by piece - UnitTable::attentionPieceBegin(span.begin).
    std::vector<std::int32_t> coreOfAttentionPiece;
    std::int32_t coresUsed = 0;

    const StagePlacement* stage(std::int32_t layer) const
    {
        for (const StagePlacement& s : stages)
            if (s.layer == layer)
                return &s;
        return nullptr;
    }
};

/// The crossbars of every item best-fit decreasing places for span `span`: the unit copies
/// (`copies`, in their order), then the span's activation MatMul operand pieces (one each).
/// The scheduler's placement and the estimator's issue-port rule read the same list.
std::vector<std::int64_t> placementSizes(const UnitTable& table, UnitSpan span,
                                         const std::vector<UnitCopyPlacement>& copies);

/// Where the unit copies of one span sit with `replication` (best-fit decreasing, largest
/// first, ties in unit then copy order): the copies, the activation MatMul pieces' cores, the
/// cores used and each unit's copy-0 core, without stages; nullopt when they do not fit.
std::optional<PartitionPlacement> placeCopies(const UnitTable& table, const ArchSpec& arch,
                                              UnitSpan span,
                                              const std::vector<LayerReplication>& replication);

/// Where the unit copies of one span sit (placeCopies with the problem's replication) and each
/// core's stage work; nullopt when the span does not fit the
/// cores. The one placement rule: the scheduler and the estimator's spill costing call it.
std::optional<PartitionPlacement> placePartition(const MappedProblem& problem, UnitSpan span);
/// As placePartition, with the replication already solved (the estimator's, the same rule).
std::optional<PartitionPlacement> placePartition(const MappedProblem& problem, UnitSpan span,
                                                 const std::vector<LayerReplication>& replication);

/// Allocates one partition's local buffers (a one-crossbar weight staging buffer per core, then
/// each stage's input and output line buffers in layer order) and appends them to `buffers`;
/// a buffer that does not fit its core's remaining capacity is marked spilled. Sets the stage
/// work's buffer indices.
void allocatePartitionBuffers(const MappedProblem& problem, std::int32_t partition,
                              PartitionPlacement& pp, std::vector<LocalBuffer>& buffers);

/// Places every unit copy of every partition on a core (best-fit decreasing, unit by unit, as
/// the packer counts) with the estimator's replication, and derives each core's stage work.
class CorePlacementPass final : public Pass
{
public:
    const char* name() const override { return "core-placement"; }
    const char* description() const override
    {
        return "place unit copies on cores (BFD) with exact replication";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// Allocates each core's local memory per partition: a one-crossbar weight staging buffer,
/// then the line buffers of each stage's input and output; what does not fit is spilled.
class LocalMemoryPass final : public Pass
{
public:
    const char* name() const override { return "local-memory"; }
    const char* description() const override
    {
        return "allocate local buffers per core, spill to DRAM what does not fit";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

/// Emits every core's instruction stream, partition by partition, with the dependencies a
/// pipelined batch needs (docs/event-simulator.md).
class InstructionEmissionPass final : public Pass
{
public:
    const char* name() const override { return "instruction-emission"; }
    const char* description() const override
    {
        return "emit LOAD/WRITE/MVMUL/VFU/SEND/RECV/STORE streams per core";
    }
    bool run(PipelineState& state, DiagnosticSink& diagnostics) const override;
    std::string dump(const PipelineState& state) const override;
};

} // namespace compass
