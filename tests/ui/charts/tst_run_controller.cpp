// SPDX-License-Identifier: MIT
#include "core/arch/arch_presets.h"
#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "ui/charts/chart_panel.h"
#include "ui/run/run_controller.h"
#include "ui/run/run_panel.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace compass;
using namespace compass::ui;

namespace {

RunProblem problemFor(const std::string& model, const std::string& arch, std::int64_t batch)
{
    RunProblem p;
    DiagnosticList diagnostics;
    const auto path = resolveModelPath(model);
    if (!path)
        return p;
    std::optional<Graph> graph = importOnnxFile(*path, diagnostics);
    std::optional<ArchSpec> spec = loadArchSpec(arch, {}, diagnostics);
    if (!graph || !spec)
        return p;
    p.graph = std::make_shared<const Graph>(std::move(*graph));
    p.arch = *spec;
    p.batch = batch;
    p.modelName = QString::fromStdString(model);
    return p;
}

/// A genetic search that cannot end on its own within the test: only cancel stops it.
SearchOptions endlessGa()
{
    SearchOptions o;
    o.method = SearchMethod::Genetic;
    o.genetic.population = 400;
    o.genetic.generations = 1'000'000;
    o.genetic.patience = 0;
    o.threads = 1;
    return o;
}

} // namespace

class TestRunController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_resnet18 = problemFor("resnet18", "sram-M", 16);
        QVERIFY(m_resnet18.isValid());
    }

    void singleRunDeliversAValueResult()
    {
        RunController controller;
        QSignalSpy finished(&controller, &RunController::runFinished);
        QSignalSpy running(&controller, &RunController::runningChanged);
        SearchOptions o;
        o.method = SearchMethod::Greedy;
        QVERIFY(controller.start(m_resnet18, o));
        QVERIFY(controller.isRunning());
        QVERIFY(!controller.start(m_resnet18, o)); // one job at a time
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.first().first().value<RunOutcome>();
        QVERIFY(outcome.result.cost.valid);
        QVERIFY(!outcome.result.cancelled);
        QVERIFY(outcome.result.plan.partitionCount() > 0);
        QCOMPARE(outcome.result.cost.batchSize, std::int64_t{16});
        QCOMPARE(outcome.label, QStringLiteral("greedy #1"));
        QTRY_VERIFY(!controller.isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(controller.history().size(), std::size_t{1});
    }

    void cancelReturnsBestSoFarWithAValidPlan()
    {
        RunController controller;
        QSignalSpy generations(&controller, &RunController::generationProgressed);
        QSignalSpy finished(&controller, &RunController::runFinished);
        QVERIFY(controller.start(m_resnet18, endlessGa()));
        QVERIFY(generations.wait(30000)); // at least one generation evaluated
        controller.cancel();
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.first().first().value<RunOutcome>();
        QVERIFY(outcome.result.cancelled);
        QVERIFY(outcome.result.cost.valid);
        QVERIFY(outcome.result.plan.partitionCount() > 0);
        QVERIFY(!outcome.result.convergence.empty());
        // The live generation's best is the same quantity the result's history records.
        const auto first = generations.first().first().value<GenerationStats>();
        QCOMPARE(first.best, outcome.result.convergence.front().best);
        QVERIFY(outcome.result.objectiveValue <= first.best);
    }

    void eventLoopKeepsTurningDuringALongRun()
    {
        // resnet152 on the small chip: the largest search space of the bundled networks.
        const RunProblem big = problemFor("resnet152", "sram-S", 16);
        QVERIFY(big.isValid());
        RunController controller;
        QSignalSpy finished(&controller, &RunController::runFinished);
        QSignalSpy progress(&controller, &RunController::progressed);
        int ticks = 0;
        QTimer timer;
        timer.setInterval(5);
        connect(&timer, &QTimer::timeout, this, [&] {
            ++ticks;
            // The search is still running after many turns of the loop: now stop it.
            if (ticks == 40)
                controller.cancel();
        });
        timer.start();
        QVERIFY(controller.start(big, endlessGa()));
        QVERIFY(finished.wait(60000));
        timer.stop();
        QVERIFY(ticks >= 40); // the loop turned while the GA ran on the worker
        QVERIFY(!progress.isEmpty());
        const auto outcome = finished.first().first().value<RunOutcome>();
        QVERIFY(outcome.result.cancelled);
        QVERIFY(outcome.result.cost.valid);
    }

    void compareMethodsRunsAllFour()
    {
        RunController controller;
        QSignalSpy runs(&controller, &RunController::runFinished);
        QSignalSpy done(&controller, &RunController::comparisonFinished);
        SearchOptions base;
        base.paretoFront = true;
        QVERIFY(controller.compareMethods(m_resnet18, base));
        QVERIFY(done.wait(60000));
        QCOMPARE(runs.size(), 4);
        const auto outcomes = done.first().first().value<std::vector<RunOutcome>>();
        QCOMPARE(outcomes.size(), std::size_t{4});
        QCOMPARE(outcomes[0].options.method, SearchMethod::Greedy);
        QCOMPARE(outcomes[3].options.method, SearchMethod::Exact);
        QVERIFY(!outcomes[3].result.paretoFront.empty());
        // Exact is optimal for latency: no method beats its throughput.
        for (const RunOutcome& o : outcomes)
            QVERIFY(o.result.cost.throughputIps <=
                    outcomes[3].result.cost.throughputIps * (1 + 1e-9));
        QCOMPARE(controller.history().size(), std::size_t{4});

        // The charts take the outcomes as values.
        ChartPanel charts;
        showRunsInCharts(charts, outcomes, outcomes[2]);
        QVERIFY(charts.reportData().comparison.has_value());
        QCOMPARE(charts.reportData().comparison->runs.size(), std::size_t{4});
        QVERIFY(!charts.reportData().pareto->front.empty());
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
        const auto outcome = finished.first().first().value<RunOutcome>();
        QCOMPARE(outcome.options.method, SearchMethod::Layerwise);
        QCOMPARE(outcome.problem.batch, std::int64_t{16});

        ChartPanel charts;
        showRunsInCharts(charts, {outcome}, outcome);
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
    RunProblem m_resnet18;
};

QTEST_MAIN(TestRunController)
#include "tst_run_controller.moc"
