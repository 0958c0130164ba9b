// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core/support/resource_paths.h"
#include "recent_files.h"
#include "store/run_store.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/search_box.h"
#include "ui/history/run_comparison_records.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_panel.h"
#include "ui/history/run_restore.h"
#include "ui/models/diagnostics_model.h"
#include "ui/models/graph_view_model.h"
#include "ui/panels/architecture_panel.h"
#include "ui/panels/diagnostics_panel.h"
#include "ui/panels/graph_panel.h"
#include "ui/panels/metrics_panel.h"
#include "ui/panels/partition_strip.h"
#include "ui/run/run_panel.h"
#include "ui/run/run_workbench.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace compass::ui {

namespace {

bool isOnnxUrl(const QUrl& url)
{
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QStringLiteral(".onnx"), Qt::CaseInsensitive);
}

QDockWidget* makeDock(QMainWindow* window, const QString& title, const QString& name,
                      QWidget* content, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(content);
    window->addDockWidget(area, dock);
    return dock;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new ProjectDocument(this))
    , m_graph(new GraphPanel(this))
    , m_strip(new PartitionStrip(m_document, this))
    , m_arch(new ArchitecturePanel(m_document, this))
    , m_metrics(new MetricsPanel(m_document, this))
    , m_diagnosticsModel(new DiagnosticsModel(this))
    , m_diagnosticsPanel(new DiagnosticsPanel(m_diagnosticsModel, this))
    , m_search(new SearchBox(this))
    , m_loader(new ProjectLoader(this))
    , m_layoutStatus(new QLabel(this))
    , m_history(new RunHistoryController(this))
    , m_historyPanel(new RunHistoryPanel(m_history, this))
    , m_charts(new ChartPanel(this))
    , m_runPanel(new RunPanel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_graph, 1);
    layout->addWidget(m_strip);
    setCentralWidget(central);
    m_archDock = makeDock(this, tr("Architecture"), QStringLiteral("ArchitectureDock"), m_arch,
                          Qt::LeftDockWidgetArea);
    m_metricsDock = makeDock(this, tr("Metrics"), QStringLiteral("MetricsDock"), m_metrics,
                             Qt::RightDockWidgetArea);
    m_diagnosticsDock = makeDock(this, tr("Diagnostics"), QStringLiteral("DiagnosticsDock"),
                                 m_diagnosticsPanel, Qt::BottomDockWidgetArea);
    m_diagnosticsDock->hide(); // shown when there is something to say
    m_historyDock = makeDock(this, tr("Run History"), QStringLiteral("RunHistoryDock"),
                             m_historyPanel, Qt::BottomDockWidgetArea);
    splitDockWidget(m_diagnosticsDock, m_historyDock, Qt::Horizontal);
    m_chartsDock = makeDock(this, tr("Charts"), QStringLiteral("ChartsDock"), m_charts,
                            Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_historyDock, m_chartsDock);
    m_historyDock->raise();
    // The chip and the optimiser are both inputs: they share the left side as tabs.
    // The run panel is tall (options, progress, live convergence, run list): it scrolls rather
    // than forcing the window taller than a laptop screen.
    auto* runScroll = new QScrollArea(this);
    runScroll->setWidget(m_runPanel);
    runScroll->setWidgetResizable(true);
    runScroll->setFrameShape(QFrame::NoFrame);
    m_runDock = makeDock(this, tr("Optimise"), QStringLiteral("OptimiseDock"), runScroll,
                         Qt::LeftDockWidgetArea);
    tabifyDockWidget(m_archDock, m_runDock);
    m_archDock->raise();
    m_workbench = new RunWorkbench(m_document, m_runPanel, m_charts, this);
    resizeDocks({m_archDock, m_metricsDock}, {370, 300}, Qt::Horizontal);
    statusBar()->addPermanentWidget(m_layoutStatus);
    m_search->setMaximumWidth(320);

    createActions();

    connect(m_loader, &ProjectLoader::loaded, this, &MainWindow::showLoaded);
    connect(m_graph, &GraphPanel::layoutApplied, this, &MainWindow::showLayoutStatus);
    connect(m_graph, &GraphPanel::nodeContextMenuRequested, this, &MainWindow::showNodeMenu);
    connect(m_graph, &GraphPanel::nodeSelected, this, [this](int id) {
        m_strip->setHighlightedPartition(m_document->evaluation().partitionOfNode(id));
    });
    connect(m_strip, &PartitionStrip::partitionClicked, m_graph, &GraphPanel::selectPartition);
    connect(m_document, &ProjectDocument::evaluationChanged, this, &MainWindow::showEvaluation);
    connect(m_document, &ProjectDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_document, &ProjectDocument::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_search, &SearchBox::searchRequested, this, [this](const QString& text) {
        if (!m_graph->focusNode(text))
            statusBar()->showMessage(tr("No layer matches “%1”").arg(text), 4000);
    });
    connect(m_diagnosticsPanel, &DiagnosticsPanel::nodeActivated, this,
            [this](const QString& node) {
                if (!m_graph->focusNode(node))
                    statusBar()->showMessage(tr("Node “%1” is not in the graph").arg(node), 4000);
            });
    connect(m_historyPanel, &RunHistoryPanel::openRequested, this, &MainWindow::openRun);
    connect(m_historyPanel, &RunHistoryPanel::compareRequested, this, &MainWindow::compareRuns);
    connect(m_historyPanel, &RunHistoryPanel::databaseChosen, this, [](const QString& path) {
        QSettings().setValue(QStringLiteral("history/database"), path);
    });
    connect(m_historyPanel, &RunHistoryPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(this, &MainWindow::modelShown, this, &MainWindow::restorePendingRun);
    // Runs from the Optimise dock: stored in the history's database, shown in the charts.
    auto followDatabase = [this] {
        m_workbench->setRunStorePath(m_history->isWritable() ? m_history->databasePath()
                                                             : QString());
    };
    connect(m_history, &RunHistoryController::databaseChanged, this, followDatabase);
    connect(m_workbench, &RunWorkbench::runStored, m_history, &RunHistoryController::reload);
    connect(m_workbench, &RunWorkbench::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_runPanel, &RunPanel::runFinished, this, [this] {
        m_chartsDock->show();
        m_chartsDock->raise();
        // Charts need room to be read: give them at least 40 % of the window's height.
        if (m_chartsDock->height() < height() * 2 / 5)
            resizeDocks({m_chartsDock}, {height() * 2 / 5}, Qt::Vertical);
    });
    connect(m_workbench, &RunWorkbench::partitionClicked, this, [this](int partition) {
        m_graph->selectPartition(partition);
        m_strip->setHighlightedPartition(partition);
    });
    updateTitle();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open =
        file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseModel);
    open->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    m_recent = new RecentFiles(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentFiles::fileRequested, this, &MainWindow::openModel);
    m_examplesMenu = file->addMenu(tr("&Examples"));
    connect(m_examplesMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildExamplesMenu);
    rebuildExamplesMenu();
    file->addSeparator();
    file->addAction(tr("Run &Database…"), m_historyPanel, &RunHistoryPanel::chooseDatabase)
        ->setToolTip(tr("Show the runs of another database file (a new name starts one)"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    // Delete acts on the graph and strip only, so it never steals Delete from text fields.
    QAction* deleteCut = edit->addAction(tr("&Delete Cut"), this, &MainWindow::deleteSelectedCut);
    deleteCut->setShortcut(QKeySequence::Delete);
    deleteCut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    centralWidget()->addAction(deleteCut);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    GraphView* graphView = m_graph->view();
    QAction* fit = view->addAction(tr("&Fit to Window"), graphView, &GraphView::fitAll);
    fit->setShortcut(Qt::Key_F);
    fit->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_graph->addAction(fit);
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, graphView, &GraphView::zoomIn);
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, graphView, &GraphView::zoomOut);
    view->addAction(tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_0), graphView,
                    &GraphView::resetZoom);
    view->addAction(tr("&Find Layer…"), QKeySequence::Find, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    view->addSeparator();
    m_directionGroup = new QActionGroup(this);
    QAction* tb = view->addAction(tr("Top to &Bottom"));
    QAction* lr = view->addAction(tr("&Left to Right"));
    for (QAction* action : {tb, lr}) {
        action->setCheckable(true);
        m_directionGroup->addAction(action);
    }
    tb->setChecked(true);
    connect(tb, &QAction::triggered, this,
            [this] { m_graph->setDirection(RankDirection::TopToBottom); });
    connect(lr, &QAction::triggered, this,
            [this] { m_graph->setDirection(RankDirection::LeftToRight); });
    view->addSeparator();
    QAction* collapse =
        view->addAction(tr("&Collapse All Blocks"), m_graph, &GraphPanel::collapseAllBlocks);
    QAction* expand =
        view->addAction(tr("&Expand All Blocks"), m_graph, &GraphPanel::expandAllBlocks);
    QAction* overview = view->addAction(tr("Show &Overview"));
    overview->setCheckable(true);
    overview->setChecked(true);
    overview->setObjectName(QStringLiteral("showOverview"));
    connect(overview, &QAction::toggled, graphView, &GraphView::setOverviewEnabled);
    m_stripByLatency = view->addAction(tr("Partition Strip by &Latency"));
    m_stripByLatency->setCheckable(true);
    m_stripByLatency->setToolTip(tr("Size the strip's segments by latency instead of crossbars"));
    connect(m_stripByLatency, &QAction::toggled, this,
            [this](bool on) { m_strip->setMode(on ? StripMode::Latency : StripMode::Crossbars); });
    view->addSeparator();
    view->addAction(m_archDock->toggleViewAction());
    view->addAction(m_metricsDock->toggleViewAction());
    view->addAction(m_diagnosticsDock->toggleViewAction());
    view->addAction(m_historyDock->toggleViewAction());
    view->addAction(m_chartsDock->toggleViewAction());
    view->addAction(m_runDock->toggleViewAction());

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->addAction(open);
    bar->addAction(m_undo);
    bar->addAction(m_redo);
    bar->addSeparator();
    bar->addWidget(m_search);
    bar->addSeparator();
    bar->addAction(fit);
    bar->addAction(tb);
    bar->addAction(lr);
    bar->addAction(collapse);
    bar->addAction(expand);
    bar->addAction(m_stripByLatency);
}

