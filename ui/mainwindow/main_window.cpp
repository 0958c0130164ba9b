// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core/support/resource_paths.h"
#include "recent_files.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/search_box.h"
#include "ui/models/diagnostics_model.h"
#include "ui/models/model_loader.h"
#include "ui/panels/diagnostics_panel.h"
#include "ui/panels/graph_panel.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

namespace compass::ui {

namespace {

bool isOnnxUrl(const QUrl& url)
{
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QStringLiteral(".onnx"), Qt::CaseInsensitive);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_graph(new GraphPanel(this))
    , m_diagnosticsModel(new DiagnosticsModel(this))
    , m_diagnosticsPanel(new DiagnosticsPanel(m_diagnosticsModel, this))
    , m_diagnosticsDock(new QDockWidget(tr("Diagnostics"), this))
    , m_search(new SearchBox(this))
    , m_loader(new ModelLoader(this))
    , m_layoutStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setCentralWidget(m_graph);
    m_diagnosticsDock->setObjectName(QStringLiteral("DiagnosticsDock"));
    m_diagnosticsDock->setWidget(m_diagnosticsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    m_diagnosticsDock->hide(); // shown when there is something to say
    statusBar()->addPermanentWidget(m_layoutStatus);
    m_search->setMaximumWidth(320);

    createActions();

    connect(m_loader, &ModelLoader::loaded, this, &MainWindow::showLoaded);
    connect(m_graph, &GraphPanel::layoutApplied, this, &MainWindow::showLayoutStatus);
    connect(m_search, &SearchBox::searchRequested, this, [this](const QString& text) {
        if (!m_graph->focusNode(text))
            statusBar()->showMessage(tr("No layer matches “%1”").arg(text), 4000);
    });
    connect(m_diagnosticsPanel, &DiagnosticsPanel::nodeActivated, this,
            [this](const QString& node) {
                if (!m_graph->focusNode(node))
                    statusBar()->showMessage(tr("Node “%1” is not in the graph").arg(node), 4000);
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
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

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
    view->addSeparator();
    view->addAction(m_diagnosticsDock->toggleViewAction());

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->addAction(open);
    bar->addSeparator();
    bar->addWidget(m_search);
    bar->addSeparator();
    bar->addAction(fit);
    bar->addAction(tb);
    bar->addAction(lr);
    bar->addAction(collapse);
    bar->addAction(expand);
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

void MainWindow::showLoaded(const LoadedModel& loaded)
{
    m_diagnosticsModel->setDiagnostics(loaded.diagnostics);
    if (!loaded.diagnostics.empty()) {
        m_diagnosticsDock->show();
        resizeDocks({m_diagnosticsDock}, {160}, Qt::Vertical);
    }
    if (!loaded.ok) {
        statusBar()->showMessage(tr("Cannot open %1: see Diagnostics").arg(loaded.path), 8000);
        m_diagnosticsDock->raise();
        emit modelShown(false);
        return;
    }
    m_path = loaded.path;
    m_recent->add(loaded.path);
    QStringList names;
    int maxId = -1;
    for (const GraphViewNode& node : loaded.view.nodes) {
        names << node.name;
        maxId = std::max(maxId, node.id);
    }
    m_search->setNames(names);
    m_graph->setModel(loaded.view);
    // Until a plan exists every node is in partition 0.
    m_graph->setPartitions(std::vector<int>(static_cast<std::size_t>(maxId + 1), 0));
    m_waitingForLayout = true;
    setWindowModified(false);
    updateTitle();
    statusBar()->showMessage(tr("Imported %1 in %2 ms; laying out…")
                                 .arg(QFileInfo(loaded.path).fileName())
                                 .arg(loaded.importMs, 0, 'f', 0));
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
    else
        statusBar()->clearMessage();
    if (m_waitingForLayout) {
        m_waitingForLayout = false;
        emit modelShown(true);
    }
}

void MainWindow::updateTitle()
{
    const QString model = m_path.isEmpty() ? tr("No network") : QFileInfo(m_path).fileName();
    setWindowTitle(tr("%1[*] — COMPASS Explorer").arg(model));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    setLeftToRight(settings.value(QStringLiteral("graph/leftToRight"), false).toBool());
    const bool overview = settings.value(QStringLiteral("graph/overview"), true).toBool();
    if (auto* action = findChild<QAction*>(QStringLiteral("showOverview")))
        action->setChecked(overview);
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
