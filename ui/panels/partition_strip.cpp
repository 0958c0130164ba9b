// SPDX-License-Identifier: MIT
#include "partition_strip.h"

#include "core/support/units.h"
#include "ui/charts/partition_palette.h"
#include "ui/document/project_document.h"

#include <QAction>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace compass::ui {

namespace {

constexpr double kMarginPx = 10.0;
constexpr double kBarTopPx = 6.0;
constexpr double kBarHeightPx = 30.0;
constexpr double kHandleTolerancePx = 6.0;
constexpr double kOffDistancePx = 36.0;
const QColor kInvalidColor(214, 39, 40);

} // namespace

PartitionStrip::PartitionStrip(ProjectDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_byLatency(new QAction(tr("Partition Strip by &Latency"), this))
{
    setObjectName(QStringLiteral("PartitionStrip"));
    m_byLatency->setCheckable(true);
    m_byLatency->setToolTip(tr("Size the strip's segments by latency instead of crossbars"));
    connect(m_byLatency, &QAction::toggled, this,
            [this](bool on) { setMode(on ? StripMode::Latency : StripMode::Crossbars); });
    setFocusPolicy(Qt::ClickFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto refresh = [this] {
        if (m_dragCut < 0)
            rebuildGeometry();
        update();
    };
    connect(document, &ProjectDocument::modelChanged, this, [this] {
        m_highlightedNode = -1;
        m_highlighted = -1;
    });
    connect(document, &ProjectDocument::problemChanged, this, [this, refresh] {
        m_selectedCut = -1;
        refresh();
    });
    connect(document, &ProjectDocument::planChanged, this, [this, refresh] {
        if (m_selectedCut >= static_cast<int>(m_document->innerCuts().size()))
            m_selectedCut = -1;
        refresh();
    });
    connect(document, &ProjectDocument::evaluationChanged, this, [this, refresh] {
        if (m_highlightedNode >= 0)
            m_highlighted = m_document->evaluation().partitionOfNode(m_highlightedNode);
        refresh();
    });
    rebuildGeometry();
}

QSize PartitionStrip::sizeHint() const
{
    return {600, static_cast<int>(kBarTopPx + kBarHeightPx) + fontMetrics().height() + 8};
}

QSize PartitionStrip::minimumSizeHint() const
{
    return {200, sizeHint().height()};
}

QRectF PartitionStrip::barRect() const
{
    return {kMarginPx, kBarTopPx, std::max(1.0, width() - 2 * kMarginPx), kBarHeightPx};
}

void PartitionStrip::setMode(StripMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_byLatency->setChecked(mode == StripMode::Latency);
    rebuildGeometry();
    update();
    emit modeChanged(mode);
}

void PartitionStrip::setHighlightedPartition(int partition)
{
    m_highlightedNode = -1;
    m_highlighted = partition;
    update();
}

void PartitionStrip::setHighlightedNode(int nodeId)
{
    m_highlightedNode = nodeId >= 0 ? nodeId : -1;
    m_highlighted = nodeId >= 0 ? m_document->evaluation().partitionOfNode(nodeId) : -1;
    update();
}

void PartitionStrip::setSelectedCut(int cutIndex)
{
    m_selectedCut = cutIndex;
    update();
}

bool PartitionStrip::removeSelectedCut()
{
    if (m_selectedCut < 0)
        return false;
    const bool removed = m_document->removeCut(m_selectedCut);
    m_selectedCut = -1;
    update();
    return removed;
}

void PartitionStrip::rebuildGeometry()
{
    const UnitLayout& layout = m_document->unitLayout();
    const std::vector<double> widths = m_mode == StripMode::Latency
                                           ? unitWidthsByLatency(layout, m_document->evaluation())
                                           : unitWidthsByCrossbars(layout);
    const QRectF bar = barRect();
    m_geometry = StripGeometry::build(widths, bar.left(), bar.width());
}

void PartitionStrip::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    rebuildGeometry();
}

int PartitionStrip::partitionAtUnit(int unit) const
{
    const std::vector<std::int32_t>& cuts = m_document->plan().cuts();
    if (unit < 0 || cuts.size() < 2 || unit >= cuts.back())
        return -1;
    const auto it = std::upper_bound(cuts.begin(), cuts.end(), unit);
    return static_cast<int>(it - cuts.begin()) - 1;
}

bool PartitionStrip::isOffBar(const QPointF& pos) const
{
    const QRectF bar = barRect();
    return pos.y() < bar.top() - kOffDistancePx || pos.y() > bar.bottom() + kOffDistancePx;
}

void PartitionStrip::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().window());
    const QRectF bar = barRect();
    const int m = m_geometry.unitCount();
    if (m == 0 || !m_document->hasModel()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(bar, Qt::AlignCenter, tr("Open a network to see its partition plan"));
        return;
    }
    const Plan& plan = m_document->plan();
    const PlanEvaluation& eval = m_document->evaluation();
    const bool evalCurrent = eval.cuts == plan.cuts();
    for (std::int32_t i = 0; i < plan.partitionCount(); ++i) {
        const UnitSpan span = plan.partition(i);
        const QRectF seg(QPointF(m_geometry.xOfPosition(span.begin), bar.top()),
                         QPointF(m_geometry.xOfPosition(span.end), bar.bottom()));
        const PartitionInfo* info = evalCurrent && i < eval.partitionCount()
                                        ? &eval.partitions[static_cast<std::size_t>(i)]
                                        : nullptr;
        const bool invalid = info && !info->valid;
        const QColor fill = invalid ? kInvalidColor : partitionColor(i);
        p.fillRect(seg, fill);
        if (invalid)
            p.fillRect(seg, QBrush(Qt::white, Qt::BDiagPattern));
        // Label: "P3 · 1.25 ms" when it fits, else "P3", else nothing.
        QString label = invalid ? tr("P%1 invalid").arg(i) : QStringLiteral("P%1").arg(i);
        if (info && info->valid && info->latencyNs > 0.0)
            label += QStringLiteral(" · ") + units::duration(info->latencyNs, 3);
        const QFontMetrics fm = fontMetrics();
        if (fm.horizontalAdvance(label) + 6 > seg.width())
            label = invalid ? QStringLiteral("!") : QStringLiteral("P%1").arg(i);
        if (fm.horizontalAdvance(label) + 4 <= seg.width()) {
            p.setPen(invalid ? Qt::white : textColorOn(fill));
            p.drawText(seg, Qt::AlignCenter, label);
        }
        if (i == m_highlighted) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 3));
            p.setBrush(Qt::NoBrush);
            p.drawRect(seg.adjusted(1.5, 1.5, -1.5, -1.5));
        }
    }
    p.setPen(QPen(QColor(60, 60, 60), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    // Cut handles.
    const std::vector<std::int32_t> cuts = plan.innerCuts();
    for (std::size_t c = 0; c < cuts.size(); ++c) {
        const double x = m_geometry.xOfPosition(cuts[c]);
        const bool selected = static_cast<int>(c) == m_selectedCut;
        const bool removing = static_cast<int>(c) == m_dragCut && m_dragOff;
        QColor colour = selected ? palette().color(QPalette::Highlight) : QColor(30, 30, 30);
        if (removing)
            colour = QColor(150, 150, 150);
        p.setPen(QPen(colour, selected ? 3 : 2));
        p.drawLine(QPointF(x, bar.top() - 4), QPointF(x, bar.bottom() + 4));
        QPolygonF grip;
        grip << QPointF(x - 5, bar.top() - 6) << QPointF(x + 5, bar.top() - 6)
             << QPointF(x, bar.top() + 1);
        p.setBrush(colour);
        p.drawPolygon(grip);
        p.setBrush(Qt::NoBrush);
    }
    // Axis text under the bar.
    p.setPen(palette().color(QPalette::WindowText));
    const QRectF text(bar.left(), bar.bottom() + 3, bar.width(), fontMetrics().height());
    p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, tr("unit 0"));
    p.drawText(text, Qt::AlignRight | Qt::AlignVCenter, tr("unit %1").arg(m));
    p.drawText(text, Qt::AlignHCenter | Qt::AlignVCenter,
               m_dragCut >= 0 && m_dragOff ? tr("release to remove this cut") : caption());
}

