// SPDX-License-Identifier: MIT
#include "cost_model.h"

#include <algorithm>
#include <limits>

namespace compass {

LatencyParts& LatencyParts::operator+=(const LatencyParts& o)
{
    weightLoadNs += o.weightLoadNs;
    crossbarWriteNs += o.crossbarWriteNs;
    activationLoadNs += o.activationLoadNs;
    computeNs += o.computeNs;
    busNs += o.busNs;
    activationStoreNs += o.activationStoreNs;
    return *this;
}

EnergyParts& EnergyParts::operator+=(const EnergyParts& o)
{
    mvmPj += o.mvmPj;
    vfuPj += o.vfuPj;
    localMemoryPj += o.localMemoryPj;
    busPj += o.busPj;
    crossbarWritePj += o.crossbarWritePj;
    dramWeightPj += o.dramWeightPj;
    dramActivationPj += o.dramActivationPj;
    dramBackgroundPj += o.dramBackgroundPj;
    controlPj += o.controlPj;
    staticPj += o.staticPj;
    return *this;
}

double EnergyParts::replacementOverMvm() const
{
    return mvmPj > 0.0 ? (dramWeightPj + crossbarWritePj) / mvmPj
                       : std::numeric_limits<double>::quiet_NaN();
}

double replacementOverlapNs(const ReplacementProfile& prev, const ReplacementProfile& next)
{
    if (prev.slackLevels.empty() || next.loadNs.empty())
        return 0.0;
    // The last load ends at max over k of (ready_k + the loads ready at or after ready_k); with
    // ready_k = end(prev) - d_k that is the whole load's time earlier than end(prev) + load by
    // min over k of (d_k + the loads ready before k), loads of equal d taken as one group.
    // Loads are grouped by the level of their latest core (slack levels decrease).
    thread_local std::vector<double> atLevel;
    atLevel.assign(prev.slackLevels.size(), 0.0);
    const auto levels = static_cast<std::int32_t>(prev.coreLevel.size());
    for (std::size_t k = 0; k < next.loadNs.size(); ++k) {
        std::int32_t level = 0;
        for (std::int32_t i = next.coreBegin[k]; i < next.coreBegin[k + 1]; ++i) {
            const std::int32_t c = next.loadCores[static_cast<std::size_t>(i)];
            level = std::max(level, c < levels ? prev.coreLevel[static_cast<std::size_t>(c)]
                                               : prev.idleLevel);
        }
        atLevel[static_cast<std::size_t>(level)] += next.loadNs[k];
    }
    double overlap = next.totalLoadNs;
    double before = 0.0;
    for (std::size_t r = 0; r < atLevel.size(); ++r) {
        if (atLevel[r] > 0.0) {
            overlap = std::min(overlap, prev.slackLevels[r] + before);
            before += atLevel[r];
        }
    }
    return std::max(0.0, overlap);
}

double replacementOverlapBoundNs(const ReplacementProfile& prev, const ReplacementProfile& next)
{
    if (prev.slackLevels.empty() || next.loadNs.empty())
        return 0.0;
    // With r the first level of a used core holding a load, min over levels is at most
    // d_r + the loads before it, which all wait only for idle cores.
    const std::size_t firstIdle = prev.coreLevel.size();
    const double idleOnly =
        firstIdle < next.loadFromCore.size() ? next.loadFromCore[firstIdle] : 0.0;
    return std::min({prev.maxSlackNs, next.totalLoadNs, prev.busySlackNs + idleOnly});
}

void applyReplacementOverlap(PartitionCost& next, double overlapNs, double staticPowerMw)
{
    overlapNs = std::min(overlapNs, next.latency.weightLoadNs);
    if (!(overlapNs > 0.0))
        return;
    next.latency.weightLoadNs -= overlapNs;
    next.weightLoadHiddenNs += overlapNs;
    next.energy.staticPj = std::max(0.0, next.energy.staticPj - overlapNs * staticPowerMw);
}

PlanCost CostModel::planCost(const Plan& plan) const
{
    std::vector<PartitionCost> parts;
    parts.reserve(static_cast<std::size_t>(plan.partitionCount()));
    for (std::int32_t i = 0; i < plan.partitionCount(); ++i)
        parts.push_back(partitionCost(plan.partition(i)));
    if (overlapsPartitions() && parts.size() > 1) {
        ReplacementProfile prev = replacementProfile(plan.partition(0));
        for (std::int32_t i = 1; i < plan.partitionCount(); ++i) {
            ReplacementProfile next = replacementProfile(plan.partition(i));
            if (parts[static_cast<std::size_t>(i - 1)].valid &&
                parts[static_cast<std::size_t>(i)].valid)
                applyReplacementOverlap(parts[static_cast<std::size_t>(i)],
                                        replacementOverlapNs(prev, next), next.staticPowerMw);
            prev = std::move(next);
        }
    }
    return aggregatePlanCost(std::move(parts), batchSize());
}

PlanCost aggregatePlanCost(std::vector<PartitionCost> partitions, std::int64_t batchSize)
{
    PlanCost cost;
    cost.batchSize = std::max<std::int64_t>(1, batchSize);
    const double b = static_cast<double>(cost.batchSize);
    double weightedCores = 0.0;
    double weightedCrossbars = 0.0;
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        const PartitionCost& p = partitions[i];
        if (!p.valid && cost.valid) {
            cost.valid = false;
            cost.firstInvalidPartition = static_cast<std::int32_t>(i);
        }
        cost.latency += p.latency;
        cost.energy += p.energy;
        cost.dramWeightBytes += p.dramWeightBytes;
        cost.dramActivationBytes += p.dramActivationBytes;
        cost.dramSpillBytes += p.dramSpillBytes;
        cost.writtenBits += p.writtenBits;
        cost.weightLoadHiddenNs += p.weightLoadHiddenNs;
        cost.worstCellWritesPerBatch +=
            std::max(p.writtenBits > 0.0 ? 1.0 : 0.0, p.cellWritesPerBatch);
        weightedCores += p.latencyNs() * p.coreUtilization;
        weightedCrossbars += p.latencyNs() * p.crossbarUtilization;
    }
    cost.latencyPerBatchNs = cost.latency.totalNs();
    if (cost.latencyPerBatchNs > 0.0) {
        cost.throughputIps = b / (cost.latencyPerBatchNs * 1e-9);
        cost.coreUtilization = weightedCores / cost.latencyPerBatchNs;
        cost.crossbarUtilization = weightedCrossbars / cost.latencyPerBatchNs;
    }
    cost.energyPerInferencePj = cost.energy.totalPj() / b;
    cost.edpPjS = cost.energyPerInferencePj * (cost.latencyPerBatchNs / b) * 1e-9;
    cost.partitions = std::move(partitions);
    return cost;
}

PlanWear planWear(const PlanCost& cost, double enduranceWrites)
{
    PlanWear wear;
    const double b = static_cast<double>(std::max<std::int64_t>(1, cost.batchSize));
    wear.writesPerCellPerInference = cost.worstCellWritesPerBatch / b;
    // writes per second = writes per inference x throughput = writes per batch / batch latency
    const double writesPerS = cost.latencyPerBatchNs > 0.0
                                  ? cost.worstCellWritesPerBatch / (cost.latencyPerBatchNs * 1e-9)
                                  : 0.0;
    wear.lifetimeS = enduranceWrites > 0.0 && writesPerS > 0.0
                         ? enduranceWrites / writesPerS
                         : std::numeric_limits<double>::infinity();
    return wear;
}

} // namespace compass
