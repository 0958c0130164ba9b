// SPDX-License-Identifier: MIT
#include "ui/history/method_swatch_delegate.h"

#include "ui/charts/partition_palette.h"

#include <QPainter>
#include <QPixmap>

namespace compass::ui {

QColor MethodSwatchDelegate::colorFor(const QModelIndex& index)
{
    return methodColor(index.data(Qt::DisplayRole).toString(), -1);
}

void MethodSwatchDelegate::initStyleOption(QStyleOptionViewItem* option,
                                           const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int side = std::max(8, option->fontMetrics.height() - 6);
    const QColor colour = colorFor(index);
    const quint64 key = (static_cast<quint64>(colour.rgba()) << 16) | static_cast<quint64>(side);
    auto it = m_swatches.find(key);
    if (it == m_swatches.end()) {
        QPixmap swatch(side, side);
        swatch.fill(Qt::transparent);
        QPainter painter(&swatch);
        painter.setPen(colour.darker(130));
        painter.setBrush(colour);
        painter.drawRect(0, 0, side - 1, side - 1);
        painter.end();
        it = m_swatches.insert(key, QIcon(swatch));
    }
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = *it;
    option->decorationSize = QSize(side, side);
}

} // namespace compass::ui
