// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/run_controller.h"
#include "ui/document/plan_evaluation.h"

#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace compass::ui {

class ChartPanel;
class ProjectDocument;
class RunPanel;

/// Connects the run panel and the charts to the project document: the run problem follows the
/// document's model, chip and batch; a finished run's plan is offered (Apply, one undo step) and
/// never replaces the current plan by itself; every run of the session, the runs of "Sweep batches"
/// included, is shown in the charts and kept in the run store (written off the GUI thread, with the
/// same record builder as the CLI). GUI thread only.
class RunWorkbench final : public QObject
{
    Q_OBJECT

public:
    RunWorkbench(ProjectDocument* document, RunPanel* runs, ChartPanel* charts,
                 QObject* parent = nullptr);

    /// The run database runs are stored in; empty stores nothing.
    void setRunStorePath(const QString& path);
    const std::vector<jobs::SearchRun>& sessionRuns() const { return m_session; }

signals:
    /// A bar of the per-partition chart was clicked.
    void partitionClicked(int partition);
    /// A run was written to the run store (for the history dock to refresh).
    void runStored(qint64 runId);
    void statusMessage(const QString& message);

private:
    void updateProblem();
    void showCurrentPlan();
    /// The document's network and chip as the run panel and the chart titles name them.
    jobs::RunProblem currentProblem() const;
    void onRunFinished(const jobs::SearchRun& outcome);
    void onComparisonFinished(const std::vector<jobs::SearchRun>& outcomes);
    void onSweepFinished(const jobs::BatchSweepResult& result);
    void store(const jobs::SearchRun& outcome);
    /// Offers `outcome`'s plan in the run panel (never applies it), with its figures against
    /// the current plan's (`current`, or evaluated now when null): not for a cancelled run, an
    /// invalid plan, or a run of another chip, model or batch than the document's.
    void offer(const jobs::SearchRun& outcome, const QString& note = {},
               const PlanEvaluation* current = nullptr);
    void applyOffer();
    /// Renames session run `number` after the run id the store gave it.
    void relabel(std::int32_t number, qint64 runId);

    ProjectDocument* m_document;
    RunPanel* m_runs;
    ChartPanel* m_charts;
    QString m_storePath;
    std::vector<jobs::SearchRun> m_session;
    std::optional<jobs::SearchRun> m_offered;
    QString m_offerNote; ///< e.g. " (best of Compare methods)"
    bool m_comparing = false;
    bool m_liveShown = false;      ///< This run's live convergence has been brought to the front.
    bool m_showingSession = false; ///< The charts show m_session (not a comparison's four).
};

} // namespace compass::ui
