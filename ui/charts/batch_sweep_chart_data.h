// SPDX-License-Identifier: MIT
#pragma once

#include "ui/charts/chart_data.h"

namespace compass::jobs {
struct BatchSweepResult;
}

namespace compass::ui {

/// The batch-sweep chart's values (throughput and EDP against batch size, one series per
/// swept method in the request's order) from a batch sweep's results. The jobs return their
/// own values; the charts build theirs from them here.
BatchSweepData batchSweepData(const jobs::BatchSweepResult& result);

/// The configuration a batch sweep shows: "resnet18 on sram-M, batches 1-64" (the chip as
/// ArchVariant::summary() names it, as in jobs::describeConfiguration).
QString batchSweepConfiguration(const jobs::BatchSweepResult& result);

/// The reload-vs-MVM view of the sweep's reloadMethod plans, in increasing batch order.
ReloadVsBatchData reloadVsBatchData(const jobs::BatchSweepResult& result);

} // namespace compass::ui
