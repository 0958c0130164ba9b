// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"

#include <string>
#include <vector>

namespace compass {

/// One field whose value differs between a stored run and its re-evaluation.
struct RunDifference
{
    std::string field; ///< "metric latency_per_batch_ns", "cuts", "partitions", "status"
    std::string stored;
    std::string fresh;
};

/// Compares the results of two runs of the same inputs: cuts, status, per-partition rows and
/// every metric present in either (relative tolerance `relTolerance`, NaN equals NaN). Inputs
/// (model, arch, options) are not compared: a rerun uses the stored ones.
std::vector<RunDifference> compareRunResults(const RunRecord& stored, const RunRecord& fresh,
                                             double relTolerance = 1e-9);

} // namespace compass
