// SPDX-License-Identifier: MIT
#pragma once

#include "core/mapping/core_packer.h"

#include <cstdint>
#include <vector>

namespace compass {

class UnitTable;

/// Replication factors of the layers of one span: layers[i] (a layer index) gets factors[i]
/// copies of every one of its units in the span. bottleneckSteps is the largest per-layer
/// MVM count per crossbar copy, max ceil(vectorsPerInference / r), the pipeline bottleneck in
/// MVM latencies.
struct Replication
{
    std::vector<std::int32_t> layers;
    std::vector<std::int32_t> factors;
    std::int64_t bottleneckSteps = 0;
    PackResult packing; ///< Packing of the replicated units.
};

/// Exact replication: the smallest bottleneck k for which r_l = ceil(v_l / k) copies of every
/// layer's units still pack (binary search on k, since fewer copies never pack worse under
/// BFD's size-monotone tests; the answer is re-checked), and for that k the smallest factors.
/// A span that is not valid with replication 1 gets all-ones factors and packing.fits false.
Replication solveReplication(const UnitTable& table, std::int32_t begin, std::int32_t end);

} // namespace compass
