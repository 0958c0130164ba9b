// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

class QAction;
class QMenu;
class QTableView;

namespace compass::ui {

// Copying a table's rows as text for a spreadsheet or a note: tab-separated, a header line of
// the visible columns' titles (in the order the view shows them, units where the titles have
// them), then one line per row with its values as the view displays them ("55.38 mJ").

/// The text of `rows` (rows of the view's model, copied in the order given).
QString tableRowsText(const QTableView& view, const QList<int>& rows);
/// The selected rows, top to bottom; empty when none is selected.
QString selectedRowsText(const QTableView& view);
/// Every row, top to bottom.
QString allRowsText(const QTableView& view);

/// The two copy actions of a table: "Copy" (Ctrl+C: the selected rows) and "Copy All".
struct TableCopyActions
{
    QAction* copy = nullptr;
    QAction* copyAll = nullptr;
};

/// Adds "Copy" and "Copy All" to `view` (children of it, shortcuts active while it has focus),
/// putting the text on the clipboard; "Copy" is enabled while rows are selected. Call it once
/// the view has its model. Add them to a context menu with addTableCopyActions().
TableCopyActions installTableCopyActions(QTableView* view);
/// Appends the actions to `menu`, "Copy" enabled only with a selection.
void addTableCopyActions(QMenu& menu, const QTableView& view, const TableCopyActions& actions);

} // namespace compass::ui
