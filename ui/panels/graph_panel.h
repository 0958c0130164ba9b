// SPDX-License-Identifier: MIT
#pragma once

#include "ui/document/plan_evaluation.h"
#include "ui/graphview/graph_layout.h"
#include "ui/graphview/graph_scene.h"
#include "ui/models/graph_view_model.h"

#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <chrono>
#include <set>
#include <vector>

namespace compass::ui {

class GraphView;
class SearchBox;
class LayoutRunner;
class PartitionLegend;
class ProjectDocument;

/// The central graph panel: the layer graph laid out off the GUI thread, with block
/// collapsing, partition colours and legend, and find-and-centre. Shows GraphViewModel values,
/// never core objects. Given a document it observes it like the other panels: the network the
/// document opens is shown, every evaluation recolours it, and a node's context menu cuts the
/// plan there. Without one (tests of hand-built view models) setModel() and
/// setPlanEvaluation() feed it. The panel owns its View actions and its find box; the window
/// only places them.
class GraphPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit GraphPanel(ProjectDocument* document, QWidget* parent = nullptr);

    /// Shows a new network. Dense or very large graphs start with every block collapsed.
    void setModel(GraphViewModel full);
    void clear();
    const GraphViewModel& fullModel() const { return m_full; }
    const GraphViewModel& displayModel() const { return m_display; }
    /// Every layer's name, in graph order (for the search box's completer).
    QStringList nodeNames() const;

    /// Lays the graph out in `direction` (the direction actions follow).
    void setDirection(RankDirection direction);
    RankDirection direction() const { return m_direction; }
    /// The View menu's graph actions, in order with separators: fit, zoom in / out, actual
    /// size, find, top to bottom / left to right, full names, edge shapes, collapse / expand
    /// all, show overview.
    const QList<QAction*>& viewActions() const { return m_viewActions; }

    /// Boxes titled with each node's full name ("/layer1/layer1.0/conv1/Conv") instead of its
    /// op type ("Conv", the default). Relays out: the boxes grow to fit their labels.
    void setFullNames(bool fullNames);
    bool fullNames() const { return m_labels.fullNames; }
    /// Each edge labelled with its tensor's shape ("1×64×56×56"), placed by the layout clear of
    /// the nodes; off by default. Relays out.
    void setEdgeShapes(bool edgeShapes);
    bool edgeShapes() const { return m_labels.edgeShapes; }
    /// Checkable View actions for the two (in viewActions(); toggling one calls the setter).
    QAction* fullNamesAction() const { return m_fullNamesAction; }
    QAction* edgeShapesAction() const { return m_edgeShapesAction; }

    /// Writes the whole graph as shown (partition colours, labels) to `path`: PNG at a 2x
    /// device pixel ratio on white, SVG or PDF, by suffix. False with `error` naming the file
    /// when there is no graph, the suffix is unknown or the file cannot be written.
    bool exportGraph(const QString& path, QString* error = nullptr);
    /// "Export Graph…" (for the File menu): asks for a file (PNG, SVG or PDF; default name
    /// defaultExportFileName()) and exports to it, reporting through statusMessage().
    QAction* exportGraphAction() const { return m_exportAction; }
    /// "<network>-<chip>-graph.png": network and preset of the document ("custom" for an
    /// edited chip); without a document the model's name.
    QString defaultExportFileName() const;

    /// The view's scale in percent (100 = actual size), for the status bar.
    int zoomPercent() const;
    /// The toolbar's subset: fit, both directions, collapse and expand all.
    const QList<QAction*>& toolBarActions() const { return m_toolBarActions; }
    /// The find-a-layer box (for the toolbar): Enter selects and centres the match.
    SearchBox* searchBox() const { return m_search; }
    bool isOverviewShown() const;
    void setOverviewShown(bool shown);
    /// How long dot may take before the simple layered layout is shown instead (twice as long
    /// while edge shapes are shown: their labels make dot's work much larger).
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

    /// Finds a layer by exact name, else by case-insensitive substring (the same text again
    /// moves to the next match, in graph order); expands its block if collapsed, then selects
    /// and centres it (after the relayout, if one is needed).
    bool focusNode(const QString& text);

    bool isLayoutPending() const;
    const LayoutResult& lastLayout() const { return m_lastLayout; }
    /// The last layout for the status bar: "48 nodes · Graphviz dot · 85 ms".
    QString layoutSummary() const;
    GraphScene* scene() const { return m_scene; }
    GraphView* view() const { return m_view; }
    PartitionLegend* legend() const { return m_legend; }

signals:
    /// A layout was applied to the scene (Graphviz or fallback; a fallback also says why in
    /// statusMessage()).
    void layoutApplied(const compass::ui::LayoutResult& result);
    /// The first layout of the document's newest network is on screen.
    void networkShown();
    /// Something for the status bar ("No layer matches …").
    void statusMessage(const QString& message, int timeoutMs);
    /// The user selected a node (compass::NodeId value), or INT_MIN for none.
    void nodeSelected(int id);
    /// The view's scale changed (wheel, keys, fit, zoom actions, centring): the new
    /// zoomPercent().
    void zoomChanged(int percent);

private:
    void createActions();
    void setLabels(GraphLabels labels);
    void exportWithDialog();
    void showDocumentModel();
    /// Cut before / after the node, merge its partition with the next (document edits).
    void showNodeMenu(int nodeId, const QPoint& screenPos);
    void relayout();
    void applyLayout(int generation, const LayoutResult& result);
    void refreshLegend();

    ProjectDocument* m_document = nullptr;
    GraphScene* m_scene = nullptr;
    GraphView* m_view = nullptr;
    PartitionLegend* m_legend = nullptr;
    LayoutRunner* m_runner = nullptr;
    SearchBox* m_search = nullptr;
    QList<QAction*> m_viewActions;
    QList<QAction*> m_toolBarActions;
    QAction* m_topToBottom = nullptr;
    QAction* m_leftToRight = nullptr;
    QAction* m_overview = nullptr;
    QAction* m_fullNamesAction = nullptr;
    QAction* m_edgeShapesAction = nullptr;
    QAction* m_exportAction = nullptr;
    GraphLabels m_labels;
    QString m_exportDir; ///< Where the last export went (the dialog starts there).
    int m_zoomPercent = 100;
    GraphViewModel m_full;
    GraphViewModel m_display;
    std::set<int> m_collapsed;
    RankDirection m_direction = RankDirection::TopToBottom;
    std::chrono::milliseconds m_budget{2500};
    LayoutResult m_lastLayout;
    int m_pendingFocusId = 0;
    bool m_hasPendingFocus = false;
    /// A relabelling relayout keeps this node where the view was looking.
    int m_anchorId = 0;
    QPointF m_anchorOffset; ///< The view's centre relative to the anchor node, scene units.
    bool m_hasAnchor = false;
    QString m_lastFind;
    int m_findMatch = 0;
    bool m_fitAfterLayout = true;
    bool m_announceLayout = false; ///< The next layout is the first of a new network.
};

} // namespace compass::ui
