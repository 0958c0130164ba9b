// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/diagnostics.h"

#include <QMainWindow>

#include <vector>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

namespace compass::ui {

class ArchitecturePanel;
class DiagnosticsModel;
class DiagnosticsPanel;
class GraphPanel;
class MetricsPanel;
class PartitionStrip;
class ProjectDocument;
class ProjectLoader;
class RecentFiles;
class SearchBox;
struct LayoutResult;
struct LoadedGraph;

/// The explorer's main window: assembles the graph panel and partition strip, the
/// architecture, metrics and diagnostics docks, menus and toolbar around one ProjectDocument,
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

    ProjectDocument* document() const { return m_document; }
    GraphPanel* graphPanel() const { return m_graph; }
    PartitionStrip* partitionStrip() const { return m_strip; }
    ArchitecturePanel* architecturePanel() const { return m_arch; }
    MetricsPanel* metricsPanel() const { return m_metrics; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    DiagnosticsModel* diagnostics() const { return m_diagnosticsModel; }
    QString currentPath() const { return m_path; }

signals:
    /// A model was loaded and laid out (or failed: ok is false).
    void modelShown(bool ok);

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
    QString m_path;
    bool m_waitingForLayout = false;
};

} // namespace compass::ui
