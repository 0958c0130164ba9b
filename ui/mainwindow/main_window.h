// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/diagnostics.h"
#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "store/run_record.h"
#endif

#include <QMainWindow>

#include <optional>
#include <vector>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

namespace compass::ui {

class ArchitecturePanel;
class ChartPanel;
class DiagnosticsModel;
class DiagnosticsPanel;
class GraphPanel;
class MetricsPanel;
class PartitionStrip;
class ProjectDocument;
class ProjectLoader;
class RecentFiles;
class RunHistoryController;
class RunHistoryPanel;
struct RunModelCheck;
class RunPanel;
class RunWorkbench;
class SearchBox;
struct LayoutResult;
struct LoadedGraph;

/// The explorer's main window: assembles the graph panel and partition strip, the
/// architecture, metrics, diagnostics, run history and charts docks, menus and toolbar around
/// one ProjectDocument,
/// and persists window state and preferences (QSettings). Holds no model logic: edits go to
/// the document, results come back as its signals and value objects.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts loading an ONNX model off the GUI thread; modelShown() follows once its layout
    /// is on screen, or the diagnostics panel lists why it could not be opened.
    void openModel(const QString& path);

    /// Lays the graph out top-to-bottom or left-to-right, keeping the View menu in step.
    void setLeftToRight(bool leftToRight);

    /// Opens a bundled network through its File ▸ Examples action; false when none is named so.
    bool openExample(const QString& name);

    /// Restores a stored run: opens its network (when another one is shown), then sets its
    /// chip, batch and plan as one undo step. The network is checked off the GUI thread
    /// (SHA-256); a missing or changed file is reported. runOpened() follows.
    void openRun(const compass::RunRecord& run);
    /// Shows the run history of another database file (and remembers it).
    void openRunDatabase(const QString& path);

    ProjectDocument* document() const { return m_document; }
    GraphPanel* graphPanel() const { return m_graph; }
    PartitionStrip* partitionStrip() const { return m_strip; }
    ArchitecturePanel* architecturePanel() const { return m_arch; }
    MetricsPanel* metricsPanel() const { return m_metrics; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    DiagnosticsModel* diagnostics() const { return m_diagnosticsModel; }
    RunHistoryPanel* historyPanel() const { return m_historyPanel; }
    ChartPanel* chartPanel() const { return m_charts; }
    RunPanel* runPanel() const { return m_runPanel; }
    QString currentPath() const { return m_path; }

signals:
    /// A model was loaded and laid out (or failed: ok is false).
    void modelShown(bool ok);
    /// openRun() finished: ok when the network, chip, batch and plan are the run's.
    void runOpened(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void rebuildExamplesMenu();
    void chooseModel();
    void showLoaded(const LoadedGraph& loaded);
    void showEvaluation();
    void showNodeMenu(int nodeId, const QPoint& screenPos);
    void deleteSelectedCut();
    void showLayoutStatus(const LayoutResult& result);
    void updateTitle();
    void restoreSettings();
    void continueOpeningRun(const compass::RunRecord& run, const RunModelCheck& check);
    void restorePendingRun(bool modelOk);
    void compareRuns(const std::vector<compass::RunRecord>& runs);

    ProjectDocument* m_document = nullptr;
    GraphPanel* m_graph = nullptr;
    PartitionStrip* m_strip = nullptr;
    ArchitecturePanel* m_arch = nullptr;
    MetricsPanel* m_metrics = nullptr;
    QDockWidget* m_archDock = nullptr;
    QDockWidget* m_metricsDock = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_stripByLatency = nullptr;
    std::vector<Diagnostic> m_importDiagnostics;
    DiagnosticsModel* m_diagnosticsModel = nullptr;
    DiagnosticsPanel* m_diagnosticsPanel = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    SearchBox* m_search = nullptr;
    ProjectLoader* m_loader = nullptr;
    RecentFiles* m_recent = nullptr;
    QMenu* m_examplesMenu = nullptr;
    QActionGroup* m_directionGroup = nullptr;
    QLabel* m_layoutStatus = nullptr;
    RunHistoryController* m_history = nullptr;
    RunHistoryPanel* m_historyPanel = nullptr;
    QDockWidget* m_historyDock = nullptr;
    ChartPanel* m_charts = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    RunPanel* m_runPanel = nullptr;
    QDockWidget* m_runDock = nullptr;
    RunWorkbench* m_workbench = nullptr;
    std::optional<compass::RunRecord> m_pendingRun; ///< Waiting for its network to load.
    QString m_path;
    bool m_waitingForLayout = false;
};

} // namespace compass::ui
