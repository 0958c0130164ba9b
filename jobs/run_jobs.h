// SPDX-License-Identifier: MIT
#pragma once

#include "core/onnx/import_options.h"
#include "core/partition/cost_model.h"
#include "core/problem/mapped_problem.h"
#include "core/search/search_types.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace compass::jobs {

/// The mapped problem a run works on (immutable, shared between threads), its label and file.
struct RunProblem
{
    std::shared_ptr<const MappedProblem> problem;
    QString modelName; ///< For labels, e.g. "resnet18".
    /// The ONNX file the graph was imported from; empty when it is not from a file (its runs
    /// cannot be stored: a stored run names its model by the file's SHA-256).
    QString modelPath;
    /// The options the graph was imported with; stored with its runs.
    OnnxImportOptions importOptions;

    bool isValid() const { return problem != nullptr; }
    std::int64_t batch() const { return problem ? problem->batchSize() : 1; }
    /// The chip's display name ("sram-M", "sram-M*" once modified: archVariant), empty
    /// without a problem.
    QString archName() const;
    /// "resnet18 on sram-M, batch 16".
    QString describe() const;
    /// The chip with its changes spelled out (ArchVariant::summary(): "sram-M" or "sram-M with
    /// dram.bandwidth_GBps=25.6"), empty without a problem.
    QString chipSummary() const;
    /// The configuration its runs share, with a modified chip's changes spelled out:
    /// "resnet18 on sram-M with dram.bandwidth_GBps=25.6, batch 16" (describeConfiguration).
    /// Two runs are like for like exactly when their configurations are equal.
    QString configuration() const;
};

/// "MODEL on CHIP, batch N", where `chip` is ArchVariant::summary() ("sram-M" or "sram-M with
/// dram.bandwidth_GBps=25.6"): the one spelling of a run's configuration, for live runs
/// (RunProblem::configuration) and stored ones alike.
QString describeConfiguration(const QString& model, const QString& chip, std::int64_t batch);

/// The four methods in the order the paper's figures show them.
std::vector<SearchMethod> allSearchMethods();

/// Builds the estimator for `problem` and runs one search. Pure and thread-safe: this is what
/// the run controller's worker and `compass chart` both call. Returns a result with an empty
/// plan and cost.valid false when there is no problem.
SearchResult runSearchJob(const RunProblem& problem, const SearchOptions& options,
                          const SearchControl& control = {});

/// runSearchJob for each of `methods` in turn, with `base`'s other options (its Pareto-front
/// request applies to exact only).
std::vector<SearchResult> runSearchJobs(const RunProblem& problem, const SearchOptions& base,
                                        const std::vector<SearchMethod>& methods,
                                        const SearchControl& control = {});

/// The batch sizes the sweep charts use: 1, 2, 4, ..., 64.
std::vector<std::int64_t> sweepBatchSizes();

/// Every method at every batch size on one problem: the explorer's "Sweep batches" and
/// `compass chart batch-sweep|reload-vs-batch`. Run as a sweep (jobs/sweep_runner.h) whose
/// spec is this problem, so its runs are keyed, tagged "sweep:batches" and stored like a
/// `compass sweep`'s.
struct BatchSweepRequest
{
    RunProblem problem; ///< its batch size is ignored
    SearchOptions base; ///< objective, seed and GA parameters of every run
    std::vector<SearchMethod> methods = allSearchMethods();
    std::vector<std::int64_t> batches = sweepBatchSizes();
    /// Whose plans the reload-vs-MVM view shows; run even when not among `methods`.
    SearchMethod reloadMethod = SearchMethod::Genetic;
    /// The run store the runs go to; empty (or a problem without a model file) stores none.
    QString storePath;
    /// The recording application's version, stored with every run ("0.1.0 (1a2b3c4)").
    std::string appVersion;
};

/// What a batch sweep returns: one point per (method, batch) that ran to its end, in batch
/// order, then in the order of the request's methods (reloadMethod last when not among them).
struct BatchSweepResult
{
    struct Point
    {
        SearchMethod method = SearchMethod::Greedy;
        std::int64_t batch = 1;
        PlanCost cost;
        qint64 runId = -1; ///< the stored run, -1 when not stored (now)
    };
    BatchSweepRequest request;
    std::vector<Point> points;
    bool cancelled = false; ///< points then lack the runs cut short
    std::size_t stored = 0;
    std::size_t alreadyStored = 0; ///< the store held the same configuration already
    /// Why runs were not stored, when they were meant to be (formatted diagnostics).
    QString storeError;

    /// The point of `method` at `batch`, or nullptr.
    const Point* find(SearchMethod method, std::int64_t batch) const;
};

/// Runs a batch sweep on the calling thread, one configuration at a time (each search uses
/// every core). `control.progress` sees the fraction of the whole sweep and stages such as
/// "batch 4: ga: generation"; the cancel flag stops it inside the running search.
BatchSweepResult runBatchSweep(const BatchSweepRequest& request, const SearchControl& control = {});

} // namespace compass::jobs
