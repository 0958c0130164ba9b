// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"
#include "store/run_record.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace compass {

class DiagnosticSink;
class Estimator;

/// The network a run used: its name, the resolved file and the SHA-256 of the file's bytes.
struct ModelIdentity
{
    std::string name;
    std::string path;   ///< absolute path of the ONNX file
    std::string sha256; ///< lower-case hex
};

/// Resolves MODEL (a path or a bundled name) and hashes the file; nullopt with an error naming
/// the file when it cannot be read.
std::optional<ModelIdentity> identifyModel(const QString& model, DiagnosticSink& diagnostics);

/// How a plan was produced: by hand (`search` empty: method "manual") or by a search.
struct RunMethod
{
    std::optional<SearchOptions> search; ///< nullopt: the cuts were given (compass simulate)
    bool replicate = true;               ///< EstimatorOptions::replicate
    std::string engine = "estimator";    ///< "estimator" or "event"
};

/// What a run produced.
struct RunOutcome
{
    Plan plan;
    PlanCost cost;
    std::vector<GenerationStats> convergence;
    double objectiveValue = 0.0; ///< only meaningful for searches
    double runtimeMs = 0.0;
    bool cancelled = false;
};

/// The method's options as the canonical JSON text stored in RunRecord::optionsJson: replicate,
/// and for ga its population/generations/elite/patience. Thread counts and the Pareto request
/// are left out: they do not change the chosen plan.
std::string runOptionsJson(const RunMethod& method);

/// The one place a RunRecord is built from a run, used by simulate, optimize, sweep and
/// `runs rerun` alike (so a rerun of a deterministic run compares equal): time, app version
/// and commit, model identity, arch JSON and hash, batch, method, objective, options, seed
/// (ga only; 0 otherwise), cuts, metrics, per-partition rows (plan_report's "partitions"),
/// convergence, runtime, status (cancelled, failed for an invalid plan, else complete), engine.
RunRecord makeRunRecord(const ModelIdentity& model, const Estimator& estimator,
                        const RunMethod& method, const RunOutcome& outcome);

/// Runs `method` on the estimator's problem (a search, or costing `manualCuts`) and times it.
RunOutcome evaluateRun(const Estimator& estimator, const RunMethod& method,
                       const std::vector<std::int32_t>& manualCuts,
                       const SearchControl& control = {});

/// Re-evaluates a stored run from its stored inputs (model file, whose SHA-256 must be
/// unchanged; arch JSON; batch; method; options; seed; cuts for "manual") and returns the fresh
/// record; nullopt with diagnostics naming the file or field at fault.
std::optional<RunRecord> reevaluateStoredRun(const RunRecord& stored, DiagnosticSink& diagnostics);

} // namespace compass
