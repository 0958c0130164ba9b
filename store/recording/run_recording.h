// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"
#include "report/plan_report.h"
#include "store/run_record.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace compass {

class DiagnosticSink;
class MappedProblem;
class PassInstrumentation;

/// The network a run used: its name, the resolved file, the SHA-256 of the file's bytes and
/// the options it was imported with (stored with the run, so a rerun imports it alike).
struct ModelIdentity
{
    std::string name;
    std::string path;   ///< absolute path of the ONNX file
    std::string sha256; ///< lower-case hex
    OnnxImportOptions importOptions;
};

/// Resolves MODEL (a path or a bundled name) and hashes the file; the identity keeps
/// `importOptions`, the options the caller imported the file with. nullopt with an error
/// naming the file when it cannot be read.
std::optional<ModelIdentity> identifyModel(const QString& model,
                                           const OnnxImportOptions& importOptions,
                                           DiagnosticSink& diagnostics);

/// How a plan was produced: by hand (`search` empty: method "manual") or by a search.
struct RunMethod
{
    std::optional<SearchOptions> search; ///< nullopt: the cuts were given (compass simulate)
    bool replicate = true;               ///< CostingOptions::replicate
    RunEngine engine = RunEngine::Estimator;
};

/// The method's options as the canonical JSON text stored in RunRecord::optionsJson:
/// {"replicate": bool} plus, for a search, searchOptionsToJson(PlanInputs) (method, objective;
/// for ga seed and the "ga" object, ga.init included). Thread counts and the Pareto request are
/// left out: they do not change the chosen plan.
std::string runOptionsJson(const RunMethod& method);

/// The method of a stored run, read back with core's search-options reader: the method,
/// objective and seed columns, then the options JSON over them (runs stored before the "ga"
/// object kept population, generations, elite and patience at the top level: read too).
/// nullopt with a diagnostic naming the run and the field at fault.
std::optional<RunMethod> runMethodOfRecord(const RunRecord& run, DiagnosticSink& diagnostics);

/// The one place a RunRecord is built from a run, used by simulate, optimize, sweep, the GUI
/// and `runs rerun` alike (so a rerun of a deterministic run compares equal): time, the
/// recording application's `appVersion` (e.g. "0.1.0 (1a2b3c4)", given by the binary), model
/// identity, arch JSON and hash, batch, method, objective, options, seed (ga only; 0
/// otherwise), cuts, metrics, per-partition rows (the plan report's "partitions"), convergence,
/// runtime, status (cancelled, failed for an invalid plan, else complete), engine. For a manual
/// run only result.plan, result.cost and result.runtimeMs are read.
RunRecord makeRunRecord(const ModelIdentity& model, const MappedProblem& problem,
                        const RunMethod& method, const SearchResult& result,
                        const std::string& appVersion);

/// Runs `method` on `problem` with the estimator (the search pass, or costing `manualCuts`) and
/// times it; the search pass reports its wall time to `instrumentation`. A manual run's result
/// holds the plan, its cost and the runtime.
SearchResult evaluateRun(std::shared_ptr<const MappedProblem> problem, const RunMethod& method,
                         const std::vector<std::int32_t>& manualCuts,
                         const SearchControl& control = {},
                         PassInstrumentation* instrumentation = nullptr);

/// Re-evaluates a stored run from its stored inputs (model file, whose SHA-256 must be
/// unchanged, imported with the stored import options; arch JSON; batch; method; options; seed;
/// cuts for "manual") and returns the fresh record, stamped with `appVersion`; nullopt with
/// diagnostics naming the file or field at fault. The passes report their timings to
/// `instrumentation` (runs rerun --time-passes).
std::optional<RunRecord> reevaluateStoredRun(const RunRecord& stored, const std::string& appVersion,
                                             DiagnosticSink& diagnostics,
                                             PassInstrumentation* instrumentation = nullptr);

/// The plan report of a stored run (plan, metrics, partitions and, for a search, the search
/// section), for `runs show` and the GUI: the same value, and so the same JSON keys and text,
/// as the command that made the run printed. nullopt with diagnostics naming the run.
std::optional<PlanReport> planReportOfRun(const RunRecord& run, DiagnosticSink& diagnostics);

/// `compass runs show --json`: the stored record (runRecordToJson) with the plan report's
/// "plan", "metrics" (every stored metric, plus the report's totals it lacks) and "search"
/// keys, so a script reads a stored run with the keys of `simulate --json` and
/// `optimize --json`. A run whose partitions do not read as a report keeps the record's keys,
/// with a warning naming the run.
QJsonObject storedRunJson(const RunRecord& run, DiagnosticSink& diagnostics);

} // namespace compass
