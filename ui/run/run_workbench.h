// SPDX-License-Identifier: MIT
#pragma once

#include "run_controller.h"

#include <QObject>
#include <QString>

#include <vector>

namespace compass::ui {

class ChartPanel;
class ProjectDocument;
class RunPanel;
struct SweepResult;

/// Connects the run panel and the charts to the project document: the run problem follows the
/// document's model, chip and batch; a finished run's plan becomes the current plan as one undo
/// step; every run of the session is shown in the charts and kept in the run store (written off
/// the GUI thread, with the same record builder as the CLI). GUI thread only.
class RunWorkbench final : public QObject
{
    Q_OBJECT

public:
    RunWorkbench(ProjectDocument* document, RunPanel* runs, ChartPanel* charts,
                 QObject* parent = nullptr);

    /// The run database runs are stored in; empty stores nothing.
    void setRunStorePath(const QString& path) { m_storePath = path; }
    const std::vector<RunOutcome>& sessionRuns() const { return m_session; }

signals:
    /// A bar of the per-partition chart was clicked.
    void partitionClicked(int partition);
    /// A run was written to the run store (for the history dock to refresh).
    void runStored(qint64 runId);
    void statusMessage(const QString& message);

private:
    void updateProblem();
    void onRunFinished(const RunOutcome& outcome);
    void onComparisonFinished(const std::vector<RunOutcome>& outcomes);
    void onSweepFinished(const SweepResult& result);
    void store(const RunOutcome& outcome);

    ProjectDocument* m_document;
    RunPanel* m_runs;
    ChartPanel* m_charts;
    QString m_storePath;
    std::vector<RunOutcome> m_session;
    bool m_comparing = false;
};

} // namespace compass::ui
