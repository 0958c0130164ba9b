// SPDX-License-Identifier: MIT
#include "node_item.h"

#include "core/support/units.h"
#include "ui/charts/partition_palette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace compass::ui {

namespace {

constexpr double kWeightWidthPt = 150.0;
constexpr double kWeightHeightPt = 40.0;
constexpr double kPlainWidthPt = 128.0;
constexpr double kPlainHeightPt = 26.0;
constexpr double kSummaryWidthPt = 180.0;
constexpr double kSummaryHeightPt = 46.0;

const QColor kInputColor(0x00, 0x72, 0xB2);  // Okabe-Ito blue
const QColor kOutputColor(0xD5, 0x5E, 0x00); // Okabe-Ito vermillion

QFont labelFont(bool bold)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(bold ? 8.0 : 7.0);
    font.setBold(bold);
    return font;
}

// The last path segment of torch-style names ("/layer1/layer1.0/conv1/Conv" -> "conv1/Conv").
QString shortName(const QString& name)
{
    const QStringList parts = name.split('/', Qt::SkipEmptyParts);
    if (parts.size() <= 2)
        return name;
    return parts[parts.size() - 2] + '/' + parts.back();
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

} // namespace

NodeItem::NodeItem(const GraphViewNode& node, int index)
    : m_node(node)
    , m_index(index)
    , m_size(sizeFor(node))
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setToolTip(node.tooltip);
    setZValue(2.0);
    setCacheMode(DeviceCoordinateCache);
}

QSizeF NodeItem::sizeFor(const GraphViewNode& node)
{
    if (node.isSummary)
        return {kSummaryWidthPt, kSummaryHeightPt};
    if (node.isWeightLayer || node.isAttention)
        return {kWeightWidthPt, kWeightHeightPt};
    return {kPlainWidthPt, kPlainHeightPt};
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
    return QRectF(-m_size.width() / 2 - margin, -m_size.height() / 2 - margin,
                  m_size.width() + 2 * margin, m_size.height() + 2 * margin);
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const QRectF box(-m_size.width() / 2, -m_size.height() / 2, m_size.width(), m_size.height());
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
    if (m_node.isSummary && m_node.partitions.size() > 1) {
        // A cut runs through the block: a band along the bottom shows every partition in it.
        const double bandHeight = 7.0;
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
    const QRectF text = box.adjusted(5, 2, -5, -2);
    const QFont bold = labelFont(true);
    const QFont plain = labelFont(false);
    QString title = m_node.isSummary ? m_node.name : shortName(m_node.name);
    QString subtitle =
        m_node.isSummary
            ? QStringLiteral("%1 · %2 weights")
                  .arg(units::count(m_node.memberCount, QStringLiteral("node"),
                                    QStringLiteral("nodes")),
                       compactCount(m_node.weights))
            : QStringLiteral("%1 · %2 weights").arg(m_node.op, compactCount(m_node.weights));
    if (m_node.isSummary && m_node.partitions.size() > 1)
        subtitle += QStringLiteral(" · P%1–P%2")
                        .arg(m_node.partitions.front())
                        .arg(m_node.partitions.back());
    else if (m_node.partition >= 0 && (m_node.isWeightLayer || m_node.isSummary))
        subtitle += QStringLiteral(" · P%1").arg(m_node.partition);
    if (m_node.isAttention)
        subtitle = QStringLiteral("attention · %1 MACs").arg(compactCount(m_node.macs));
    if (!m_node.isWeightLayer && !m_node.isSummary && !m_node.isAttention) {
        // Small boxes show the op only, the name is in the tooltip.
        painter->setFont(bold);
        painter->drawText(text, Qt::AlignCenter,
                          QFontMetricsF(bold).elidedText(m_node.op, Qt::ElideRight, text.width()));
        return;
    }
    painter->setFont(bold);
    const QRectF top(text.left(), text.top(), text.width(), text.height() / 2);
    const QRectF bottom(text.left(), text.center().y(), text.width(), text.height() / 2);
    painter->drawText(top, Qt::AlignCenter,
                      QFontMetricsF(bold).elidedText(
                          title, m_node.isSummary ? Qt::ElideLeft : Qt::ElideMiddle, text.width()));
    painter->setFont(plain);
    painter->drawText(bottom, Qt::AlignCenter,
                      QFontMetricsF(plain).elidedText(subtitle, Qt::ElideRight, text.width()));
}

} // namespace compass::ui
