// SPDX-License-Identifier: MIT
#include "core/support/diagnostics.h"
#include "sample_runs.h"
#include "store/run_comparison.h"
#include "store/run_evaluator.h"

#include <QtTest>

#include <limits>

using namespace compass;

class TestRunComparison : public QObject
{
    Q_OBJECT

private slots:
    void identicalResultsHaveNoDifference()
    {
        const RunRecord a = testing::makeSampleRun(3);
        RunRecord b = a;
        b.uuid = newRunUuid();
        b.runtimeMs += 10; // runtime is not a result
        QVERIFY(compareRunResults(a, b).empty());
    }

    void reportsChangedMetricCutsAndPartitions()
    {
        const RunRecord a = testing::makeSampleRun(4);
        RunRecord b = a;
        b.metrics[metric::kLatencyPerBatchNs] *= 1.01;
        b.metrics.erase(metric::kEdpPjS);
        b.cuts.push_back(99);
        b.partitionsJson = "[]";
        const auto diffs = compareRunResults(a, b);
        std::set<std::string> fields;
        for (const RunDifference& d : diffs)
            fields.insert(d.field);
        QCOMPARE(fields, (std::set<std::string>{"cuts", "partitions", "metric edp_pj_s",
                                                "metric latency_per_batch_ns"}));
        for (const RunDifference& d : diffs) {
            if (d.field == "metric edp_pj_s")
                QCOMPARE(d.fresh, std::string("(absent)"));
        }
    }

    void toleranceAndNan()
    {
        RunRecord a;
        a.metrics["x"] = 1000.0;
        a.metrics["n"] = std::numeric_limits<double>::quiet_NaN();
        RunRecord b = a;
        b.metrics["x"] = 1000.0 * (1 + 1e-12);
        QVERIFY(compareRunResults(a, b).empty());
        b.metrics["x"] = 1000.1;
        QCOMPARE(compareRunResults(a, b).size(), std::size_t{1});
        QVERIFY(compareRunResults(a, b, 1e-3).empty());
        b.metrics["n"] = 1.0;
        QCOMPARE(compareRunResults(a, b, 1e-3).size(), std::size_t{1});
    }

    void partitionsCompareIgnoringFormatting()
    {
        RunRecord a;
        a.partitionsJson = R"([{"b": 2, "a": 1}])";
        RunRecord b;
        b.partitionsJson = R"([ {"a":1,"b":2} ])";
        QVERIFY(compareRunResults(a, b).empty());
    }

    void rerunUsesTheEvaluatorOfTheRunsMethod()
    {
        const RunRecord stored = testing::makeSampleRun(8);
        RunEvaluatorRegistry registry;
        DiagnosticList diagnostics;
        QVERIFY(!rerunStoredRun(stored, registry, diagnostics));
        QVERIFY(diagnostics.all().front().message.find(
                    "'" + std::string(planMethodName(stored.method)) + "' is not available yet") !=
                std::string::npos);
        int calls = 0;
        registry.add(stored.method, [&](const RunRecord& in, DiagnosticSink&) {
            ++calls;
            RunRecord fresh = in;
            fresh.metrics[metric::kEdpPjS] *= 2;
            return std::optional<RunRecord>(fresh);
        });
        diagnostics.clear();
        const auto report = rerunStoredRun(stored, registry, diagnostics);
        QVERIFY(report);
        QCOMPARE(calls, 1);
        QCOMPARE(report->differences.size(), std::size_t{1});
        QCOMPARE(report->differences.front().field, std::string("metric edp_pj_s"));
    }
};

QTEST_GUILESS_MAIN(TestRunComparison)
#include "tst_run_comparison.moc"
