// SPDX-License-Identifier: MIT
#include "ui/charts/chart_data.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>

using namespace compass;
using namespace compass::ui;

namespace {

PartitionCost partition(double weightLoad, double write, double actLoad, double compute, double bus,
                        double actStore)
{
    PartitionCost p;
    p.latency.weightLoadNs = weightLoad;
    p.latency.crossbarWriteNs = write;
    p.latency.activationLoadNs = actLoad;
    p.latency.computeNs = compute;
    p.latency.busNs = bus;
    p.latency.activationStoreNs = actStore;
    return p;
}

PlanCost planOf(std::vector<PartitionCost> parts, std::int64_t batch)
{
    PlanCost cost;
    cost.batchSize = batch;
    cost.partitions = std::move(parts);
    for (const PartitionCost& p : cost.partitions) {
        cost.latency += p.latency;
        cost.energy += p.energy;
    }
    return cost;
}

} // namespace

class TestChartData : public QObject
{
    Q_OBJECT

private slots:
    void objectiveUnitsComeFromTheOneUnitsModule_data()
    {
        QTest::addColumn<int>("objective");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<double>("factor");
        const int latency = static_cast<int>(Objective::Latency);
        const int energy = static_cast<int>(Objective::Energy);
        const int edp = static_cast<int>(Objective::Edp);
        QTest::newRow("ns") << latency << 512.0 << "ns" << 1.0;
        QTest::newRow("us") << latency << 2.5e3 << "µs" << 1e-3;
        QTest::newRow("ms") << latency << 7.0e6 << "ms" << 1e-6;
        QTest::newRow("s") << latency << 3.0e9 << "s" << 1e-9;
        QTest::newRow("zero") << latency << 0.0 << "ns" << 1.0;
        QTest::newRow("uJ") << energy << 1.6e8 << "µJ" << 1e-6;
        QTest::newRow("pJ") << energy << 999.0 << "pJ" << 1.0;
        QTest::newRow("J") << energy << 2e12 << "J" << 1e-12;
        // EDP scales its energy prefix over milliseconds: 1 pJ·s = 0.001 µJ·ms, 1 J·s = 1e12 pJ·s.
        QTest::newRow("edp small") << edp << 5e4 << "µJ·ms" << 1e-3;
        QTest::newRow("edp large") << edp << 5e10 << "J·ms" << 1e-9;
        QTest::newRow("edp huge") << edp << 5e12 << "J·s" << 1e-12;
    }
    void objectiveUnitsComeFromTheOneUnitsModule()
    {
        QFETCH(int, objective);
        QFETCH(double, value);
        QFETCH(QString, symbol);
        QFETCH(double, factor);
        const units::Scale scale = objectiveUnitFor(static_cast<Objective>(objective), value);
        QCOMPARE(scale.symbol, symbol);
        QCOMPARE(scale.factor, factor);
        QVERIFY(objectiveAxisTitle(static_cast<Objective>(objective), scale)
                    .endsWith(QStringLiteral("(") + symbol + QStringLiteral(")")));
    }

    void partitionLatencySplitsPartsAndFindsBottleneck()
    {
        const PlanCost cost = planOf({partition(10, 1, 2, 30, 4, 3), partition(5, 0, 1, 90, 1, 1),
                                      partition(20, 2, 0, 10, 0, 0)},
                                     8);
        const PartitionLatencyData data = partitionLatencyData(cost, "sub");
        QCOMPARE(data.partitions.size(), std::size_t{3});
        QCOMPARE(data.batch, std::int64_t{8});
        QCOMPARE(data.bottleneck, 1);
        // Activation I/O is load + store; the five parts add up to the partition's latency.
        QCOMPARE(data.partitions[0].partNs[PartitionLatencyData::ActivationIo], 5.0);
        QCOMPARE(data.partitions[0].partNs[PartitionLatencyData::WeightLoad], 10.0);
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(data.partitions[i].totalNs(), cost.partitions[i].latencyNs());
    }

    void emptyPlanHasNoBottleneck()
    {
        const PartitionLatencyData data = partitionLatencyData(PlanCost{});
        QVERIFY(data.partitions.empty());
        QCOMPARE(data.bottleneck, -1);
    }

