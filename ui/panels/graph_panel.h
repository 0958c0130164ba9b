// SPDX-License-Identifier: MIT
#pragma once

#include "ui/document/plan_evaluation.h"
#include "ui/graphview/graph_layout.h"
#include "ui/models/graph_view_model.h"

#include <QWidget>

#include <chrono>
#include <set>
#include <vector>

namespace compass::ui {

class GraphScene;
class GraphView;
class LayoutRunner;
class PartitionLegend;

/// The central graph panel: the layer graph laid out off the GUI thread, with block
/// collapsing, partition colours and legend, and find-and-centre. Takes a GraphViewModel,
/// never core objects.
class GraphPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit GraphPanel(QWidget* parent = nullptr);

    /// Shows a new network. Dense or very large graphs start with every block collapsed.
    void setModel(GraphViewModel full);
    void clear();
    const GraphViewModel& fullModel() const { return m_full; }
    const GraphViewModel& displayModel() const { return m_display; }

    void setDirection(RankDirection direction);
    RankDirection direction() const { return m_direction; }
    void setLayoutBudget(std::chrono::milliseconds budget) { m_budget = budget; }

    /// Partition index per compass::NodeId value (-1 = none); recolours without relayout.
    void setPartitions(const std::vector<int>& partitionByNodeId);
    void setPartitionOfNode(int nodeId, int partition);
    /// Colours by the plan and fills every node's tooltip figures (partition, crossbars,
    /// units, replication) from an evaluation; recolours without relayout.
    void setPlanEvaluation(const PlanEvaluation& evaluation);
    /// Selects the shown nodes of a partition (their block summaries when collapsed).
    int selectPartition(int partition);

    void toggleBlock(int blockIndex);
    void collapseAllBlocks();
    void expandAllBlocks();
    const std::set<int>& collapsedBlocks() const { return m_collapsed; }

    /// Finds a layer by exact name, else by case-insensitive substring; expands its block if
    /// collapsed, then selects and centres it (after the relayout, if one is needed).
    bool focusNode(const QString& text);

    bool isLayoutPending() const;
    const LayoutResult& lastLayout() const { return m_lastLayout; }
    GraphScene* scene() const { return m_scene; }
    GraphView* view() const { return m_view; }
    PartitionLegend* legend() const { return m_legend; }

signals:
    /// A layout was applied to the scene (Graphviz or fallback; see result.message).
    void layoutApplied(const compass::ui::LayoutResult& result);
    /// The user selected a node (compass::NodeId value), or INT_MIN for none.
    void nodeSelected(int id);
    /// The user right-clicked a node.
    void nodeContextMenuRequested(int id, const QPoint& screenPos);

private:
    void relayout();
    void applyLayout(int generation, const LayoutResult& result);
    void refreshLegend();

    GraphScene* m_scene = nullptr;
    GraphView* m_view = nullptr;
    PartitionLegend* m_legend = nullptr;
    LayoutRunner* m_runner = nullptr;
    GraphViewModel m_full;
    GraphViewModel m_display;
    std::set<int> m_collapsed;
    RankDirection m_direction = RankDirection::TopToBottom;
    std::chrono::milliseconds m_budget{2500};
    LayoutResult m_lastLayout;
    int m_pendingFocusId = 0;
    bool m_hasPendingFocus = false;
    bool m_fitAfterLayout = true;
};

} // namespace compass::ui
