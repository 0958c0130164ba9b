// SPDX-License-Identifier: MIT
#include "graph_panel.h"

#include "core/support/units.h"
#include "ui/document/project_document.h"
#include "ui/graphview/graph_export.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/layout_runner.h"
#include "ui/graphview/node_item.h"
#include "ui/graphview/partition_legend.h"
#include "ui/graphview/search_box.h"

#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <climits>

namespace compass::ui {

GraphPanel::GraphPanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_scene(new GraphScene(this))
    , m_view(new GraphView(this))
    , m_legend(new PartitionLegend(this))
    , m_runner(new LayoutRunner(this))
    , m_search(new SearchBox(this))
{
    m_view->setScene(m_scene);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_legend);
    connect(m_runner, &LayoutRunner::layoutReady, this, &GraphPanel::applyLayout);
    connect(m_scene, &GraphScene::blockToggleRequested, this, &GraphPanel::toggleBlock);
    connect(m_scene, &GraphScene::nodeSelected, this, &GraphPanel::nodeSelected);
    connect(m_view, &GraphView::zoomChanged, this, [this] {
        const int percent = m_view->zoomPercent();
        if (percent == m_zoomPercent)
            return;
        m_zoomPercent = percent;
        emit zoomChanged(percent);
    });
    // A click on the canvas while the find box's completions are open only closes them:
    // the canvas takes the focus all the same (a click with them closed reaches the view).
    connect(m_search, &SearchBox::popupClosedByClick, this, [this](const QPoint& globalPos) {
        QWidget* viewport = m_view->viewport();
        if (viewport->isVisible() && viewport->rect().contains(viewport->mapFromGlobal(globalPos)))
            m_view->setFocus(Qt::MouseFocusReason);
    });
    connect(m_search, &SearchBox::searchRequested, this, [this](const QString& text) {
        if (!focusNode(text))
            emit statusMessage(tr("No layer matches “%1”").arg(text), 4000);
    });
    createActions();
    if (m_document) {
        connect(m_scene, &GraphScene::nodeContextMenuRequested, this, &GraphPanel::showNodeMenu);
        connect(m_document, &ProjectDocument::modelChanged, this, &GraphPanel::showDocumentModel);
        connect(m_document, &ProjectDocument::evaluationChanged, this,
                [this] { setPlanEvaluation(m_document->evaluation()); });
    }
    refreshLegend();
}

