// SPDX-License-Identifier: MIT
#pragma once

#include "core/search/search_types.h"
#include "run_jobs.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QThread;

namespace compass::ui {

/// One finished run: what was asked and what came back, kept for comparison.
struct RunOutcome
{
    std::int32_t number = 0; ///< 1, 2, ... in the order runs were started in this session.
    QString label;           ///< e.g. "ga #3".
    RunProblem problem;
    SearchOptions options;
    SearchResult result;
};

/// Runs optimisers off the GUI thread, one job at a time. A job is a value (problem + options);
/// the estimator is built inside the worker. Progress, live GA generations and results arrive
/// as queued signals on the controller's (GUI) thread; cancel() sets an atomic flag and the
/// job then delivers the best plan so far, marked cancelled. Every finished run is kept in
/// history(). Lives on the GUI thread; its destructor cancels and waits for a running job.
class RunController final : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    /// Starts one search. Returns false (and does nothing) while another job runs or when the
    /// problem is not valid.
    bool start(const RunProblem& problem, const SearchOptions& options);
    /// Runs greedy, layerwise, ga and exact in sequence with `base`'s objective, seed and GA
    /// parameters; each result is delivered by runFinished(), then comparisonFinished().
    bool compareMethods(const RunProblem& problem, const SearchOptions& base);
    /// Runs `methods` at batch sizes 1..64 (sweepBatchSizes()) and delivers sweepFinished().
    bool sweepBatches(const RunProblem& problem, const SearchOptions& base,
                      const std::vector<SearchMethod>& methods, SearchMethod reloadMethod);
    /// Asks the running job to stop; it still delivers its best result so far.
    void cancel();

    bool isRunning() const { return m_thread != nullptr; }
    /// Milliseconds since the running (or last) job started.
    qint64 elapsedMs() const
    {
        return m_thread && m_elapsed.isValid() ? m_elapsed.elapsed() : m_lastElapsedMs;
    }
    const std::vector<RunOutcome>& history() const { return m_history; }

signals:
    void runningChanged(bool running);
    /// `fraction` in [0, 1] of the whole job; `stage` names what runs ("ga: generation 4").
    void progressed(double fraction, qint64 elapsedMs, const QString& stage);
    /// A genetic-search generation finished (live convergence). During a run only `generation`
    /// and `best` are known; mean is NaN and the partition counts are 0. The full history
    /// arrives with the result (SearchResult::convergence).
    void generationProgressed(const compass::GenerationStats& stats);
    void runFinished(const compass::ui::RunOutcome& outcome);
    void comparisonFinished(const std::vector<compass::ui::RunOutcome>& outcomes);
    void sweepFinished(const compass::ui::SweepResult& result);

private:
    using Work = std::function<void(const SearchControl& control)>;
    bool launch(const Work& work);
    SearchControl makeControl(const QString& stagePrefix, double offset, double scale);
    void deliverRun(RunOutcome outcome);
    void jobDone();

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QElapsedTimer m_elapsed;
    qint64 m_lastElapsedMs = 0; ///< Duration of the last finished job.
    std::vector<RunOutcome> m_history;
    std::int32_t m_nextNumber = 1;
};

} // namespace compass::ui

Q_DECLARE_METATYPE(compass::GenerationStats)
Q_DECLARE_METATYPE(compass::ui::RunOutcome)
