// SPDX-License-Identifier: MIT
#include "run_workbench.h"

#include "core/support/diagnostics.h"
#include "run_panel.h"
#include "sim/estimator.h"
#include "store/recording/run_recording.h"
#include "store/run_store.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace compass::ui {

namespace {

struct StoreOutcome
{
    qint64 runId = -1;
    QString message;
};

/// Builds the run's record exactly as the CLI does and inserts it (worker thread).
StoreOutcome storeRun(const QString& storePath, const QString& modelPath, const RunOutcome& run)
{
    DiagnosticList diagnostics;
    StoreOutcome outcome;
    const std::optional<ModelIdentity> model = identifyModel(modelPath, diagnostics);
    std::optional<RunStore> store =
        model ? RunStore::open(storePath, OpenMode::ReadWrite, diagnostics) : std::nullopt;
    if (store) {
        EstimatorOptions options;
        options.batchSize = run.problem.batch;
        const Estimator estimator(*run.problem.graph, run.problem.arch, options);
        RunMethod method;
        method.search = run.options;
        compass::RunOutcome recorded;
        recorded.plan = run.result.plan;
        recorded.cost = run.result.cost;
        recorded.convergence = run.result.convergence;
        recorded.objectiveValue = run.result.objectiveValue;
        recorded.runtimeMs = run.result.runtimeMs;
        recorded.cancelled = run.result.cancelled;
        const RunId id =
            store->insert(makeRunRecord(*model, estimator, method, recorded), diagnostics);
        if (id.isValid()) {
            outcome.runId = id.value;
            outcome.message = QStringLiteral("%1 stored as run %2").arg(run.label).arg(id.value);
            return outcome;
        }
    }
    QStringList lines;
    for (const Diagnostic& d : diagnostics.all())
        lines << QString::fromStdString(formatDiagnostic(d));
    outcome.message = QStringLiteral("%1 was not stored: %2").arg(run.label, lines.join("; "));
    return outcome;
}

} // namespace

RunWorkbench::RunWorkbench(ProjectDocument* document, RunPanel* runs, ChartPanel* charts,
                           QObject* parent)
    : QObject(parent)
    , m_document(document)
    , m_runs(runs)
    , m_charts(charts)
{
    connect(m_document, &ProjectDocument::estimatorChanged, this, &RunWorkbench::updateProblem);
    connect(m_document, &ProjectDocument::batchChanged, this,
            [this] { m_runs->setBatch(m_document->batchSize()); });
    connect(m_runs, &RunPanel::comparisonStarted, this, [this] { m_comparing = true; });
    connect(m_runs, &RunPanel::runFinished, this, &RunWorkbench::onRunFinished);
    connect(m_runs, &RunPanel::comparisonFinished, this, &RunWorkbench::onComparisonFinished);
    connect(m_runs, &RunPanel::sweepFinished, this, &RunWorkbench::onSweepFinished);
    connect(m_charts, &ChartPanel::partitionClicked, this, &RunWorkbench::partitionClicked);
    updateProblem();
}

void RunWorkbench::updateProblem()
{
    if (!m_document->graph())
        return;
    RunProblem problem;
    problem.graph = m_document->graph();
    problem.arch = m_document->arch();
    problem.batch = m_document->batchSize();
    problem.modelName = m_document->modelName();
    m_runs->setProblem(problem);
}

void RunWorkbench::onRunFinished(const RunOutcome& outcome)
{
    m_session.push_back(outcome);
    store(outcome);
    if (m_comparing)
        return; // the comparison shows all four together when it ends
    const SearchResult& r = outcome.result;
    if (r.cost.valid && r.plan.partitionCount() > 0) {
        m_document->applyPlan(r.plan.innerCuts(),
                              QStringLiteral("Apply %1 plan").arg(outcome.label));
    }
    showRunsInCharts(*m_charts, m_session, outcome);
}

void RunWorkbench::onComparisonFinished(const std::vector<RunOutcome>& outcomes)
{
    m_comparing = false;
    if (outcomes.empty())
        return;
    // The comparison shows the four methods side by side (the paper's Fig. 6-8); the plan of
    // the best one becomes the current plan, as one undo step.
    const RunOutcome* best = &outcomes.front();
    for (const RunOutcome& o : outcomes) {
        if (o.result.cost.valid && o.result.objectiveValue < best->result.objectiveValue)
            best = &o;
    }
    if (best->result.cost.valid)
        m_document->applyPlan(
            best->result.plan.innerCuts(),
            QStringLiteral("Apply %1 plan (best of Compare methods)").arg(best->label));
    showRunsInCharts(*m_charts, outcomes, *best);
    m_charts->showTab(ChartPanel::Tab::Comparison);
}

void RunWorkbench::onSweepFinished(const SweepResult& result)
{
    m_charts->setBatchSweep(result.sweep);
    m_charts->setReloadVsBatch(result.reload);
    m_charts->showTab(ChartPanel::Tab::BatchSweep);
}

void RunWorkbench::store(const RunOutcome& outcome)
{
    if (m_storePath.isEmpty() || m_document->modelPath().isEmpty())
        return;
    auto* watcher = new QFutureWatcher<StoreOutcome>(this);
    connect(watcher, &QFutureWatcher<StoreOutcome>::finished, this, [this, watcher] {
        const StoreOutcome o = watcher->result();
        watcher->deleteLater();
        emit statusMessage(o.message);
        if (o.runId >= 0)
            emit runStored(o.runId);
    });
    watcher->setFuture(QtConcurrent::run(storeRun, m_storePath, m_document->modelPath(), outcome));
}

} // namespace compass::ui
