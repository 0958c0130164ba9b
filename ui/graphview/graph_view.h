// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsView>

namespace compass::ui {

class GraphOverview;

/// The zoomable, pannable view of a GraphScene: wheel zooms around the cursor, dragging the
/// background pans, keys + / - / 0 / F zoom in, out, to 100 % and fit. Shows a mini overview
/// in its bottom-right corner when the graph does not fit.
class GraphView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit GraphView(QWidget* parent = nullptr);

    double zoom() const;
    /// zoom() in percent, rounded (what the status bar shows).
    int zoomPercent() const;
    void setZoom(double zoom);
    void zoomBy(double factor);
    void zoomIn() { zoomBy(1.25); }
    void zoomOut() { zoomBy(1.0 / 1.25); }
    void resetZoom() { setZoom(1.0); }
    /// Fits the whole graph, never enlarging beyond 150 %.
    void fitAll();
    /// The first view of a new graph: fits it when that stays readable, otherwise shows its
    /// start (top, or left for left-to-right graphs) at a readable zoom.
    void showStart(bool leftToRight);
    /// Centres the item of node `id` (a GraphScene node), zooming in if it would be unreadable.
    bool centreOnNode(int id);

    GraphOverview* overview() const { return m_overview; }
    void setOverviewEnabled(bool enabled);
    bool isOverviewEnabled() const { return m_overviewEnabled; }

signals:
    void viewportMoved();
    /// The scale changed (wheel, keys, fit, zoom actions, centring on a node).
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void updateOverview();
    /// Emits zoomChanged() when the scale differs from the one last announced.
    void announceZoom();

    GraphOverview* m_overview = nullptr;
    double m_announcedZoom = 1.0;
    bool m_overviewEnabled = true;
};

} // namespace compass::ui
