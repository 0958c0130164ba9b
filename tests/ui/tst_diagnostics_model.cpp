// SPDX-License-Identifier: MIT
#include "ui/models/diagnostics_model.h"
#include "ui/panels/diagnostics_panel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace compass;
using namespace compass::ui;

class TestDiagnosticsModel : public QObject
{
    Q_OBJECT

private:
    static std::vector<Diagnostic> sample()
    {
        return {{Severity::Error, "unsupported op 'Foo'", {"net.onnx", "/block/Foo", "", -1}},
                {Severity::Warning, "opset 7 is old", {"net.onnx", "", "", -1}},
                {Severity::Note, "partition too large", {"", "", "", 3}}};
    }

private slots:
    void modelPassesTesterAndShowsFields()
    {
        DiagnosticsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDiagnostics(sample());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), static_cast<int>(DiagnosticsModel::ColumnCount));
        QCOMPARE(model.index(0, DiagnosticsModel::SeverityColumn).data().toString(),
                 QStringLiteral("error"));
        QCOMPARE(model.index(0, DiagnosticsModel::MessageColumn).data().toString(),
                 QStringLiteral("unsupported op 'Foo'"));
        QCOMPARE(model.index(0, DiagnosticsModel::NodeColumn).data().toString(),
                 QStringLiteral("/block/Foo"));
        QCOMPARE(model.index(0, DiagnosticsModel::FileColumn).data().toString(),
                 QStringLiteral("net.onnx"));
        QCOMPARE(model.index(1, 0).data(DiagnosticsModel::SeverityRole).toInt(),
                 static_cast<int>(Severity::Warning));
        QCOMPARE(model.index(2, 0).data(DiagnosticsModel::PartitionRole).toInt(), 3);
        QVERIFY(
            model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("error")));
        QCOMPARE(model.count(Severity::Error), 1);

        model.append({{Severity::Error, "second", {}}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.count(Severity::Error), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void panelRowJumpsToItsNode()
    {
        DiagnosticsModel model;
        model.setDiagnostics(sample());
        DiagnosticsPanel panel(&model);
        QSignalSpy spy(&panel, &DiagnosticsPanel::nodeActivated);
        QVERIFY(panel.activateRow(0));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toString(), QStringLiteral("/block/Foo"));
        QVERIFY(!panel.activateRow(1)); // not about a node
        QVERIFY(!panel.activateRow(7));
        QCOMPARE(spy.count(), 1);
    }
};

QTEST_MAIN(TestDiagnosticsModel)
#include "tst_diagnostics_model.moc"
