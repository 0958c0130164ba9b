// SPDX-License-Identifier: MIT
#include "run_workbench.h"

#include "core/support/units.h"
#include "jobs/run_storing.h"
#include "run_panel.h"
#include "ui/charts/batch_sweep_chart_data.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/plan_evaluation.h"
#include "ui/document/project_document.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace compass::ui {

RunWorkbench::RunWorkbench(ProjectDocument* document, RunPanel* runs, ChartPanel* charts,
                           QObject* parent)
    : QObject(parent)
    , m_document(document)
    , m_runs(runs)
    , m_charts(charts)
{
    connect(m_document, &ProjectDocument::problemChanged, this, &RunWorkbench::updateProblem);
    connect(m_document, &ProjectDocument::batchChanged, this,
            [this] { m_runs->setBatch(m_document->batchSize()); });
    connect(m_runs, &RunPanel::comparisonStarted, this, [this] { m_comparing = true; });
    connect(m_runs, &RunPanel::runFinished, this, &RunWorkbench::onRunFinished);
    connect(m_runs, &RunPanel::comparisonFinished, this, &RunWorkbench::onComparisonFinished);
    connect(m_runs, &RunPanel::sweepFinished, this, &RunWorkbench::onSweepFinished);
    // The live convergence, larger than the Optimise dock's: its tab comes to the front when a
    // genetic search starts reporting generations.
    connect(m_runs, &RunPanel::liveConvergence, this,
            [this](const ConvergenceData& data, const QString& configuration) {
                m_charts->setConvergence(data, configuration);
                if (m_runs->controller()->isRunning() && !m_liveShown) {
                    m_liveShown = true;
                    m_charts->showTab(ChartPanel::Tab::Convergence);
                }
            });
    connect(m_runs->controller(), &jobs::RunController::runningChanged, this, [this](bool running) {
        if (running)
            m_liveShown = false;
    });
    connect(m_charts, &ChartPanel::partitionClicked, this, &RunWorkbench::partitionClicked);
    connect(m_runs, &RunPanel::applyOfferRequested, this, &RunWorkbench::applyOffer);
    // An offer is for the configuration it was computed on.
    connect(m_document, &ProjectDocument::problemChanged, this, [this] {
        m_offered.reset();
        m_runs->clearOffer();
    });
    // The charts follow the document: another network drops the runs of the last one, and
    // every evaluation of the plan on screen (a drag, an undo, an applied run) redraws the
    // partition chart.
    connect(m_document, &ProjectDocument::modelChanged, this, [this] {
        m_session.clear();
        m_showingSession = false;
        m_charts->clearAll();
    });
    connect(m_document, &ProjectDocument::evaluationChanged, this, &RunWorkbench::showCurrentPlan);
    updateProblem();
}

jobs::RunProblem RunWorkbench::currentProblem() const
{
    return {m_document->problem(), m_document->networkName(), m_document->modelPath(),
            m_document->importOptions()};
}

void RunWorkbench::showCurrentPlan()
{
    const PlanEvaluation& e = m_document->evaluation();
    if (e.isEmpty || !m_document->graph())
        return;
    // An offered plan is shown against the current plan: the comparison follows each edit
    // (and the offer goes once the current plan is the offered one).
    if (m_offered) {
        const jobs::SearchRun offered = *m_offered;
        offer(offered, m_offerNote, &e);
    }
    const jobs::RunProblem current = currentProblem();
    const QString what = current.describe();
    if (!e.valid) {
        m_charts->clearPartitionLatency(
            tr("The current plan is not valid: the partition strip shows why."));
        return;
    }
    m_charts->setPartitionLatency(partitionLatencyData(e.cost, tr("current plan: %1").arg(what)),
                                  current.configuration());
}

void RunWorkbench::setRunStorePath(const QString& path)
{
    m_storePath = path;
    m_runs->controller()->setRunStorePath(path); // "Sweep batches" stores from its worker
}

void RunWorkbench::updateProblem()
{
    if (!m_document->graph())
        return;
    m_runs->setProblem(currentProblem());
}

void RunWorkbench::onRunFinished(const jobs::SearchRun& outcome)
{
    m_session.push_back(outcome);
    store(outcome);
    if (m_comparing)
        return; // the comparison shows all four together when it ends
    offer(outcome);
    m_showingSession = true;
    showRunsInCharts(*m_charts, m_session, outcome);
}

void RunWorkbench::onComparisonFinished(const std::vector<jobs::SearchRun>& outcomes)
{
    m_comparing = false;
    m_showingSession = false;
    if (outcomes.empty())
        return;
    // The comparison shows the four methods side by side (the paper's Fig. 6-8); the plan of
    // the best finished one is offered. A cancelled run is never the best.
    const jobs::SearchRun* best = nullptr;
    for (const jobs::SearchRun& o : outcomes) {
        if (!o.result.cost.valid || o.result.cancelled)
            continue;
        if (!best || o.result.objectiveValue < best->result.objectiveValue)
            best = &o;
    }
    if (best)
        offer(*best, tr(" (best of Compare methods)"));
    else
        m_runs->clearOffer();
    if (!best)
        best = &outcomes.front();
    showRunsInCharts(*m_charts, outcomes, *best);
    m_charts->showTab(ChartPanel::Tab::Comparison);
}

