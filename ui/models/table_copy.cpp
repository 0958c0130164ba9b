// SPDX-License-Identifier: MIT
#include "table_copy.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>

#include <algorithm>

namespace compass::ui {

namespace {

/// A cell or title on one line: tabs and line breaks would split the row.
QString field(const QVariant& value)
{
    QString text = value.toString();
    for (QChar& c : text) {
        if (c == u'\t' || c == u'\n' || c == u'\r')
            c = u' ';
    }
    return text;
}

/// The model's columns as the view shows them: visible ones, in visual order.
QList<int> visibleColumns(const QTableView& view)
{
    QList<int> columns;
    const QHeaderView* header = view.horizontalHeader();
    const int count = view.model() ? view.model()->columnCount() : 0;
    for (int visual = 0; visual < count; ++visual) {
        const int logical = header->logicalIndex(visual);
        if (logical >= 0 && !view.isColumnHidden(logical))
            columns << logical;
    }
    return columns;
}

void toClipboard(const QString& text)
{
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

} // namespace

QString tableRowsText(const QTableView& view, const QList<int>& rows)
{
    const QAbstractItemModel* model = view.model();
    if (!model)
        return {};
    const QList<int> columns = visibleColumns(view);
    QStringList lines;
    QStringList header;
    for (int c : columns)
        header << field(model->headerData(c, Qt::Horizontal, Qt::DisplayRole));
    lines << header.join(u'\t');
    for (int row : rows) {
        QStringList cells;
        for (int c : columns)
            cells << field(model->index(row, c).data(Qt::DisplayRole));
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n') + u'\n';
}

QString selectedRowsText(const QTableView& view)
{
    const QItemSelectionModel* selection = view.selectionModel();
    if (!selection)
        return {};
    QList<int> rows;
    for (const QModelIndex& index : selection->selectedIndexes()) {
        if (!rows.contains(index.row()))
            rows << index.row();
    }
    if (rows.isEmpty())
        return {};
    // Top to bottom as the view shows them (a sorted proxy's rows are already in that order).
    const QHeaderView* vertical = view.verticalHeader();
    std::sort(rows.begin(), rows.end(), [vertical](int a, int b) {
        return vertical->visualIndex(a) < vertical->visualIndex(b);
    });
    return tableRowsText(view, rows);
}

QString allRowsText(const QTableView& view)
{
    QList<int> rows;
    const int count = view.model() ? view.model()->rowCount() : 0;
    for (int r = 0; r < count; ++r) {
        if (!view.isRowHidden(r))
            rows << r;
    }
    return tableRowsText(view, rows);
}

TableCopyActions installTableCopyActions(QTableView* view)
{
    TableCopyActions actions;
    actions.copy = new QAction(QTableView::tr("&Copy"), view);
    actions.copy->setObjectName(QStringLiteral("copyRows"));
    actions.copy->setShortcut(QKeySequence::Copy);
    actions.copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    actions.copy->setToolTip(QTableView::tr("Copy the selected rows, with the column titles, as "
                                            "tab-separated text"));
    actions.copyAll = new QAction(QTableView::tr("Copy &All"), view);
    actions.copyAll->setObjectName(QStringLiteral("copyAllRows"));
    actions.copyAll->setToolTip(
        QTableView::tr("Copy every row, with the column titles, as tab-separated text"));
    view->addAction(actions.copy);
    view->addAction(actions.copyAll);
    QObject::connect(actions.copy, &QAction::triggered, view,
                     [view] { toClipboard(selectedRowsText(*view)); });
    QObject::connect(actions.copyAll, &QAction::triggered, view,
                     [view] { toClipboard(allRowsText(*view)); });
    if (QItemSelectionModel* selection = view->selectionModel()) {
        QAction* copy = actions.copy;
        QObject::connect(selection, &QItemSelectionModel::selectionChanged, copy,
                         [copy, selection] { copy->setEnabled(selection->hasSelection()); });
        copy->setEnabled(selection->hasSelection());
    }
    return actions;
}

void addTableCopyActions(QMenu& menu, const QTableView& view, const TableCopyActions& actions)
{
    const QItemSelectionModel* selection = view.selectionModel();
    actions.copy->setEnabled(selection && selection->hasSelection());
    actions.copyAll->setEnabled(view.model() && view.model()->rowCount() > 0);
    menu.addAction(actions.copy);
    menu.addAction(actions.copyAll);
}

} // namespace compass::ui
