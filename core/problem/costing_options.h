// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace compass {

/// The largest batch size every entry point accepts (CLI flags, sweep specs, the explorer's
/// batch box): 2^20 inputs, far beyond any figure, small enough that counts per batch stay
/// exact in a double.
inline constexpr std::int64_t kMaxBatchSize = std::int64_t{1} << 20;

/// How a mapped problem is costed beyond the chip itself. One value shared by the estimator,
/// the scheduler and the event-driven simulator (they read it from the MappedProblem), so all
/// three cost a plan with the same batch, partial-sum width and replication.
struct CostingOptions
{
    /// Inputs per batch, B. MappedProblem clamps values below 1 to 1.
    std::int64_t batchSize = 1;
    /// Width of one partial sum sent between cores or through DRAM (bits).
    /// TODO(arch): becomes an ArchSpec field (e.g. "precision.partial_sum_bits") once added.
    std::int64_t partialSumBits = 16;
    /// Replicate layers inside each partition (exact, see core/partition/replication.h).
    bool replicate = true;
    /// Early replacement (docs/cost-model.md): a partition's weights load onto a core as soon
    /// as that core's work in the previous partition is done, overlapping its tail. Off: every
    /// load waits for the previous partition to end (`compass crosscheck
    /// --no-early-replacement`, both engines).
    bool earlyReplacement = true;

    bool operator==(const CostingOptions&) const = default;
};

} // namespace compass
