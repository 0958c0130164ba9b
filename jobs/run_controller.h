// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"
#include "run_jobs.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace compass::jobs {

/// One search run of a session: what was asked (problem, options) and what came back, kept for
/// comparison. Not the stored record: store it with storeSearchRun (jobs/run_storing.h).
struct SearchRun
{
    std::int32_t number = 0; ///< 1, 2, ... in the order runs were started in this session.
    QString label;           ///< e.g. "ga #3".
    RunProblem problem;
    SearchOptions options;
    SearchResult result;
};

/// Runs optimisers off the calling thread, one job at a time, with QtConcurrent on a pool of
/// its own (one thread, so a job never waits behind other work). A job is a value (problem +
/// options); the estimator is built inside the worker. Progress, live GA generations and
/// results arrive as queued signals on the controller's thread; cancel() sets an atomic flag
/// and the job then delivers the best plan so far, marked cancelled. Every finished search run
/// is kept in history(). Widget-free (Qt Core + Concurrent); lives on one thread with an event
/// loop (the GUI thread in the explorer); its destructor cancels and waits for a running job.
class RunController final : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    /// The run store batch sweeps write their runs to; empty stores none.
    void setRunStorePath(const QString& path) { m_storePath = path; }
    const QString& runStorePath() const { return m_storePath; }

    /// Starts one search. Returns false (and does nothing) while another job runs or when the
    /// problem is not valid.
    bool start(const RunProblem& problem, const SearchOptions& options);
    /// Runs greedy, layerwise, ga and exact in sequence with `base`'s objective, seed and GA
    /// parameters; each result is delivered by runFinished(), then comparisonFinished().
    bool compareMethods(const RunProblem& problem, const SearchOptions& base);
    /// Runs `methods` at batch sizes 1..64 (sweepBatchSizes()) as a sweep whose runs go to the
    /// run store, and delivers sweepFinished().
    bool sweepBatches(const RunProblem& problem, const SearchOptions& base,
                      const std::vector<SearchMethod>& methods, SearchMethod reloadMethod);
    /// Asks the running job to stop; a search still delivers its best result so far.
    void cancel();

    bool isRunning() const { return m_running; }
    /// Milliseconds since the running (or last) job started.
    qint64 elapsedMs() const
    {
        return m_running && m_elapsed.isValid() ? m_elapsed.elapsed() : m_lastElapsedMs;
    }
    const std::vector<SearchRun>& history() const { return m_history; }

signals:
    void runningChanged(bool running);
    /// `fraction` in [0, 1] of the whole job; `stage` names what runs ("ga: generation 4").
    void progressed(double fraction, qint64 elapsedMs, const QString& stage);
    /// A genetic-search generation finished (live convergence). During a run only `generation`
    /// and `best` are known; mean is NaN and the partition counts are 0. The full history
    /// arrives with the result (SearchResult::convergence).
    void generationProgressed(const compass::GenerationStats& stats);
    void runFinished(const compass::jobs::SearchRun& run);
    void comparisonFinished(const std::vector<compass::jobs::SearchRun>& runs);
    void sweepFinished(const compass::jobs::BatchSweepResult& result);

private:
    using Work = std::function<void(const SearchControl& control)>;
    bool launch(const Work& work);
    SearchControl makeControl(const QString& stagePrefix, double offset, double scale);
    void deliverRun(SearchRun run);
    void jobDone();

    QThreadPool m_pool;
    QFuture<void> m_job;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QElapsedTimer m_elapsed;
    qint64 m_lastElapsedMs = 0; ///< Duration of the last finished job.
    std::vector<SearchRun> m_history;
    std::int32_t m_nextNumber = 1;
    QString m_storePath;
};

} // namespace compass::jobs

Q_DECLARE_METATYPE(compass::GenerationStats)
Q_DECLARE_METATYPE(compass::jobs::SearchRun)
Q_DECLARE_METATYPE(compass::jobs::BatchSweepResult)
