// SPDX-License-Identifier: MIT
#pragma once

#include "ui/models/graph_view_model.h"

#include <QFont>
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

    /// `fullName`: the box is titled with the node's full name instead of its op type.
    NodeItem(const GraphViewNode& node, int index, bool fullName = false);

    /// Size of the box for `node` in points; the layout reserves exactly this. Wide enough for
    /// its title and subtitle (with room for any partition number): labels are never elided.
    static QSizeF sizeFor(const GraphViewNode& node, bool fullName = false);
    /// The box's first line: the op type ("Conv"), or the full name
    /// ("/layer1/layer1.0/conv1/Conv") when `fullName`; a collapsed block's name either way.
    static QString titleFor(const GraphViewNode& node, bool fullName);
    /// The second line of weight layers, attention and collapsed blocks ("2.36 M weights ·
    /// P3"); empty for the small boxes of weight-free operators, which show their title only.
    static QString subtitleFor(const GraphViewNode& node, bool fullName);
    /// The fonts the title and the subtitle are drawn in (scene units are points).
    static QFont titleFont();
    static QFont subtitleFont();
    /// Horizontal room between the box's border and its text, on each side.
    static constexpr double kTextMarginPt = 5.0;

    bool showsFullName() const { return m_fullName; }
    QString title() const { return titleFor(m_node, m_fullName); }
    QString subtitle() const { return subtitleFor(m_node, m_fullName); }
    /// The box without the outline margin, centred on the item's origin.
    QRectF boxRect() const;

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
    bool m_fullName = false;
    QSizeF m_size;
    Highlight m_highlight = Highlight::None;
};

} // namespace compass::ui
