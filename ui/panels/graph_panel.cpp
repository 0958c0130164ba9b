// SPDX-License-Identifier: MIT
#include "graph_panel.h"

#include "core/support/units.h"
#include "ui/document/project_document.h"
#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/layout_runner.h"
#include "ui/graphview/partition_legend.h"
#include "ui/graphview/search_box.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
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
    QAction* collapse = action(tr("&Collapse All Blocks"), {}, [this] { collapseAllBlocks(); });
    QAction* expand = action(tr("&Expand All Blocks"), {}, [this] { expandAllBlocks(); });
    m_overview = action(tr("Show &Overview"), {}, [] {});
    m_overview->setCheckable(true);
    m_overview->setChecked(m_view->isOverviewEnabled());
    connect(m_overview, &QAction::toggled, m_view, &GraphView::setOverviewEnabled);
    m_toolBarActions = {fit, m_topToBottom, m_leftToRight, collapse, expand};
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
    m_runner->request(GraphScene::layoutInput(collapseBlocks(m_full, m_collapsed), m_direction),
                      m_budget);
}

void GraphPanel::applyLayout(int, const LayoutResult& result)
{
    const int selected = m_scene->selectedNodeId();
    // Only the newest request is delivered, so the collapsed set is the one it was made for;
    // partitions may have changed meanwhile and are taken fresh.
    m_display = collapseBlocks(m_full, m_collapsed);
    m_lastLayout = result;
    m_scene->build(m_display, result);
    if (m_fitAfterLayout)
        m_view->showStart(m_direction == RankDirection::LeftToRight);
    m_fitAfterLayout = false;
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
