// SPDX-License-Identifier: MIT
#pragma once

#include "graph_layout.h"
#include "ui/models/graph_view_model.h"

#include <QGraphicsScene>

#include <set>
#include <vector>

namespace compass::ui {

class NodeItem;
class EdgeItem;
class BlockFrameItem;

/// What the boxes and edges say. Both change the boxes' sizes, so a change needs a relayout.
struct GraphLabels
{
    bool fullNames = false;  ///< Boxes titled with the node's full name instead of its op type.
    bool edgeShapes = false; ///< Each edge labelled with its tensor's shape ("1×64×56×56").
    bool operator==(const GraphLabels&) const = default;
};

/// Builds node, edge and block-frame items from a GraphViewModel and its layout, and
/// highlights the inputs and outputs of the selected node. GUI thread only.
class GraphScene final : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit GraphScene(QObject* parent = nullptr);
    ~GraphScene() override;

    /// The layout request for `model`: one box per node with the size NodeItem draws for
    /// `labels`, and with edge shapes shown a box per edge label for dot to place.
    static LayoutInput layoutInput(const GraphViewModel& model, RankDirection direction,
                                   GraphLabels labels = {});

    /// Replaces every item. `layout` must come from layoutInput(model, ..., labels).
    void build(const GraphViewModel& model, const LayoutResult& layout, GraphLabels labels = {});
    /// The labels of the last build().
    GraphLabels labels() const { return m_labels; }
    /// Updates colours and tooltips in place (same nodes, e.g. new partitions): no relayout.
    void updateNodes(const GraphViewModel& model);

    const GraphViewModel& model() const { return m_model; }
    int nodeItemCount() const { return static_cast<int>(m_nodes.size()); }
    int edgeItemCount() const { return static_cast<int>(m_edges.size()); }
    int blockFrameCount() const { return static_cast<int>(m_frames.size()); }
    NodeItem* nodeItemById(int id) const;
    NodeItem* nodeItemAt(int index) const;
    /// The item of model.edges[index], or nullptr.
    EdgeItem* edgeItemAt(int index) const;

    /// Selects exactly this node (clears other selection); false when it is not shown.
    bool selectNodeById(int id);
    /// Selects exactly the shown nodes among `ids` (e.g. a partition's); returns how many.
    int selectNodesByIds(const std::set<int>& ids);
    /// Id of the single selected node, or nullopt-like INT_MIN when none.
    int selectedNodeId() const;
    /// Ids of nodes currently highlighted as inputs / outputs of the selection.
    std::set<int> highlightedInputs() const;
    std::set<int> highlightedOutputs() const;

signals:
    /// The user double-clicked a block frame or a collapsed block.
    void blockToggleRequested(int blockIndex);
    /// The selection changed; `id` is the selected node or INT_MIN when none.
    void nodeSelected(int id);
    /// The user right-clicked a node (not a collapsed block) at `screenPos`.
    void nodeContextMenuRequested(int id, const QPoint& screenPos);

protected:
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;

private:
    void updateHighlights();

    GraphViewModel m_model;
    GraphLabels m_labels;
    std::vector<NodeItem*> m_nodes;
    std::vector<EdgeItem*> m_edges;
    std::vector<BlockFrameItem*> m_frames;
};

} // namespace compass::ui
