// SPDX-License-Identifier: MIT
#include "sweep_runner.h"

#include "core/ir/graph.h"
#include "core/pipeline/pipelines.h"
#include "core/support/diagnostics.h"
#include "store/run_store.h"
#include "sweep_spec.h"

#include <QElapsedTimer>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace compass::jobs {

namespace {

/// Runs one configuration on the calling (worker) thread. `searchThreads` is the genetic
/// algorithm's fitness thread count (0: every core).
SweepRun runConfiguration(const Sweep& sweep, std::size_t index, std::int32_t searchThreads,
                          const SweepRunOptions& options, const SearchControl& control)
{
    const SweepConfig& c = sweep.configs[index];
    const SweepModel& model = sweep.model(c);
    CostingOptions costing;
    costing.batchSize = c.batch;
    costing.replicate = c.method.replicate;
    SweepRun run;
    run.index = index;
    DiagnosticList mapping;
    const std::shared_ptr<const MappedProblem> problem =
        mapProblem(model.graph, sweep.arch(c).spec, costing, mapping, options.instrumentation);
    if (!problem) {
        run.result.cost.valid = false; // e.g. no weight layers: nothing to partition
        run.mappingErrors = mapping.all();
        return run;
    }
    RunMethod method = c.method;
    method.search->threads = searchThreads;
    run.result = evaluateRun(problem, method, {}, control, options.instrumentation);
    if (run.result.cancelled)
        return run;
    run.record = makeRunRecord(model.identity, *problem, method, run.result, options.appVersion);
    run.record.uuid = c.uuid;
    run.record.tags = {"sweep:" + sweep.spec.name.toStdString()};
    return run;
}

/// The worker pool and the queue of finished runs the calling thread drains.
class SweepPool
{
public:
    SweepPool(const Sweep& sweep, std::vector<std::size_t> todo, const SweepRunOptions& options,
              std::size_t jobs, const SweepControl& control)
        : m_sweep(sweep)
        , m_todo(std::move(todo))
        , m_options(options)
        , m_control(control)
        , m_workerCount(std::min(jobs, m_todo.size()))
        // Several configurations at once run single-threaded (measured faster than one at a
        // time with a multi-threaded genetic algorithm, docs/sweeps.md).
        , m_searchThreads(m_workerCount > 1 ? 1 : options.searchThreads)
    {
        for (std::size_t i = 0; i < m_workerCount; ++i)
            m_workers.emplace_back([this] { work(); });
    }
    ~SweepPool()
    {
        m_stop.store(true);
        for (std::thread& t : m_workers)
            t.join();
    }
    SweepPool(const SweepPool&) = delete;
    SweepPool& operator=(const SweepPool&) = delete;

    void stop() { m_stop.store(true); }
    std::size_t total() const { return m_todo.size(); }

    /// Waits up to 200 ms for finished runs and takes them; `allDone` once every worker ended.
    std::deque<SweepRun> take(bool& allDone)
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait_for(lock, std::chrono::milliseconds(200),
                         [&] { return !m_finished.empty() || m_workersDone == m_workerCount; });
        std::deque<SweepRun> runs;
        runs.swap(m_finished);
        allDone = m_workersDone == m_workerCount;
        return runs;
    }

private:
    void work()
    {
        SearchControl search;
        search.cancel = &m_stop;
        for (;;) {
            const std::size_t n = m_next.fetch_add(1);
            if (n >= m_todo.size() || m_stop.load() || m_control.isCancelled())
                break;
            const std::size_t index = m_todo[n];
            if (m_control.searchProgress) {
                search.progress = [this, index](const SearchProgress& p) {
                    SearchProgress whole = p;
                    whole.fraction = (static_cast<double>(m_done.load()) + p.fraction) /
                                     static_cast<double>(m_todo.size());
                    m_control.searchProgress(index, whole);
                };
            }
            SweepRun run = runConfiguration(m_sweep, index, m_searchThreads, m_options, search);
            if (run.result.cancelled)
                break;
            ++m_done;
            std::lock_guard lock(m_mutex);
            m_finished.push_back(std::move(run));
            m_ready.notify_one();
        }
        std::lock_guard lock(m_mutex);
        ++m_workersDone;
        m_ready.notify_one();
    }