void MainWindow::rebuildExamplesMenu()
{
    m_examplesMenu->clear();
    const std::vector<std::string> names = bundledModelNames();
    const std::filesystem::path models = resourceDir() / "models";
    for (const std::string& name : names) {
        const QString path = QString::fromStdString((models / (name + ".onnx")).string());
        m_examplesMenu->addAction(QString::fromStdString(name), this,
                                  [this, path] { openModel(path); });
    }
    if (names.empty())
        m_examplesMenu->addAction(tr("(no bundled networks found)"))->setEnabled(false);
}

bool MainWindow::openExample(const QString& name)
{
    rebuildExamplesMenu();
    for (QAction* action : m_examplesMenu->actions()) {
        if (action->text() == name) {
            action->trigger();
            return true;
        }
    }
    return false;
}

void MainWindow::chooseModel()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastDirectory")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open network"), dir,
                                                      tr("ONNX models (*.onnx);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openModel(path);
}

void MainWindow::openModel(const QString& path)
{
    statusBar()->showMessage(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    m_loader->load(path);
}

void MainWindow::showLoaded(const LoadedGraph& loaded)
{
    m_importDiagnostics = loaded.diagnostics;
    m_diagnosticsModel->setDiagnostics(loaded.diagnostics);
    if (!loaded.diagnostics.empty()) {
        m_diagnosticsDock->show();
        resizeDocks({m_diagnosticsDock}, {160}, Qt::Vertical);
    }
    if (!loaded.ok()) {
        statusBar()->showMessage(tr("Cannot open %1: see Diagnostics").arg(loaded.path), 8000);
        m_diagnosticsDock->raise();
        emit modelShown(false);
        return;
    }
    m_path = loaded.path;
    m_recent->add(loaded.path);
    GraphViewModel view = buildGraphViewModel(*loaded.graph);
    QStringList names;
    for (const GraphViewNode& node : view.nodes)
        names << node.name;
    m_search->setNames(names);
    m_graph->setModel(std::move(view));
    m_document->setModel(loaded.graph, loaded.path); // starts from the greedy plan
    m_waitingForLayout = true;
    updateTitle();
    statusBar()->showMessage(tr("Imported %1 in %2 ms; greedy plan of %3 partitions; laying out…")
                                 .arg(QFileInfo(loaded.path).fileName())
                                 .arg(loaded.importMs, 0, 'f', 0)
                                 .arg(m_document->plan().partitionCount()));
}

void MainWindow::showEvaluation()
{
    const PlanEvaluation& evaluation = m_document->evaluation();
    m_graph->setPlanEvaluation(evaluation);
    const int selected = m_graph->scene()->selectedNodeId();
    m_strip->setHighlightedPartition(evaluation.partitionOfNode(selected));
    std::vector<Diagnostic> all = m_importDiagnostics;
    all.insert(all.end(), evaluation.diagnostics.begin(), evaluation.diagnostics.end());
    m_diagnosticsModel->setDiagnostics(all);
    if (!evaluation.diagnostics.empty() && !m_diagnosticsDock->isVisible()) {
        m_diagnosticsDock->show();
        resizeDocks({m_diagnosticsDock}, {120}, Qt::Vertical);
    }
}

void MainWindow::showNodeMenu(int nodeId, const QPoint& screenPos)
{
    QMenu menu(this);
    const int partition = m_document->evaluation().partitionOfNode(nodeId);
    QAction* before = menu.addAction(tr("Cut &Before"), this,
                                     [this, nodeId] { m_document->cutBeforeNode(nodeId); });
    before->setEnabled(m_document->cutPositionBeforeNode(nodeId).has_value());
    QAction* after = menu.addAction(tr("Cut &After"), this,
                                    [this, nodeId] { m_document->cutAfterNode(nodeId); });
    after->setEnabled(m_document->cutPositionAfterNode(nodeId).has_value());
    QAction* merge = menu.addAction(tr("&Merge with Next Partition"), this, [this, partition] {
        m_document->mergeWithNextPartition(partition);
    });
    merge->setEnabled(partition >= 0 && partition + 1 < m_document->plan().partitionCount());
    menu.exec(screenPos);
}

void MainWindow::deleteSelectedCut()
{
    if (!m_strip->removeSelectedCut())
        statusBar()->showMessage(tr("Select a cut in the partition strip first"), 4000);
}

void MainWindow::showLayoutStatus(const LayoutResult& result)
{
    const QString engine =
        result.engine == LayoutEngine::Graphviz ? tr("Graphviz dot") : tr("simple layered layout");
    m_layoutStatus->setText(tr("%1 nodes · %2 · %3 ms")
                                .arg(m_graph->displayModel().nodes.size())
                                .arg(engine)
                                .arg(result.elapsedMs, 0, 'f', 0));
    if (!result.message.empty())
        statusBar()->showMessage(QString::fromStdString(result.message), 8000);
    else if (m_waitingForLayout)
        statusBar()->showMessage(tr("%1: greedy plan of %2 partitions. Drag a cut in the strip "
                                    "below the graph to change it.")
                                     .arg(QFileInfo(m_path).fileName())
                                     .arg(m_document->plan().partitionCount()),
                                 10000);
    m_graph->setPlanEvaluation(m_document->evaluation());
    if (m_waitingForLayout) {
        m_waitingForLayout = false;
        emit modelShown(true);
    }
}

void MainWindow::updateTitle()
{
    const QString model = m_path.isEmpty() ? tr("No network") : QFileInfo(m_path).fileName();
    setWindowTitle(tr("%1[*] — COMPASS Explorer").arg(model));
    setWindowModified(m_document->isModified());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 860);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: give the graph most of the height; the bottom docks take a quarter.
        // Sizes only apply once the window is laid out, hence the deferred call.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_historyDock}, {std::max(150, height() / 4)}, Qt::Vertical);
        });
    }
    setLeftToRight(settings.value(QStringLiteral("graph/leftToRight"), false).toBool());
    const bool overview = settings.value(QStringLiteral("graph/overview"), true).toBool();
    if (auto* action = findChild<QAction*>(QStringLiteral("showOverview")))
        action->setChecked(overview);
    m_stripByLatency->setChecked(settings.value(QStringLiteral("strip/byLatency"), false).toBool());
    DiagnosticList ignored;
    const QString preset = settings.value(QStringLiteral("arch/preset")).toString();
    if (!preset.isEmpty())
        m_document->resetArchPreset(preset, ignored);
    m_document->resetBatchSize(settings.value(QStringLiteral("arch/batch"), 1).toLongLong());
    // No dialog at startup: a damaged database shows a banner in the dock, with its choices.
    openRunDatabase(
        settings.value(QStringLiteral("history/database"), defaultRunStorePath()).toString());
}

