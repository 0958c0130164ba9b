// SPDX-License-Identifier: MIT
#include "core/support/diagnostics.h"

#include <QtTest>

using namespace compass;

class TestDiagnostics : public QObject
{
    Q_OBJECT

private slots:
    void formatsFileNodeAndSeverity()
    {
        Diagnostic d{Severity::Error, "unsupported operator", {"net.onnx", "conv1", "", -1}};
        QCOMPARE(QString::fromStdString(formatDiagnostic(d)),
                 QStringLiteral("net.onnx: node 'conv1': error: unsupported operator"));
    }

    void formatsJsonPathAndPartition()
    {
        Diagnostic d{Severity::Warning, "too large", {"chip.json", "", "crossbar.rows", 3}};
        QCOMPARE(QString::fromStdString(formatDiagnostic(d)),
                 QStringLiteral("chip.json: crossbar.rows: partition 3: warning: too large"));
    }

    void listCountsOnlyErrors()
    {
        DiagnosticList list;
        list.warning("w");
        list.note("n");
        QVERIFY(!list.hasErrors());
        list.error("e");
        QCOMPARE(list.errorCount(), std::size_t{1});
        QCOMPARE(list.all().size(), std::size_t{3});
        list.clear();
        QVERIFY(list.empty());
        QVERIFY(!list.hasErrors());
    }
};

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