void GraphPanel::createActions()
{
    auto action = [this](const QString& text, const QKeySequence& key, auto slot) {
        auto* a = new QAction(text, this);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        m_viewActions << a;
        return a;
    };
    auto separator = [this] {
        auto* a = new QAction(this);
        a->setSeparator(true);
        m_viewActions << a;
    };
    QAction* fit = action(tr("&Fit to Window"), Qt::Key_F, [this] { m_view->fitAll(); });
    fit->setShortcutContext(Qt::WidgetWithChildrenShortcut); // never steals F from text fields
    addAction(fit);
    action(tr("Zoom &In"), QKeySequence::ZoomIn, [this] { m_view->zoomIn(); });
    action(tr("Zoom &Out"), QKeySequence::ZoomOut, [this] { m_view->zoomOut(); });
    action(tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_view->resetZoom(); });
    action(tr("&Find Layer…"), QKeySequence::Find, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    separator();
    m_topToBottom =
        action(tr("Top to &Bottom"), {}, [this] { setDirection(RankDirection::TopToBottom); });
    m_leftToRight =
        action(tr("&Left to Right"), {}, [this] { setDirection(RankDirection::LeftToRight); });
    auto* group = new QActionGroup(this);
    for (QAction* a : {m_topToBottom, m_leftToRight}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    m_topToBottom->setChecked(true);
    separator();
    m_fullNamesAction = action(tr("Show Full &Names"), {}, [] {});
    m_fullNamesAction->setCheckable(true);
    m_fullNamesAction->setToolTip(tr("Label each node with its full name instead of its op type"));
    connect(m_fullNamesAction, &QAction::toggled, this, &GraphPanel::setFullNames);
    m_edgeShapesAction = action(tr("Show Edge &Shapes"), {}, [] {});
    m_edgeShapesAction->setCheckable(true);
    m_edgeShapesAction->setToolTip(tr("Label each edge with the shape of its tensor"));
    connect(m_edgeShapesAction, &QAction::toggled, this, &GraphPanel::setEdgeShapes);
    separator();
    QAction* collapse = action(tr("&Collapse All Blocks"), {}, [this] { collapseAllBlocks(); });
    QAction* expand = action(tr("&Expand All Blocks"), {}, [this] { expandAllBlocks(); });
    m_overview = action(tr("Show &Overview"), {}, [] {});
    m_overview->setCheckable(true);
    m_overview->setChecked(m_view->isOverviewEnabled());
    connect(m_overview, &QAction::toggled, m_view, &GraphView::setOverviewEnabled);
    m_toolBarActions = {fit, m_topToBottom, m_leftToRight, collapse, expand};

    // Not a View action: the window puts it in its File menu.
    m_exportAction = new QAction(tr("Export &Graph…"), this);
    m_exportAction->setToolTip(tr("Save the whole graph as a PNG, SVG or PDF file"));
    connect(m_exportAction, &QAction::triggered, this, &GraphPanel::exportWithDialog);
}

void GraphPanel::setFullNames(bool fullNames)
{
    GraphLabels labels = m_labels;
    labels.fullNames = fullNames;
    setLabels(labels);
}

void GraphPanel::setEdgeShapes(bool edgeShapes)
{
    GraphLabels labels = m_labels;
    labels.edgeShapes = edgeShapes;
    setLabels(labels);
}

void GraphPanel::setLabels(GraphLabels labels)
{
    {
        const QSignalBlocker blockNames(m_fullNamesAction);
        const QSignalBlocker blockShapes(m_edgeShapesAction);
        m_fullNamesAction->setChecked(labels.fullNames);
        m_edgeShapesAction->setChecked(labels.edgeShapes);
    }
    if (labels == m_labels)
        return;
    m_labels = labels;
    if (m_full.nodes.empty())
        return;
    // Keep the node the view is looking at (the selected one, else the one nearest the
    // centre) where it is on screen: the boxes change size, the layout moves everything.
    const QPointF centre = m_view->mapToScene(m_view->viewport()->rect().center());
    NodeItem* anchor = m_scene->nodeItemById(m_scene->selectedNodeId());
    if (!anchor) {
        double best = 0.0;
        for (int i = 0; i < m_scene->nodeItemCount(); ++i) {
            NodeItem* item = m_scene->nodeItemAt(i);
            const QPointF d = item->pos() - centre;
            const double distance = QPointF::dotProduct(d, d);
            if (!anchor || distance < best) {
                anchor = item;
                best = distance;
            }
        }
    }
    m_hasAnchor = anchor != nullptr && !m_fitAfterLayout;
    if (anchor) {
        m_anchorId = anchor->nodeId();
        m_anchorOffset = centre - anchor->pos();
    }
    relayout();
}

QString GraphPanel::defaultExportFileName() const
{
    QString network =
        m_document && m_document->hasModel() ? m_document->networkName() : m_full.modelName;
    if (network.isEmpty())
        network = QStringLiteral("graph");
    QString chip = m_document ? m_document->presetName() : QString();
    if (chip.isEmpty())
        chip = QStringLiteral("custom");
    QString name = QStringLiteral("%1-%2-graph.png").arg(network, chip);
    // Keep it a plain file name on every platform.
    static const QRegularExpression unsafe(QStringLiteral(R"([\\/:*?"<>|\s])"));
    return name.replace(unsafe, QStringLiteral("_"));
}

bool GraphPanel::exportGraph(const QString& path, QString* error)
{
    return exportGraphScene(*m_scene, path, error);
}

void GraphPanel::exportWithDialog()
{
    if (m_scene->nodeItemCount() == 0) {
        emit statusMessage(tr("There is no graph to export: open a network first"), 6000);
        return;
    }
    const QString png = tr("PNG image (*.png)");
    const QString svg = tr("SVG image (*.svg)");
    const QString pdf = tr("PDF document (*.pdf)");
    QString filter = png;
    const QString dir = m_exportDir.isEmpty() ? QDir::homePath() : m_exportDir;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Graph"), QDir(dir).filePath(defaultExportFileName()),
        QStringList{png, svg, pdf}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == svg   ? QStringLiteral(".svg")
                : filter == pdf ? QStringLiteral(".pdf")
                                : QStringLiteral(".png");
    m_exportDir = QFileInfo(path).absolutePath();
    QString error;
    if (exportGraph(path, &error))
        emit statusMessage(tr("Graph exported to %1").arg(QDir::toNativeSeparators(path)), 6000);
    else
        emit statusMessage(tr("Could not export the graph: %1").arg(error), 10000);
}

int GraphPanel::zoomPercent() const
{
    return m_view->zoomPercent();
}

bool GraphPanel::isOverviewShown() const
{
    return m_view->isOverviewEnabled();
}

void GraphPanel::setOverviewShown(bool shown)
{
    m_overview->setChecked(shown);
}

void GraphPanel::showDocumentModel()
{
    if (!m_document->hasModel()) {
        clear();
        m_search->setNames({});
        return;
    }
    setModel(buildGraphViewModel(*m_document->graph()));
    m_search->setNames(nodeNames());
    m_announceLayout = true;
}

void GraphPanel::showNodeMenu(int nodeId, const QPoint& screenPos)
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

QStringList GraphPanel::nodeNames() const
{
    QStringList names;
    for (const GraphViewNode& node : m_full.nodes)
        names << node.name;
    return names;
}

void GraphPanel::setModel(GraphViewModel full)
{
    m_full = std::move(full);
    m_collapsed.clear();
    if (shouldAutoCollapse(m_full)) {
        for (const GraphBlock& block : m_full.blocks)
            m_collapsed.insert(block.index);
    }
    m_fitAfterLayout = true;
    m_hasPendingFocus = false;
    // A search belongs to the network it was typed for.
    m_search->clear();
    m_lastFind.clear();
    m_findMatch = 0;
    refreshLegend();
    relayout();
}

void GraphPanel::clear()
{
    setModel(GraphViewModel{});
}

void GraphPanel::setDirection(RankDirection direction)
{
    (direction == RankDirection::LeftToRight ? m_leftToRight : m_topToBottom)->setChecked(true);
    if (direction == m_direction)
        return;
    m_direction = direction;
    m_fitAfterLayout = true;
    relayout();
}

void GraphPanel::setPartitions(const std::vector<int>& partitionByNodeId)
{
    applyPartitions(m_full, partitionByNodeId);
    m_display = collapseBlocks(m_full, m_collapsed);
    m_scene->updateNodes(m_display);
    refreshLegend();
}

void GraphPanel::setPartitionOfNode(int nodeId, int partition)
{
    std::vector<int> partitions;
    for (const GraphViewNode& node : m_full.nodes) {
        if (node.id < 0)
            continue;
        const auto id = static_cast<std::size_t>(node.id);
        if (partitions.size() <= id)
            partitions.resize(id + 1, -1);
        partitions[id] = node.id == nodeId ? partition : node.partition;
    }
    setPartitions(partitions);
}

void GraphPanel::setPlanEvaluation(const PlanEvaluation& evaluation)
{
    for (GraphViewNode& node : m_full.nodes) {
        if (node.isSummary || node.id < 0)
            continue;
        const auto id = static_cast<std::size_t>(node.id);
        const NodeMapping mapping =
            id < evaluation.nodes.size() ? evaluation.nodes[id] : NodeMapping{};
        node.partition = mapping.partition;
        node.crossbars = mapping.crossbars;
        node.units = mapping.units;
        node.replication = mapping.replication;
        node.tooltip = describeNode(node);
        if (mapping.lastPartition > mapping.partition) {
            node.tooltip += tr("<br>Split by a cut: partitions %1–%2")
                                .arg(mapping.partition)
                                .arg(mapping.lastPartition);
        }
        if (mapping.partition >= 0 &&
            static_cast<std::size_t>(mapping.partition) < evaluation.partitions.size() &&
            !evaluation.partitions[static_cast<std::size_t>(mapping.partition)].valid) {
            node.tooltip +=
                tr("<br><span style='color:#c00'>Partition %1 is invalid: %2</span>")
                    .arg(mapping.partition)
                    .arg(evaluation.partitions[static_cast<std::size_t>(mapping.partition)]
                             .reason.toHtmlEscaped());
        }
    }
    m_display = collapseBlocks(m_full, m_collapsed);
    m_scene->updateNodes(m_display);
    refreshLegend();
}

int GraphPanel::selectPartition(int partition)
{
    std::set<int> ids;
    for (const GraphViewNode& node : m_display.nodes) {
        if (node.partition == partition)
            ids.insert(node.id);
    }
    return m_scene->selectNodesByIds(ids);
}

void GraphPanel::toggleBlock(int blockIndex)
{
    if (blockIndex < 0 || static_cast<std::size_t>(blockIndex) >= m_full.blocks.size())
        return;
    if (!m_collapsed.erase(blockIndex))
        m_collapsed.insert(blockIndex);
    m_fitAfterLayout = false;
    relayout();
}

void GraphPanel::collapseAllBlocks()
{
    for (const GraphBlock& block : m_full.blocks)
        m_collapsed.insert(block.index);
    m_fitAfterLayout = true;
    relayout();
}

void GraphPanel::expandAllBlocks()
{
    m_collapsed.clear();
    m_fitAfterLayout = true;
    relayout();
}

bool GraphPanel::focusNode(const QString& text)
{
    // An exact name is one match; otherwise every layer whose name contains the text, in
    // graph order. Asking again for the same text moves on to the next match.
    std::vector<int> matches;
    if (const int exact = m_full.indexOfName(text); exact >= 0) {
        matches.push_back(exact);
    } else {
        for (std::size_t i = 0; i < m_full.nodes.size(); ++i) {
            if (m_full.nodes[i].name.contains(text, Qt::CaseInsensitive))
                matches.push_back(static_cast<int>(i));
        }
    }
    if (matches.empty()) {
        m_lastFind.clear();
        return false;
    }
    m_findMatch = text == m_lastFind ? (m_findMatch + 1) % static_cast<int>(matches.size()) : 0;
    m_lastFind = text;
    const GraphViewNode& node =
        m_full.nodes[static_cast<std::size_t>(matches[static_cast<std::size_t>(m_findMatch)])];
    if (matches.size() > 1) {
        emit statusMessage(tr("Match %1 of %2: %3 (Enter for the next)")
                               .arg(m_findMatch + 1)
                               .arg(matches.size())
                               .arg(node.name),
                           6000);
    }
    if (node.block >= 0 && m_collapsed.contains(node.block)) {
        m_collapsed.erase(node.block);
        m_pendingFocusId = node.id;
        m_hasPendingFocus = true;
        m_fitAfterLayout = false;
        relayout();
        return true;
    }
    if (isLayoutPending()) {
        m_pendingFocusId = node.id;
        m_hasPendingFocus = true;
        return true;
    }
    m_scene->selectNodeById(node.id);
    m_view->centreOnNode(node.id);
    return true;
}

QString GraphPanel::layoutSummary() const
{
    const QString engine = m_lastLayout.engine == LayoutEngine::Graphviz
                               ? tr("Graphviz dot")
                               : tr("simple layered layout");
    return tr("%1 · %2 · %3")
        .arg(units::count(static_cast<std::int64_t>(m_display.nodes.size()), tr("node"),
                          tr("nodes")),
             engine, units::duration(m_lastLayout.elapsedMs * 1e6, 3));
}

bool GraphPanel::isLayoutPending() const
{
    return m_runner->isRunning();
}

void GraphPanel::relayout()
{
    // Edge labels are a node of their own for dot on every edge: give it twice the time
    // (an expanded DenseNet-121 takes about 2.7 s with them, 1.4 s without).
    m_runner->request(
        GraphScene::layoutInput(collapseBlocks(m_full, m_collapsed), m_direction, m_labels),
        m_labels.edgeShapes ? 2 * m_budget : m_budget);
}

void GraphPanel::applyLayout(int, const LayoutResult& result)
{
    const int selected = m_scene->selectedNodeId();
    // Only the newest request is delivered, so the collapsed set is the one it was made for;
    // partitions may have changed meanwhile and are taken fresh.
    m_display = collapseBlocks(m_full, m_collapsed);
    m_lastLayout = result;
    m_scene->build(m_display, result, m_labels);
    if (m_fitAfterLayout) {
        m_view->showStart(m_direction == RankDirection::LeftToRight);
    } else if (m_hasAnchor) {
        if (NodeItem* anchor = m_scene->nodeItemById(m_anchorId)) {
            m_view->setSceneRect(QRectF()); // scroll ranges of the rebuilt scene, at once
            m_view->centerOn(anchor->pos() + m_anchorOffset);
        }
    }
    m_fitAfterLayout = false;
    m_hasAnchor = false;
    if (m_hasPendingFocus) {
        m_hasPendingFocus = false;
        m_scene->selectNodeById(m_pendingFocusId);
        m_view->centreOnNode(m_pendingFocusId);
    } else if (selected != INT_MIN) {
        m_scene->selectNodeById(selected);
    }
    emit layoutApplied(result);
    if (!result.message.empty())
        emit statusMessage(QString::fromStdString(result.message), 8000);
    if (m_document)
        setPlanEvaluation(m_document->evaluation());
    if (m_announceLayout) {
        m_announceLayout = false;
        emit networkShown();
    }
}

void GraphPanel::refreshLegend()
{
    std::vector<int> partitions;
    for (const GraphViewNode& node : m_full.nodes)
        partitions.push_back(node.partition);
    m_legend->setPartitions(std::move(partitions));
}

} // namespace compass::ui
