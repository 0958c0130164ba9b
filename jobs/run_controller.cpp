// SPDX-License-Identifier: MIT
#include "run_controller.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>

namespace compass::jobs {

RunController::RunController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<compass::GenerationStats>();
    qRegisterMetaType<compass::jobs::SearchRun>();
    qRegisterMetaType<compass::jobs::BatchSweepResult>();
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("compass-run"));
}

RunController::~RunController()
{
    if (m_running) {
        m_cancel->store(true);
        m_job.waitForFinished();
    }
}

void RunController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool RunController::launch(const Work& work)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_elapsed.start();
    // The worker reads the flag through its own shared pointer: a later job gets a new flag.
    std::shared_ptr<std::atomic<bool>> flag = m_cancel;
    m_job = QtConcurrent::run(&m_pool, [this, work, flag] {
        SearchControl control;
        control.cancel = flag.get();
        work(control);
        // Posted after the job's results, so it arrives after them.
        QMetaObject::invokeMethod(
            this, [this] { jobDone(); }, Qt::QueuedConnection);
    });
    emit runningChanged(true);
    return true;
}

void RunController::jobDone()
{
    m_lastElapsedMs = m_elapsed.elapsed();
    m_running = false;
    emit runningChanged(false);
}

SearchControl RunController::makeControl(const QString& stagePrefix, double offset, double scale)
{
    SearchControl control; // The caller sets control.cancel (the job's flag).
    // Runs on the worker: post to the controller's thread. Progress is throttled to ~30 Hz so
    // a fast search cannot flood the event loop; generation events (a few dozen) always go
    // through.
    auto lastPost = std::make_shared<QElapsedTimer>();
    control.progress = [this, stagePrefix, offset, scale, lastPost](const SearchProgress& p) {
        const bool generation = p.generation >= 0;
        if (generation) {
            // The genetic search reports the whole generation (best, mean, partition spread);
            // other sources only the best so far.
            GenerationStats stats = p.generationStats.value_or(GenerationStats{});
            if (!p.generationStats) {
                stats.generation = p.generation;
                stats.best = p.bestObjective;
                stats.mean = std::numeric_limits<double>::quiet_NaN();
            }
            QMetaObject::invokeMethod(
                this, [this, stats] { emit generationProgressed(stats); }, Qt::QueuedConnection);
        }
        if (!generation && lastPost->isValid() && lastPost->elapsed() < 33 && p.fraction < 1.0)
            return;
        lastPost->start();
        const double fraction = offset + scale * std::clamp(p.fraction, 0.0, 1.0);
        QString stage = stagePrefix + QString::fromStdString(p.stage);
        if (generation)
            stage += QStringLiteral(" %1").arg(p.generation + 1);
        QMetaObject::invokeMethod(
            this, [this, fraction, stage] { emit progressed(fraction, elapsedMs(), stage); },
            Qt::QueuedConnection);
    };
    return control;
}

void RunController::deliverRun(SearchRun run)
{
    m_history.push_back(run);
    emit runFinished(m_history.back());
}

bool RunController::start(const RunProblem& problem, const SearchOptions& options)
{
    if (!problem.isValid() || m_running)
        return false;
    const std::int32_t number = m_nextNumber++;
    const QString label = QStringLiteral("%1 #%2")
                              .arg(QString::fromLatin1(searchMethodName(options.method)))
                              .arg(number);
    // makeControl must see the new flag: launch() creates it, so build the control inside.
    return launch([this, problem, options, number, label](const SearchControl& base) {
        SearchControl control = makeControl(label + QStringLiteral(": "), 0.0, 1.0);
        control.cancel = base.cancel;
        SearchRun run{number, label, problem, options, runSearchJob(problem, options, control)};
        QMetaObject::invokeMethod(
            this, [this, run] { deliverRun(run); }, Qt::QueuedConnection);
    });
}

bool RunController::compareMethods(const RunProblem& problem, const SearchOptions& base)
{
    if (!problem.isValid() || m_running)
        return false;
    const std::vector<SearchMethod> methods = allSearchMethods();
    std::vector<std::int32_t> numbers;
    for (std::size_t i = 0; i < methods.size(); ++i)
        numbers.push_back(m_nextNumber++);
    return launch([this, problem, base, methods, numbers](const SearchControl& outer) {
        std::vector<SearchRun> runs;
        const double scale = 1.0 / static_cast<double>(methods.size());
        for (std::size_t i = 0; i < methods.size(); ++i) {
            SearchOptions options = base;
            options.method = methods[i];
            const QString label = QStringLiteral("%1 #%2")
                                      .arg(QString::fromLatin1(searchMethodName(methods[i])))
                                      .arg(numbers[i]);
            SearchControl control =
                makeControl(label + QStringLiteral(": "), scale * static_cast<double>(i), scale);
            control.cancel = outer.cancel;
            SearchRun run{numbers[i], label, problem, options,
                          runSearchJob(problem, options, control)};
            runs.push_back(run);
            QMetaObject::invokeMethod(
                this, [this, run] { deliverRun(run); }, Qt::QueuedConnection);
            // After a cancel the remaining methods are still run (greedy and layerwise are
            // instant, ga and exact stop at once), so the comparison stays complete.
        }
        QMetaObject::invokeMethod(
            this, [this, runs] { emit comparisonFinished(runs); }, Qt::QueuedConnection);
    });
}

bool RunController::sweepBatches(const RunProblem& problem, const SearchOptions& base,
                                 const std::vector<SearchMethod>& methods,
                                 SearchMethod reloadMethod)
{
    if (!problem.isValid() || m_running)
        return false;
    BatchSweepRequest request;
    request.problem = problem;
    request.base = base;
    request.methods = methods;
    request.reloadMethod = reloadMethod;
    request.storePath = m_storePath;
    // The application sets its version with the build commit (app/explorer/main.cpp).
    request.appVersion = QCoreApplication::applicationVersion().toStdString();
    return launch([this, request](const SearchControl& outer) {
        SearchControl control = makeControl(QStringLiteral("sweep: "), 0.0, 1.0);
        control.cancel = outer.cancel;
        const BatchSweepResult result = runBatchSweep(request, control);
        QMetaObject::invokeMethod(
            this, [this, result] { emit sweepFinished(result); }, Qt::QueuedConnection);
    });
}

} // namespace compass::jobs
