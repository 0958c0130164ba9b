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
    QPixmap swatch(side, side);
    swatch.fill(Qt::transparent);
    {
        QPainter painter(&swatch);
        const QColor colour = colorFor(index);
        painter.setPen(colour.darker(130));
        painter.setBrush(colour);
        painter.drawRect(0, 0, side - 1, side - 1);
    }
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = QIcon(swatch);
    option->decorationSize = QSize(side, side);
}

} // namespace compass::ui