void RunWorkbench::onSweepFinished(const jobs::BatchSweepResult& result)
{
    const QString configuration = batchSweepConfiguration(result);
    m_charts->setBatchSweep(batchSweepData(result), configuration);
    m_charts->setReloadVsBatch(reloadVsBatchData(result), configuration);
    m_charts->showTab(ChartPanel::Tab::BatchSweep);
    qint64 lastStored = -1;
    for (const jobs::BatchSweepResult::Point& p : result.points)
        lastStored = std::max(lastStored, p.runId);
    if (!result.storeError.isEmpty())
        emit statusMessage(tr("Sweep batches: runs were not stored: %1").arg(result.storeError));
    else if (result.stored > 0 || result.alreadyStored > 0)
        emit statusMessage(tr("Sweep batches: %1 run(s) stored, %2 already stored")
                               .arg(result.stored)
                               .arg(result.alreadyStored));
    if (lastStored >= 0)
        emit runStored(lastStored);
}

void RunWorkbench::offer(const jobs::SearchRun& outcome, const QString& note,
                         const PlanEvaluation* evaluated)
{
    m_offered.reset();
    m_offerNote = note;
    m_runs->clearOffer();
    const SearchResult& r = outcome.result;
    if (r.cancelled || !r.cost.valid || r.plan.partitionCount() == 0)
        return; // the status line already says what happened; the plan stays
    if (outcome.problem.problem != m_document->problem()) {
        emit statusMessage(
            tr("%1 ran on %2, not on the current %3: its plan is not offered")
                .arg(outcome.label, outcome.problem.describe(), currentProblem().describe()));
        return;
    }
    const PlanEvaluation current = evaluated ? *evaluated : m_document->evaluateNow();
    const auto figures = [](const PlanCost& c) {
        return tr("%1, %2 per batch, %3")
            .arg(units::throughput(c.throughputIps), units::duration(c.latencyPerBatchNs),
                 units::count(static_cast<std::int64_t>(c.partitions.size()), tr("partition"),
                              tr("partitions")));
    };
    QString text = tr("%1%2: %3").arg(outcome.label, note, figures(r.cost));
    if (current.cost.valid) {
        if (r.plan.cuts() == m_document->plan().cuts())
            return; // the current plan already is this one
        text += tr("\nCurrent plan: %1").arg(figures(current.cost));
    } else {
        text += tr("\nCurrent plan: not valid");
    }
    m_offered = outcome;
    m_runs->offerPlan(text, tr("Apply %1").arg(outcome.label));
}

void RunWorkbench::applyOffer()
{
    if (!m_offered)
        return;
    const jobs::SearchRun run = *m_offered;
    m_offered.reset();
    m_document->applyPlan(run.result.plan.innerCuts(), tr("Apply %1 plan").arg(run.label));
}

void RunWorkbench::relabel(std::int32_t number, qint64 runId)
{
    // A stored run is known by its run id everywhere ("ga #12" here is run 12 in the history
    // and in `compass runs show 12`), not by its place in this session.
    for (jobs::SearchRun& run : m_session) {
        if (run.number != number)
            continue;
        const QString stored = QStringLiteral("%1 #%2")
                                   .arg(QString::fromLatin1(searchMethodName(run.options.method)))
                                   .arg(runId);
        m_runs->relabelRun(run.label, stored);
        if (m_offered && m_offered->number == number)
            m_offered->label = stored;
        run.label = stored;
        if (m_showingSession && m_session.back().number == number)
            showRunsInCharts(*m_charts, m_session, run);
    }
}

void RunWorkbench::store(const jobs::SearchRun& outcome)
{
    if (m_storePath.isEmpty() || outcome.problem.modelPath.isEmpty())
        return;
    auto* watcher = new QFutureWatcher<jobs::StoredRun>(this);
    const std::int32_t number = outcome.number;
    connect(watcher, &QFutureWatcher<jobs::StoredRun>::finished, this, [this, watcher, number] {
        const jobs::StoredRun o = watcher->result();
        watcher->deleteLater();
        emit statusMessage(o.message);
        if (o.runId >= 0) {
            relabel(number, o.runId);
            emit runStored(o.runId);
        }
    });
    // The explorer sets its version with the build commit (app/explorer/main.cpp).
    watcher->setFuture(QtConcurrent::run(jobs::storeSearchRun, m_storePath, outcome,
                                         QCoreApplication::applicationVersion().toStdString()));
}

} // namespace compass::ui
