// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/core_packer.h"
#include "core/partition/plan.h"

#include <cstdint>
#include <vector>

namespace compass {

/// Latency of one partition for one batch, split into serial phases (ns). See
/// docs/cost-model.md for every formula.
struct LatencyParts
{
    double weightLoadNs = 0.0;      ///< Weights from DRAM.
    double crossbarWriteNs = 0.0;   ///< Writing (replicated) weights into crossbars.
    double activationLoadNs = 0.0;  ///< Entry tensors of B inputs from DRAM.
    double computeNs = 0.0;         ///< Layer-pipelined MVM and VFU work of B inputs.
    double busNs = 0.0;             ///< What bus traffic (activations, partial sums) adds.
    double activationStoreNs = 0.0; ///< Exit tensors of B inputs to DRAM.

    double totalNs() const
    {
        return weightLoadNs + crossbarWriteNs + activationLoadNs + computeNs + busNs +
               activationStoreNs;
    }
    LatencyParts& operator+=(const LatencyParts& o);
};

/// Energy of one partition for one batch (pJ), by component.
struct EnergyParts
{
    double mvmPj = 0.0;            ///< ADC conversions and crossbar array reads.
    double vfuPj = 0.0;            ///< Vector units: weight-free operators, partial-sum adds.
    double localMemoryPj = 0.0;    ///< Local SRAM traffic.
    double busPj = 0.0;            ///< Inter-core transfers.
    double crossbarWritePj = 0.0;  ///< Cell writes.
    double dramWeightPj = 0.0;     ///< Weight reads from DRAM.
    double dramActivationPj = 0.0; ///< Activation loads and stores (and spills).
    double dramBackgroundPj = 0.0; ///< DRAM background and refresh power while it transfers.
    double controlPj = 0.0;        ///< Control power x each core's instruction busy time.
    double staticPj = 0.0;         ///< Leakage (chip.static_power_mW) x latency.

    double totalPj() const
    {
        return mvmPj + vfuPj + localMemoryPj + busPj + crossbarWritePj + dramWeightPj +
               dramActivationPj + dramBackgroundPj + controlPj + staticPj;
    }
    EnergyParts& operator+=(const EnergyParts& o);
    /// Weight replacement energy (DRAM weight reads + crossbar writes) over MVM energy, the
    /// quantity of COMPASS Fig. 9; NaN without MVM energy.
    double replacementOverMvm() const;
};

struct LayerReplication
{
    std::int32_t layerIndex = 0;
    std::int32_t factor = 1;
};

/// The cost of one partition [begin, end) for a batch of B inputs. A value: copyable, no
/// references into the model.
struct PartitionCost
{
    UnitSpan span;
    bool valid = true;
    PackingFailure failure = PackingFailure::None;
    LatencyParts latency; ///< Per batch.
    EnergyParts energy;   ///< Per batch.
    /// Of the partition's weight loads, the time they ran while the previous partition was
    /// still running (early replacement): left out of latency.weightLoadNs. Set by
    /// CostModel::planCost(); 0 for a partition costed alone.
    double weightLoadHiddenNs = 0.0;
    double dramWeightBytes = 0.0;     ///< Per batch.
    double dramActivationBytes = 0.0; ///< Per batch (B x entry + exit bytes).
    double dramSpillBytes = 0.0;      ///< Per batch: spilled line buffers, out and back.
    double writtenBits = 0.0;         ///< Bits written to crossbars, per batch.
    /// Writes per batch of the partition's most written cell: B when it rewrites activation
    /// MatMul operands for every input (attention.engine = crossbar), else 1 when it writes.
    double cellWritesPerBatch = 0.0;
    std::int64_t coresUsed = 0;
    std::int64_t crossbarsUsed = 0;   ///< Including replicas.
    double coreUtilization = 0.0;     ///< coresUsed / cores.
    double crossbarUtilization = 0.0; ///< crossbarsUsed / total crossbars.
    std::vector<LayerReplication> replication;

