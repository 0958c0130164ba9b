// SPDX-License-Identifier: MIT
#include "ui/charts/chart_builders.h"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QTest>

#include <cmath>
#include <limits>

using namespace compass;
using namespace compass::ui;

namespace {

/// Every axis title must name its unit: "... (unit)" with something between the brackets.
void checkAxesNameUnits(const QChart& chart)
{
    static const QRegularExpression unit(QStringLiteral("\\([^)]+\\)"));
    const auto axes = chart.axes();
    QVERIFY(!axes.isEmpty());
    for (const QAbstractAxis* axis : axes)
        QVERIFY2(unit.match(axis->titleText()).hasMatch(), qPrintable(axis->titleText()));
    QVERIFY(!chart.title().isEmpty());
    QVERIFY(chart.legend()->isVisible());
}

template <typename T> T* findSeries(const QChart& chart, const char* name)
{
    for (QAbstractSeries* s : chart.series()) {
        if (s->objectName() == QLatin1String(name))
            return qobject_cast<T*>(s);
    }
    return nullptr;
}

PartitionLatencyData latencyData(int partitions, int bottleneck)
{
    PartitionLatencyData d;
    d.batch = 4;
    for (int i = 0; i < partitions; ++i) {
        PartitionLatencyData::Row row;
        row.partNs[PartitionLatencyData::Compute] = i == bottleneck ? 9e6 : 1e6;
        row.partNs[PartitionLatencyData::WeightLoad] = 2e5;
        d.partitions.push_back(row);
    }
    d.bottleneck = bottleneck;
    return d;
}

} // namespace

class TestChartBuilders : public QObject
{
    Q_OBJECT

private slots:
    void partitionLatencyStacksFivePartsPerPartition()
    {
        const auto chart = buildPartitionLatencyChart(latencyData(6, 2));
        checkAxesNameUnits(*chart);
        auto* bars = findSeries<QStackedBarSeries>(*chart, chart_names::kBars);
        QVERIFY(bars);
        QCOMPARE(bars->count(), int{PartitionLatencyData::PartCount});
        for (QBarSet* set : bars->barSets())
            QCOMPARE(set->count(), 6);
        // Values are scaled to ms (the largest bar is 9.2e6 ns).
        QCOMPARE(bars->barSets()[PartitionLatencyData::Compute]->at(2), 9.0);
        const QString yTitle = chart->axes(Qt::Vertical).first()->titleText();
        QVERIFY2(yTitle.contains("(ms)"), qPrintable(yTitle));
        auto* marker = findSeries<QScatterSeries>(*chart, chart_names::kBottleneck);
        QVERIFY(marker);
        QCOMPARE(marker->count(), 1);
        QCOMPARE(marker->at(0).x(), 2.0);
        QVERIFY(chart->title().contains("bottleneck: partition 2"));
    }

    void manyPartitionsKeepUniqueCategories()
    {
        const auto chart = buildPartitionLatencyChart(latencyData(80, 40));
        auto* bars = findSeries<QStackedBarSeries>(*chart, chart_names::kBars);
        QCOMPARE(bars->barSets().first()->count(), 80);
        auto* axis = qobject_cast<QBarCategoryAxis*>(chart->axes(Qt::Horizontal).first());
        QVERIFY(axis);
        QCOMPARE(axis->count(), 80); // duplicates would have been dropped by the axis
    }

    void energyBreakdownHasOneSetPerComponent()
    {
        EnergyBreakdownData d;
        EnergyBreakdownData::Row a;
        a.label = "greedy";
        a.componentPj[EnergyBreakdownData::Mvm] = 6e7;
        EnergyBreakdownData::Row b = a;
        b.label = "ga";
        d.rows = {a, b};
        const auto chart = buildEnergyBreakdownChart(d);
        checkAxesNameUnits(*chart);
        auto* bars = findSeries<QStackedBarSeries>(*chart, chart_names::kBars);
        QCOMPARE(bars->count(), int{EnergyBreakdownData::ComponentCount});
        QCOMPARE(bars->barSets().first()->count(), 2);
        QVERIFY(chart->axes(Qt::Vertical).first()->titleText().contains("µJ"));
    }

