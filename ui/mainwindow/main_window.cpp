// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/support/resource_paths.h"
#include "core/support/units.h"
#include "examples_menu.h"
#include "explorer_settings.h"
#include "help_dialogs.h"
#include "input_shapes_dialog.h"
#include "message_banner.h"
#include "model_drop_filter.h"
#include "recent_files.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"
#include "ui/document/project_opener.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/search_box.h"
#include "ui/history/run_comparison_records.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_panel.h"
#include "ui/history/run_opener.h"
#include "ui/panels/architecture_panel.h"
#include "ui/panels/diagnostics_panel.h"
#include "ui/panels/graph_panel.h"
#include "ui/panels/metrics_panel.h"
#include "ui/panels/partition_strip.h"
#include "ui/panels/properties_panel.h"
#include "ui/run/run_panel.h"
#include "ui/run/run_workbench.h"
#include "welcome_page.h"
#include "wheel_guard.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace compass::ui {

namespace {

QString partitions(int count)
{
    return units::count(count, MainWindow::tr("partition"), MainWindow::tr("partitions"));
}

/// The dock widths and bottom height of the first-start layout at 1400x860: the graph and its
/// strip get more than half of the window (tst_main_window checks it).
constexpr int kLeftDockWidth = 310;
constexpr int kRightDockWidth = 280;

/// A theme icon, or the style's own where no icon theme is installed (a bare X session).
QIcon themeIcon(const QWidget* widget, const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), widget->style()->standardIcon(fallback));
}