void MainWindow::openRunDatabase(const QString& path)
{
    m_historyPanel->openDatabase(path, isVisible());
    if (m_history->state() == RunDatabaseState::Unusable) {
        m_historyDock->show();
        m_historyDock->raise();
        statusBar()->showMessage(tr("The run database cannot be used: see Run History"), 10000);
    }
}

void MainWindow::openRun(const RunRecord& run)
{
    const QString name = runDisplayName(run.id, run.label);
    statusBar()->showMessage(tr("Opening %1…").arg(name));
    // Hashing the network reads the whole file: keep it off the GUI thread.
    auto* watcher = new QFutureWatcher<RunModelCheck>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, run] {
        watcher->deleteLater();
        continueOpeningRun(run, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([run] { return checkRunModel(run); }));
}

void MainWindow::continueOpeningRun(const RunRecord& run, const RunModelCheck& check)
{
    switch (check.status) {
    case RunModelCheck::Status::Missing:
        QMessageBox::warning(this, tr("Open Run"), check.message);
        statusBar()->clearMessage();
        emit runOpened(false);
        return;
    case RunModelCheck::Status::Changed:
        if (QMessageBox::question(this, tr("Open Run"),
                                  check.message + tr("\n\nOpen the file as it is now?")) !=
            QMessageBox::Yes) {
            statusBar()->clearMessage();
            emit runOpened(false);
            return;
        }
        break;
    case RunModelCheck::Status::Ok:
        if (!check.message.isEmpty())
            statusBar()->showMessage(check.message, 8000);
        break;
    }
    m_pendingRun = run;
    const QFileInfo shown(m_document->modelPath());
    if (check.status == RunModelCheck::Status::Ok && m_document->hasModel() &&
        shown.canonicalFilePath() == QFileInfo(check.path).canonicalFilePath()) {
        restorePendingRun(true); // the network is already open
        return;
    }
    openModel(check.path);
}