    const Sweep& m_sweep;
    const std::vector<std::size_t> m_todo;
    const SweepRunOptions& m_options;
    const SweepControl& m_control;
    const std::size_t m_workerCount;
    const std::int32_t m_searchThreads;
    std::atomic<std::size_t> m_next{0};
    std::atomic<std::size_t> m_done{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<SweepRun> m_finished;
    std::size_t m_workersDone = 0;
    std::vector<std::thread> m_workers; ///< last: started once everything above exists
};

/// Stores one finished run; false when the store failed (the diagnostics say why).
bool storeRun(RunStore& store, SweepRun& run, SweepSummary& summary, DiagnosticSink& diagnostics)
{
    DiagnosticList d;
    run.record.id = store.insert(run.record, d);
    if (run.record.id.isValid()) {
        ++summary.stored;
        return true;
    }
    if (DiagnosticList again; store.findByUuid(run.record.uuid, again)) {
        ++summary.alreadyStored; // another process sweeping into the same database was first
        return true;
    }
    for (const Diagnostic& diagnostic : d.all())
        diagnostics.report(diagnostic);
    return false;
}

} // namespace

std::set<std::string> storedRunUuids(const RunStore& store, DiagnosticSink& diagnostics)
{
    std::set<std::string> uuids;
    for (const RunSummary& s : store.list(RunFilter{}, diagnostics))
        uuids.insert(s.uuid);
    return uuids;
}

SweepSummary runSweep(const Sweep& sweep, const std::vector<std::size_t>& slice, RunStore* store,
                      const SweepRunOptions& options, const SweepControl& control,
                      DiagnosticSink& diagnostics)
{
    QElapsedTimer timer;
    timer.start();
    SweepSummary summary;
    summary.configurations = slice.size();
    std::set<std::string> stored;
    if (store && options.resume)
        stored = storedRunUuids(*store, diagnostics);
    std::vector<std::size_t> todo;
    for (std::size_t index : slice) {
        if (!stored.count(sweep.configs[index].uuid))
            todo.push_back(index);
    }
    summary.skipped = slice.size() - todo.size();

    const std::size_t jobs = options.jobs > 0
                                 ? options.jobs
                                 : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    SweepPool pool(sweep, std::move(todo), options, jobs, control);
    for (;;) {
        bool allDone = false;
        std::deque<SweepRun> runs = pool.take(allDone);
        if (control.isCancelled()) {
            summary.cancelled = true;
            pool.stop();
        }
        for (SweepRun& run : runs) {
            ++summary.ran;
            if (!run.mappingErrors.empty()) {
                ++summary.failed;
                for (const Diagnostic& d : run.mappingErrors)
                    diagnostics.report(d);
            } else if (run.record.status == RunStatus::Failed) {
                ++summary.failed;
            }
            if (run.mappingErrors.empty() && store && !summary.storeFailed &&
                !storeRun(*store, run, summary, diagnostics)) {
                summary.storeFailed = true;
                pool.stop();
            }
            if (control.finished)
                control.finished(run);
        }
        if (control.progress)
            control.progress({summary.ran, pool.total(), summary.skipped});
        if (allDone && runs.empty())
            break;
    }
    summary.cancelled = summary.cancelled || control.isCancelled();
    summary.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return summary;
}

std::map<std::string, RunRecord> storedSweepRuns(const RunStore& store, const Sweep& sweep,
                                                 const std::vector<std::size_t>& slice,
                                                 DiagnosticSink& diagnostics)
{
    std::map<std::string, RunRecord> runs;
    for (std::size_t index : slice) {
        const std::string& uuid = sweep.configs[index].uuid;
        if (const auto id = store.findByUuid(uuid, diagnostics)) {
            if (auto r = store.run(*id, diagnostics))
                runs.emplace(uuid, std::move(*r));
        }
    }
    return runs;
}

} // namespace compass::jobs
