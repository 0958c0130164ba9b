// SPDX-License-Identifier: MIT
#include "node_item.h"

#include "core/support/units.h"
#include "ui/charts/partition_palette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace compass::ui {

namespace {

constexpr double kWeightWidthPt = 150.0;
constexpr double kWeightHeightPt = 40.0;
constexpr double kPlainWidthPt = 128.0;
constexpr double kPlainHeightPt = 26.0;
constexpr double kSummaryWidthPt = 180.0;
constexpr double kSummaryHeightPt = 46.0;
// A little more than the text needs: glyph advances differ by a fraction of a point between
// the screen, a 2x PNG and a PDF.
constexpr double kTextSlackPt = 3.0;

const QColor kInputColor(0x00, 0x72, 0xB2);  // Okabe-Ito blue
const QColor kOutputColor(0xD5, 0x5E, 0x00); // Okabe-Ito vermillion

QFont labelFont(bool bold)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(bold ? 8.0 : 7.0);
    font.setBold(bold);
    return font;
}

// 2359296 -> "2.36 M": enough to compare layers at a glance; the tooltip has exact figures.
QString compactCount(std::int64_t value)
{
    const auto v = static_cast<double>(value);
    if (value >= 1'000'000)
        return units::number(v / 1e6, 3) + QStringLiteral(" M");
    if (value >= 1'000)
        return units::number(v / 1e3, 3) + QStringLiteral(" k");
    return QString::number(value);
}

// The second line; `partition` is the " · P3" part (or a placeholder when reserving room).
QString subtitleText(const GraphViewNode& node, bool fullName, const QString& partition)
{
    if (node.isAttention) {
        const QString text = QStringLiteral("attention · %1 MACs").arg(compactCount(node.macs));
        return fullName ? node.op + QStringLiteral(" · ") + text : text;
    }
    if (node.isSummary) {
        return QStringLiteral("%1 · %2 weights%3")
            .arg(units::count(node.memberCount, QStringLiteral("node"), QStringLiteral("nodes")),
                 compactCount(node.weights), partition);
    }
    if (!node.isWeightLayer)
        return {};
    const QString weights =
        QStringLiteral("%1 weights%2").arg(compactCount(node.weights), partition);
    // The title is the op unless full names are shown; then the op leads the second line.
    return fullName ? node.op + QStringLiteral(" · ") + weights : weights;
}

QString partitionText(const GraphViewNode& node)
{
    if (node.isSummary && node.partitions.size() > 1) {
        return QStringLiteral(" · P%1–P%2")
            .arg(node.partitions.front())
            .arg(node.partitions.back());
    }
    if (node.partition >= 0 && (node.isWeightLayer || node.isSummary))
        return QStringLiteral(" · P%1").arg(node.partition);
    return {};
}

} // namespace

NodeItem::NodeItem(const GraphViewNode& node, int index, bool fullName)
    : m_node(node)
    , m_index(index)
    , m_fullName(fullName)
    , m_size(sizeFor(node, fullName))
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setToolTip(node.tooltip);
    setZValue(2.0);
    setCacheMode(DeviceCoordinateCache);
}

QFont NodeItem::titleFont()
{
    return labelFont(true);
}

QFont NodeItem::subtitleFont()
{
    return labelFont(false);
}

QString NodeItem::titleFor(const GraphViewNode& node, bool fullName)
{
    if (node.isSummary || node.op.isEmpty())
        return node.name;
    return fullName && !node.name.isEmpty() ? node.name : node.op;
}

QString NodeItem::subtitleFor(const GraphViewNode& node, bool fullName)
{
    return subtitleText(node, fullName, partitionText(node));
}

