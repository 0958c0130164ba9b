// SPDX-License-Identifier: MIT
// Copying Metrics rows: the table's rows can be selected, and Ctrl+C or the context menu's
// "Copy" puts them on the clipboard as tab-separated text with a header line of the column
// titles, values as the dock shows them (with their units); "Copy All" every row.
#ifndef Q_MOC_RUN
#include "core/support/units.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/models/table_copy.h"
#include "ui/panels/metrics_model.h"
#include "ui/panels/metrics_panel.h"
#endif

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTest>

using namespace compass;
using namespace compass::ui;

namespace {

QStringList lines(const QString& text)
{
    QStringList out = text.split(QLatin1Char('\n'));
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

} // namespace

class TestMetricsCopy : public QObject
{
    Q_OBJECT

private slots:
    void copiesTheSelectedRowsWithTheHeader()
    {
        const LoadedGraph loaded =
            ProjectLoader::loadNow(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
        QVERIFY(loaded.ok());
        ProjectDocument document;
        document.setModel(loaded.graph, QStringLiteral("resnet18.onnx"));
        MetricsPanel panel(&document);
        panel.resize(420, 320);
        panel.show();
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QTRY_VERIFY(!document.isEvaluating());
        const PlanCost& cost = document.evaluation().cost;

        QTableView* table = panel.table();
        QCOMPARE(table->selectionBehavior(), QAbstractItemView::SelectRows);
        table->selectionModel()->select(table->model()->index(MetricsModel::EnergyRow, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->select(table->model()->index(MetricsModel::LatencyRow, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->setFocus();
        QApplication::clipboard()->clear();
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
        const QStringList copied = lines(QApplication::clipboard()->text());
        QCOMPARE(copied.size(), 3); // header + 2 rows, top to bottom
        QCOMPARE(copied[0], QStringLiteral("Metric\tValue\tChange"));
        QCOMPARE(copied[1], QStringLiteral("Latency per batch\t%1\t—")
                                .arg(units::duration(cost.latencyPerBatchNs)));
        QCOMPARE(copied[2], QStringLiteral("Energy per inference\t%1\t—")
                                .arg(units::energy(cost.energyPerInferencePj)));
        QCOMPARE(selectedRowsText(*table), QApplication::clipboard()->text());

        auto* copyAll = table->findChild<QAction*>(QStringLiteral("copyAllRows"));
        QVERIFY(copyAll);
        copyAll->trigger();
        const QStringList all = lines(QApplication::clipboard()->text());
        QCOMPARE(all.size(), 1 + MetricsModel::RowCount);
        QCOMPARE(all[1], QStringLiteral("Plan\tvalid\t"));
    }
};

QTEST_MAIN(TestMetricsCopy)
#include "tst_metrics_copy.moc"
