// SPDX-License-Identifier: MIT
#pragma once

#include "run_controller.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace compass::ui {

class ChartPanel;
class ChartView;

/// Fills `charts` from runs: the partition-latency chart and energy breakdown of `current`,
/// the comparison and energy-latency scatter of `runs` (exact's Pareto front when present),
/// and `current`'s GA convergence.
void showRunsInCharts(ChartPanel& charts, const std::vector<RunOutcome>& runs,
                      const RunOutcome& current);

/// The run panel: method, objective, seed, GA parameters and batch; Run, Compare methods,
/// Sweep batches and Cancel; a progress bar, elapsed time and the GA's live convergence.
/// It never blocks the GUI thread (work runs in its RunController). The problem (network and
/// chip) comes from the document through setProblem(); results leave as signals.
class RunPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit RunPanel(QWidget* parent = nullptr);

    /// The network and chip runs use; the panel's batch box overrides problem.batch.
    void setProblem(const RunProblem& problem);
    RunProblem problem() const;
    /// The options the widgets describe.
    SearchOptions options() const;
    void setOptions(const SearchOptions& options);
    void setBatch(std::int64_t batch);

    RunController* controller() const { return m_controller; }

public slots:
    void run();
    void compareMethods();
    void sweepBatches();
    void cancel();

signals:
    /// A run finished (also each run of a comparison). The main window applies
    /// outcome.result.plan as one undoable step and keeps the run for comparison.
    void runFinished(const compass::ui::RunOutcome& outcome);
    /// Compare methods started: the next four runFinished() belong to it.
    void comparisonStarted();
    /// All four methods finished: show them side by side.
    void comparisonFinished(const std::vector<compass::ui::RunOutcome>& outcomes);
    void sweepFinished(const compass::ui::SweepResult& result);

private:
    void setRunning(bool running);
    void showProgress(double fraction, qint64 elapsedMs, const QString& stage);
    void addLiveGeneration(const GenerationStats& stats);
    void finishRun(const RunOutcome& outcome);
    void updateElapsed();
    void updateGaEnabled();

    RunController* m_controller = nullptr;
    RunProblem m_problem;
    QComboBox* m_method = nullptr;
    QComboBox* m_objective = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_population = nullptr;
    QSpinBox* m_generations = nullptr;
    QSpinBox* m_elite = nullptr;
    QSpinBox* m_patience = nullptr;
    QSpinBox* m_batch = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_sweep = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_elapsed = nullptr;
    QLabel* m_status = nullptr;
    QListWidget* m_runs = nullptr;
    ChartView* m_live = nullptr;
    QTimer* m_clock = nullptr;
    ConvergenceData m_liveData;
    bool m_liveDirty = false;
};

} // namespace compass::ui
