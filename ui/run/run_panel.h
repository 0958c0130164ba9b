// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/run_controller.h"
#include "ui/charts/chart_data.h"

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
void showRunsInCharts(ChartPanel& charts, const std::vector<jobs::SearchRun>& runs,
                      const jobs::SearchRun& current);

/// The run panel: method, objective, seed, GA parameters and batch; Run, Compare methods,
/// Sweep batches and Cancel; a progress bar, elapsed time and the GA's live convergence.
/// It never blocks the GUI thread (work runs in its jobs::RunController). The problem (network and
/// chip) comes from the document through setProblem(); results leave as signals.
class RunPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit RunPanel(QWidget* parent = nullptr);

    /// The mapped problem runs use; the panel's batch box overrides its batch size.
    void setProblem(const jobs::RunProblem& problem);
    jobs::RunProblem problem() const;
    /// The options the widgets describe.
    SearchOptions options() const;
    void setOptions(const SearchOptions& options);
    void setBatch(std::int64_t batch);

    jobs::RunController* controller() const { return m_controller; }

    /// Shows a finished run's plan as an offer: `text` compares its figures with the current
    /// plan's, the Apply button (tooltip `applyText`) emits applyOfferRequested(). Nothing
    /// replaces the plan until the user presses it.
    void offerPlan(const QString& text, const QString& applyText);
    /// Withdraws the offer (applied, or the document changed under it).
    void clearOffer();
    bool hasOffer() const;
    /// Renames a run in the session list, the offer and the status line ("ga #3" becomes the
    /// stored "ga #12").
    void relabelRun(const QString& from, const QString& to);

public slots:
    void run();
    void compareMethods();
    void sweepBatches();
    void cancel();

signals:
    /// A run finished (also each run of a comparison). The workbench offers its plan (it
    /// never replaces the current plan by itself) and keeps the run for comparison.
    void runFinished(const compass::jobs::SearchRun& outcome);
    /// Compare methods started: the next four runFinished() belong to it.
    void comparisonStarted();
    /// All four methods finished: show them side by side.
    void comparisonFinished(const std::vector<compass::jobs::SearchRun>& outcomes);
    void sweepFinished(const compass::jobs::BatchSweepResult& result);
    /// The user pressed Apply on the offered plan (offerPlan()).
    void applyOfferRequested();
    /// The genetic search's convergence so far (at most 10 times a second while it runs), and
    /// in full when it ends; `configuration` is the run's (jobs::RunProblem::configuration).
    /// The Charts dock shows it larger than the panel's own live chart.
    void liveConvergence(const compass::ui::ConvergenceData& data, const QString& configuration);

private:
    void setRunning(bool running);
    void showProgress(double fraction, qint64 elapsedMs, const QString& stage);
    void addLiveGeneration(const GenerationStats& stats);
    void finishRun(const jobs::SearchRun& outcome);
    void updateElapsed();
    void updateGaEnabled();

    jobs::RunController* m_controller = nullptr;
    jobs::RunProblem m_problem;
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
    QWidget* m_offer = nullptr;
    QLabel* m_offerText = nullptr;
    QPushButton* m_apply = nullptr;
    QListWidget* m_runs = nullptr;
    ChartView* m_live = nullptr;
    QTimer* m_clock = nullptr;
    ConvergenceData m_liveData;
    bool m_liveDirty = false;
};

} // namespace compass::ui
