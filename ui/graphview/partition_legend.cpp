// SPDX-License-Identifier: MIT
#include "partition_legend.h"

#include "ui/charts/partition_palette.h"

#include <QPainter>

#include <algorithm>

namespace compass::ui {

namespace {

constexpr int kSwatch = 12;
constexpr int kGap = 6;
constexpr int kMaxShown = 14;

} // namespace

PartitionLegend::PartitionLegend(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Partition colours (Okabe-Ito, colour-blind safe); weight-free operators are "
                  "drawn smaller in a lighter tint of their partition."));
}

void PartitionLegend::setPartitions(std::vector<int> partitions)
{
    std::sort(partitions.begin(), partitions.end());
    partitions.erase(std::unique(partitions.begin(), partitions.end()), partitions.end());
    m_partitions = std::move(partitions);
    update();
}

QSize PartitionLegend::sizeHint() const
{
    return {400, fontMetrics().height() + 8};
}

void PartitionLegend::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    int x = 4;
    const int cy = height() / 2;
    auto entry = [&](const QColor& fill, const QColor& outline, const QString& label) {
        painter.setPen(QPen(outline, outline == fill ? 0.8 : 2.0));
        painter.setBrush(fill);
        painter.drawRoundedRect(QRect(x, cy - kSwatch / 2, kSwatch, kSwatch), 2, 2);
        x += kSwatch + 4;
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QPoint(x, cy + fm.ascent() / 2 - 1), label);
        x += fm.horizontalAdvance(label) + kGap * 2;
    };
    int shown = 0;
    for (int p : m_partitions) {
        if (shown++ == kMaxShown) {
            const QString more = tr("… %1 more").arg(m_partitions.size() - kMaxShown);
            painter.drawText(QPoint(x, cy + fm.ascent() / 2 - 1), more);
            x += fm.horizontalAdvance(more) + kGap * 2;
            break;
        }
        entry(partitionColor(p), QColor(0x40, 0x40, 0x40),
              p < 0 ? tr("no plan") : tr("P%1").arg(p));
    }
    x += kGap;
    entry(Qt::white, QColor(0x00, 0x72, 0xB2), tr("input of selection"));
    entry(Qt::white, QColor(0xD5, 0x5E, 0x00), tr("output of selection"));
}

} // namespace compass::ui
