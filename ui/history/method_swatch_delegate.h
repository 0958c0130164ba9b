// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QIcon>
#include <QStyledItemDelegate>

namespace compass::ui {

/// Draws the run history's Method cells with a swatch of the method's colour before its name,
/// the colour that method has in every chart (methodColor), so a run in the table and its bar
/// in a chart are recognisably the same method. The history model is Qt Core only; the colour
/// is the view's business.
class MethodSwatchDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    /// The swatch colour of a Method cell (its display text names the method).
    static QColor colorFor(const QModelIndex& index);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    /// Painted once per colour and size, not on every paint of a cell.
    mutable QHash<quint64, QIcon> m_swatches;
};

} // namespace compass::ui
