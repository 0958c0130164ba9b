// SPDX-License-Identifier: MIT
// The run controller without a display (no QApplication): one job at a time off the calling
// thread, progress and live generations as queued signals, cancel keeps the best plan so far,
// results delivered as values, batch sweeps stored in the run store.
#include "jobs/run_controller.h"
#include "store/run_store.h"
#include "test_problems.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace compass;
using namespace compass::jobs;

class TestRunController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_resnet18 = test::problemFor("resnet18", "sram-M", 16);
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
        const auto run = finished.first().first().value<SearchRun>();
        QVERIFY(run.result.cost.valid);
        QVERIFY(!run.result.cancelled);
        QVERIFY(run.result.plan.partitionCount() > 0);
        QCOMPARE(run.result.cost.batchSize, std::int64_t{16});
        QCOMPARE(run.label, QStringLiteral("greedy #1"));
        QTRY_VERIFY(!controller.isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(controller.history().size(), std::size_t{1});
        // The same search run directly gives the same plan: the controller adds nothing.
        QCOMPARE(run.result.plan.innerCuts(), runSearchJob(m_resnet18, o).plan.innerCuts());
    }

    void cancelReturnsBestSoFarWithAValidPlan()
    {
        RunController controller;
        QSignalSpy generations(&controller, &RunController::generationProgressed);
        QSignalSpy finished(&controller, &RunController::runFinished);
        QVERIFY(controller.start(m_resnet18, test::endlessGa()));
        QVERIFY(generations.wait(30000)); // at least one generation evaluated
        controller.cancel();
        QVERIFY(finished.wait(30000));
        const auto run = finished.first().first().value<SearchRun>();
        QVERIFY(run.result.cancelled);
        QVERIFY(run.result.cost.valid);
        QVERIFY(run.result.plan.partitionCount() > 0);
        QVERIFY(!run.result.convergence.empty());
        // The live generation's best is the same quantity the result's history records.
        const auto first = generations.first().first().value<GenerationStats>();
        QCOMPARE(first.best, run.result.convergence.front().best);
        // Not worse than the first generation's best. When the cancel lands right after
        // generation 0 (a loaded machine), the result is that very plan, costed again by
        // planCost, whose sums add the same partition costs in another order: equal to within
        // rounding, not bit for bit.
        QVERIFY2(run.result.objectiveValue <= first.best * (1.0 + 1e-9),
                 qPrintable(QString::number(run.result.objectiveValue, 'g', 17) + " > " +
                            QString::number(first.best, 'g', 17)));
    }

    void eventLoopKeepsTurningDuringALongRun()
    {
        // resnet152 on the small chip: the largest search space of the bundled networks.
        const RunProblem big = test::problemFor("resnet152", "sram-S", 16);
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
        QVERIFY(controller.start(big, test::endlessGa()));
        QVERIFY(finished.wait(60000));
        timer.stop();
        QVERIFY(ticks >= 40); // the loop turned while the GA ran on the worker
        QVERIFY(!progress.isEmpty());
        const auto run = finished.first().first().value<SearchRun>();
        QVERIFY(run.result.cancelled);
        QVERIFY(run.result.cost.valid);
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
        const auto outcomes = done.first().first().value<std::vector<SearchRun>>();
        QCOMPARE(outcomes.size(), std::size_t{4});
        QCOMPARE(outcomes[0].options.method, SearchMethod::Greedy);
        QCOMPARE(outcomes[3].options.method, SearchMethod::Exact);
        QVERIFY(!outcomes[3].result.paretoFront.empty());
        // Exact is optimal for latency: no method beats its throughput.
        for (const SearchRun& o : outcomes)
            QVERIFY(o.result.cost.throughputIps <=
                    outcomes[3].result.cost.throughputIps * (1 + 1e-9));
        QCOMPARE(controller.history().size(), std::size_t{4});
    }

    void sweepBatchesStoresItsRuns()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath("runs.db");
        const RunProblem squeezenet = test::problemFor("squeezenet1_1", "sram-M", 1);
        QVERIFY(squeezenet.isValid());
        RunController controller;
        controller.setRunStorePath(db);
        QSignalSpy done(&controller, &RunController::sweepFinished);
        QSignalSpy progress(&controller, &RunController::progressed);
        SearchOptions base;
        base.genetic.population = 12;
        base.genetic.elite = 4;
        base.genetic.generations = 3;
        QVERIFY(controller.sweepBatches(squeezenet, base,
                                        {SearchMethod::Greedy, SearchMethod::Genetic},
                                        SearchMethod::Genetic));
        QVERIFY(done.wait(120000));
        const auto result = done.first().first().value<BatchSweepResult>();
        const std::size_t expected = 2 * sweepBatchSizes().size();
        QCOMPARE(result.points.size(), expected);
        QCOMPARE(result.stored, expected);
        QVERIFY(!result.cancelled);
        bool batchStage = false; // "sweep: batch 4: ga: generation 2"
        for (const QList<QVariant>& p : progress)
            batchStage = batchStage || p.at(2).toString().startsWith("sweep: batch ");
        QVERIFY(batchStage);
        QCOMPARE(progress.last().at(2).toString(), QStringLiteral("sweep: done"));

        DiagnosticList diagnostics;
        auto store = RunStore::open(db, OpenMode::ReadOnly, diagnostics);
        QVERIFY(store);
        RunFilter filter;
        filter.tag = "sweep:batches";
        QCOMPARE(store->list(filter, diagnostics).size(), expected);
    }

private:
    RunProblem m_resnet18;
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_run_controller.moc"