    void energyIsPerInference()
    {
        PlanCost cost;
        cost.batchSize = 4;
        cost.energy.mvmPj = 400.0;
        cost.energy.dramWeightPj = 80.0;
        cost.energy.crossbarWritePj = 20.0;
        cost.energy.staticPj = 8.0;
        cost.energy.controlPj = 12.0;
        cost.energy.dramBackgroundPj = 16.0;
        const auto row = energyBreakdownRow("ga", cost);
        QCOMPARE(row.componentPj[EnergyBreakdownData::Mvm], 100.0);
        QCOMPARE(row.componentPj[EnergyBreakdownData::DramWeight], 20.0);
        QCOMPARE(row.componentPj[EnergyBreakdownData::Static], 2.0);
        QCOMPARE(row.componentPj[EnergyBreakdownData::Control], 3.0);
        QCOMPARE(row.componentPj[EnergyBreakdownData::DramBackground], 4.0);
        QCOMPARE(EnergyBreakdownData::componentName(EnergyBreakdownData::Control),
                 QStringLiteral("control (per busy core)"));
        QCOMPARE(EnergyBreakdownData::componentName(EnergyBreakdownData::Static),
                 QStringLiteral("static (leakage)"));
        QCOMPARE(row.totalPj(), cost.energy.totalPj() / 4.0);

        const auto point = reloadVsBatchPoint(cost);
        QCOMPARE(point.batch, std::int64_t{4});
        QCOMPARE(point.replacementPj, 25.0);
        QCOMPARE(point.mvmPj, 100.0);
        QCOMPARE(point.ratio(), 0.25);
    }

    void comparisonNormalisesToBaseline()
    {
        RunComparisonData data;
        data.runs = {{"greedy", 100.0, 50.0, 2.0, 0, 0, 0, false, "", ""},
                     {"ga", 250.0, 40.0, 0.5, 0, 0, 0, false, "", ""}};
        using M = RunComparisonData::Metric;
        QVERIFY(!data.isNormalised(M::Throughput));
        QCOMPARE(data.value(1, M::Throughput), 250.0);
        data.baseline = 0;
        QVERIFY(data.isNormalised(M::Throughput));
        QCOMPARE(data.value(1, M::Throughput), 2.5);
        QCOMPARE(data.value(1, M::Energy), 0.8);
        QCOMPARE(data.value(1, M::Edp), 0.25);
        QCOMPARE(data.value(0, M::Edp), 1.0);
        data.baseline = 7; // out of range: absolute values
        QCOMPARE(data.value(1, M::Edp), 0.5);
    }

    void comparisonRunTakesResultMetrics()
    {
        SearchResult r;
        r.cost.throughputIps = 12.0;
        r.cost.energyPerInferencePj = 3.0;
        r.cost.edpPjS = 0.25;
        r.cost.partitions.resize(5);
        r.cancelled = true;
        const auto run = comparisonRun("ga #1", r);
        QCOMPARE(run.throughputIps, 12.0);
        QCOMPARE(run.partitions, 5);
        QVERIFY(run.cancelled);
    }

    void paretoFrontIsSortedByLatency()
    {
        ParetoData data;
        setParetoFront(data,
                       {{30.0, 1.0, {0, 2, 5}}, {10.0, 3.0, {0, 5}}, {20.0, 2.0, {0, 1, 3, 5}}});
        QCOMPARE(data.front.size(), std::size_t{3});
        QCOMPARE(data.front[0].latencyPerBatchNs, 10.0);
        QCOMPARE(data.front[2].latencyPerBatchNs, 30.0);
        QCOMPARE(data.front[1].label, QStringLiteral("3 partitions"));
        QCOMPARE(data.front[0].label, QStringLiteral("1 partition")); // the singular for one
    }

    void csvHasUnitsAndOneRowPerItem()
    {
        const PlanCost cost = planOf({partition(1, 0, 0, 2, 0, 0), partition(3, 0, 0, 4, 0, 0)}, 1);
        const QString csv = toCsv(partitionLatencyData(cost));
        const QStringList lines = csv.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].contains("(ns per batch)"));
        QVERIFY(lines[2].endsWith(",7,1")); // total 7 ns, the bottleneck
        RunComparisonData cmp;
        cmp.runs = {{"a, quoted", 1.0, 2.0, 3.0, 4.0, 1, 0.5, false, "", ""}};
        QVERIFY(toCsv(cmp).contains("\"a, quoted\""));
    }

    void jsonCarriesValuesInBaseUnits()
    {
        BatchSweepData sweep;
        sweep.series = {{"ga", {{1, 10.0, 2.0, 3.0}, {2, 18.0, 1.5, 2.5}}}};
        const QJsonObject json = toJson(sweep);
        QCOMPARE(json["kind"].toString(), QStringLiteral("batch-sweep"));
        const QJsonArray points = json["series"].toArray()[0].toObject()["points"].toArray();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[1].toObject()["throughput_ips"].toDouble(), 18.0);

        ConvergenceData conv;
        conv.objective = Objective::Edp;
        conv.generations = {{0, 5.0, 7.0, 3, 9, 5.5}};
        QCOMPARE(toJson(conv)["objective"].toString(), QStringLiteral("edp"));
        QVERIFY(toCsv(conv).startsWith("generation,best (pJ·s)"));
    }
};

QTEST_GUILESS_MAIN(TestChartData)
#include "tst_chart_data.moc"
