// SPDX-License-Identifier: MIT
#pragma once

#include "ui/models/graph_view_model.h"

#include <QGraphicsItem>

namespace compass::ui {

/// One node box in the graph scene, centred on its layout position. Weight layers are full
/// size in their partition colour; weight-free operators are smaller and tinted.
class NodeItem final : public QGraphicsItem
{
public:
    enum class Highlight
    {
        None,
        Input,  ///< Feeds the selected node.
        Output, ///< Consumes the selected node's output.
    };

    NodeItem(const GraphViewNode& node, int index);

    /// Size of the box for `node` in points; the layout reserves exactly this.
    static QSizeF sizeFor(const GraphViewNode& node);

    int index() const { return m_index; }
    int nodeId() const { return m_node.id; }
    const GraphViewNode& node() const { return m_node; }
    void setNode(const GraphViewNode& node);
    void setHighlight(Highlight highlight);
    Highlight highlight() const { return m_highlight; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    GraphViewNode m_node;
    int m_index = 0;
    QSizeF m_size;
    Highlight m_highlight = Highlight::None;
};

} // namespace compass::ui
