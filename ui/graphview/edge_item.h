// SPDX-License-Identifier: MIT
#pragma once

#include "graph_layout.h"

#include <QFont>
#include <QGraphicsPathItem>
#include <QString>

#include <vector>

namespace compass::ui {

/// A dependency drawn from its layout points (Bezier chain or polyline) with an arrowhead at
/// the consumer. Highlighted when it touches the selected node.
class EdgeItem final : public QGraphicsPathItem
{
public:
    enum class Highlight
    {
        None,
        Input,
        Output,
    };

    EdgeItem(int from, int to, const std::vector<LayoutPoint>& points, bool isBezier);

    /// The box a label of `text` needs (what the layout reserves beside the edge).
    static QSizeF labelSizeFor(const QString& text);
    static QFont labelFont();
    /// Shows `text` (a tensor shape) in a box of labelSizeFor(text) centred on `centre`.
    void setLabel(const QString& text, const QPointF& centre);
    QString label() const { return m_label; }
    /// The label's box in item (= scene) coordinates; empty without a label.
    QRectF labelRect() const { return m_labelRect; }

    int from() const { return m_from; }
    int to() const { return m_to; }
    void setHighlight(Highlight highlight);
    Highlight highlight() const { return m_highlight; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_from = 0;
    int m_to = 0;
    QPolygonF m_arrow;
    QString m_label;
    QRectF m_labelRect;
    Highlight m_highlight = Highlight::None;
};

} // namespace compass::ui
