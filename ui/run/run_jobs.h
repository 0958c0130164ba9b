// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "core/search/search_types.h"
#include "ui/charts/chart_data.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace compass {
class Graph;
}

namespace compass::ui {

/// A network on a chip at one batch size, as an immutable value that threads share: the
/// graph is never modified after it is wrapped here.
struct RunProblem
{
    std::shared_ptr<const Graph> graph;
    ArchSpec arch;
    std::int64_t batch = 1;
    QString modelName; ///< For labels, e.g. "resnet18".

    bool isValid() const { return graph != nullptr && batch >= 1; }
    /// "resnet18 on sram-M, batch 16".
    QString describe() const;
};

/// The four methods in the order the paper's figures show them.
std::vector<SearchMethod> allSearchMethods();

/// Builds the estimator for `problem` and runs one search. Pure and thread-safe: this is what
/// the run controller's worker and `compass chart` both call. Returns a result with an empty
/// plan and cost.valid false when the network has no weight layers.
SearchResult runSearchJob(const RunProblem& problem, const SearchOptions& options,
                          const SearchControl& control = {});

/// A batch sweep: every method at every batch size, plus the reload-vs-MVM energy of the
/// plans of `reloadMethod` at each batch size.
struct SweepResult
{
    BatchSweepData sweep;
    ReloadVsBatchData reload;
    bool cancelled = false;
};

/// Runs `methods` at each of `batches` (problem.batch is ignored). `control.progress` sees the
/// fraction of the whole sweep; the cancel flag stops it between and inside searches.
SweepResult runBatchSweep(const RunProblem& problem, const std::vector<SearchMethod>& methods,
                          const std::vector<std::int64_t>& batches, const SearchOptions& base,
                          SearchMethod reloadMethod, const SearchControl& control = {});

/// The batch sizes the sweep charts use: 1, 2, 4, ..., 64.
std::vector<std::int64_t> sweepBatchSizes();

} // namespace compass::ui
