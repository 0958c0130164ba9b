// SPDX-License-Identifier: MIT
#ifndef Q_MOC_RUN
#include "core/support/diagnostics.h"
#include "history_test_data.h"
#include "store/run_store.h"
#include "ui/charts/partition_palette.h"
#include "ui/history/method_swatch_delegate.h"
#include "ui/history/run_comparison_records.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_filter.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_history_panel.h"
#endif

#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace compass;
using namespace compass::ui;

namespace {

std::vector<RunId> seed(const QString& path)
{
    DiagnosticList d;
    std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadWrite, d);
    std::vector<RunId> ids;
    ids.push_back(store->insert(historyTestRun("resnet18", "sram-M", "greedy", 100.0), d));
    ids.push_back(
        store->insert(historyTestRun("resnet18", "sram-M", "genetic", 180.0, {"paper"}), d));
    ids.push_back(store->insert(historyTestRun("vgg16", "sram-L", "exact", 20.0), d));
    return ids;
}

QPushButton* buttonNamed(QWidget& panel, const QString& text)
{
    for (QPushButton* b : panel.findChildren<QPushButton*>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

} // namespace

class TestRunHistoryPanel : public QObject
{
    Q_OBJECT

private slots:
    void showsFiltersAndComparesRuns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        const std::vector<RunId> ids = seed(path);
        RunHistoryController controller;
        RunHistoryPanel panel(&controller);
        panel.resize(1000, 300);
        QSignalSpy chosen(&panel, &RunHistoryPanel::databaseChosen);
        panel.openDatabase(path, false);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(panel.table()->model()->rowCount(), 3);

        QPushButton* compare = buttonNamed(panel, QStringLiteral("&Compare"));
        QPushButton* open = buttonNamed(panel, QStringLiteral("&Open"));
        QPushButton* remove = buttonNamed(panel, QStringLiteral("&Delete…"));
        QVERIFY(compare && open && remove);
        QVERIFY(!compare->isEnabled() && !open->isEnabled() && !remove->isEnabled());

        panel.filterEdit()->setText(QStringLiteral("resnet18"));
        QCOMPARE(panel.table()->model()->rowCount(), 2);
        panel.table()->selectAll();
        QCOMPARE(panel.selectedRunIds().size(), std::size_t(2));
        QVERIFY(compare->isEnabled());
        QVERIFY(!open->isEnabled());
        QSignalSpy compared(&panel, &RunHistoryPanel::compareRequested);
        compare->click();
        QCOMPARE(compared.count(), 1);
        const auto runs = compared.last().at(0).value<std::vector<RunRecord>>();
        QCOMPARE(runs.size(), std::size_t(2));
        // The charts' values: labels, metrics and a shared subtitle.
        const RunComparisonData data = comparisonDataFromRuns(runs);
        QCOMPARE(data.runs.size(), std::size_t(2));
        QCOMPARE(data.subtitle, QStringLiteral("resnet18, sram-M, batch 4"));
        std::set<double> throughputs{data.runs[0].throughputIps, data.runs[1].throughputIps};
        QCOMPARE(throughputs, (std::set<double>{100.0, 180.0}));
        QCOMPARE(data.runs[0].partitions, 3);

        panel.filterEdit()->clear();
        QVERIFY(panel.selectRun(ids[2]));
        QVERIFY(open->isEnabled());
        QSignalSpy opened(&panel, &RunHistoryPanel::openRequested);
        open->click();
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.last().at(0).value<RunRecord>().modelName, std::string("vgg16"));
    }

    /// Issue 16, item 7: a method has one colour in every chart and in the history table,
    /// where its Method cell shows a swatch of it; values with units are not cut to "…".
    void methodCellsCarryTheChartColour()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        seed(path);
        RunHistoryController controller;
        RunHistoryPanel panel(&controller);
        panel.resize(1000, 300);
        panel.openDatabase(path, false);
        QTableView* table = panel.table();
        const int method = static_cast<int>(RunHistoryModel::Column::Method);
        auto* delegate = qobject_cast<MethodSwatchDelegate*>(table->itemDelegateForColumn(method));
        QVERIFY(delegate);
        std::set<QString> seen;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QModelIndex index = table->model()->index(row, method);
            const QString name = index.data().toString();
            seen.insert(name);
            QCOMPARE(MethodSwatchDelegate::colorFor(index), methodColor(name));
            QStyleOptionViewItem option;
            option.initFrom(table);
            QVERIFY(delegate->sizeHint(option, index).width() >
                    table->fontMetrics().horizontalAdvance(name));
        }
        QCOMPARE(seen, (std::set<QString>{"greedy", "ga", "exact"}));
        // An EDP value with its unit fits its column.
        const int edp = static_cast<int>(RunHistoryModel::Column::Edp);
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QString text = table->model()->index(row, edp).data().toString();
            QVERIFY2(table->fontMetrics().horizontalAdvance(text) + 8 <= table->columnWidth(edp),
                     qPrintable(text));
        }
    }

    void damagedDatabaseShowsABannerAndStartsANewOne()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.db"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("not a database");
        }
        RunHistoryController controller;
        RunHistoryPanel panel(&controller);
        panel.show();
        panel.openDatabase(path, false);
        QPushButton* startNew = buttonNamed(panel, QStringLiteral("Start a New Database"));
        QVERIFY(startNew);
        QVERIFY(startNew->isVisible());
        QSignalSpy chosen(&panel, &RunHistoryPanel::databaseChosen);
        startNew->click();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(controller.state(), RunDatabaseState::Writable);
        QVERIFY(!startNew->isVisible());
        QFile kept(controller.movedAsidePath());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("not a database"));
    }
};

QTEST_MAIN(TestRunHistoryPanel)
#include "tst_run_history_panel.moc"
