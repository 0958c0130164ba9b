// SPDX-License-Identifier: MIT
#include "graph_scene.h"

#include "block_frame_item.h"
#include "edge_item.h"
#include "node_item.h"

#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>

#include <climits>
#include <map>

namespace compass::ui {

namespace {

constexpr double kScenePaddingPt = 24.0;
constexpr double kFramePaddingPt = 8.0;
constexpr double kFrameLabelPt = 12.0;

} // namespace

GraphScene::GraphScene(QObject* parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(Qt::white);
    setItemIndexMethod(BspTreeIndex);
    connect(this, &QGraphicsScene::selectionChanged, this, &GraphScene::updateHighlights);
}

GraphScene::~GraphScene()
{
    // Items emit selectionChanged while they are deleted; our slot must not see them.
    blockSignals(true);
    m_nodes.clear();
    m_edges.clear();
    m_frames.clear();
    clear();
}

LayoutInput GraphScene::layoutInput(const GraphViewModel& model, RankDirection direction,
                                    GraphLabels labels)
{
    LayoutInput input;
    input.direction = direction;
    input.nodes.reserve(model.nodes.size());
    for (const GraphViewNode& node : model.nodes) {
        const QSizeF size = NodeItem::sizeFor(node, labels.fullNames);
        input.nodes.push_back({size.width(), size.height()});
    }
    input.edges.reserve(model.edges.size());
    for (const GraphViewEdge& e : model.edges) {
        LayoutInput::Edge edge{e.from, e.to};
        if (labels.edgeShapes && !e.shape.isEmpty()) {
            const QSizeF label = EdgeItem::labelSizeFor(e.shape);
            edge.labelWidthPt = label.width();
            edge.labelHeightPt = label.height();
        }
        input.edges.push_back(edge);
    }
    // Frames around expanded blocks need a little more room between ranks.
    input.rankSepPt = 28.0;
    input.nodeSepPt = 16.0;
    if (isDenseGraph(input))
        input.limits = LayoutLimits::fast();
    return input;
}

void GraphScene::build(const GraphViewModel& model, const LayoutResult& layout, GraphLabels labels)
{
    // Block signals while items go away: selectionChanged would point at deleted items.
    const QSignalBlocker blocker(this);
    clear();
    m_nodes.clear();
    m_edges.clear();
    m_frames.clear();
    m_model = model;
    m_labels = labels;

    m_nodes.reserve(model.nodes.size());
    for (std::size_t i = 0; i < model.nodes.size(); ++i) {
        auto* item = new NodeItem(model.nodes[i], static_cast<int>(i), labels.fullNames);
        if (i < layout.nodeCentres.size())
            item->setPos(layout.nodeCentres[i].x, layout.nodeCentres[i].y);
        addItem(item);
        m_nodes.push_back(item);
    }
    m_edges.reserve(model.edges.size());
    for (std::size_t k = 0; k < model.edges.size(); ++k) {
        static const std::vector<LayoutPoint> none;
        const auto& points = k < layout.edgePoints.size() ? layout.edgePoints[k] : none;
        auto* item =
            new EdgeItem(model.edges[k].from, model.edges[k].to, points, layout.edgesAreBeziers);
        if (labels.edgeShapes && !model.edges[k].shape.isEmpty() &&
            k < layout.edgeLabelCentres.size()) {
            const LayoutPoint centre = layout.edgeLabelCentres[k];
            item->setLabel(model.edges[k].shape, QPointF(centre.x, centre.y));
        }
        addItem(item);
        m_edges.push_back(item);
    }
    // A frame around the members of every expanded block.
    std::map<int, QRectF> frames;
    for (NodeItem* item : m_nodes) {
        const GraphViewNode& node = item->node();
        if (node.block < 0 || node.isSummary)
            continue;
        const QRectF box = item->mapRectToScene(item->boundingRect());
        auto [it, inserted] = frames.try_emplace(node.block, box);
        if (!inserted)
            it->second = it->second.united(box);
    }
    for (const auto& [block, rect] : frames) {
        const QRectF padded = rect.adjusted(-kFramePaddingPt, -kFramePaddingPt - kFrameLabelPt,
                                            kFramePaddingPt, kFramePaddingPt);
        auto* frame =
            new BlockFrameItem(block, model.blocks[static_cast<std::size_t>(block)].name, padded);
        addItem(frame);
        m_frames.push_back(frame);
    }
    setSceneRect(itemsBoundingRect().adjusted(-kScenePaddingPt, -kScenePaddingPt, kScenePaddingPt,
                                              kScenePaddingPt));
}

void GraphScene::updateNodes(const GraphViewModel& model)
{
    if (model.nodes.size() != m_nodes.size())
        return;
    m_model.nodes = model.nodes;
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        m_nodes[i]->setNode(model.nodes[i]);
}

NodeItem* GraphScene::nodeItemById(int id) const
{
    const int index = m_model.indexOfId(id);
    return nodeItemAt(index);
}

NodeItem* GraphScene::nodeItemAt(int index) const
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_nodes.size())
        return nullptr;
    return m_nodes[static_cast<std::size_t>(index)];
}

