// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

#include <vector>

class QDockWidget;
class QLabel;

namespace compass {
struct RunRecord;
}

namespace compass::ui {

class ArchitecturePanel;
class ChartPanel;
class DiagnosticsPanel;
class ExamplesMenu;
class GraphPanel;
class MetricsPanel;
class PartitionStrip;
class ProjectDocument;
class RecentFiles;
class RunHistoryController;
class RunHistoryPanel;
struct RunOpenResult;
class RunOpener;
class RunPanel;
class RunWorkbench;

/// The explorer's main window: assembles the graph panel and partition strip, the
/// architecture, metrics, diagnostics, run history, optimise and charts docks, menus and
/// toolbar around one ProjectDocument, and keeps window state and preferences
/// (ExplorerSettings). Holds no model logic: the panels observe the document, edits go to it,
/// stored runs are opened by a RunOpener; the window asks the user and shows status.
/// Scripts and tests reach the panels by type or object name (findChild).
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts opening an ONNX model off the GUI thread; modelShown() follows once its layout
    /// is on screen, or the diagnostics panel lists why it could not be opened.
    void openModel(const QString& path);
    /// Lays the graph out top-to-bottom or left-to-right, keeping the View menu in step.
    void setLeftToRight(bool leftToRight);
    /// Opens a bundled network through its File ▸ Examples action; false when none is named so.
    bool openExample(const QString& name);
    /// Finds a layer as the search box does: selects and centres it; false when none matches.
    bool focusNode(const QString& text);
    /// Whether a graph layout or a plan evaluation is still running (screenshots wait).
    bool isSettling() const;
    /// Restores a stored run (network, chip, batch and plan as one undo step); runOpened()
    /// follows. A missing or changed network file is reported or asked about.
    void openRun(const compass::RunRecord& run);
    /// Shows the run history of another database file (and remembers it).
    void openRunDatabase(const QString& path);

    ProjectDocument* document() const { return m_document; }

signals:
    /// A model was loaded and laid out (or failed: ok is false).
    void modelShown(bool ok);
    /// openRun() finished: ok when the network, chip, batch and plan are the run's.
    void runOpened(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createActions();
    void connectPanels();
    void chooseModel();
    void showOpened(const QString& path, bool ok, double importMs);
    void showDiagnosticsIfAny();
    void showRunOpened(const RunOpenResult& result);
    void showCharts();
    void compareRuns(const std::vector<compass::RunRecord>& runs);
    void showStatus(const QString& message);
    void showStatusFor(const QString& message, int timeoutMs);
    void updateTitle();
    void restoreSettings();

    ProjectDocument* m_document = nullptr;
    GraphPanel* m_graph = nullptr;
    PartitionStrip* m_strip = nullptr;
    ArchitecturePanel* m_arch = nullptr;
    MetricsPanel* m_metrics = nullptr;
    DiagnosticsPanel* m_diagnostics = nullptr;
    QLabel* m_layoutStatus = nullptr;
    RunHistoryController* m_history = nullptr;
    RunHistoryPanel* m_historyPanel = nullptr;
    RunOpener* m_opener = nullptr;
    ChartPanel* m_charts = nullptr;
    RunPanel* m_runPanel = nullptr;
    RunWorkbench* m_workbench = nullptr;
    RecentFiles* m_recent = nullptr;
    ExamplesMenu* m_examples = nullptr;
    QDockWidget* m_archDock = nullptr;
    QDockWidget* m_metricsDock = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    QDockWidget* m_runDock = nullptr;
};

} // namespace compass::ui
