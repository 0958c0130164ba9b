// SPDX-License-Identifier: MIT
#include "graph_view.h"

#include "graph_overview.h"
#include "graph_scene.h"
#include "node_item.h"

#include <QKeyEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace compass::ui {

namespace {

constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 8.0;
constexpr double kMaxFitZoom = 1.5;
constexpr double kReadableZoom = 0.8;
constexpr double kMinUsefulFitZoom = 0.45; // below this node labels are unreadable
constexpr double kStartZoom = 0.8;

} // namespace

GraphView::GraphView(QWidget* parent)
    : QGraphicsView(parent)
    , m_overview(new GraphOverview(this))
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    m_overview->hide();
}

double GraphView::zoom() const
{
    return transform().m11();
}

int GraphView::zoomPercent() const
{
    return static_cast<int>(std::lround(zoom() * 100.0));
}

void GraphView::announceZoom()
{
    const double now = zoom();
    if (now == m_announcedZoom)
        return;
    m_announcedZoom = now;
    emit zoomChanged(now);
}

void GraphView::setZoom(double zoom)
{
    const double clamped = std::clamp(zoom, kMinZoom, kMaxZoom);
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    setTransform(QTransform::fromScale(clamped, clamped));
    setTransformationAnchor(anchor);
    updateOverview();
    announceZoom();
}

void GraphView::zoomBy(double factor)
{
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    const double applied = target / zoom();
    scale(applied, applied);
    updateOverview();
    announceZoom();
}

void GraphView::fitAll()
{
    if (!scene())
        return;
    setSceneRect(QRectF()); // scroll ranges of a just-rebuilt scene (see centreOnNode)
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    if (zoom() > kMaxFitZoom)
        setZoom(kMaxFitZoom);
    updateOverview();
    announceZoom();
}

void GraphView::showStart(bool leftToRight)
{
    fitAll();
    if (!scene() || zoom() >= kMinUsefulFitZoom)
        return;
    setZoom(kStartZoom);
    const QRectF all = scene()->sceneRect();
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (leftToRight)
        centerOn(all.left() + visible.width() / 2, all.center().y());
    else
        centerOn(all.center().x(), all.top() + visible.height() / 2);
    updateOverview();
}

bool GraphView::centreOnNode(int id)
{
    auto* graphScene = qobject_cast<GraphScene*>(scene());
    NodeItem* item = graphScene ? graphScene->nodeItemById(id) : nullptr;
    if (!item)
        return false;
    if (zoom() < kReadableZoom)
        setZoom(kReadableZoom);
    // The scene was rebuilt in this event (a block expanded for the search): the view updates
    // its scroll ranges to a grown scene rect only later, so centring now would stop at the
    // old rect's edge. Following the scene's rect again recalculates them at once.
    setSceneRect(QRectF());
    centerOn(item);
    updateOverview();
    return true;
}

void GraphView::setOverviewEnabled(bool enabled)
{
    m_overviewEnabled = enabled;
    updateOverview();
}

void GraphView::wheelEvent(QWheelEvent* event)
{
    // Ctrl is not needed: the wheel zooms, the scroll bars and dragging pan.
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.15, steps));
    event->accept();
}

void GraphView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        resetZoom();
        return;
    case Qt::Key_F:
        fitAll();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

void GraphView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    updateOverview();
}

void GraphView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    updateOverview();
}

void GraphView::updateOverview()
{
    emit viewportMoved();
    if (!scene() || !m_overviewEnabled) {
        m_overview->hide();
        return;
    }
    // Only worth the space when the graph does not fit the window.
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    const QRectF all = scene()->sceneRect();
    const bool fits = visible.contains(all.adjusted(4, 4, -4, -4));
    if (fits || all.isEmpty()) {
        m_overview->hide();
        return;
    }
    const QRect area = viewport()->geometry();
    const double aspect = all.width() / std::max(1.0, all.height());
    int h = std::clamp(area.height() / 3, 80, 260);
    int w = static_cast<int>(h * aspect);
    if (w > area.width() / 3) {
        w = std::clamp(area.width() / 3, 80, 320);
        h = static_cast<int>(w / std::max(0.05, aspect));
        h = std::clamp(h, 40, area.height() / 2);
    }
    w = std::max(w, 40);
    m_overview->setGeometry(area.right() - w - 8, area.bottom() - h - 8, w, h);
    m_overview->setMainView(this);
    m_overview->show();
    m_overview->raise();
    m_overview->viewport()->update();
}

} // namespace compass::ui