QSizeF NodeItem::sizeFor(const GraphViewNode& node, bool fullName)
{
    QSizeF size(kPlainWidthPt, kPlainHeightPt);
    if (node.isSummary)
        size = {kSummaryWidthPt, kSummaryHeightPt};
    else if (node.isWeightLayer || node.isAttention)
        size = {kWeightWidthPt, kWeightHeightPt};
    // Partitions change without a relayout: reserve room for three-digit ones (digits are
    // equally wide).
    QString reserve;
    if (node.isSummary)
        reserve = QStringLiteral(" · P888–P888");
    else if (node.isWeightLayer)
        reserve = QStringLiteral(" · P888");
    const double text = std::max(
        QFontMetricsF(titleFont()).horizontalAdvance(titleFor(node, fullName)),
        QFontMetricsF(subtitleFont()).horizontalAdvance(subtitleText(node, fullName, reserve)));
    size.setWidth(std::max(size.width(), std::ceil(text + 2 * kTextMarginPt + kTextSlackPt)));
    return size;
}

QRectF NodeItem::boxRect() const
{
    return {-m_size.width() / 2, -m_size.height() / 2, m_size.width(), m_size.height()};
}

void NodeItem::setNode(const GraphViewNode& node)
{
    m_node = node;
    setToolTip(node.tooltip);
    update();
}

void NodeItem::setHighlight(Highlight highlight)
{
    if (m_highlight == highlight)
        return;
    m_highlight = highlight;
    update();
}

QRectF NodeItem::boundingRect() const
{
    const double margin = 3.0; // room for the selection / highlight outline
    return boxRect().adjusted(-margin, -margin, margin, margin);
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const QRectF box = boxRect();
    const QColor fill = m_node.isWeightLayer || m_node.isSummary ? partitionColor(m_node.partition)
                                                                 : partitionTint(m_node.partition);
    QPen pen(QColor(0x40, 0x40, 0x40), 0.8);
    if (m_highlight == Highlight::Input)
        pen = QPen(kInputColor, 2.5);
    else if (m_highlight == Highlight::Output)
        pen = QPen(kOutputColor, 2.5);
    if (isSelected())
        pen = QPen(Qt::black, 3.0);
    if (m_node.isSummary)
        pen.setStyle(isSelected() ? Qt::SolidLine : Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(fill);
    const double radius = m_node.isWeightLayer ? 3.0 : 8.0;
    painter->drawRoundedRect(box, radius, radius);
    const bool hasBand = m_node.isSummary && m_node.partitions.size() > 1;
    constexpr double bandHeight = 7.0;
    if (hasBand) {
        // A cut runs through the block: a band along the bottom shows every partition in it.
        const QRectF band(box.left() + 1.0, box.bottom() - bandHeight - 1.0, box.width() - 2.0,
                          bandHeight);
        const double width = band.width() / static_cast<double>(m_node.partitions.size());
        painter->setPen(Qt::NoPen);
        for (std::size_t k = 0; k < m_node.partitions.size(); ++k) {
            painter->setBrush(partitionColor(m_node.partitions[k]));
            painter->drawRect(QRectF(band.left() + width * static_cast<double>(k), band.top(),
                                     width, band.height()));
        }
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box, radius, radius);
    }
    if (m_node.isAttention) {
        // Attention (two activation operands) gets a double outline: distinct in any colour.
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(2.5, 2.5, -2.5, -2.5), radius - 2.0, radius - 2.0);
    }

    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.35)
        return; // text is unreadable this small; skipping it keeps big graphs fluid

    painter->setPen(textColorOn(fill));
    // Never elided: sizeFor() made the box wide enough. TextDontClip keeps whole a glyph the
    // device draws a fraction wider than the screen does.
    const QRectF text =
        box.adjusted(kTextMarginPt, 2, -kTextMarginPt, hasBand ? -bandHeight - 1.0 : -2.0);
    const int flags = Qt::AlignCenter | Qt::TextDontClip | Qt::TextSingleLine;
    const QString subtitle = this->subtitle();
    painter->setFont(titleFont());
    if (subtitle.isEmpty()) {
        // Small boxes show one line; the tooltip has the rest.
        painter->drawText(text, flags, title());
        return;
    }
    const QRectF top(text.left(), text.top(), text.width(), text.height() / 2);
    const QRectF bottom(text.left(), text.center().y(), text.width(), text.height() / 2);
    painter->drawText(top, flags, title());
    painter->setFont(subtitleFont());
    painter->drawText(bottom, flags, subtitle);
}

} // namespace compass::ui
