// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/unit_table.h"
#include "core/partition/cost_model.h"
#include "core/partition/span_io.h"
#include "core/partition/validity_map.h"
#include "core/pipeline/search_pass.h"
#include "core/problem/mapped_problem.h"
#include "core/schedule/schedule_pass.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace compass {

/// The analytical cost model of docs/cost-model.md: the fitness the optimisers use. Scores a
/// MappedProblem (its unit table, validity map, span I/O model, chip and costing options),
/// which it keeps alive; builds per-unit prefix sums and the row-block dependencies of the
/// pipeline stages once, so partitionCost() of a span then costs O(tensors + row blocks of the
/// layers in span + replication search), a few microseconds, and allocates only its result and
/// one scratch vector of block times. Immutable after construction: const methods are
/// thread-safe.
class Estimator final : public CostModel
{
public:
    explicit Estimator(std::shared_ptr<const MappedProblem> problem);

    std::int32_t unitCount() const override { return m_units.unitCount(); }
    std::int64_t batchSize() const override { return m_problem->batchSize(); }
    bool isValidSpan(UnitSpan span) const override
    {
        return m_validity.isValid(span.begin, span.end);
    }
    PartitionCost partitionCost(UnitSpan span) const override;
    /// partitionCost() without the two rules that need the scheduler's core placement (the
    /// spills of local memory and the issue port), with the DRAM channel's store bound taken as
    /// its floor, batch x (loads + stores): each rule only adds time or energy, so this is a
    /// lower bound (docs/optimisers.md), at a fraction of the cost on chips that can spill.
    /// The bound is exact where neither rule applies (a span that cannot spill on a chip
    /// without an issue interval).
    PartitionCost partitionCostLowerBound(UnitSpan span, bool* isExact = nullptr) const override;

    /// The parts of partitionCost() that prefix sums give exactly (weight load, MVM, VFU and
    /// local-memory work), the rest bounded from below: crossbar writes at replication 1, the
    /// activations of the cut tables (what the span's first unit reads and its last unit
    /// writes), no spills or bus waits, and a pipeline stage no shorter than the slowest layer
    /// replicated as far as the chip's crossbars left over by the rest of the span allow.
    CostFloor partitionCostFloor(UnitSpan span) const override;

    /// Early replacement, as the scheduler emits it (docs/cost-model.md, "Early
    /// replacement"): on unless the costing options turn it off.
    bool overlapsPartitions() const override;
    /// The span's cores and loads as the scheduler places them; each core's slack from the
    /// pipeline's stage ends for the batch's last input (evaluate()'s fill, shifted by B - 1
    /// periods), no longer than the DRAM channel's idle time after the span's weight loads.
    ReplacementProfile replacementProfile(UnitSpan span) const override;
    double overlapCapNs(std::int32_t cut) const override;
    /// The span's weight load and its batch's entry and exit floors: no core's slack is longer
    /// than the DRAM channel's idle time after them.
    double latencyLessSlackFloorNs(UnitSpan span) const override;

    const MappedProblem& problem() const { return *m_problem; }
    /// What the optimisers read: the problem's units and validity, scored by this estimator.
    SearchProblem searchProblem() const { return m_problem->searchProblem(*this); }

private:
    /// evaluate()'s timing that replacementProfile() reads: per stage of the span (layer order),
    /// when input 0's last row block is available on the fill clock; and where the batch's
    /// last input reaches the fill clock's origin, from the partition's start.
    struct StageTimes
    {
        std::vector<double> stageEndNs;
        double lastInputOriginNs = 0.0;
        double dramActivityNs = 0.0; ///< The channel's activation, spill and store time.
        /// The scheduler's placement of the span when the spill costing made it (maySpill).
        std::optional<PartitionPlacement> placement;
    };
    PartitionCost evaluate(UnitSpan span, bool lowerBound, bool* isExact = nullptr,
                           StageTimes* times = nullptr) const;
    /// DRAM time of `weights` weights (T_W: each read once from the one channel).
    double weightLoadNs(double weights) const
    {
        return weights * static_cast<double>(m_arch.weightBits) / 8.0 / m_arch.dramBandwidthGBps;
    }
    double range(const std::vector<double>& prefix, std::int32_t begin, std::int32_t end) const
    {
        return prefix[static_cast<std::size_t>(end)] - prefix[static_cast<std::size_t>(begin)];
    }