QString PartitionStrip::caption() const
{
    const QString partitions =
        units::count(m_document->plan().partitionCount(), tr("partition"), tr("partitions"));
    return m_mode == StripMode::Crossbars ? tr("%1 · width ∝ crossbars").arg(partitions)
                                          : tr("%1 · width ∝ latency").arg(partitions);
}

void PartitionStrip::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_document->hasModel())
        return QWidget::mousePressEvent(event);
    const QPointF pos = event->position();
    const std::vector<std::int32_t> cuts = m_document->innerCuts();
    const int handle = m_geometry.handleAt(cuts, pos.x(), kHandleTolerancePx);
    if (handle >= 0) {
        m_dragCut = handle;
        m_selectedCut = handle;
        m_dragId = m_document->newDragId();
        m_dragOrigin = cuts[static_cast<std::size_t>(handle)];
        m_dragOff = false;
        update();
        event->accept();
        return;
    }
    m_selectedCut = -1;
    const int partition = partitionAtUnit(m_geometry.unitAt(pos.x()));
    if (partition >= 0) {
        m_highlighted = partition;
        emit partitionClicked(partition);
    }
    update();
    event->accept();
}

void PartitionStrip::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragCut < 0) {
        const bool onHandle = m_geometry.handleAt(m_document->innerCuts(), event->position().x(),
                                                  kHandleTolerancePx) >= 0;
        setCursor(onHandle ? Qt::SplitHCursor : Qt::ArrowCursor);
        return;
    }
    const std::vector<std::int32_t> cuts = m_document->innerCuts();
    const auto i = static_cast<std::size_t>(m_dragCut);
    if (i >= cuts.size())
        return;
    m_dragOff = isOffBar(event->position());
    std::int32_t target = m_dragOrigin;
    if (!m_dragOff) {
        const std::int32_t low = i == 0 ? 0 : cuts[i - 1];
        const std::int32_t high = i + 1 == cuts.size() ? m_document->unitCount() : cuts[i + 1];
        target = std::clamp(m_geometry.nearestPosition(event->position().x()), low + 1, high - 1);
    }
    // Off the bar the cut goes back to where it was (the merged step then vanishes), so a
    // drag-off ends as exactly one "remove" step.
    if (target != cuts[i])
        m_document->moveCut(m_dragCut, target, m_dragId);
    update();
    event->accept();
}