    double latencyNs() const { return latency.totalNs(); }
    double energyPj() const { return energy.totalPj(); }
};

/// The cost of a whole plan; latencies and energies per batch unless named per inference.
struct PlanCost
{
    bool valid = true;
    std::int32_t firstInvalidPartition = -1;
    std::int64_t batchSize = 1;
    std::vector<PartitionCost> partitions;
    LatencyParts latency; ///< Sum over partitions, per batch.
    EnergyParts energy;   ///< Sum over partitions, per batch.
    double latencyPerBatchNs = 0.0;
    double throughputIps = 0.0; ///< Inferences per second: B / latency per batch.
    double energyPerInferencePj = 0.0;
    /// Energy per inference (pJ) x latency per inference (s), latency per inference being the
    /// latency per batch / B.
    double edpPjS = 0.0;
    double dramWeightBytes = 0.0;
    double dramActivationBytes = 0.0;
    double dramSpillBytes = 0.0;
    double writtenBits = 0.0;
    /// Weight-load time hidden under the previous partitions, summed (left out of latency).
    double weightLoadHiddenNs = 0.0;
    double coreUtilization = 0.0;     ///< Latency-weighted mean over partitions.
    double crossbarUtilization = 0.0; ///< Latency-weighted mean over partitions.
    /// Writes of the most written crossbar cell per batch: every partition writes its weights
    /// once per batch and packs them from the first crossbar of core 0 on, so that crossbar
    /// is rewritten by every partition that writes any weights (docs/cost-model.md, "Wear"),
    /// B times by one that rewrites activation MatMul operands per input.
    double worstCellWritesPerBatch = 0.0;
};

/// Wear of a plan's crossbar cells at continuous inference. A value.
struct PlanWear
{
    double writesPerCellPerInference = 0.0; ///< Worst cell: partitions writing it / batch.
    /// Seconds until the worst cell reaches `enduranceWrites` at the plan's throughput;
    /// +infinity when the endurance is unlimited (0) or nothing is written.
    double lifetimeS = 0.0;
};

/// The wear of `cost` on cells that survive `enduranceWrites` writes (0: unlimited).
PlanWear planWear(const PlanCost& cost, double enduranceWrites);

/// What early replacement needs to know of one partition, in both roles (docs/cost-model.md,
/// "Early replacement"): a partition's weights start loading as soon as the previous
/// partition's weights are loaded and every core that a unit's copies go to has finished its
/// work in the previous partition; the one DRAM channel serves the loads in the order they
/// become ready. A value.
struct ReplacementProfile
{
    /// As the previous partition: how long before the partition's end its work on a core is
    /// done and the DRAM channel has room for another partition's loads (ns), as levels: the
    /// distinct slacks in decreasing order, and per core the index of its slack. Cores beyond
    /// coreLevel (those it leaves idle) have slackLevels[idleLevel], the channel's idle time
    /// after its own weight loads.
    std::vector<double> slackLevels;
    std::vector<std::int32_t> coreLevel;
    std::int32_t idleLevel = 0;
    /// No overlap with a successor is longer: slackLevels[0] or less.
    double maxSlackNs = 0.0;
    /// The largest slack of a core the partition uses (those in coreLevel); 0 when none.
    double busySlackNs = 0.0;
    /// As the next partition: its weight loads (ns on the channel each), those waiting for the
    /// same cores as one, and the cores each waits for, [coreBegin[k], coreBegin[k + 1]) in
    /// loadCores. The service rule does not depend on their order.
    std::vector<double> loadNs;
    std::vector<std::int32_t> coreBegin;
    std::vector<std::int32_t> loadCores;
    double totalLoadNs = 0.0; ///< Sum of loadNs.
    /// loadFromCore[c]: the loads whose every core is c or later (size: last core + 2).
    std::vector<double> loadFromCore;
    /// Energy per ns of latency saved (the chip's static power, mW = pJ/ns).
    double staticPowerMw = 0.0;
};

/// How much of `next`'s weight load runs before `prev` ends (ns): with d_k the slack of the
/// latest of load k's cores in `prev`, and loads served as they become ready, the last load
/// ends min over k of (d_k + the loads ready before load k) earlier than if every load waited
/// for `prev`'s end, and never more than the whole load earlier. 0 when either is empty.
double replacementOverlapNs(const ReplacementProfile& prev, const ReplacementProfile& next);

/// An upper bound of replacementOverlapNs(prev, next) in constant time: no more than `prev`'s
/// largest slack, nor `next`'s load, nor the largest slack of the cores `prev` uses plus the
/// loads of `next` that wait only for cores it leaves idle.
double replacementOverlapBoundNs(const ReplacementProfile& prev, const ReplacementProfile& next);

/// Lower bounds of a partition's latency (ns per batch) and energy (pJ per batch).
struct CostFloor
{
    double latencyNs = 0.0;
    double energyPj = 0.0;
};

/// The fitness the optimisers minimise, declared in core and implemented in sim. const
/// evaluation is thread-safe: several threads may call partitionCost at once.
class CostModel
{
public:
    virtual ~CostModel() = default;
    virtual std::int32_t unitCount() const = 0;
    virtual std::int64_t batchSize() const = 0;
    /// Whether [begin, end) fits the chip with replication 1.
    virtual bool isValidSpan(UnitSpan span) const = 0;
    /// Cost of one partition for one batch (microseconds to evaluate).
    virtual PartitionCost partitionCost(UnitSpan span) const = 0;
    /// A cost whose latencyNs() and energyPj() are never above partitionCost()'s for the same
    /// span, and that is cheaper to compute: the exact search skips every span whose bound
    /// cannot beat the best plan it has (docs/optimisers.md). Only those two figures are
    /// meaningful. `isExact`, when given, says whether the bound is the cost itself (the search
    /// then need not cost the span). The default is the exact cost.
    virtual PartitionCost partitionCostLowerBound(UnitSpan span, bool* isExact = nullptr) const
    {
        if (isExact)
            *isExact = true;
        return partitionCost(span);
    }
    /// A cruder bound than partitionCostLowerBound() on the same two figures, from per-unit
    /// prefix sums and per-cut tables: constant time (under a microsecond, against several for
    /// the bound), so the exact search can look at every valid span and bound only those this
    /// floor cannot rule out (docs/optimisers.md). The default, zero, is a floor of any cost.
    virtual CostFloor partitionCostFloor(UnitSpan /*span*/) const { return {}; }
    /// Whether partitions overlap their neighbours (early replacement): a plan's cost is then
    /// the sum of its partitions less replacementOverlapNs() between each pair. The default
    /// model has no overlap.
    virtual bool overlapsPartitions() const { return false; }
    /// The profile of `span` for replacementOverlapNs() (a few microseconds, as
    /// partitionCost()); empty when the model has no overlap.
    virtual ReplacementProfile replacementProfile(UnitSpan /*span*/) const { return {}; }
    /// No overlap between a partition ending at `cut` and the next is longer than this (ns):
    /// the longest weight load of a valid span starting there (0 at the last cut).
    virtual double overlapCapNs(std::int32_t /*cut*/) const { return 0.0; }
    /// A floor of a span's latency less the largest slack of its profile (what no successor
    /// can hide): its weight load, which every core waits for. Constant time.
    virtual double latencyLessSlackFloorNs(UnitSpan /*span*/) const { return 0.0; }
    /// Cost of a plan: the sum of its partitions less their overlaps, with the derived plan
    /// metrics.
    PlanCost planCost(const Plan& plan) const;
};

/// Credits partition `next` (costed alone) with `overlapNs` of its weight load hidden under
/// the previous partition: less load latency, and the static energy of that time.
void applyReplacementOverlap(PartitionCost& next, double overlapNs, double staticPowerMw);

/// Aggregates partition costs into plan metrics (throughput, energy per inference, EDP ...).
PlanCost aggregatePlanCost(std::vector<PartitionCost> partitions, std::int64_t batchSize);

} // namespace compass