    /// A tensor produced by a layer's pipeline stage (the layer's output or an output of a
    /// weight-free operator it owns): sent on the bus once per input when a consumer sits in
    /// the span.
    struct StageTensor
    {
        double bytes = 0.0;
        std::int32_t anchorUnit = -1;        ///< Producer's unit; -1: the layer's own output.
        std::int32_t firstConsumerUnit = -1; ///< Smallest first unit of its placed consumers.
    };
    /// A dependency of a stage on an earlier stage: for each of this stage's row blocks, the
    /// last row block of the producer stage it needs (the rules of core/schedule/row_window.h).
    struct StageEdge
    {
        std::int32_t predecessor = -1; ///< Layer index of the producer stage.
        bool ofOwnedOperator = false;  ///< Read by an operator the layer owns (after its MVMs).
        std::vector<std::int32_t> neededBlock; ///< Per block of this stage.
    };
    /// Per layer index: the stage's predecessors in the layer DAG (smaller layer indices whose
    /// stage produces an input of this layer, or only of an operator it owns, which runs after
    /// the layer's MVMs), its row blocks and its tensors.
    struct StageNode
    {
        std::vector<StageEdge> edges;
        std::int64_t rows = 1;   ///< Rows of the layer's output.
        std::int64_t blocks = 1; ///< Row blocks it streams them in (1 at layer granularity).
        std::vector<StageTensor> tensors;
        /// An owned operator needs all rows of a tensor of the stage before its first rows (an
        /// activation MatMul's right operand, a transpose of H and W): every owned operator
        /// then waits for the stage's last block (row_window.h).
        bool opsWaitForLastBlock = false;
        /// Row blocks of its owned operators per block of the stage: more than 1 when they
        /// stream finer rows than the layer's output (attention scores [heads, tokens, tokens]
        /// after a projection's [tokens, d], which has no rows).
        std::int64_t opSub = 1;
        /// An earlier stage whose activation MatMuls produce the left operand of this stage's
        /// (A·V after Q·Kᵀ and Softmax): its MatMuls, on crossbars, or its operators, on the
        /// VFUs, follow that stage's row blocks one by one (-1: none).
        std::int32_t attentionFrom = -1;
    };

    /// One activation MatMul on crossbars (attention.engine = crossbar, docs/cost-model.md,
    /// "Attention on crossbars"), per input.
    struct AttentionWork
    {
        std::int32_t anchorUnit = 0;
        double mvmNs = 0.0;       ///< M x t_mvm: each crossbar takes the M left-operand rows.
        double writeNs = 0.0;     ///< Largest piece's written rows x t_row (pieces in parallel).
        double activations = 0.0; ///< M x crossbars.
        double conversions = 0.0; ///< M x conversions per row of every piece.
        double writtenBits = 0.0; ///< Operand values x activation bits.
        double writtenRows = 0.0; ///< Rows written, all pieces.
        double crossbars = 0.0;
        std::int64_t blocks = 1; ///< Row blocks of its output (it streams them).
    };
    /// Sums over the activation MatMuls on crossbars anchored at units [begin, end).
    struct AttentionSpanWork
    {
        double mvmNs = 0.0;    ///< Serial MVM time of all of them (one input).
        double writeNs = 0.0;  ///< The longest write (they write in parallel).
        double periodNs = 0.0; ///< Longest write + MVMs of one (its crossbars per input).
        double activations = 0.0;
        double conversions = 0.0;
        double writtenBits = 0.0;
        double writtenRows = 0.0;
        double crossbars = 0.0;
        bool any = false;
    };
    void buildAttentionWork();
    /// Adds the energy, written bits and wear of the span's activation MatMuls on crossbars.
    void addAttentionEnergy(const AttentionSpanWork& work, double batch, PartitionCost& cost) const;
    AttentionSpanWork attentionWork(std::int32_t begin, std::int32_t end) const;