void MainWindow::restorePendingRun(bool modelOk)
{
    if (!m_pendingRun)
        return;
    const RunRecord run = std::move(*m_pendingRun);
    m_pendingRun.reset();
    const QString name = runDisplayName(run.id, run.label);
    if (!modelOk) {
        statusBar()->showMessage(tr("Cannot open %1: its network could not be read").arg(name),
                                 8000);
        emit runOpened(false);
        return;
    }
    DiagnosticList diagnostics;
    const bool ok = restoreRunSettings(*m_document, run, diagnostics);
    if (!ok) {
        QStringList lines;
        for (const Diagnostic& d : diagnostics.all())
            lines << QString::fromStdString(formatDiagnostic(d));
        QMessageBox::warning(this, tr("Open Run"),
                             tr("%1 was opened only in part:\n%2").arg(name, lines.join('\n')));
    } else {
        statusBar()->showMessage(tr("Opened %1: %2 on %3, batch %4, %5 plan of %6 partitions "
                                    "(Undo goes back)")
                                     .arg(name, QString::fromStdString(run.modelName),
                                          QString::fromStdString(run.archName))
                                     .arg(run.batch)
                                     .arg(QString::fromStdString(run.method))
                                     .arg(m_document->plan().partitionCount()),
                                 10000);
    }
    emit runOpened(ok);
}

