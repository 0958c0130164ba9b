// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsView>

namespace compass::ui {

/// A small, non-interactive rendering of the whole scene with the main view's visible area
/// drawn as a frame; clicking or dragging in it moves the main view there.
class GraphOverview final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit GraphOverview(QWidget* parent = nullptr);

    void setMainView(QGraphicsView* view);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void moveMainViewTo(const QPoint& pos);

    QGraphicsView* m_main = nullptr;
};

} // namespace compass::ui