    void comparisonAbsoluteAndRelative()
    {
        RunComparisonData d;
        d.runs = {{"greedy", 100.0, 2e8, 2e6, 0, 0, 0, false},
                  {"ga", 180.0, 1.6e8, 9e5, 0, 0, 0, true}};
        using M = RunComparisonData::Metric;
        auto absolute = buildRunComparisonChart(d, M::Throughput);
        checkAxesNameUnits(*absolute);
        QVERIFY(absolute->axes(Qt::Vertical).first()->titleText().contains("inferences/s"));
        auto* bars = findSeries<QAbstractBarSeries>(*absolute, chart_names::kBars);
        QCOMPARE(bars->count(), 2); // one set per run
        QVERIFY(bars->barSets()[1]->label().contains("cancelled"));
        QCOMPARE(bars->barSets()[1]->at(0), 180.0);

        auto all = buildRunComparisonChart(d, M::All); // relative to the first run
        checkAxesNameUnits(*all);
        bars = findSeries<QAbstractBarSeries>(*all, chart_names::kBars);
        QCOMPARE(bars->barSets()[1]->count(), 3);
        QCOMPARE(bars->barSets()[1]->at(0), 1.8);
        QCOMPARE(bars->barSets()[0]->at(2), 1.0);
        QVERIFY(all->axes(Qt::Vertical).first()->titleText().contains("×"));
    }

    void batchSweepOneLinePerMethod()
    {
        BatchSweepData d;
        d.series = {{"greedy", {{1, 10, 5e6, 1}, {2, 18, 3e6, 1}, {4, 30, 2e6, 1}}},
                    {"ga", {{1, 20, 4e6, 1}, {2, 35, 2e6, 1}, {4, 60, 1e6, 1}}}};
        for (auto metric : {BatchSweepData::Metric::Throughput, BatchSweepData::Metric::Edp}) {
            const auto chart = buildBatchSweepChart(d, metric);
            checkAxesNameUnits(*chart);
            QCOMPARE(chart->series().size(), 2);
            auto* line = qobject_cast<QLineSeries*>(chart->series()[1]);
            QCOMPARE(line->count(), 3);
            QCOMPARE(line->at(2).x(), 4.0);
        }
    }

    void paretoDrawsFrontAndRuns()
    {
        ParetoData d;
        d.runs = {{"greedy", 1.4e7, 2e8}, {"ga", 8e6, 1.6e8}};
        d.front = {{"", 7.6e6, 1.6e8}, {"", 8.2e6, 1.5e8}};
        const auto chart = buildParetoChart(d);
        checkAxesNameUnits(*chart);
        auto* front = findSeries<QLineSeries>(*chart, chart_names::kFront);
        QVERIFY(front);
        QCOMPARE(front->count(), 3); // two points and the staircase corner
        QCOMPARE(chart->series().size(), 3);
    }

    void reloadVsBatchAndConvergence()
    {
        ReloadVsBatchData r;
        r.points = {{1, 3.0, 1.0}, {2, 1.5, 1.0}, {4, 0.75, 1.0}};
        auto chart = buildReloadVsBatchChart(r);
        checkAxesNameUnits(*chart);
        auto* bars = findSeries<QAbstractBarSeries>(*chart, chart_names::kBars);
        QCOMPARE(bars->barSets().first()->count(), 3);
        QCOMPARE(bars->barSets().first()->at(0), 3.0);

        ConvergenceData c;
        c.objective = Objective::Latency;
        c.generations = {{0, 9e6, 1.2e7, 4, 12, 7}, {1, 8e6, 1.1e7, 4, 10, 6}};
        chart = buildConvergenceChart(c);
        checkAxesNameUnits(*chart);
        QCOMPARE(chart->axes(Qt::Vertical).size(), 2);
        bool hasSpread = false;
        for (QAbstractSeries* s : chart->series())
            hasSpread = hasSpread || qobject_cast<QAreaSeries*>(s) != nullptr;
        QVERIFY(hasSpread);

        // Live progress: mean unknown, no partition counts.
        c.generations = {{0, 9e6, std::numeric_limits<double>::quiet_NaN(), 0, 0, 0}};
        chart = buildConvergenceChart(c);
        for (QAbstractSeries* s : chart->series())
            QVERIFY(qobject_cast<QAreaSeries*>(s) == nullptr);
    }
};

QTEST_MAIN(TestChartBuilders)
#include "tst_chart_builders.moc"
