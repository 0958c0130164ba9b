// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

namespace compass::ui {

class DiagnosticsModel;
class DiagnosticsPanel;
class GraphPanel;
class ModelLoader;
class RecentFiles;
class SearchBox;
struct LayoutResult;
struct LoadedModel;

/// The explorer's main window: assembles the graph panel, the diagnostics dock, menus and
/// toolbar, and persists window state and preferences (QSettings). Holds no model logic.
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

    GraphPanel* graphPanel() const { return m_graph; }
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
    void showLoaded(const LoadedModel& loaded);
    void showLayoutStatus(const LayoutResult& result);
    void updateTitle();
    void restoreSettings();

    GraphPanel* m_graph = nullptr;
    DiagnosticsModel* m_diagnosticsModel = nullptr;
    DiagnosticsPanel* m_diagnosticsPanel = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    SearchBox* m_search = nullptr;
    ModelLoader* m_loader = nullptr;
    RecentFiles* m_recent = nullptr;
    QMenu* m_examplesMenu = nullptr;
    QActionGroup* m_directionGroup = nullptr;
    QLabel* m_layoutStatus = nullptr;
    QString m_path;
    bool m_waitingForLayout = false;
};

} // namespace compass::ui