    /// Share of layer `l`'s output columns completed by units [begin, end).
    double fractionProduced(std::size_t l, std::int32_t begin, std::int32_t end) const;
    /// Whether some local buffer of span [begin, end) may not fit its core: false when even a
    /// core full of the span's most buffer-hungry unit (per crossbar) keeps every buffer.
    bool maySpill(std::int32_t begin, std::int32_t end) const;
    /// Bytes per input through a stage's spilled input buffers (a DRAM round trip before its
    /// MVMs) and output buffers (after them), summed over its cores.
    struct StageSpill
    {
        double inputBytes = 0.0;            ///< Over the stage's cores.
        double outputBytes = 0.0;           ///< Over the stage's cores.
        double largestCoreInputBytes = 0.0; ///< The one core's that spills the most input.
    };
    /// The spills of `span` per layer index offset from `firstLayer` (`layers` entries):
    /// placed and allocated by the scheduler's own rules.
    /// The placement is left in `placed` when given.
    std::vector<StageSpill> spilledBytesPerInput(UnitSpan span, std::int32_t firstLayer,
                                                 std::size_t layers,
                                                 const std::vector<LayerReplication>& replication,
                                                 std::optional<PartitionPlacement>* placed) const;

    /// The unit of [begin, end) whose layer has the most vectors per inference (of equal ones,
    /// the layer with more crossbars).
    std::int32_t unitOfMostVectors(std::int32_t begin, std::int32_t end) const;
    /// Of units x and y, the one whose layer has more vectors per inference (of equal ones, more
    /// crossbars; x of equal both): the rule of the m_mostVectors table and of its queries.
    std::int32_t moreVectors(std::int32_t x, std::int32_t y) const;
    /// The sparse-table level whose two windows cover [begin, end).
    static std::size_t sparseLevel(std::int32_t begin, std::int32_t end);
    /// Fills m_fillChain (constructor).
    void buildFillChain();

    std::shared_ptr<const MappedProblem> m_problem;
    /// Range maximum (sparse table, [level][unit]) of unitOfMostVectors.
    std::vector<std::vector<std::int32_t>> m_mostVectors;
    /// The most weights any unit stores per crossbar: a core holds at most its crossbars' worth.
    double m_weightsPerCrossbar = 0.0;
    /// Per cut position: entry bytes per input of any span starting there (those of its first
    /// unit alone), and exit bytes of any span ending there (those of its last unit).
    std::vector<double> m_entryFloorBytes;
    std::vector<double> m_exitFloorBytes;
    /// The layers on the heaviest chain of first row blocks, by vectors per inference v: per
    /// class, prefix sums over layer indices of their first block's share of the rows (0 off
    /// the chain or in another class). A floor of any span's fill (buildFillChain).
    struct FillChainClass
    {
        double vectors = 1.0;
        std::vector<double> sharePrefix;
    };
    std::vector<FillChainClass> m_fillChain;
    /// Range maximum (sparse table, [level][unit]) of each unit's line-buffer bytes per
    /// crossbar, 16 bytes of allocator rounding per unit included.
    std::vector<std::vector<double>> m_bufferPerCrossbarMax;
    // The problem's parts the formulas read (references into *m_problem).
    const ArchSpec& m_arch;
    const UnitTable& m_units;
    const ValidityMap& m_validity;
    const SpanIoModel& m_io;
    // Per-unit prefix sums (size units + 1), per inference.
    std::vector<double> m_weights;          ///< Weights held.
    std::vector<double> m_crossbars;        ///< Crossbars.
    std::vector<double> m_conversions;      ///< ADC conversions.
    std::vector<double> m_activations;      ///< Crossbar activations (MVMs).
    std::vector<double> m_vfuBytes;         ///< VFU work: partial-sum adds and weight-free ops.
    std::vector<double> m_opBytes;          ///< VFU work of weight-free ops only (at their anchor).
    std::vector<double> m_psumOutBytes;     ///< Partial sums a row chunk hands to the next chunk.
    std::vector<double> m_localBytes;       ///< Local memory traffic.
    std::vector<StageNode> m_stages;        ///< Per layer index.
    std::vector<AttentionWork> m_attention; ///< UnitTable::attention() order (by anchor).
    std::vector<std::int32_t> m_attentionBegin; ///< Per unit + 1: first MatMul anchored there.
    bool m_opChains = false; ///< Some stage follows another's blocks (StageNode::attentionFrom).
};

/// The search pass's cost model factory: an Estimator of the problem.
CostModelFactory estimatorFactory();

} // namespace compass
