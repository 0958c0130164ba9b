// SPDX-License-Identifier: MIT
// The explorer's run workbench (issue 16): "Sweep batches" stores its runs in the run store like
// every other run, and the stored runs are the ones the batch-sweep chart draws (item 9); a
// finished run offers its plan and never replaces the current one by itself, a cancelled run
// offers nothing and the progress bar says "cancelled" (item 3).
// moc cannot parse <compare> (reached through graph.h): it sees none of these.
#ifndef Q_MOC_RUN
#include "core/ir/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/support/diagnostics.h"
#include "core/support/resource_paths.h"
#include "core/support/units.h"
#include "tests/store/stored_runs.h"
#include "ui/charts/chart_panel.h"
#include "ui/document/project_document.h"
#include "ui/run/run_panel.h"
#include "ui/run/run_workbench.h"
#endif

#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <set>

using namespace compass;
using namespace compass::ui;

namespace {

std::shared_ptr<const Graph> loadModel(const char* name, QString& file)
{
    const auto path = resolveModelPath(name);
    if (!path)
        return nullptr;
    DiagnosticList diagnostics;
    std::optional<Graph> graph = importOnnxFile(*path, diagnostics);
    if (!graph)
        return nullptr;
    file = QString::fromStdString(path->string());
    return std::make_shared<const Graph>(std::move(*graph));
}

/// Adds one cut the greedy start plan does not have, so a search result differs from it.
bool addSomeCut(ProjectDocument& document)
{
    const std::vector<std::int32_t> cuts = document.innerCuts();
    for (std::int32_t p = 1; p < document.unitCount(); ++p) {
        if (std::find(cuts.begin(), cuts.end(), p) == cuts.end() && document.addCut(p))
            return true;
    }
    return false;
}

/// SqueezeNet 1.1 open in a document, with the Optimise panel, the charts and the workbench
/// that joins them, as the explorer assembles them.
struct Session
{
    ProjectDocument document;
    RunPanel runs;
    ChartPanel charts;
    RunWorkbench workbench{&document, &runs, &charts};

    bool open()
    {
        QString file;
        auto graph = loadModel("squeezenet1_1", file);
        if (!graph)
            return false;
        document.setModel(graph, file);
        return true;
    }
};

} // namespace

class TestRunWorkbench : public QObject
{
    Q_OBJECT

private slots:
    void finishedRunIsOfferedNotApplied()
    {
        Session session;
        QVERIFY(session.open());
        auto& [document, runs, charts, workbench] = session;
        QVERIFY(addSomeCut(document));
        const std::vector<std::int32_t> before = document.innerCuts();
        const int steps = document.undoStack()->count();

        SearchOptions options;
        options.method = SearchMethod::Greedy;
        runs.setOptions(options);
        QSignalSpy finished(&runs, &RunPanel::runFinished);
        runs.run();
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.front().front().value<jobs::SearchRun>();

        // The plan is offered, not applied.
        QCOMPARE(document.innerCuts(), before);
        QCOMPARE(document.undoStack()->count(), steps);
        QVERIFY(runs.hasOffer());
        auto* apply = runs.findChild<QPushButton*>(QStringLiteral("applyPlan"));
        QVERIFY(apply);
        QCOMPARE(apply->toolTip(), QStringLiteral("Apply %1").arg(outcome.label));
        const QString text = runs.findChild<QLabel*>(QStringLiteral("planOfferText"))->text();
        QVERIFY2(text.contains(QStringLiteral("Current plan:")), qPrintable(text));

        // The offer's "Current plan" follows an edit made after the run (it said "not valid"
        // long after an undo had made the plan valid again).
        QVERIFY(addSomeCut(document));
        const auto partitions = [&] {
            return units::count(document.plan().partitionCount(), "partition", "partitions");
        };
        QTRY_VERIFY(!document.isEvaluating());
        auto* offerText = runs.findChild<QLabel*>(QStringLiteral("planOfferText"));
        QTRY_VERIFY2(offerText->text().section("Current plan:", 1).contains(partitions()),
                     qPrintable(offerText->text()));
        QVERIFY(offerText->text() != text);
        document.undoStack()->undo();
        QTRY_VERIFY(!document.isEvaluating());
        QTRY_COMPARE(offerText->text(), text);

        // Apply: one undo step, the run's plan.
        apply->click();
        QCOMPARE(document.innerCuts(), outcome.result.plan.innerCuts());
        QCOMPARE(document.undoStack()->count(), steps + 1);
        QVERIFY(!runs.hasOffer());
    }

