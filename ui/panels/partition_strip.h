// SPDX-License-Identifier: MIT
#pragma once

#include "strip_geometry.h"

#include <QWidget>

#include <cstdint>

class QAction;

namespace compass::ui {

class ProjectDocument;

/// The plan as a bar under the graph: units in order, partitions as coloured segments sized by
/// crossbars or by latency, cuts as handles. Drag a handle to move a cut (one undo step per
/// drag), double-click to add a cut, drag a handle off the bar or press Delete to remove it.
/// Invalid partitions are red with the reason as tooltip. Edits go through the document.
class PartitionStrip final : public QWidget
{
    Q_OBJECT

public:
    explicit PartitionStrip(ProjectDocument* document, QWidget* parent = nullptr);

    void setMode(StripMode mode);
    StripMode mode() const { return m_mode; }
    /// View ▸ Partition Strip by Latency: a checkable action that follows and sets the mode.
    QAction* byLatencyAction() const { return m_byLatency; }
    /// Outlines one partition, -1 for none.
    void setHighlightedPartition(int partition);
    /// Outlines the partition of a node (compass::NodeId value; INT_MIN for none), and keeps
    /// following that node's partition as the plan changes.
    void setHighlightedNode(int nodeId);
    int highlightedPartition() const { return m_highlighted; }
    int selectedCut() const { return m_selectedCut; }
    void setSelectedCut(int cutIndex);
    /// Removes the selected cut (Delete); false when none is selected.
    bool removeSelectedCut();
    const StripGeometry& geometry() const { return m_geometry; }
    /// The bar's rectangle in widget coordinates.
    QRectF barRect() const;
    /// The line under the bar: "3 partitions · width ∝ crossbars" (or latency).
    QString caption() const;
    /// The tooltip at a point of the widget (a cut handle or a partition), empty elsewhere.
    QString toolTipAt(const QPointF& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// The user clicked a partition's segment.
    void partitionClicked(int partition);
    void modeChanged(compass::ui::StripMode mode);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    void rebuildGeometry();
    int partitionAtUnit(int unit) const;
    bool isOffBar(const QPointF& pos) const;

    ProjectDocument* m_document;
    QAction* m_byLatency = nullptr;
    StripMode m_mode = StripMode::Crossbars;
    StripGeometry m_geometry;
    int m_highlighted = -1;
    int m_highlightedNode = -1; ///< Node whose partition is outlined, -1 for none.
    int m_selectedCut = -1;
    // Drag state: the geometry is frozen while a handle is held.
    int m_dragCut = -1;
    int m_dragId = 0;
    std::int32_t m_dragOrigin = 0;
    bool m_dragOff = false;
};

} // namespace compass::ui
