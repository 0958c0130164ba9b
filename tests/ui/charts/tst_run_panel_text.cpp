// SPDX-License-Identifier: MIT
// The Optimise dock's text: a finished run's status line gives its figures in the units of
// core/support/units (scaled, EDP included, "1 partition"), and the batch box says "1 input".
#include "core/support/units.h"
#include "tests/jobs/test_problems.h"
#include "ui/run/run_panel.h"

#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace compass;
using namespace compass::ui;

class TestRunPanelText : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_problem = test::problemFor("squeezenet1_1", "sram-L", 4);
        QVERIFY(m_problem.isValid());
    }

    void statusLineUsesScaledUnits()
    {
        RunPanel panel;
        panel.setProblem(m_problem);
        SearchOptions o;
        o.method = SearchMethod::Greedy;
        panel.setOptions(o);
        QSignalSpy finished(&panel, &RunPanel::runFinished);
        panel.run();
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.first().first().value<jobs::SearchRun>();
        const PlanCost& c = outcome.result.cost;
        QVERIFY(c.valid);
        const QString line = panel.findChild<QLabel*>(QStringLiteral("runStatus"))->text();
        QVERIFY2(line.contains(units::throughput(c.throughputIps)), qPrintable(line));
        QVERIFY2(line.contains(units::energy(c.energyPerInferencePj) + " per inference"),
                 qPrintable(line));
        QVERIFY2(line.contains("EDP " + units::edp(c.edpPjS)), qPrintable(line));
        QVERIFY(line.contains(QStringLiteral("J·ms")));
        const auto partitions = static_cast<std::int64_t>(c.partitions.size());
        QVERIFY2(line.contains(units::count(partitions, "partition", "partitions")),
                 qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("e+")), qPrintable(line));
        QCOMPARE(panel.findChild<QListWidget*>()->item(0)->text(), line);
        QCOMPARE(panel.findChild<QListWidget*>()->item(0)->toolTip(), line);
    }

    void batchBoxSaysInputInTheSingular()
    {
        RunPanel panel;
        auto* batch = panel.findChild<QSpinBox*>(QStringLiteral("batch"));
        QVERIFY(batch);
        panel.setBatch(16);
        QCOMPARE(batch->text(), QStringLiteral("16 inputs"));
        panel.setBatch(1);
        QCOMPARE(batch->text(), QStringLiteral("1 input"));
    }

private:
    jobs::RunProblem m_problem;
};

QTEST_MAIN(TestRunPanelText)
#include "tst_run_panel_text.moc"