    /// Issue 16, item 7: a stored run is labelled with its run id, not its place in the
    /// session (numbering restarted with each explorer, so "ga #1" was run 10).
    void storedRunIsLabelledByItsRunId()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath("runs.db");
        QString file;
        auto graph = loadModel("squeezenet1_1", file);
        QVERIFY(graph);
        ProjectDocument document;
        document.setModel(graph, file);
        SearchOptions options;
        options.method = SearchMethod::Greedy;
        qint64 lastId = -1;
        for (int session = 0; session < 2; ++session) { // two explorer sessions, one database
            RunPanel runs;
            ChartPanel charts;
            RunWorkbench workbench(&document, &runs, &charts);
            workbench.setRunStorePath(db);
            runs.setOptions(options);
            QSignalSpy stored(&workbench, &RunWorkbench::runStored);
            runs.run();
            QVERIFY(stored.wait(60000));
            lastId = stored.front().front().toLongLong();
            QCOMPARE(workbench.sessionRuns().back().label,
                     QStringLiteral("greedy #%1").arg(lastId));
            auto* list = runs.findChild<QListWidget*>();
            QVERIFY(list && list->count() == 1);
            QVERIFY2(list->item(0)->text().startsWith(QStringLiteral("greedy #%1:").arg(lastId)),
                     qPrintable(list->item(0)->text()));
        }
        QCOMPARE(lastId, qint64{2}); // the second session's first run is run 2
    }

    /// Issue 16, item 5: the charts follow the document. A manual edit redraws the partition
    /// chart, opening another network drops the last one's runs, and every empty tab says how
    /// to fill it; "all, relative" never shows "none (absolute)" as its baseline.
    void chartsFollowTheDocument()
    {
        QString file;
        auto graph = loadModel("squeezenet1_1", file);
        QVERIFY(graph);
        ProjectDocument document;
        RunPanel runs;
        ChartPanel charts;
        RunWorkbench workbench(&document, &runs, &charts);
        for (int t = 0; t <= static_cast<int>(ChartPanel::Tab::Convergence); ++t) {
            ChartView* v = charts.view(static_cast<ChartPanel::Tab>(t));
            QVERIFY(!v->hasChart());
            QVERIFY(!v->emptyHint().isEmpty());
            QCOMPARE(v->chart()->title(), v->emptyHint());
        }
        document.setModel(graph, file);
        QTRY_VERIFY(!document.isEvaluating());
        ChartView* partitions = charts.view(ChartPanel::Tab::PartitionLatency);
        QTRY_VERIFY(partitions->hasChart());
        const auto partitionCount = [&] {
            return charts.reportData().partitionLatency
                       ? static_cast<int>(
                             charts.reportData().partitionLatency->values.partitions.size())
                       : -1;
        };
        const int before = partitionCount();
        QVERIFY(addSomeCut(document)); // a manual edit, as a drag on the strip makes
        QTRY_VERIFY(!document.isEvaluating());
        QTRY_COMPARE(partitionCount(), before + 1);
        QVERIFY(charts.reportData().partitionLatency->values.subtitle.startsWith("current plan"));

        SearchOptions options;
        options.method = SearchMethod::Greedy;
        runs.setOptions(options);
        QSignalSpy finished(&runs, &RunPanel::runFinished);
        runs.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        // The controller says it is idle after it delivered the run: only then is Run free.
        QTRY_VERIFY_WITH_TIMEOUT(!runs.controller()->isRunning(), 60000);
        options.method = SearchMethod::Layerwise;
        runs.setOptions(options);
        runs.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
        QVERIFY(charts.view(ChartPanel::Tab::Comparison)->hasChart());
        auto* metric = charts.findChild<QComboBox*>(QStringLiteral("comparisonMetric"));
        auto* baseline = charts.findChild<QComboBox*>(QStringLiteral("comparisonBaseline"));
        QVERIFY(metric && baseline);
        metric->setCurrentIndex(0); // all, relative
        QVERIFY2(baseline->currentData().toInt() >= 0, qPrintable(baseline->currentText()));

        QString other;
        auto resnet = loadModel("resnet18", other);
        QVERIFY(resnet);
        document.setModel(resnet, other);
        QVERIFY(workbench.sessionRuns().empty());
        QVERIFY(!charts.view(ChartPanel::Tab::Comparison)->hasChart());
        QVERIFY(!charts.reportData().comparison);
        QTRY_VERIFY(!document.isEvaluating());
        QTRY_VERIFY(partitions->hasChart());
        QVERIFY(charts.reportData().partitionLatency->values.subtitle.contains("resnet18"));
    }

    /// Issue 16, item 4: the session's charts, and so the report, cover one configuration.
    /// A run at another batch size is not drawn beside the current one: the subtitle says it
    /// was left out, and the report has one configuration.
    void chartsCoverOneConfiguration()
    {
        Session session;
        QVERIFY(session.open());
        auto& [document, runs, charts, workbench] = session;
        QTRY_VERIFY(!document.isEvaluating());
        SearchOptions options;
        options.method = SearchMethod::Greedy;
        runs.setOptions(options);
        QSignalSpy finished(&runs, &RunPanel::runFinished);
        for (std::int64_t batch : {1, 4, 4}) {
            QTRY_VERIFY_WITH_TIMEOUT(!runs.controller()->isRunning(), 60000);
            if (batch == 4)
                options.method = SearchMethod::Layerwise;
            runs.setOptions(options);
            runs.setBatch(batch);
            const qsizetype before = finished.count();
            runs.run();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), before + 1, 120000);
        }
        QCOMPARE(workbench.sessionRuns().size(), std::size_t{3});
        const ReportData& report = charts.reportData();
        QVERIFY(report.comparison);
        QCOMPARE(report.comparison->runs.size(), std::size_t{2});
        for (const auto& r : report.comparison->runs)
            QVERIFY2(r.configuration.endsWith("batch 4"), qPrintable(r.configuration));
        QVERIFY2(
            report.comparison->subtitle.contains("1 run of other chips or batch sizes not shown"),
            qPrintable(report.comparison->subtitle));
        QCOMPARE(report.energyBreakdown->values.rows.size(), std::size_t{2});
        QCOMPARE(report.pareto->values.runs.size(), std::size_t{2});
        // The partition chart follows the document (batch 1) and the runs are at batch 4:
        // two configurations, so a report would give each its own folder.
        const QStringList configurations = report.configurations();
        QVERIFY2(configurations.contains(report.comparison->runs.front().configuration),
                 qPrintable(configurations.join(" | ")));
    }

    /// Issue 16, item 6: the live convergence is drawn in the Charts dock too (the Optimise
    /// dock's own chart is small and often scrolled out of view), brought to the front while
    /// a genetic search runs, named by its configuration, and complete when the run ends.
    void liveConvergenceReachesTheChartsDock()
    {
        Session session;
        QVERIFY(session.open());
        auto& [document, runs, charts, workbench] = session;
        QTRY_VERIFY(!document.isEvaluating());
        QCOMPARE(charts.currentTab(), ChartPanel::Tab::PartitionLatency);
        SearchOptions options;
        options.method = SearchMethod::Genetic;
        options.genetic.generations = 40;
        options.genetic.patience = 0;
        runs.setOptions(options);
        QSignalSpy finished(&runs, &RunPanel::runFinished);
        runs.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QCOMPARE(charts.currentTab(), ChartPanel::Tab::Convergence);
        const auto& convergence = charts.reportData().convergence;
        QVERIFY(convergence);
        QCOMPARE(convergence->configuration, QStringLiteral("squeezenet1_1 on sram-M, batch 1"));
        const auto outcome = finished.front().front().value<jobs::SearchRun>();
        QCOMPARE(convergence->values.generations.size(), outcome.result.convergence.size());
        QVERIFY(charts.view(ChartPanel::Tab::Convergence)->hasChart());
    }

    void cancelledRunNeverReplacesThePlan()
    {
        Session session;
        QVERIFY(session.open());
        auto& [document, runs, charts, workbench] = session;
        QVERIFY(addSomeCut(document));
        const std::vector<std::int32_t> before = document.innerCuts();

        SearchOptions options;
        options.method = SearchMethod::Genetic;
        options.genetic.population = 20;
        options.genetic.elite = 4;
        options.genetic.generations = 100000; // runs until cancelled
        options.genetic.patience = 0;
        runs.setOptions(options);
        QSignalSpy finished(&runs, &RunPanel::runFinished);
        QSignalSpy generations(runs.controller(), &jobs::RunController::generationProgressed);
        runs.run();
        QVERIFY(generations.wait(60000));
        runs.cancel();
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.front().front().value<jobs::SearchRun>();
        QVERIFY(outcome.result.cancelled);
        QVERIFY(outcome.result.cost.valid); // it had a plan, and still does not replace ours

        QCOMPARE(document.innerCuts(), before);
        QVERIFY(!runs.hasOffer());
        auto* progress = runs.findChild<QProgressBar*>();
        QVERIFY(progress);
        QCOMPARE(progress->format(), QStringLiteral("cancelled"));
    }

    void sweepBatchesStoresEveryRun()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath("runs.db");
        QString file;
        auto graph = loadModel("squeezenet1_1", file);
        QVERIFY(graph);

        ProjectDocument document;
        document.setModel(graph, file);
        RunPanel runs;
        ChartPanel charts;
        RunWorkbench workbench(&document, &runs, &charts);
        workbench.setRunStorePath(db);
        SearchOptions options;
        options.genetic.population = 12;
        options.genetic.elite = 4;
        options.genetic.generations = 3;
        runs.setOptions(options);

        QSignalSpy swept(&runs, &RunPanel::sweepFinished);
        QSignalSpy stored(&workbench, &RunWorkbench::runStored);
        runs.sweepBatches();
        QVERIFY(swept.wait(120000));

        // Every method at every batch size of the chart, 4 x 7 runs, each once.
        QTRY_COMPARE(test::storedRuns(db).size(), std::size_t{28});
        QTRY_VERIFY(!stored.isEmpty()); // the history dock reloads
        const std::vector<RunRecord> records = test::storedRuns(db);
        std::set<std::pair<std::string, std::int64_t>> points;
        for (const RunRecord& r : records) {
            QCOMPARE(r.modelName, std::string("squeezenet1_1"));
            QCOMPARE(r.status, RunStatus::Complete);
            points.insert({planMethodName(r.method), r.batch});
        }
        QCOMPARE(points.size(), std::size_t{28});

        // The chart draws the stored runs' figures.
        QVERIFY(charts.reportData().batchSweep.has_value());
        for (const BatchSweepData::Series& series : charts.reportData().batchSweep->values.series) {
            for (const BatchSweepData::Point& p : series.points) {
                const auto r =
                    std::find_if(records.begin(), records.end(), [&](const RunRecord& x) {
                        return QLatin1String(planMethodName(x.method)) == series.label &&
                               x.batch == p.batch;
                    });
                QVERIFY(r != records.end());
                QCOMPARE(*r->metricValue(metric::kThroughputIps), p.throughputIps);
            }
        }
    }
};

QTEST_MAIN(TestRunWorkbench)
#include "tst_run_workbench.moc"
