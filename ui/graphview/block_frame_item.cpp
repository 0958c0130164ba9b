// SPDX-License-Identifier: MIT
#include "block_frame_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace compass::ui {

BlockFrameItem::BlockFrameItem(int blockIndex, const QString& name, const QRectF& rect)
    : QGraphicsRectItem(rect)
    , m_blockIndex(blockIndex)
    , m_name(name)
{
    setZValue(0.0);
    setToolTip(QObject::tr("%1 — double-click the frame to collapse").arg(name));
}

void BlockFrameItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    painter->setPen(QPen(QColor(0x90, 0x90, 0x90), 1.0, Qt::DashLine));
    painter->setBrush(QColor(0xF4, 0xF4, 0xF8));
    painter->drawRoundedRect(rect(), 6, 6);
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.35)
        return;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(6.5);
    painter->setFont(font);
    painter->setPen(QColor(0x60, 0x60, 0x60));
    painter->drawText(rect().adjusted(6, 2, -6, -2), Qt::AlignLeft | Qt::AlignTop, m_name);
}

} // namespace compass::ui