EdgeItem* GraphScene::edgeItemAt(int index) const
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_edges.size())
        return nullptr;
    return m_edges[static_cast<std::size_t>(index)];
}

bool GraphScene::selectNodeById(int id)
{
    NodeItem* item = nodeItemById(id);
    if (!item)
        return false;
    {
        const QSignalBlocker blocker(this);
        clearSelection();
    }
    item->setSelected(true);
    return true;
}

int GraphScene::selectNodesByIds(const std::set<int>& ids)
{
    int selected = 0;
    {
        const QSignalBlocker blocker(this);
        clearSelection();
        for (NodeItem* item : m_nodes) {
            if (ids.contains(item->nodeId())) {
                item->setSelected(true);
                ++selected;
            }
        }
    }
    updateHighlights();
    return selected;
}

int GraphScene::selectedNodeId() const
{
    const QList<QGraphicsItem*> selected = selectedItems();
    for (QGraphicsItem* item : selected) {
        if (auto* node = dynamic_cast<NodeItem*>(item))
            return node->nodeId();
    }
    return INT_MIN;
}

std::set<int> GraphScene::highlightedInputs() const
{
    std::set<int> ids;
    for (NodeItem* item : m_nodes) {
        if (item->highlight() == NodeItem::Highlight::Input)
            ids.insert(item->nodeId());
    }
    return ids;
}

std::set<int> GraphScene::highlightedOutputs() const
{
    std::set<int> ids;
    for (NodeItem* item : m_nodes) {
        if (item->highlight() == NodeItem::Highlight::Output)
            ids.insert(item->nodeId());
    }
    return ids;
}

void GraphScene::updateHighlights()
{
    std::set<int> selected;
    for (NodeItem* item : m_nodes) {
        if (item->isSelected())
            selected.insert(item->index());
    }
    std::vector<NodeItem::Highlight> nodeMarks(m_nodes.size(), NodeItem::Highlight::None);
    for (EdgeItem* edge : m_edges) {
        EdgeItem::Highlight mark = EdgeItem::Highlight::None;
        if (selected.contains(edge->to())) {
            mark = EdgeItem::Highlight::Input;
            nodeMarks[static_cast<std::size_t>(edge->from())] = NodeItem::Highlight::Input;
        } else if (selected.contains(edge->from())) {
            mark = EdgeItem::Highlight::Output;
            nodeMarks[static_cast<std::size_t>(edge->to())] = NodeItem::Highlight::Output;
        }
        edge->setHighlight(mark);
    }
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        m_nodes[i]->setHighlight(nodeMarks[i]);
    emit nodeSelected(selectedNodeId());
}

void GraphScene::contextMenuEvent(QGraphicsSceneContextMenuEvent* event)
{
    const QList<QGraphicsItem*> hits = items(event->scenePos());
    for (QGraphicsItem* hit : hits) {
        if (auto* node = dynamic_cast<NodeItem*>(hit)) {
            if (node->node().isSummary)
                break;
            if (!node->isSelected())
                selectNodeById(node->nodeId());
            emit nodeContextMenuRequested(node->nodeId(), event->screenPos());
            event->accept();
            return;
        }
    }
    QGraphicsScene::contextMenuEvent(event);
}

void GraphScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    const QList<QGraphicsItem*> hits = items(event->scenePos());
    for (QGraphicsItem* hit : hits) {
        if (auto* node = dynamic_cast<NodeItem*>(hit)) {
            if (node->node().isSummary) {
                emit blockToggleRequested(node->node().block);
                event->accept();
                return;
            }
            break; // a plain node: not a request to collapse its block
        }
        if (auto* frame = dynamic_cast<BlockFrameItem*>(hit)) {
            emit blockToggleRequested(frame->blockIndex());
            event->accept();
            return;
        }
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

} // namespace compass::ui
