// SPDX-License-Identifier: MIT
#include "edge_item.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace compass::ui {

namespace {

constexpr double kArrowLengthPt = 7.0;
constexpr double kArrowHalfWidthPt = 3.0;
constexpr double kLabelPaddingPt = 2.0; ///< Around the text, inside the label's box.

} // namespace

EdgeItem::EdgeItem(int from, int to, const std::vector<LayoutPoint>& points, bool isBezier)
    : m_from(from)
    , m_to(to)
{
    setZValue(1.0);
    if (points.size() < 2)
        return;
    QPainterPath path(QPointF(points[0].x, points[0].y));
    if (isBezier && points.size() >= 4) {
        for (std::size_t i = 1; i + 2 < points.size(); i += 3) {
            path.cubicTo(QPointF(points[i].x, points[i].y),
                         QPointF(points[i + 1].x, points[i + 1].y),
                         QPointF(points[i + 2].x, points[i + 2].y));
        }
    } else {
        for (std::size_t i = 1; i < points.size(); ++i)
            path.lineTo(QPointF(points[i].x, points[i].y));
    }
    // The arrowhead ends on the consumer's border, pointing along the path's last direction.
    const QPointF tip = path.currentPosition();
    const double angle = path.angleAtPercent(1.0) * M_PI / 180.0;
    const QPointF dir(std::cos(angle), -std::sin(angle)); // angleAtPercent is counter-clockwise
    const QPointF normal(-dir.y(), dir.x());
    const QPointF base = tip - dir * kArrowLengthPt;
    m_arrow << tip << base + normal * kArrowHalfWidthPt << base - normal * kArrowHalfWidthPt;
    setPath(path);
}

QFont EdgeItem::labelFont()
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(6.5);
    return font;
}

QSizeF EdgeItem::labelSizeFor(const QString& text)
{
    if (text.isEmpty())
        return {};
    const QFontMetricsF metrics(labelFont());
    return {std::ceil(metrics.horizontalAdvance(text) + 2 * kLabelPaddingPt + 2.0),
            std::ceil(metrics.height() + kLabelPaddingPt)};
}

void EdgeItem::setLabel(const QString& text, const QPointF& centre)
{
    prepareGeometryChange();
    m_label = text;
    const QSizeF size = labelSizeFor(text);
    m_labelRect = text.isEmpty()
                      ? QRectF()
                      : QRectF(centre.x() - size.width() / 2, centre.y() - size.height() / 2,
                               size.width(), size.height());
    update();
}

void EdgeItem::setHighlight(Highlight highlight)
{
    if (m_highlight == highlight)
        return;
    m_highlight = highlight;
    setZValue(highlight == Highlight::None ? 1.0 : 1.5);
    update();
}

QRectF EdgeItem::boundingRect() const
{
    QRectF rect = QGraphicsPathItem::boundingRect().united(m_arrow.boundingRect());
    if (!m_labelRect.isEmpty())
        rect = rect.united(m_labelRect);
    return rect.adjusted(-2, -2, 2, 2);
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(4.0);
    return stroker.createStroke(path());
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    QColor colour(0x70, 0x70, 0x70);
    double width = 0.9;
    if (m_highlight == Highlight::Input) {
        colour = QColor(0x00, 0x72, 0xB2);
        width = 2.2;
    } else if (m_highlight == Highlight::Output) {
        colour = QColor(0xD5, 0x5E, 0x00);
        width = 2.2;
    }
    painter->setPen(QPen(colour, width));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawPolygon(m_arrow);
    if (m_label.isEmpty() || option->levelOfDetailFromTransform(painter->worldTransform()) < 0.35)
        return;
    // The layout kept the box clear of nodes; a light backing keeps it legible where another
    // edge passes behind it, inset a little so that the edge the box sits against stays whole.
    painter->setBrush(QColor(255, 255, 255, 220));
    painter->drawRoundedRect(m_labelRect.adjusted(1.0, 0.5, -1.0, -0.5), 2.0, 2.0);
    painter->setFont(labelFont());
    painter->setPen(m_highlight == Highlight::None ? QColor(0x40, 0x40, 0x40) : colour);
    painter->drawText(m_labelRect, Qt::AlignCenter | Qt::TextDontClip | Qt::TextSingleLine,
                      m_label);
}

} // namespace compass::ui