void PartitionStrip::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_dragCut < 0 || event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const int cut = m_dragCut;
    const bool off = m_dragOff;
    m_dragCut = -1;
    m_dragOff = false;
    if (off) {
        m_document->removeCut(cut);
        m_selectedCut = -1;
    }
    rebuildGeometry();
    update();
    event->accept();
}

void PartitionStrip::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_document->hasModel())
        return QWidget::mouseDoubleClickEvent(event);
    const std::int32_t position = m_geometry.nearestPosition(event->position().x());
    if (m_document->addCut(position))
        m_selectedCut = m_document->cutIndexAt(position);
    update();
    event->accept();
}

void PartitionStrip::keyPressEvent(QKeyEvent* event)
{
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) &&
        removeSelectedCut()) {
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool PartitionStrip::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

QString PartitionStrip::toolTipAt(const QPointF& pos) const
{
    if (!m_document->hasModel())
        return {};
    const UnitLayout& layout = m_document->unitLayout();
    const std::vector<std::int32_t> cuts = m_document->innerCuts();
    const int handle = m_geometry.handleAt(cuts, pos.x(), kHandleTolerancePx);
    auto layerOf = [&](int unit) {
        if (unit < 0 || unit >= layout.unitCount())
            return QString();
        return layout
            .layerNames[static_cast<std::size_t>(layout.unitLayer[static_cast<std::size_t>(unit)])];
    };
    if (handle >= 0) {
        const std::int32_t c = cuts[static_cast<std::size_t>(handle)];
        return tr("<b>Cut at unit %1</b><br>between %2 and %3<br>Drag to move · drag off the bar "
                  "or press Delete to remove")
            .arg(c)
            .arg(layerOf(c - 1).toHtmlEscaped(), layerOf(c).toHtmlEscaped());
    }
    const int partition = partitionAtUnit(m_geometry.unitAt(pos.x()));
    if (partition < 0)
        return {};
    const PlanEvaluation& eval = m_document->evaluation();
    const UnitSpan span = m_document->plan().partition(partition);
    QString text =
        tr("<b>Partition %1</b>: units %2–%3<br>%4 … %5")
            .arg(partition)
            .arg(span.begin)
            .arg(span.end)
            .arg(layerOf(span.begin).toHtmlEscaped(), layerOf(span.end - 1).toHtmlEscaped());
    if (eval.cuts == m_document->plan().cuts() && partition < eval.partitionCount()) {
        const PartitionInfo& info = eval.partitions[static_cast<std::size_t>(partition)];
        text += tr("<br>Crossbars: %1 of %2 (replication 1)")
                    .arg(info.crossbars)
                    .arg(layout.chipCrossbars);
        if (info.valid)
            text += tr("<br>With replication: %1 · latency %2 per batch")
                        .arg(info.crossbarsUsed)
                        .arg(units::duration(info.latencyNs));
        else
            text += tr("<br><span style='color:#c00'><b>Invalid:</b> %1</span>")
                        .arg(info.reason.toHtmlEscaped());
    }
    text += tr("<br>Double-click to add a cut");
    return text;
}

} // namespace compass::ui
