// SPDX-License-Identifier: MIT
#include "graph_panel.h"

#include "ui/graphview/graph_scene.h"
#include "ui/graphview/graph_view.h"
#include "ui/graphview/layout_runner.h"
#include "ui/graphview/partition_legend.h"

#include <QVBoxLayout>

#include <climits>

namespace compass::ui {

GraphPanel::GraphPanel(QWidget* parent)
    : QWidget(parent)
    , m_scene(new GraphScene(this))
    , m_view(new GraphView(this))
    , m_legend(new PartitionLegend(this))
    , m_runner(new LayoutRunner(this))
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
    connect(m_scene, &GraphScene::nodeContextMenuRequested, this,
            &GraphPanel::nodeContextMenuRequested);
    refreshLegend();
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
    refreshLegend();
    relayout();
}

void GraphPanel::clear()
{
    setModel(GraphViewModel{});
}

void GraphPanel::setDirection(RankDirection direction)
{
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
    int index = m_full.indexOfName(text);
    if (index < 0) {
        for (std::size_t i = 0; i < m_full.nodes.size(); ++i) {
            if (m_full.nodes[i].name.contains(text, Qt::CaseInsensitive)) {
                index = static_cast<int>(i);
                break;
            }
        }
    }
    if (index < 0)
        return false;
    const GraphViewNode& node = m_full.nodes[static_cast<std::size_t>(index)];
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
}

void GraphPanel::refreshLegend()
{
    std::vector<int> partitions;
    for (const GraphViewNode& node : m_full.nodes)
        partitions.push_back(node.partition);
    m_legend->setPartitions(std::move(partitions));
}

} // namespace compass::ui
