// SPDX-License-Identifier: MIT
#include "graph_overview.h"

#include <QMouseEvent>

namespace compass::ui {

GraphOverview::GraphOverview(QWidget* parent)
    : QGraphicsView(parent)
{
    setInteractive(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::Box);
    setRenderHint(QPainter::Antialiasing, false);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview — click to move the view"));
    setBackgroundBrush(Qt::white);
}

void GraphOverview::setMainView(QGraphicsView* view)
{
    m_main = view;
    if (view && scene() != view->scene())
        setScene(view->scene());
    if (scene())
        fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void GraphOverview::drawForeground(QPainter* painter, const QRectF&)
{
    if (!m_main)
        return;
    const QRectF visible = m_main->mapToScene(m_main->viewport()->rect()).boundingRect();
    QPen pen(QColor(0xD5, 0x5E, 0x00), 0);
    pen.setCosmetic(true);
    pen.setWidthF(2.0);
    painter->setPen(pen);
    painter->setBrush(QColor(0xD5, 0x5E, 0x00, 40));
    painter->drawRect(visible);
}

void GraphOverview::mousePressEvent(QMouseEvent* event)
{
    moveMainViewTo(event->position().toPoint());
}

void GraphOverview::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        moveMainViewTo(event->position().toPoint());
}

void GraphOverview::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (scene())
        fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void GraphOverview::wheelEvent(QWheelEvent* event)
{
    event->ignore(); // the overview never zooms
}

void GraphOverview::moveMainViewTo(const QPoint& pos)
{
    if (m_main)
        m_main->centerOn(mapToScene(pos));
    viewport()->update();
}

} // namespace compass::ui
