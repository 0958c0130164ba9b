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
    const auto entryWidth = [&fm](const QString& label) {
        return kSwatch + 4 + fm.horizontalAdvance(label) + kGap * 2;
    };
    // The selection keys always fit: the partitions get what is left of the width, and those
    // that do not fit are counted in "… N more" (at most kMaxShown are listed).
    QString input = tr("input of selection");
    QString output = tr("output of selection");
    if (entryWidth(input) + entryWidth(output) + kGap > width() / 2) {
        input = tr("input");
        output = tr("output");
    }
    const int keys = kGap + entryWidth(input) + entryWidth(output);
    const int moreWidth = fm.horizontalAdvance(tr("… %1 more").arg(m_partitions.size())) + kGap * 2;
    const int count = static_cast<int>(m_partitions.size());
    int fitting = 0;
    for (int used = x; fitting < std::min(count, kMaxShown); ++fitting) {
        const QString label = m_partitions[static_cast<std::size_t>(fitting)] < 0
                                  ? tr("no plan")
                                  : tr("P%1").arg(m_partitions[static_cast<std::size_t>(fitting)]);
        const bool last = fitting + 1 == count;
        if (used + entryWidth(label) + (last ? 0 : moreWidth) + keys > width())
            break;
        used += entryWidth(label);
    }
    for (int i = 0; i < fitting; ++i) {
        const int p = m_partitions[static_cast<std::size_t>(i)];
        entry(partitionColor(p), QColor(0x40, 0x40, 0x40),
              p < 0 ? tr("no plan") : tr("P%1").arg(p));
    }
    if (fitting < count) {
        const QString more = tr("… %1 more").arg(count - fitting);
        painter.drawText(QPoint(x, cy + fm.ascent() / 2 - 1), more);
        x += fm.horizontalAdvance(more) + kGap * 2;
    }
    x += kGap;
    entry(Qt::white, QColor(0x00, 0x72, 0xB2), input);
    entry(Qt::white, QColor(0xD5, 0x5E, 0x00), output);
    m_paintedWidth = x - kGap * 2; // the last entry's trailing gap is not drawn
}

} // namespace compass::ui