void MainWindow::compareRuns(const std::vector<RunRecord>& runs)
{
    m_charts->setComparison(comparisonDataFromRuns(runs));
    m_charts->showTab(ChartPanel::Tab::Comparison);
    m_chartsDock->show();
    m_chartsDock->raise();
    statusBar()->showMessage(
        tr("Comparing %n run(s) in Charts", nullptr, static_cast<int>(runs.size())), 6000);
}

void MainWindow::setLeftToRight(bool leftToRight)
{
    m_directionGroup->actions().at(leftToRight ? 1 : 0)->setChecked(true);
    m_graph->setDirection(leftToRight ? RankDirection::LeftToRight : RankDirection::TopToBottom);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("graph/leftToRight"),
                      m_graph->direction() == RankDirection::LeftToRight);
    settings.setValue(QStringLiteral("graph/overview"), m_graph->view()->isOverviewEnabled());
    settings.setValue(QStringLiteral("strip/byLatency"), m_stripByLatency->isChecked());
    if (!m_document->presetName().isEmpty())
        settings.setValue(QStringLiteral("arch/preset"), m_document->presetName());
    settings.setValue(QStringLiteral("arch/batch"),
                      static_cast<qlonglong>(m_document->batchSize()));
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && isOnnxUrl(urls.first()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !isOnnxUrl(urls.first()))
        return;
    event->acceptProposedAction();
    openModel(urls.first().toLocalFile());
}

} // namespace compass::ui
