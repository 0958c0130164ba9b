// SPDX-License-Identifier: MIT
// The plan report: its JSON is pinned by tests/golden/plan_report.json (docs/json.md), reads back
// to the same value, and its text shows every figure in scaled units (EDP included).
// Regenerate the golden file after a deliberate schema change with
// COMPASS_UPDATE_GOLDEN=1 ./tst_plan_report, and say why in the commit.
#include "core/support/diagnostics.h"
#include "report/plan_report.h"
#include "report/plan_report_json.h"
#include "report/plan_report_text.h"
#include "report/text_table.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace compass;

namespace {

const QString kGolden = QStringLiteral(COMPASS_TESTS_DIR "/golden/plan_report.json");

/// Two partitions of a five-unit plan, the second one not fitting, with figures that are exact
/// in binary so the golden text is stable. Hand-made: the report takes plain values, so no
/// network is needed.
PlanReport samplePlanReport()
{
    PlanReport r;
    r.model = "tiny";
    r.arch = "chip-1";
    r.plan = Plan::fromInnerCuts({2}, 5);

    PartitionCost a;
    a.span = {0, 2};
    a.latency = {1000.0, 250.0, 125.0, 5000.0, 62.5, 31.25};
    a.energy = {2e6, 5e5, 2.5e5, 1.25e5, 64.0, 4e6, 3e5, 6.25e4, 1.5e5, 1e6};
    a.dramWeightBytes = 4096.0;
    a.dramActivationBytes = 1536.0;
    a.writtenBits = 32768.0;
    a.coresUsed = 2;
    a.crossbarsUsed = 12;
    a.replication = {{0, 2}, {1, 1}};
    PartitionCost b;
    b.span = {2, 5};
    b.valid = false;
    b.failure = PackingFailure::CrossbarCount;
    b.latency = {2000.0, 500.0, 250.0, 12000.0, 0.0, 62.5};
    b.energy = {3e6, 1e6, 5e5, 0.0, 128.0, 8e6, 6e5, 1.25e5, 2.5e5, 2e6};
    b.dramWeightBytes = 8192.0;
    b.dramActivationBytes = 2048.0;
    b.writtenBits = 65536.0;
    b.coresUsed = 4;
    b.crossbarsUsed = 40;
    b.replication = {{2, 1}};
    r.cost = aggregatePlanCost({a, b}, 4);
    r.enduranceWrites = 1e6;
    r.layers = {{{"conv1", "conv2"}, {{"conv1", 2}, {"conv2", 1}}}, {{"fc"}, {{"fc", 1}}}};

    SearchReport s;
    s.options.method = SearchMethod::Genetic;
    s.options.objective = Objective::Edp;
    s.options.seed = 7;
    s.options.genetic.population = 30;
    s.options.genetic.layerAlignedPlans = false;
    s.objectiveValue = 1.5e5;
    s.runtimeMs = 12.5;
    s.spanEvaluations = 96;
    s.convergence = {{0, 2e5, 3e5, 1, 4, 2.5}, {1, 1.5e5, 2e5, 2, 3, 2.25}};
    r.search = s;

    EventReport e;
    e.partitionSpans = {{0, 2}, {2, 5}};
    e.result.ok = true;
    e.result.batchSize = 4;
    e.result.latencyPerBatchNs = 20000.0;
    e.result.throughputIps = 2e5;
    e.result.partitionLatencyNs = {6000.0, 14000.0};
    e.result.partitionEndNs = {6000.0, 20000.0};
    e.result.energy = a.energy;
    e.result.energyPerInferencePj = 2e6;
    e.result.instructions = 64;
    e.result.cores.resize(1);
    e.result.cores[0].busyNs[static_cast<std::size_t>(Opcode::Mvmul)] = 8000.0;
    e.result.cores[0].activeNs = 10000.0;
    e.result.cores[0].idleNs = 10000.0;
    r.event = e;
    return r;
}

QJsonObject golden()
{
    QFile file(kGolden);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestPlanReport : public QObject
{
    Q_OBJECT

private slots:
    void jsonMatchesTheGoldenFile()
    {
        const QJsonObject json = planReportToJson(samplePlanReport());
        if (qEnvironmentVariableIsSet("COMPASS_UPDATE_GOLDEN")) {
            QFile file(kGolden);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QJsonDocument(json).toJson(QJsonDocument::Indented));
        }
        const QJsonObject expected = golden();
        QVERIFY2(!expected.isEmpty(), qPrintable(kGolden + " is missing or not JSON"));
        // Key by key first, so a failure names the section that changed.
        for (const QString& key : expected.keys())
            QVERIFY2(json.value(key) == expected.value(key), qPrintable("section " + key));
        QCOMPARE(json.keys(), expected.keys());
    }

    void theSectionsHoldWhatTheDocsSay()
    {
        const QJsonObject json = planReportToJson(samplePlanReport());
        const QJsonObject plan = json["plan"].toObject();
        QCOMPARE(plan["cuts"].toArray(), QJsonArray{2});
        QCOMPARE(plan["valid"].toBool(), false);
        QCOMPARE(plan["first_invalid_partition"].toInt(), 1);
        // 1000 + 250 + 125 + 5000 + 62.5 + 31.25 and 2000 + 500 + 250 + 12000 + 0 + 62.5 ns.
        QCOMPARE(json["metrics"].toObject()["latency_per_batch_ns"].toDouble(), 21281.25);
        // Both partitions write the first crossbar: 2 writes per batch of 4; at 1e6 writes
        // the cell lasts 1e6 / 2 = 5e5 batches of 21281.25 ns = 10.640625 s.
        const QJsonObject wear = json["metrics"].toObject()["wear"].toObject();
        QCOMPARE(wear["writes_per_cell_per_inference"].toDouble(), 0.5);
        QCOMPARE(wear["endurance_writes"].toDouble(), 1e6);
        QCOMPARE(wear["lifetime_s"].toDouble(), 10.640625);
        const QJsonObject energy = json["metrics"].toObject()["energy_per_batch_pj"].toObject();
        QCOMPARE(energy["control"].toDouble(), 4e5);
        QCOMPARE(energy["dram_background"].toDouble(), 1.875e5);
        QCOMPARE(energy["static"].toDouble(), 3e6);
        const QJsonArray partitions = json["partitions"].toArray();
        QCOMPARE(partitions[1].toObject()["failure"].toString(), QString("crossbar count"));
        QVERIFY(!partitions[0].toObject().contains("failure"));
        const QJsonObject search = json["search"].toObject();
        QCOMPARE(search["method"].toString(), QString("ga"));
        QCOMPARE(search["options"].toObject()["ga"].toObject()["init"].toString(),
                 QString("uniform"));
        QVERIFY(!search["options"].toObject().contains("method"));
        // The event engine's figures are beside the estimator's, under their own key.
        QCOMPARE(json["event"].toObject()["latency_per_batch_ns"].toDouble(), 20000.0);
        QVERIFY(!json["event"].toObject().contains("engine"));
    }

    void jsonReadsBackToTheSameReport()
    {
        PlanReport original = samplePlanReport();
        original.event.reset(); // not read back (docs/json.md)
        DiagnosticList diagnostics;
        const auto read = planReportFromJson(planReportToJson(original), diagnostics, {});
        QVERIFY2(read, diagnostics.empty() ? "" : diagnostics.all().front().message.c_str());
        QCOMPARE(planReportToJson(*read), planReportToJson(original));
        QCOMPARE(planReportText(*read), planReportText(original));
    }

    void badJsonNamesTheField()
    {
        QJsonObject json = planReportToJson(samplePlanReport());
        QJsonArray partitions = json["partitions"].toArray();
        QJsonObject first = partitions[0].toObject();
        first["latency_ns"] = 12;
        partitions[0] = first;
        json["partitions"] = partitions;
        DiagnosticList diagnostics;
        QVERIFY(!planReportFromJson(json, diagnostics, {"run 3", {}, {}, -1}));
        QCOMPARE(diagnostics.all().front().location.path, std::string("partitions[0].latency_ns"));
        QCOMPARE(diagnostics.all().front().location.file, std::string("run 3"));

        json = planReportToJson(samplePlanReport());
        json.remove("partitions");
        diagnostics.clear();
        QVERIFY(!planReportFromJson(json, diagnostics, {}));
        QCOMPARE(diagnostics.all().front().location.path, std::string("partitions"));
    }

    void textShowsScaledUnits()
    {
        const QString text = planReportText(samplePlanReport());
        // EDP: energy per inference 21.37 µJ (85.47 µJ / 4) x latency per inference
        // 5.32 µs (21.28 µs / 4) = 113.7 nJ·ms, scaled like an energy over milliseconds.
        QVERIFY2(text.contains("nJ·ms"), qPrintable(text));
        QVERIFY(text.contains("21.28 µs"));
        QVERIFY(text.contains("2 partitions"));
        QVERIFY(text.contains("INVALID: partition 1 does not fit, crossbar count"));
        QVERIFY(text.contains("conv1 .. conv2 (2)"));
        QVERIFY(text.contains("x2"));
        QVERIFY(text.contains("Search: ga, objective edp, seed 7, 2 generations"));
        QVERIFY(text.contains("uniform initial plans"));
        QVERIFY(text.contains("Event engine"));
        QVERIFY(text.contains("Convergence"));
        QVERIFY2(text.contains("0.5 writes per cell per inference (worst cell), lifetime "
                               "10.6 s at 1000000 writes"),
                 qPrintable(text));
        QVERIFY(text.contains("control (per busy core)"));
        QVERIFY(text.contains("static (leakage)"));
        for (const char* banned : {"pJ*s", "uJ", "e+", "e-0"})
            QVERIFY2(!text.contains(QLatin1String(banned)), banned);
    }

    void onePartitionIsSingular()
    {
        PlanReport r;
        r.plan = Plan::fromInnerCuts({}, 3);
        PartitionCost p;
        p.span = {0, 3};
        r.cost = aggregatePlanCost({p}, 1);
        r.layers = {{{"fc"}, {}}};
        QVERIFY(planReportText(r).contains("Plan: 1 partition over 3 units"));
    }

    void textTableAlignsColumns()
    {
        TextTable t({1}, "  ");
        t.addRow({"name", "value"});
        t.addRow({"a", "12"});
        QCOMPARE(t.text(), QString("  name  value\n  a        12\n"));
    }
};

QTEST_GUILESS_MAIN(TestPlanReport)
#include "tst_plan_report.moc"
