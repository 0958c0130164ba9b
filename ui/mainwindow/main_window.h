// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

#include <functional>
#include <vector>

class QDockWidget;
class QLabel;
class QStackedWidget;

namespace compass {
struct OnnxImportOptions;
struct ProjectFile;
struct RunRecord;
} // namespace compass

namespace compass::ui {

class ArchitecturePanel;
class ChartPanel;
class DiagnosticsPanel;
class ExamplesMenu;
class GraphPanel;
class InputShapesDialog;
class ManualWindow;
class MessageBanner;
class MetricsPanel;
class PartitionStrip;
class ProjectDocument;
class PropertiesPanel;
struct ProjectOpenResult;
class ProjectOpener;
class RecentFiles;
class RunHistoryController;
class RunHistoryPanel;
struct RunOpenResult;
class RunOpener;
class RunPanel;
class RunWorkbench;
class WelcomePage;
class WheelGuard;

/// What to do with unsaved edits before they would be lost.
enum class UnsavedChoice
{
    Save,    ///< Save the project first (Save As when it has no file yet), then go on.
    Discard, ///< Go on without saving.
    Cancel,  ///< Stay: nothing is opened or closed.
};

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

    /// Opens a network (.onnx) or a project (.compass), by the file's suffix, after asking
    /// about unsaved edits; what the file list, the welcome page, drops and the command line
    /// call. False when the user chose to stay.
    bool openFile(const QString& path);
    /// Starts opening an ONNX model off the GUI thread (no question about unsaved edits): its
    /// graph inputs are read first, and when one has symbolic or missing dims the input-shapes
    /// dialog asks for them (importOptionsRequested()); Cancel opens nothing and leaves the
    /// document as it was. modelShown() follows once its layout is on screen, or the banner
    /// and the diagnostics panel say why it could not be opened.
    void openModel(const QString& path);
    /// Opens an ONNX model with `options` as given (no dialog): the explorer's command line.
    void openModel(const QString& path, const compass::OnnxImportOptions& options);
    /// File ▸ Open With Import Options for `path`: the input-shapes dialog lists every graph
    /// input (pre-filled with the options the model is open with, when it is the one shown),
    /// even when the file would open without it. After asking about unsaved edits.
    void openModelWithImportOptions(const QString& path);
    /// Opens a project file (no question asked): its network, chip, batch, plan, optimiser
    /// options and view. projectOpened() follows; a damaged or newer file is refused with a
    /// message naming the field, and left as it is.
    void openProject(const QString& path);
    /// Writes the current work to `path` as a project; false (and a message) when it cannot.
    bool saveProjectTo(const QString& path);
    /// The project file the work was last opened from or saved to; empty when none.
    QString projectPath() const { return m_projectPath; }
    /// Asks about unsaved edits (the prompt, see setUnsavedPrompt) before they would be lost
    /// by `what` ("opening another network"). True when it may go on.
    bool confirmLosingEdits(const QString& what);
    /// Replaces the "save changes?" dialog (scripts and tests answer it).
    void setUnsavedPrompt(std::function<UnsavedChoice(const QString& question)> prompt);
    /// Closes the network (after asking about unsaved edits) and shows the welcome page.
    bool closeModel();
    /// Back to the first-start layout: every dock where it starts, the graph the largest part.
    void resetLayout();
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
    /// openProject() finished: ok when everything the project holds is shown.
    void projectOpened(bool ok);
    /// The input-shapes dialog is up (window-modal) for a model being opened; accepting it
    /// opens the model with its options (scripts, tests and --screenshot reach it here).
    void importOptionsRequested(compass::ui::InputShapesDialog* dialog);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createActions();
    void connectPanels();
    /// The open dialog in the last folder (the bundled networks the first time); remembers
    /// the folder of the file chosen. Empty when cancelled.
    QString askForFileToOpen(const QString& title, const QString& filter);
    void chooseFile();
    void chooseFileWithImportOptions();
    /// Reads the graph inputs of `path` off the GUI thread, then asks (always, or when an
    /// input's dims are open) or opens at once.
    void inspectInputsThenOpen(const QString& path, bool alwaysAsk);
    void startOpening(const QString& path, const compass::OnnxImportOptions& options);
    void updateImportStatus();
    bool saveProject();
    bool saveProjectAs();
    void showProjectOpened(const ProjectOpenResult& result);
    void applyViewState(const ProjectFile& project);
    void selectPendingNode();
    void fitSideDocks();
    void showPage();
    void showManual();
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
    QStackedWidget* m_pages = nullptr;
    WelcomePage* m_welcome = nullptr;
    MessageBanner* m_banner = nullptr;
    ProjectOpener* m_projectOpener = nullptr;
    WheelGuard* m_wheelGuard = nullptr;
    ManualWindow* m_manual = nullptr;
    QLabel* m_zoomStatus = nullptr;
    QLabel* m_importStatus = nullptr; ///< The import options of the model shown, when any.
    int m_inputCheck = 0;             ///< Generation of inspectInputsThenOpen (newest wins).
    QString m_projectPath;
    /// Selected once a project's layout is shown (its saved selection).
    QString m_pendingSelection;
    std::function<UnsavedChoice(const QString&)> m_unsavedPrompt;
    GraphPanel* m_graph = nullptr;
    PartitionStrip* m_strip = nullptr;
    ArchitecturePanel* m_arch = nullptr;
    MetricsPanel* m_metrics = nullptr;
    PropertiesPanel* m_properties = nullptr;
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
    QDockWidget* m_propertiesDock = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    QDockWidget* m_runDock = nullptr;
};

} // namespace compass::ui
