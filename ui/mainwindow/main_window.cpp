// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core/support/resource_paths.h"
#include "core/support/units.h"
#include "examples_menu.h"
#include "explorer_settings.h"
#include "model_drop_filter.h"
#include "recent_files.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"
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
#include "ui/run/run_panel.h"
#include "ui/run/run_workbench.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace compass::ui {

namespace {

QString partitions(int count)
{
    return units::count(count, MainWindow::tr("partition"), MainWindow::tr("partitions"));
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new ProjectDocument(this))
    , m_graph(new GraphPanel(m_document, this))
    , m_strip(new PartitionStrip(m_document, this))
    , m_arch(new ArchitecturePanel(m_document, this))
    , m_metrics(new MetricsPanel(m_document, this))
    , m_diagnostics(new DiagnosticsPanel(m_document, this))
    , m_layoutStatus(new QLabel(this))
    , m_history(new RunHistoryController(this))
    , m_historyPanel(new RunHistoryPanel(m_history, this))
    , m_opener(new RunOpener(m_document, this))
    , m_charts(new ChartPanel(this))
    , m_runPanel(new RunPanel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    auto* drops = new ModelDropFilter(this);
    installEventFilter(drops);
    connect(drops, &ModelDropFilter::modelDropped, this, &MainWindow::openModel);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_graph, 1);
    layout->addWidget(m_strip);
    setCentralWidget(central);
    createDocks();
    m_workbench = new RunWorkbench(m_document, m_runPanel, m_charts, this);
    statusBar()->addPermanentWidget(m_layoutStatus);
    m_graph->searchBox()->setMaximumWidth(320);
    createActions();
    connectPanels();
    updateTitle();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

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
    resizeDocks({m_archDock, m_metricsDock}, {370, 300}, Qt::Horizontal);
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open =
        file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseModel);
    open->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    m_recent = new RecentFiles(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentFiles::fileRequested, this, &MainWindow::openModel);
    m_examples = new ExamplesMenu(file->addMenu(tr("&Examples")), this);
    connect(m_examples, &ExamplesMenu::fileRequested, this, &MainWindow::openModel);
    file->addSeparator();
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
    for (QDockWidget* d :
         {m_archDock, m_metricsDock, m_diagnosticsDock, m_historyDock, m_chartsDock, m_runDock})
        view->addAction(d->toggleViewAction());

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->addActions({open, undo, redo});
    bar->addSeparator();
    bar->addWidget(m_graph->searchBox());
    bar->addSeparator();
    bar->addActions(m_graph->toolBarActions());
    bar->addAction(m_strip->byLatencyAction());
}

void MainWindow::connectPanels()
{
    connect(m_document, &ProjectDocument::openStarted, this, [this](const QString& path) {
        showStatusFor(tr("Opening %1…").arg(QFileInfo(path).fileName()), 0);
    });
    connect(m_document, &ProjectDocument::openFinished, this, &MainWindow::showOpened);
    connect(m_document, &ProjectDocument::diagnosticsChanged, this,
            &MainWindow::showDiagnosticsIfAny);
    connect(m_document, &ProjectDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_document, &ProjectDocument::statusMessage, this, &MainWindow::showStatus);
    connect(m_graph, &GraphPanel::layoutApplied, this,
            [this] { m_layoutStatus->setText(m_graph->layoutSummary()); });
    connect(m_graph, &GraphPanel::networkShown, this, [this] {
        if (m_graph->lastLayout().message.empty())
            showStatusFor(
                tr("%1: greedy plan of %2. Drag a cut in the strip below the graph to "
                   "change it.")
                    .arg(m_document->modelName(), partitions(m_document->plan().partitionCount())),
                10000);
        emit modelShown(true);
    });
    connect(m_graph, &GraphPanel::nodeSelected, m_strip, &PartitionStrip::setHighlightedNode);
    connect(m_strip, &PartitionStrip::partitionClicked, m_graph, &GraphPanel::selectPartition);
    connect(m_graph, &GraphPanel::statusMessage, this, &MainWindow::showStatusFor);
    connect(m_diagnostics, &DiagnosticsPanel::nodeActivated, this, [this](const QString& node) {
        if (!focusNode(node))
            showStatusFor(tr("Node “%1” is not in the graph").arg(node), 4000);
    });
    connect(m_historyPanel, &RunHistoryPanel::openRequested, this, &MainWindow::openRun);
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

void MainWindow::chooseModel()
{
    ExplorerSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open network"), settings.lastDirectory(),
                                     tr("ONNX models (*.onnx);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setLastDirectory(QFileInfo(path).absolutePath());
    openModel(path);
}

void MainWindow::openModel(const QString& path)
{
    m_document->openFile(path);
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
        showStatus(tr("Cannot open %1: see Diagnostics").arg(path));
        m_diagnosticsDock->raise();
        emit modelShown(false);
        return;
    }
    m_recent->add(path);
    updateTitle();
    showStatusFor(tr("Imported %1 in %2; greedy plan of %3; laying out…")
                      .arg(QFileInfo(path).fileName(), units::duration(importMs * 1e6, 3),
                           partitions(m_document->plan().partitionCount())),
                  0);
}

void MainWindow::showDiagnosticsIfAny()
{
    if (m_document->diagnostics().empty() || m_diagnosticsDock->isVisible())
        return;
    m_diagnosticsDock->show();
    resizeDocks({m_diagnosticsDock}, {140}, Qt::Vertical);
}

void MainWindow::updateTitle()
{
    const QString model = m_document->hasModel() ? m_document->modelName() : tr("No network");
    setWindowTitle(tr("%1[*] — COMPASS Explorer").arg(model));
    setWindowModified(m_document->isModified());
}

void MainWindow::restoreSettings()
{
    const ExplorerSettings settings;
    if (!restoreGeometry(settings.windowGeometry()))
        resize(1400, 860);
    if (!restoreState(settings.windowState())) {
        // First start: give the graph most of the height; the bottom docks take a quarter.
        // Sizes only apply once the window is laid out, hence the deferred call.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_historyDock}, {std::max(150, height() / 4)}, Qt::Vertical);
        });
    }
    setLeftToRight(settings.leftToRight());
    m_graph->setOverviewShown(settings.showOverview());
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
    ExplorerSettings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    settings.setLeftToRight(m_graph->direction() == RankDirection::LeftToRight);
    settings.setShowOverview(m_graph->isOverviewShown());
    settings.setStripByLatency(m_strip->mode() == StripMode::Latency);
    if (!m_document->presetName().isEmpty())
        settings.setArchPreset(m_document->presetName());
    settings.setBatchSize(m_document->batchSize());
    event->accept();
}

} // namespace compass::ui
