// SPDX-License-Identifier: MIT
#pragma once

#include "store/run_record.h"
#include "ui/charts/chart_data.h"

#include <vector>

namespace compass::ui {

/// The run-comparison chart's values for stored runs, in the given order: label "#12 ga"
/// ("#12 baseline" for a named run), throughput, energy per inference, EDP, latency per batch,
/// partitions and run time from the stored metrics (0 when a metric is missing). The subtitle names
/// the model/chip/batch when all runs share them.
RunComparisonData comparisonDataFromRuns(const std::vector<RunRecord>& runs);

} // namespace compass::ui
