// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"
#include "core/support/diagnostics.h"
#include "store/recording/run_recording.h"
#include "store/run_record.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace compass {
class DiagnosticSink;
class RunStore;
} // namespace compass

namespace compass {
class PassInstrumentation;
}

namespace compass::jobs {

struct Sweep;

struct SweepRunOptions
{
    /// Configurations run at once, each single-threaded; 0: one per hardware thread. With one
    /// job, each search uses every core for the genetic algorithm's fitness evaluations.
    std::size_t jobs = 0;
    /// With one job: the genetic algorithm's fitness threads (0: one per hardware thread).
    std::int32_t searchThreads = 0;
    /// The recording application's version, stored with every run ("0.1.0 (1a2b3c4)").
    std::string appVersion;
    /// Skip the configurations whose run uuid the store already holds (an interrupted sweep
    /// resumes). Without it every configuration runs; a run already stored is not stored twice.
    bool resume = true;
    /// Times the passes that map each configuration (--time-passes); may be null.
    PassInstrumentation* instrumentation = nullptr;
};

/// How far a sweep is: configurations finished in this invocation of `total` to run, and how
/// many were skipped because the store already held them.
struct SweepProgress
{
    std::size_t finished = 0;
    std::size_t total = 0;
    std::size_t skipped = 0;
};

/// One configuration run in this invocation: what the search produced and the record built
/// from it (record.id is set when it was stored by this run).
struct SweepRun
{
    std::size_t index = 0; ///< into Sweep::configs
    SearchResult result;
    RunRecord record;
    /// Why the configuration could not be mapped onto its chip (then there is no record: it
    /// counts as failed and is not stored).
    std::vector<Diagnostic> mappingErrors;
};

/// Cancel flag and callbacks of runSweep. `progress` and `finished` run on the thread that
/// called runSweep; `searchProgress` runs on the worker threads and must be thread-safe.
struct SweepControl
{
    /// Set to stop: searches in flight are cancelled and neither stored nor delivered.
    const std::atomic<bool>* cancel = nullptr;
    /// After each batch of finished configurations, and at least every 200 ms.
    std::function<void(const SweepProgress&)> progress;
    /// Each configuration that ran to its end, after it was stored.
    std::function<void(const SweepRun&)> finished;
    /// The running search's own progress; `fraction` is rescaled to the whole sweep (exact
    /// with one job at a time, an estimate with several).
    std::function<void(std::size_t index, const SearchProgress&)> searchProgress;

    bool isCancelled() const { return cancel && cancel->load(); }
};

/// What a sweep invocation did.
struct SweepSummary
{
    std::size_t configurations = 0; ///< in the slice
    std::size_t skipped = 0;        ///< already stored when it started (resume)
    std::size_t ran = 0;            ///< run to their end now
    std::size_t stored = 0;         ///< of `ran`, stored now
    std::size_t alreadyStored = 0;  ///< of `ran`, stored first by another writer (same uuid)
    std::size_t failed = 0;         ///< of `ran`, without a valid plan (status failed)
    bool cancelled = false;         ///< the cancel flag stopped it
    bool storeFailed = false;       ///< an insert failed (diagnostics say why); it stopped
    double elapsedMs = 0.0;
};

/// The uuids of every run in `store`.
std::set<std::string> storedRunUuids(const RunStore& store, DiagnosticSink& diagnostics);

/// Runs the configurations of `slice` (indices into sweep.configs) on a pool of
/// `options.jobs` worker threads and stores each finished run in `store` (nullptr: stores
/// nothing) from the calling thread, one transaction per run, tagged "sweep:NAME" with the
/// configuration's deterministic uuid. Each worker builds its configuration's estimator; the
/// sweep's models are shared read-only. Results do not depend on the job count. Store errors
/// go to `diagnostics` and stop the sweep. Blocks until done or cancelled.
SweepSummary runSweep(const Sweep& sweep, const std::vector<std::size_t>& slice, RunStore* store,
                      const SweepRunOptions& options, const SweepControl& control,
                      DiagnosticSink& diagnostics);

/// The stored runs of `slice`, by uuid (runs of earlier, resumed invocations included).
std::map<std::string, RunRecord> storedSweepRuns(const RunStore& store, const Sweep& sweep,
                                                 const std::vector<std::size_t>& slice,
                                                 DiagnosticSink& diagnostics);

} // namespace compass::jobs
