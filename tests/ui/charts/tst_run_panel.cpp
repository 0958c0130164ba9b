// SPDX-License-Identifier: MIT
// The run panel and the charts it feeds: results arrive as values and fill the charts; a click
// on a partition bar selects that partition. (The controller itself is tested headless in
// tests/jobs/tst_run_controller.cpp.)
#include "tests/jobs/test_problems.h"
#include "ui/charts/chart_panel.h"
#include "ui/run/run_panel.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QSignalSpy>
#include <QTest>

using namespace compass;
using namespace compass::ui;

class TestRunPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_resnet18 = test::problemFor("resnet18", "sram-M", 16);
        QVERIFY(m_resnet18.isValid());
    }

    void comparisonFillsTheCharts()
    {
        RunPanel panel;
        panel.setProblem(m_resnet18);
        QSignalSpy done(&panel, &RunPanel::comparisonFinished);
        panel.compareMethods();
        QVERIFY(done.wait(60000));
        const auto runs = done.first().first().value<std::vector<jobs::SearchRun>>();
        QCOMPARE(runs.size(), std::size_t{4});

        // The charts take the runs as values.
        ChartPanel charts;
        showRunsInCharts(charts, runs, runs[2]);
        QVERIFY(charts.reportData().comparison.has_value());
        QCOMPARE(charts.reportData().comparison->runs.size(), std::size_t{4});
        QVERIFY(!charts.reportData().pareto->values.front.empty());
        QVERIFY(charts.view(ChartPanel::Tab::PartitionLatency)->hasChart());
        QVERIFY(charts.view(ChartPanel::Tab::Convergence)->hasChart());
    }

    void panelRunsAndClicksSelectPartitions()
    {
        RunPanel panel;
        panel.setProblem(m_resnet18);
        SearchOptions o;
        o.method = SearchMethod::Layerwise;
        panel.setOptions(o);
        QSignalSpy finished(&panel, &RunPanel::runFinished);
        panel.run();
        QVERIFY(finished.wait(30000));
        const auto run = finished.first().first().value<jobs::SearchRun>();
        QCOMPARE(run.options.method, SearchMethod::Layerwise);
        QCOMPARE(run.problem.batch(), std::int64_t{16});

        ChartPanel charts;
        showRunsInCharts(charts, {run}, run);
        QSignalSpy clicked(&charts, &ChartPanel::partitionClicked);
        auto* view = charts.view(ChartPanel::Tab::PartitionLatency);
        for (QAbstractSeries* s : view->chart()->series()) {
            if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
                emit bars->clicked(3, bars->barSets().first());
        }
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().first().toInt(), 3);
    }

private:
    jobs::RunProblem m_resnet18;
};

QTEST_MAIN(TestRunPanel)
#include "tst_run_panel.moc"