UnsavedChoice askAboutUnsavedEdits(QWidget* parent, const QString& question)
{
    QMessageBox box(QMessageBox::Warning, MainWindow::tr("Unsaved Changes"), question,
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("UnsavedChangesBox"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedChoice::Save;
    case QMessageBox::Discard:
        return UnsavedChoice::Discard;
    default:
        return UnsavedChoice::Cancel;
    }
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new ProjectDocument(this))
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_banner(new MessageBanner(this))
    , m_projectOpener(new ProjectOpener(m_document, this))
    , m_wheelGuard(new WheelGuard(this))
    , m_zoomStatus(new QLabel(this))
    , m_importStatus(new QLabel(this))
    , m_graph(new GraphPanel(m_document, this))
    , m_strip(new PartitionStrip(m_document, this))
    , m_arch(new ArchitecturePanel(m_document, this))
    , m_metrics(new MetricsPanel(m_document, this))
    , m_properties(new PropertiesPanel(m_document, this))
    , m_diagnostics(new DiagnosticsPanel(m_document, this))
    , m_layoutStatus(new QLabel(this))
    , m_history(new RunHistoryController(this))
    , m_historyPanel(new RunHistoryPanel(m_history, this))
    , m_opener(new RunOpener(m_document, this))
    , m_charts(new ChartPanel(this))
    , m_runPanel(new RunPanel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    // Below this the docks and the strip's footer start to overlap.
    setMinimumSize(1024, 700);
    m_unsavedPrompt = [this](const QString& question) {
        return askAboutUnsavedEdits(this, question);
    };
    // Files dropped anywhere: on the window, and on the graph canvas (a graphics view takes
    // drags itself).
    setAcceptDrops(true);
    auto* drops = new ModelDropFilter(this);
    installEventFilter(drops);
    m_graph->view()->viewport()->setAcceptDrops(true);
    m_graph->view()->viewport()->installEventFilter(drops);
    connect(drops, &ModelDropFilter::fileDropped, this, &MainWindow::openFile);
    qApp->installEventFilter(m_wheelGuard);

    auto* graphPage = new QWidget(this);
    auto* graphLayout = new QVBoxLayout(graphPage);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->setSpacing(0);
    graphLayout->addWidget(m_graph, 1);
    graphLayout->addWidget(m_strip);
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(graphPage);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    createDocks();
    m_workbench = new RunWorkbench(m_document, m_runPanel, m_charts, this);
    m_importStatus->setObjectName(QStringLiteral("importOptionsStatus"));
    m_importStatus->setVisible(false);
    statusBar()->addPermanentWidget(m_importStatus);
    statusBar()->addPermanentWidget(m_zoomStatus);
    m_zoomStatus->setToolTip(tr("Zoom of the graph (Ctrl+0: 100 %, F: fit)"));
    connect(m_graph, &GraphPanel::zoomChanged, this, [this](int percent) {
        m_zoomStatus->setText(m_document->hasModel() ? tr("%1 %").arg(percent) : QString());
    });
    statusBar()->addPermanentWidget(m_layoutStatus);
    m_graph->searchBox()->setMaximumWidth(320);
    createActions();
    connectPanels();
    updateTitle();
    restoreSettings();
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(m_wheelGuard);
}

void MainWindow::createDocks()
{
    auto dock = [this](const QString& title, const QString& name, QWidget* content,
                       Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    m_archDock = dock(tr("Architecture"), QStringLiteral("ArchitectureDock"), m_arch,
                      Qt::LeftDockWidgetArea);
    m_metricsDock =
        dock(tr("Metrics"), QStringLiteral("MetricsDock"), m_metrics, Qt::RightDockWidgetArea);
    // What is selected and what the plan costs share the right side.
    m_propertiesDock = dock(tr("Properties"), QStringLiteral("PropertiesDock"), m_properties,
                            Qt::RightDockWidgetArea);
    tabifyDockWidget(m_metricsDock, m_propertiesDock);
    m_metricsDock->raise();
    m_diagnosticsDock = dock(tr("Diagnostics"), QStringLiteral("DiagnosticsDock"), m_diagnostics,
                             Qt::BottomDockWidgetArea);
    m_diagnosticsDock->hide(); // shown when there is something to say
    m_historyDock = dock(tr("Run History"), QStringLiteral("RunHistoryDock"), m_historyPanel,
                         Qt::BottomDockWidgetArea);
    splitDockWidget(m_diagnosticsDock, m_historyDock, Qt::Horizontal);
    m_chartsDock =
        dock(tr("Charts"), QStringLiteral("ChartsDock"), m_charts, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_historyDock, m_chartsDock);
    m_historyDock->raise();
    // The chip and the optimiser are both inputs: they share the left side as tabs.
    // The run panel is tall (options, progress, live convergence, run list): it scrolls rather
    // than forcing the window taller than a laptop screen.
    auto* runScroll = new QScrollArea(this);
    runScroll->setWidget(m_runPanel);
    runScroll->setWidgetResizable(true);
    runScroll->setFrameShape(QFrame::NoFrame);
    m_runDock =
        dock(tr("Optimise"), QStringLiteral("OptimiseDock"), runScroll, Qt::LeftDockWidgetArea);
    tabifyDockWidget(m_archDock, m_runDock);
    m_archDock->raise();
}

void MainWindow::resetLayout()
{
    // Every dock back in its area, tabbed as at first start. The bottom docks (history,
    // charts, diagnostics) start hidden so the graph has the room; a finished run, a problem
    // to report or the View menu brings them up.
    for (QDockWidget* d : {m_archDock, m_runDock, m_metricsDock, m_propertiesDock,
                           m_diagnosticsDock, m_historyDock, m_chartsDock}) {
        d->setFloating(false);
        removeDockWidget(d);
    }
    addDockWidget(Qt::LeftDockWidgetArea, m_archDock);
    tabifyDockWidget(m_archDock, m_runDock);
    addDockWidget(Qt::RightDockWidgetArea, m_metricsDock);
    tabifyDockWidget(m_metricsDock, m_propertiesDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    tabifyDockWidget(m_historyDock, m_chartsDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    splitDockWidget(m_historyDock, m_diagnosticsDock, Qt::Horizontal);
    for (QDockWidget* d : {m_archDock, m_runDock, m_metricsDock, m_propertiesDock})
        d->show();
    for (QDockWidget* d : {m_historyDock, m_chartsDock, m_diagnosticsDock})
        d->hide();
    m_archDock->raise();
    m_metricsDock->raise();
    m_historyDock->raise();
    if (QToolBar* bar = findChild<QToolBar*>(QStringLiteral("MainToolBar"))) {
        addToolBar(Qt::TopToolBarArea, bar);
        bar->show();
    }
    fitSideDocks();
}

void MainWindow::fitSideDocks()
{
    // At 1400 px the side docks take their full widths; a narrower window shares what it has
    // so the metrics' values stay readable beside a graph of at least half the width.
    const auto share = [this](int full, double fraction) {
        return std::min(full, std::max(200, static_cast<int>(width() * fraction)));
    };
    resizeDocks({m_archDock, m_metricsDock},
                {share(kLeftDockWidth, 0.24), share(kRightDockWidth, 0.235)}, Qt::Horizontal);
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open =
        file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    open->setObjectName(QStringLiteral("open"));
    open->setIcon(themeIcon(this, "document-open", QStyle::SP_DialogOpenButton));
    open->setToolTip(tr("Open a network (.onnx) or a project (.compass)"));
    QAction* openWith = file->addAction(tr("Open With &Import Options…"), this,
                                        &MainWindow::chooseFileWithImportOptions);
    openWith->setObjectName(QStringLiteral("openWithImportOptions"));
    openWith->setToolTip(tr("Open a network (.onnx) giving its input shapes and whether "
                            "weight-like graph inputs are weights"));
    m_recent = new RecentFiles(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentFiles::fileRequested, this, &MainWindow::openFile);
    m_examples = new ExamplesMenu(file->addMenu(tr("&Examples")), this);
    connect(m_examples, &ExamplesMenu::fileRequested, this, &MainWindow::openFile);
    file->addSeparator();
    QAction* save =
        file->addAction(tr("&Save Project"), QKeySequence::Save, this, &MainWindow::saveProject);
    save->setObjectName(QStringLiteral("saveProject"));
    save->setIcon(themeIcon(this, "document-save", QStyle::SP_DialogSaveButton));
    save->setToolTip(tr("Save the network, chip, batch, plan, optimiser settings and view as a "
                        "project (.compass)"));
    QAction* saveAs = file->addAction(tr("Save Project &As…"), QKeySequence::SaveAs, this,
                                      &MainWindow::saveProjectAs);
    saveAs->setObjectName(QStringLiteral("saveProjectAs"));
    QAction* close =
        file->addAction(tr("&Close"), QKeySequence::Close, this, [this] { closeModel(); });
    close->setObjectName(QStringLiteral("closeModel"));
    for (QAction* needsModel : {save, saveAs, close}) {
        needsModel->setEnabled(false);
        connect(m_document, &ProjectDocument::modelChanged, needsModel,
                [this, needsModel] { needsModel->setEnabled(m_document->hasModel()); });
    }
    file->addSeparator();
    QAction* exportGraph = m_graph->exportGraphAction();
    exportGraph->setEnabled(false);
    connect(m_document, &ProjectDocument::modelChanged, exportGraph,
            [this, exportGraph] { exportGraph->setEnabled(m_document->hasModel()); });
    file->addAction(exportGraph);
    file->addAction(tr("Run &Database…"), m_historyPanel, &RunHistoryPanel::chooseDatabase)
        ->setToolTip(tr("Show the runs of another database file (a new name starts one)"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undo"));
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setObjectName(QStringLiteral("redo"));
    edit->addActions({undo, redo});
    edit->addSeparator();
    // Delete acts on the graph and strip only, so it never steals Delete from text fields.
    QAction* deleteCut = edit->addAction(tr("&Delete Cut"), this, [this] {
        if (!m_strip->removeSelectedCut())
            showStatusFor(tr("Select a cut in the partition strip first"), 4000);
    });
    deleteCut->setShortcut(QKeySequence::Delete);
    deleteCut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    centralWidget()->addAction(deleteCut);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_graph->viewActions());
    view->addAction(m_strip->byLatencyAction());
    view->addSeparator();
    for (QDockWidget* d : {m_archDock, m_runDock, m_metricsDock, m_propertiesDock,
                           m_diagnosticsDock, m_historyDock, m_chartsDock})
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout)
        ->setObjectName(QStringLiteral("resetLayout"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* manual = help->addAction(tr("COMPASS &Manual"), QKeySequence::HelpContents, this,
                                      &MainWindow::showManual);
    manual->setObjectName(QStringLiteral("manual"));
    help->addAction(tr("&Keyboard Shortcuts"), this,
                    [this] { showShortcutsDialog(findChildren<QAction*>(), this); })
        ->setObjectName(QStringLiteral("shortcuts"));
    help->addSeparator();
    help->addAction(tr("&About COMPASS Explorer"), this, [this] { showAboutBox(this); })
        ->setObjectName(QStringLiteral("about"));
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    // The toolbar keeps short fixed labels: the undo step's text goes to the tooltip, so the
    // bar does not reflow after every edit.
    QUndoStack* stack = m_document->undoStack();
    auto* undoButton =
        new QAction(themeIcon(this, "edit-undo", QStyle::SP_ArrowBack), tr("Undo"), this);
    undoButton->setObjectName(QStringLiteral("toolBarUndo"));
    auto* redoButton =
        new QAction(themeIcon(this, "edit-redo", QStyle::SP_ArrowForward), tr("Redo"), this);
    redoButton->setObjectName(QStringLiteral("toolBarRedo"));
    connect(undoButton, &QAction::triggered, stack, &QUndoStack::undo);
    connect(redoButton, &QAction::triggered, stack, &QUndoStack::redo);
    const auto follow = [this, stack, undoButton, redoButton] {
        undoButton->setEnabled(stack->canUndo());
        redoButton->setEnabled(stack->canRedo());
        undoButton->setToolTip(
            stack->canUndo()
                ? tr("Undo %1 (%2)")
                      .arg(stack->undoText(),
                           QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText))
                : tr("Nothing to undo"));
        redoButton->setToolTip(
            stack->canRedo()
                ? tr("Redo %1 (%2)")
                      .arg(stack->redoText(),
                           QKeySequence(QKeySequence::Redo).toString(QKeySequence::NativeText))
                : tr("Nothing to redo"));
    };
    connect(stack, &QUndoStack::indexChanged, this, follow);
    connect(stack, &QUndoStack::cleanChanged, this, follow);
    follow();

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({open, save});
    bar->addSeparator();
    bar->addActions({undoButton, redoButton});
    bar->addSeparator();
    bar->addWidget(m_graph->searchBox());
    bar->addSeparator();
    bar->addActions(m_graph->toolBarActions());
    bar->addAction(m_strip->byLatencyAction());
    bar->addSeparator();
    QAction* history = m_historyDock->toggleViewAction();
    history->setIcon(themeIcon(this, "view-list-details", QStyle::SP_FileDialogDetailedView));
    bar->addAction(history);
}

void MainWindow::connectPanels()
{
    connect(m_welcome, &WelcomePage::fileRequested, this, &MainWindow::openFile);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::chooseFile);
    connect(m_welcome, &WelcomePage::openDatabaseRequested, m_historyPanel,
            &RunHistoryPanel::chooseDatabase);
    connect(m_document, &ProjectDocument::modelChanged, this, &MainWindow::showPage);
    connect(m_document, &ProjectDocument::modelChanged, this, &MainWindow::updateImportStatus);
    connect(m_banner, &MessageBanner::actionTriggered, this, [this] {
        m_diagnosticsDock->show();
        m_diagnosticsDock->raise();
    });
    connect(m_projectOpener, &ProjectOpener::statusMessage, this, &MainWindow::showStatus);
    connect(m_projectOpener, &ProjectOpener::finished, this, &MainWindow::showProjectOpened);
    connect(m_projectOpener, &ProjectOpener::confirmationNeeded, this,
            [this](const QString& question) {
                m_projectOpener->confirm(
                    QMessageBox::question(this, tr("Open Project"), question) == QMessageBox::Yes);
            });
    connect(m_projectOpener, &ProjectOpener::modelMissing, this,
            [this](const QString& message, const QString& folder) {
                const bool locate =
                    QMessageBox::question(this, tr("Open Project"), message) == QMessageBox::Yes;
                const QString path =
                    locate ? QFileDialog::getOpenFileName(this, tr("Locate the network"), folder,
                                                          tr("ONNX models (*.onnx)"))
                           : QString();
                m_projectOpener->locate(path);
            });
    connect(m_document, &ProjectDocument::openStarted, this, [this](const QString& path) {
        showStatusFor(tr("Opening %1…").arg(QFileInfo(path).fileName()), 0);
    });
    connect(m_document, &ProjectDocument::openFinished, this, &MainWindow::showOpened);
    connect(m_document, &ProjectDocument::diagnosticsChanged, this,
            &MainWindow::showDiagnosticsIfAny);
    connect(m_document, &ProjectDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_document, &ProjectDocument::statusMessage, this, &MainWindow::showStatus);
    connect(m_graph, &GraphPanel::layoutApplied, this, [this] {
        m_layoutStatus->setText(m_graph->layoutSummary());
        selectPendingNode(); // a project's saved selection
    });
    connect(m_graph, &GraphPanel::networkShown, this, [this] {
        selectPendingNode();
        if (m_graph->lastLayout().message.empty() && m_projectPath.isEmpty())
            showStatusFor(
                tr("%1: greedy plan of %2. Drag a cut in the strip below the graph to "
                   "change it.")
                    .arg(m_document->modelName(), partitions(m_document->plan().partitionCount())),
                10000);
        emit modelShown(true);
    });
    connect(m_graph, &GraphPanel::nodeSelected, m_strip, &PartitionStrip::setHighlightedNode);
    connect(m_graph, &GraphPanel::nodeSelected, this, [this](int id) {
        m_properties->showNode(id);
        // A node picked on the canvas is what the user wants to read about.
        if (id >= 0 && m_propertiesDock->isVisible())
            m_propertiesDock->raise();
    });
    connect(m_strip, &PartitionStrip::partitionClicked, m_graph, &GraphPanel::selectPartition);
    connect(m_graph, &GraphPanel::statusMessage, this, &MainWindow::showStatusFor);
    connect(m_diagnostics, &DiagnosticsPanel::nodeActivated, this, [this](const QString& node) {
        if (!focusNode(node))
            showStatusFor(tr("Node “%1” is not in the graph").arg(node), 4000);
    });
    connect(m_historyPanel, &RunHistoryPanel::openRequested, this, [this](const RunRecord& run) {
        // A run of another network replaces this one: its edits would be lost.
        const bool otherNetwork =
            QFileInfo(QString::fromStdString(run.modelPath)) != QFileInfo(m_document->modelPath());
        if (!otherNetwork || confirmLosingEdits(tr("opening run %1").arg(run.id.value)))
            openRun(run);
    });
    connect(m_historyPanel, &RunHistoryPanel::compareRequested, this, &MainWindow::compareRuns);
    connect(m_historyPanel, &RunHistoryPanel::databaseChosen, this,
            [](const QString& path) { ExplorerSettings().setRunDatabase(path); });
    connect(m_historyPanel, &RunHistoryPanel::statusMessage, this, &MainWindow::showStatus);
    connect(m_opener, &RunOpener::statusMessage, this, &MainWindow::showStatus);
    connect(m_opener, &RunOpener::confirmationNeeded, this, [this](const QString& question) {
        m_opener->confirm(QMessageBox::question(this, tr("Open Run"), question) ==
                          QMessageBox::Yes);
    });
    connect(m_opener, &RunOpener::finished, this, &MainWindow::showRunOpened);
    // Runs from the Optimise dock: stored in the history's database, shown in the charts.
    connect(m_history, &RunHistoryController::databaseChanged, this, [this] {
        m_workbench->setRunStorePath(m_history->isWritable() ? m_history->databasePath()
                                                             : QString());
    });
    connect(m_workbench, &RunWorkbench::runStored, m_history, &RunHistoryController::reload);
    connect(m_workbench, &RunWorkbench::statusMessage, this, &MainWindow::showStatus);
    connect(m_charts, &ChartPanel::statusMessage, this, &MainWindow::showStatus);
    connect(m_runPanel, &RunPanel::runFinished, this, &MainWindow::showCharts);
    connect(m_workbench, &RunWorkbench::partitionClicked, this, [this](int partition) {
        m_graph->selectPartition(partition);
        m_strip->setHighlightedPartition(partition);
    });
}

bool MainWindow::openExample(const QString& name)
{
    return m_examples->open(name);
}

QString MainWindow::askForFileToOpen(const QString& title, const QString& filter)
{
    ExplorerSettings settings;
    // The first time, the bundled networks: something to open at once.
    QString folder = settings.lastDirectory();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QString::fromStdString((resourceDir() / "models").string());
    const QString path = QFileDialog::getOpenFileName(this, title, folder, filter);
    if (!path.isEmpty())
        settings.setLastDirectory(QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::chooseFile()
{
    const QString path =
        askForFileToOpen(tr("Open Network or Project"),
                         tr("Networks and projects (*.onnx *.compass);;ONNX networks (*.onnx);;"
                            "COMPASS projects (*.compass);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString& path)
{
    const bool project = isProjectPath(path.toStdString());
    if (!confirmLosingEdits(project ? tr("opening project %1").arg(QFileInfo(path).fileName())
                                    : tr("opening %1").arg(QFileInfo(path).fileName())))
        return false;
    if (project)
        openProject(path);
    else
        openModel(path);
    return true;
}

void MainWindow::chooseFileWithImportOptions()
{
    const QString path = askForFileToOpen(tr("Open Network With Import Options"),
                                          tr("ONNX networks (*.onnx);;All files (*)"));
    if (!path.isEmpty())
        openModelWithImportOptions(path);
}

void MainWindow::openModel(const QString& path)
{
    inspectInputsThenOpen(path, false);
}

void MainWindow::openModel(const QString& path, const OnnxImportOptions& options)
{
    ++m_inputCheck; // an inspection still running is given up
    startOpening(path, options);
}

void MainWindow::openModelWithImportOptions(const QString& path)
{
    if (confirmLosingEdits(tr("opening %1").arg(QFileInfo(path).fileName())))
        inspectInputsThenOpen(path, true);
}

void MainWindow::inspectInputsThenOpen(const QString& path, bool alwaysAsk)
{
    using Inputs = std::optional<std::vector<DeclaredInput>>;
    const int generation = ++m_inputCheck;
    const QString name = QFileInfo(path).fileName();
    showStatusFor(tr("Opening %1…").arg(name), 0);
    auto* watcher = new QFutureWatcher<Inputs>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, path, name, alwaysAsk] {
                watcher->deleteLater();
                if (generation != m_inputCheck)
                    return; // another file was opened meanwhile
                const Inputs inputs = watcher->result();
                std::vector<DeclaredInput> listed;
                for (const DeclaredInput& input : inputs.value_or(std::vector<DeclaredInput>{})) {
                    if (alwaysAsk || !input.isStatic())
                        listed.push_back(input);
                }
                // Not an ONNX model: the import says what is wrong in full.
                if (!inputs || (listed.empty() && !alwaysAsk)) {
                    startOpening(path, {});
                    return;
                }
                // Reopening the model shown: start from the options it is open with.
                const bool shown =
                    m_document->hasModel() && QFileInfo(m_document->modelPath()) == QFileInfo(path);
                auto* dialog = new InputShapesDialog(
                    path, std::move(listed),
                    shown ? m_document->importOptions() : OnnxImportOptions{}, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->setWindowModality(Qt::WindowModal);
                connect(dialog, &QDialog::accepted, this,
                        [this, dialog, path] { startOpening(path, dialog->options()); });
                connect(dialog, &QDialog::rejected, this,
                        [this, name] { showStatusFor(tr("%1 was not opened").arg(name), 6000); });
                statusBar()->clearMessage();
                dialog->open();
                emit importOptionsRequested(dialog);
            });
    watcher->setFuture(QtConcurrent::run([file = path.toStdString()]() -> Inputs {
        DiagnosticList ignored; // the import reports them, with the file's other problems
        return readOnnxInputs(file, ignored);
    }));
}

void MainWindow::startOpening(const QString& path, const OnnxImportOptions& options)
{
    m_banner->hide();
    m_projectPath.clear();
    m_pendingSelection.clear();
    m_document->openFile(path, options);
}

void MainWindow::updateImportStatus()
{
    const OnnxImportOptions& options = m_document->importOptions();
    const bool shown = m_document->hasModel() && !options.isDefault();
    const QString flags = QString::fromStdString(importOptionsFlags(options));
    m_importStatus->setText(shown ? tr("Imported with %1").arg(flags) : QString());
    m_importStatus->setToolTip(
        shown ? tr("The import options of %1, saved with the project and with every stored run")
                    .arg(m_document->modelName())
              : QString());
    m_importStatus->setVisible(shown);
}

void MainWindow::openProject(const QString& path)
{
    m_banner->hide();
    m_projectOpener->open(path);
}

void MainWindow::setUnsavedPrompt(std::function<UnsavedChoice(const QString&)> prompt)
{
    m_unsavedPrompt = std::move(prompt);
}

bool MainWindow::confirmLosingEdits(const QString& what)
{
    if (!m_document->hasModel() || !m_document->isModified())
        return true;
    const QString where =
        m_projectPath.isEmpty() ? m_document->modelName() : QFileInfo(m_projectPath).fileName();
    const QString question =
        tr("The plan or chip of %1 has changes that are not saved in a project.\n\nSave them "
           "before %2?")
            .arg(where, what);
    switch (m_unsavedPrompt(question)) {
    case UnsavedChoice::Save:
        return saveProject();
    case UnsavedChoice::Discard:
        return true;
    case UnsavedChoice::Cancel:
        return false;
    }
    return false;
}

bool MainWindow::closeModel()
{
    if (!m_document->hasModel())
        return true;
    if (!confirmLosingEdits(tr("closing it")))
        return false;
    m_projectPath.clear();
    m_document->setModel(nullptr, {});
    m_graph->clear();
    m_layoutStatus->clear();
    m_zoomStatus->clear();
    updateTitle();
    return true;
}

bool MainWindow::saveProject()
{
    if (m_projectPath.isEmpty())
        return saveProjectAs();
    return saveProjectTo(m_projectPath);
}

bool MainWindow::saveProjectAs()
{
    if (!m_document->hasModel())
        return false;
    ExplorerSettings settings;
    QString folder = m_projectPath.isEmpty() ? settings.lastDirectory()
                                             : QFileInfo(m_projectPath).absolutePath();
    // Not into the bundled networks' folder, which an installed package cannot write.
    const QString models = QString::fromStdString((resourceDir() / "models").string());
    if (folder.isEmpty() || QFileInfo(folder) == QFileInfo(models))
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString chip =
        m_document->presetName().isEmpty() ? QStringLiteral("custom") : m_document->presetName();
    const QString name = m_projectPath.isEmpty()
                             ? QStringLiteral("%1-%2.compass").arg(m_document->networkName(), chip)
                             : QFileInfo(m_projectPath).fileName();
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Project"), QDir(folder).filePath(name), tr("COMPASS projects (*.compass)"));
    if (path.isEmpty())
        return false;
    if (!isProjectPath(path.toStdString()))
        path += QString::fromLatin1(kProjectSuffix);
    settings.setLastDirectory(QFileInfo(path).absolutePath());
    return saveProjectTo(path);
}

bool MainWindow::saveProjectTo(const QString& path)
{
    if (!m_document->hasModel())
        return false;
    ProjectFile project = m_document->projectState();
    project.modelSha256 = m_document->modelSha256().toStdString();
    project.search = m_runPanel->options();
    project.view.leftToRight = m_graph->direction() == RankDirection::LeftToRight;
    project.view.showOverview = m_graph->isOverviewShown();
    project.view.stripByLatency = m_strip->mode() == StripMode::Latency;
    project.view.fullNames = m_graph->fullNames();
    project.view.edgeShapes = m_graph->edgeShapes();
    const int selected = m_graph->scene()->selectedNodeId();
    const std::shared_ptr<const Graph> graph = m_document->graph();
    if (graph && selected >= 0 && static_cast<std::size_t>(selected) < graph->nodes().size())
        project.view.selectedNode = graph->nodes()[static_cast<std::size_t>(selected)].name;
    DiagnosticList diagnostics;
    if (!writeProjectFile(path.toStdString(), project, diagnostics)) {
        const QString message =
            tr("Cannot save project %1:\n%2")
                .arg(QDir::toNativeSeparators(path),
                     QString::fromStdString(formatDiagnostics(diagnostics.all())));
        m_banner->showError(message);
        QMessageBox::warning(this, tr("Save Project"), message);
        return false;
    }
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_document->markSaved();
    m_recent->add(m_projectPath);
    updateTitle();
    showStatusFor(tr("Saved project %1").arg(QDir::toNativeSeparators(m_projectPath)), 6000);
    return true;
}

void MainWindow::showProjectOpened(const ProjectOpenResult& result)
{
    using Outcome = ProjectOpenResult::Outcome;
    switch (result.outcome) {
    case Outcome::Refused:
    case Outcome::NetworkFailed:
        statusBar()->clearMessage();
        m_banner->showError(result.message, result.outcome == Outcome::NetworkFailed
                                                ? tr("Show Diagnostics")
                                                : QString());
        break;
    case Outcome::Cancelled:
        statusBar()->clearMessage();
        if (!result.message.isEmpty())
            showStatus(result.message);
        break;
    case Outcome::Opened:
        m_projectPath = QFileInfo(result.projectPath).absoluteFilePath();
        m_recent->add(m_projectPath);
        applyViewState(*result.project);
        updateTitle();
        if (!result.message.isEmpty())
            m_banner->showWarning(tr("Project %1 opened with changes:\n%2")
                                      .arg(QFileInfo(m_projectPath).fileName(), result.message));
        showStatusFor(tr("Opened project %1: %2 on %3, batch %4, %5")
                          .arg(QFileInfo(m_projectPath).fileName(), m_document->modelName(),
                               m_document->presetName().isEmpty() ? tr("a custom chip")
                                                                  : m_document->presetName())
                          .arg(m_document->batchSize())
                          .arg(partitions(m_document->plan().partitionCount())),
                      10000);
        break;
    }
    emit projectOpened(result.ok());
}

void MainWindow::applyViewState(const ProjectFile& project)
{
    m_runPanel->setOptions(project.search);
    setLeftToRight(project.view.leftToRight);
    m_graph->setOverviewShown(project.view.showOverview);
    m_strip->byLatencyAction()->setChecked(project.view.stripByLatency);
    m_graph->setFullNames(project.view.fullNames);
    m_graph->setEdgeShapes(project.view.edgeShapes);
    m_pendingSelection = QString::fromStdString(project.view.selectedNode);
    selectPendingNode();
}

void MainWindow::selectPendingNode()
{
    // The graph panel keeps a selection across its relayouts; it only needs the network.
    if (!m_pendingSelection.isEmpty() && m_graph->focusNode(m_pendingSelection))
        m_pendingSelection.clear();
}

void MainWindow::showPage()
{
    m_pages->setCurrentIndex(m_document->hasModel() ? 1 : 0);
    // Only the page shown sets the window's minimum size (the welcome page is wider than the
    // graph needs).
    for (int i = 0; i < m_pages->count(); ++i) {
        const QSizePolicy::Policy policy =
            i == m_pages->currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_pages->widget(i)->setSizePolicy(policy, policy);
    }
    if (!m_document->hasModel())
        m_welcome->refresh(m_recent->files());
}

void MainWindow::showManual()
{
    if (!m_manual)
        m_manual = new ManualWindow(this);
    m_manual->show();
    m_manual->raise();
    m_manual->activateWindow();
}

bool MainWindow::focusNode(const QString& text)
{
    return m_graph->focusNode(text);
}

bool MainWindow::isSettling() const
{
    return m_graph->isLayoutPending() || m_document->isEvaluating();
}

void MainWindow::showOpened(const QString& path, bool ok, double importMs)
{
    if (!ok) {
        // Where the user looks: the banner says why in full; the dock lists every message.
        QStringList errors;
        for (const Diagnostic& d : m_document->importDiagnostics()) {
            if (d.severity == Severity::Error && errors.size() < 3)
                errors << QString::fromStdString(formatDiagnostic(d));
        }
        m_banner->showError(
            tr("Cannot open %1\n%2").arg(QDir::toNativeSeparators(path), errors.join('\n')),
            tr("Show Diagnostics"));
        statusBar()->clearMessage();
        m_diagnosticsDock->show();
        emit modelShown(false);
        return;
    }
    updateTitle();
    // A project's network: the project's own message says what was restored.
    if (!m_projectPath.isEmpty())
        return;
    m_recent->add(path);
    const OnnxImportOptions& options = m_document->importOptions();
    const QString with =
        options.isDefault()
            ? QString()
            : tr(" with %1").arg(QString::fromStdString(importOptionsFlags(options)));
    showStatusFor(tr("Imported %1 in %2%3; greedy plan of %4; laying out…")
                      .arg(QFileInfo(path).fileName(), units::duration(importMs * 1e6, 3), with,
                           partitions(m_document->plan().partitionCount())),
                  0);
}

void MainWindow::showDiagnosticsIfAny()
{
    if (m_document->diagnostics().empty() || m_diagnosticsDock->isVisible())
        return;
    m_diagnosticsDock->show();
    resizeDocks({m_diagnosticsDock}, {std::max(140, height() / 5)}, Qt::Vertical);
}

void MainWindow::updateTitle()
{
    QString model = m_document->hasModel() ? m_document->modelName() : tr("No network");
    if (!m_projectPath.isEmpty())
        model = tr("%1 (%2)").arg(QFileInfo(m_projectPath).fileName(), model);
    setWindowTitle(tr("%1[*] — COMPASS Explorer").arg(model));
    setWindowModified(m_document->isModified());
}

void MainWindow::restoreSettings()
{
    const ExplorerSettings settings;
    if (!restoreGeometry(settings.windowGeometry()))
        resize(1400, 860);
    if (!restoreState(settings.windowState())) {
        // First start. Sizes only apply once the window is laid out, hence the deferred call.
        resetLayout();
        QTimer::singleShot(0, this, [this] { fitSideDocks(); });
    }
    showPage();
    setLeftToRight(settings.leftToRight());
    m_graph->setOverviewShown(settings.showOverview());
    m_graph->setFullNames(settings.fullNames());
    m_graph->setEdgeShapes(settings.edgeShapes());
    m_strip->byLatencyAction()->setChecked(settings.stripByLatency());
    DiagnosticList ignored;
    if (!settings.archPreset().isEmpty())
        m_document->resetArchPreset(settings.archPreset(), ignored);
    m_document->resetBatchSize(settings.batchSize());
    // No dialog at startup: a damaged database shows a banner in the dock, with its choices.
    openRunDatabase(settings.runDatabase());
}

void MainWindow::openRunDatabase(const QString& path)
{
    m_historyPanel->openDatabase(path, isVisible());
    if (m_history->state() == RunDatabaseState::Unusable) {
        m_historyDock->show();
        m_historyDock->raise();
        showStatusFor(tr("The run database cannot be used: see Run History"), 10000);
    }
}

void MainWindow::openRun(const RunRecord& run)
{
    m_opener->open(run);
}

void MainWindow::showRunOpened(const RunOpenResult& result)
{
    using Outcome = RunOpenResult::Outcome;
    switch (result.outcome) {
    case Outcome::Refused:
    case Outcome::Partial:
        statusBar()->clearMessage();
        QMessageBox::warning(this, tr("Open Run"), result.message);
        break;
    case Outcome::Cancelled:
        statusBar()->clearMessage();
        if (!result.message.isEmpty())
            showStatus(result.message);
        break;
    case Outcome::Opened:
    case Outcome::NetworkFailed:
        showStatusFor(result.message, 10000);
        break;
    }
    emit runOpened(result.ok());
}

void MainWindow::showCharts()
{
    m_chartsDock->show();
    m_chartsDock->raise();
    // Charts need room to be read: give them at least 40 % of the window's height.
    if (m_chartsDock->height() < height() * 2 / 5)
        resizeDocks({m_chartsDock}, {height() * 2 / 5}, Qt::Vertical);
}

void MainWindow::compareRuns(const std::vector<RunRecord>& runs)
{
    const RunComparisonData compared = comparisonDataFromRuns(runs);
    m_charts->setComparison(compared);
    m_charts->showTab(ChartPanel::Tab::Comparison);
    showCharts();
    const qsizetype configurations = compared.configurations().size();
    const QString what =
        units::count(static_cast<std::int64_t>(runs.size()), tr("run"), tr("runs"));
    if (configurations > 1) {
        // Not like for like: say so where the user asked, as the chart's subtitle does.
        showStatusFor(tr("Comparing %1 of %2 configurations (networks, chips or batch sizes): "
                         "not like for like; a report gives each its own section")
                          .arg(what)
                          .arg(configurations),
                      10000);
    } else {
        showStatusFor(tr("Comparing %1 in Charts").arg(what), 6000);
    }
}

void MainWindow::showStatus(const QString& message)
{
    showStatusFor(message, 8000);
}

void MainWindow::showStatusFor(const QString& message, int timeoutMs)
{
    statusBar()->showMessage(message, timeoutMs);
}

void MainWindow::setLeftToRight(bool leftToRight)
{
    m_graph->setDirection(leftToRight ? RankDirection::LeftToRight : RankDirection::TopToBottom);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmLosingEdits(tr("quitting"))) {
        event->ignore();
        return;
    }
    ExplorerSettings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    settings.setLeftToRight(m_graph->direction() == RankDirection::LeftToRight);
    settings.setShowOverview(m_graph->isOverviewShown());
    settings.setFullNames(m_graph->fullNames());
    settings.setEdgeShapes(m_graph->edgeShapes());
    settings.setStripByLatency(m_strip->mode() == StripMode::Latency);
    if (!m_document->presetName().isEmpty())
        settings.setArchPreset(m_document->presetName());
    settings.setBatchSize(m_document->batchSize());
    event->accept();
}

} // namespace compass::ui
