// SPDX-License-Identifier: MIT
// Copying Run History rows: Ctrl+C and the context menu's "Copy" put the selected rows on the
// clipboard as tab-separated text, a header line of the visible column titles (units where
// the titles have them) first, values as the table shows them; "Copy All" every shown row.
#ifndef Q_MOC_RUN
#include "core/support/diagnostics.h"
#include "history_test_data.h"
#include "store/run_store.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_history_panel.h"
#endif

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace compass;
using namespace compass::ui;

namespace {

void seed(const QString& path)
{
    DiagnosticList d;
    std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadWrite, d);
    store->insert(historyTestRun("resnet18", "sram-M", "greedy", 100.0), d);
    store->insert(historyTestRun("resnet18", "sram-M", "genetic", 180.0, {"paper"}), d);
    store->insert(historyTestRun("vgg16", "sram-L", "exact", 20.0), d);
}

/// The lines of `text` (the last line ends with a newline).
QStringList lines(const QString& text)
{
    QStringList out = text.split(QLatin1Char('\n'));
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

/// Row `row` of the table as it shows it, visible columns in visual order.
QStringList shownRow(const QTableView& table, int row)
{
    QStringList cells;
    for (int visual = 0; visual < table.model()->columnCount(); ++visual) {
        const int c = table.horizontalHeader()->logicalIndex(visual);
        if (!table.isColumnHidden(c))
            cells << table.model()->index(row, c).data().toString();
    }
    return cells;
}

QStringList shownHeader(const QTableView& table)
{
    QStringList titles;
    for (int visual = 0; visual < table.model()->columnCount(); ++visual) {
        const int c = table.horizontalHeader()->logicalIndex(visual);
        if (!table.isColumnHidden(c))
            titles << table.model()->headerData(c, Qt::Horizontal).toString();
    }
    return titles;
}

void selectRows(QTableView& table, std::initializer_list<int> rows)
{
    table.clearSelection();
    for (int row : rows)
        table.selectionModel()->select(table.model()->index(row, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

} // namespace

class TestRunHistoryCopy : public QObject
{
    Q_OBJECT

private slots:
    void copiesTwoSelectedRowsWithTheHeader()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        seed(path);
        RunHistoryController controller;
        RunHistoryPanel panel(&controller);
        panel.resize(1100, 300);
        panel.openDatabase(path, false);
        panel.show();
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QTableView& table = *panel.table();
        QCOMPARE(table.model()->rowCount(), 3);

        // Newest first: rows 0 and 2 are the vgg16 exact run and the resnet18 greedy run.
        selectRows(table, {2, 0});
        table.setFocus();
        QApplication::clipboard()->clear();
        QTest::keyClick(&table, Qt::Key_C, Qt::ControlModifier);
        const QStringList copied = lines(QApplication::clipboard()->text());
        QCOMPARE(copied.size(), 3); // header + 2 rows
        QCOMPARE(copied[0], shownHeader(table).join(QLatin1Char('\t')));
        QVERIFY(copied[0].contains(QStringLiteral("Throughput (inf/s)"))); // the unit, as titled
        QCOMPARE(copied[1], shownRow(table, 0).join(QLatin1Char('\t')));
        QCOMPARE(copied[2], shownRow(table, 2).join(QLatin1Char('\t')));
        // The values, as displayed: model, chip, method, throughput, energy with its unit.
        const QStringList first = copied[1].split(QLatin1Char('\t'));
        const QStringList titles = copied[0].split(QLatin1Char('\t'));
        auto cell = [&](const QStringList& row, const QString& title) {
            return row.value(static_cast<int>(titles.indexOf(title)));
        };
        QCOMPARE(cell(first, QStringLiteral("Model")), QStringLiteral("vgg16"));
        QCOMPARE(cell(first, QStringLiteral("Chip")), QStringLiteral("sram-L"));
        QCOMPARE(cell(first, QStringLiteral("Method")), QStringLiteral("exact"));
        QCOMPARE(cell(first, QStringLiteral("Throughput (inf/s)")), QStringLiteral("20"));
        QCOMPARE(cell(first, QStringLiteral("Energy/inf")), QStringLiteral("2.5 µJ"));
        const QStringList second = copied[2].split(QLatin1Char('\t'));
        QCOMPARE(cell(second, QStringLiteral("Model")), QStringLiteral("resnet18"));
        QCOMPARE(cell(second, QStringLiteral("Method")), QStringLiteral("greedy"));
        QCOMPARE(cell(second, QStringLiteral("Throughput (inf/s)")), QStringLiteral("100"));
        QCOMPARE(panel.selectedRowsText(), QApplication::clipboard()->text());

        // A hidden column is left out, a moved one copied where it is shown.
        const int notes = static_cast<int>(RunHistoryModel::Column::Notes);
        const int chip = static_cast<int>(RunHistoryModel::Column::Chip);
        table.setColumnHidden(notes, true);
        table.horizontalHeader()->moveSection(table.horizontalHeader()->visualIndex(chip), 0);
        const QStringList moved = lines(panel.selectedRowsText());
        QVERIFY(moved[0].startsWith(QStringLiteral("Chip\t")));
        QVERIFY(!moved[0].contains(QStringLiteral("Notes")));
        QVERIFY(moved[1].startsWith(QStringLiteral("sram-L\t")));
    }

    void copyAllCopiesEveryShownRow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        seed(path);
        RunHistoryController controller;
        RunHistoryPanel panel(&controller);
        panel.openDatabase(path, false);
        auto* copyAll = panel.table()->findChild<QAction*>(QStringLiteral("copyAllRows"));
        auto* copy = panel.table()->findChild<QAction*>(QStringLiteral("copyRows"));
        QVERIFY(copyAll && copy);
        QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
        QVERIFY(!copy->isEnabled()); // nothing selected
        panel.filterEdit()->setText(QStringLiteral("resnet18"));
        copyAll->trigger();
        const QStringList copied = lines(QApplication::clipboard()->text());
        QCOMPARE(copied.size(), 3); // header + the two resnet18 runs the filter leaves
        QVERIFY(copied[1].contains(QStringLiteral("resnet18")));
        QVERIFY(copied[2].contains(QStringLiteral("resnet18")));
        panel.table()->selectRow(0);
        QVERIFY(copy->isEnabled());
        copy->trigger();
        QCOMPARE(lines(QApplication::clipboard()->text()).size(), 2);
    }
};

QTEST_MAIN(TestRunHistoryCopy)
#include "tst_run_history_copy.moc"
