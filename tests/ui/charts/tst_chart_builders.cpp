// SPDX-License-Identifier: MIT
#include "ui/charts/chart_builders.h"
#include "ui/charts/partition_palette.h"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QTest>
#include <QValueAxis>

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

/// Whether the printf format of an axis ("%.9g", "%d") prints `value` without an exponent:
/// %g switches to one once the decimal exponent reaches the precision or falls below -4.
bool printsPlain(const QString& format, double value)
{
    static const QRegularExpression g(QStringLiteral("^%\\.(\\d+)g$"));
    const QRegularExpressionMatch match = g.match(format);
    if (!match.hasMatch())
        return !format.contains('e') && !format.contains('g');
    if (value == 0.0)
        return true;
    const double exponent = std::floor(std::log10(std::abs(value)));
    return exponent < match.captured(1).toDouble() && exponent >= -4.0;
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
        d.runs = {{"greedy", 100.0, 2e8, 2e6, 0, 0, 0, false, "", ""},
                  {"ga", 180.0, 1.6e8, 9e5, 0, 0, 0, true, "", ""}};
        using M = RunComparisonData::Metric;
        auto absolute = buildRunComparisonChart(d, M::Throughput);
        checkAxesNameUnits(*absolute);
        QVERIFY(absolute->axes(Qt::Vertical).first()->titleText().contains("(inf/s)"));
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

    void largeFiguresAreScaledAndLabelsHaveNoExponent()
    {
        // Large figures: 24570 inf/s, 55.4 mJ, 4.7e10 pJ·s = 47.17 J·ms.
        RunComparisonData d;
        d.runs = {{"greedy", 24570.0, 5.5378e10, 4.717e10, 0, 0, 0, false, "", ""},
                  {"ga", 18000.0, 4.1e10, 3.9e10, 0, 0, 0, false, "", ""}};
        using M = RunComparisonData::Metric;
        const auto edp = buildRunComparisonChart(d, M::Edp);
        const QString edpTitle = edp->axes(Qt::Vertical).first()->titleText();
        QVERIFY2(edpTitle.contains(QStringLiteral("(J·ms)")), qPrintable(edpTitle));
        auto* bars = findSeries<QAbstractBarSeries>(*edp, chart_names::kBars);
        QCOMPARE(bars->barSets()[0]->at(0), 4.717e10 * 1e-9);
        // Value labels print with 'g' at the series precision: every integer digit fits.
        QVERIFY(!QString::number(4.717e1, 'g', bars->labelsPrecision()).contains('e'));
        const auto throughput = buildRunComparisonChart(d, M::Throughput);
        bars = findSeries<QAbstractBarSeries>(*throughput, chart_names::kBars);
        QCOMPARE(QString::number(24570.0, 'g', bars->labelsPrecision()), QStringLiteral("24570"));
        const auto energy = buildRunComparisonChart(d, M::Energy);
        QVERIFY(energy->axes(Qt::Vertical).first()->titleText().contains(QStringLiteral("(mJ)")));
        // Tick labels: no exponent for any value the axes can carry after scaling.
        for (const auto* chart : {edp.get(), throughput.get(), energy.get()}) {
            for (QAbstractAxis* axis : chart->axes()) {
                if (auto* value = qobject_cast<QValueAxis*>(axis))
                    QVERIFY2(printsPlain(value->labelFormat(), value->max()),
                             qPrintable(value->labelFormat()));
            }
        }

        BatchSweepData sweep;
        sweep.series = {{"ga", {{1, 20, 4.7e10, 1}, {2, 35, 2e10, 1}}}};
        const auto sweepChart = buildBatchSweepChart(sweep, BatchSweepData::Metric::Edp);
        QVERIFY(
            sweepChart->axes(Qt::Vertical).first()->titleText().contains(QStringLiteral("J·ms")));
        auto* log = qobject_cast<QLogValueAxis*>(sweepChart->axes(Qt::Vertical).first());
        QVERIFY(log);
        QVERIFY(printsPlain(log->labelFormat(), log->max()));

        const auto latency = buildPartitionLatencyChart(latencyData(3, 1));
        QVERIFY2(latency->title().contains(QStringLiteral("(9.2 ms)")),
                 qPrintable(latency->title()));
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

    /// Issue 16, item 7: a method keeps its colour whatever its position among the runs, in the
    /// comparison bars and the Pareto scatter alike.
    void methodKeepsItsColourInEveryChart()
    {
        RunComparisonData first;
        first.runs = {{"exact", 100.0, 2e8, 2e6, 0, 0, 0, false, "exact", ""},
                      {"greedy", 90.0, 2e8, 2e6, 0, 0, 0, false, "greedy", ""}};
        RunComparisonData second;
        second.runs = {{"greedy", 90.0, 2e8, 2e6, 0, 0, 0, false, "greedy", ""},
                       {"ga #2", 95.0, 2e8, 2e6, 0, 0, 0, false, "ga", ""},
                       {"exact", 100.0, 2e8, 2e6, 0, 0, 0, false, "exact", ""}};
        using M = RunComparisonData::Metric;
        auto a = buildRunComparisonChart(first, M::Throughput);
        auto b = buildRunComparisonChart(second, M::Throughput);
        const auto* barsA = findSeries<QAbstractBarSeries>(*a, chart_names::kBars);
        const auto* barsB = findSeries<QAbstractBarSeries>(*b, chart_names::kBars);
        QCOMPARE(barsA->barSets()[0]->color(), barsB->barSets()[2]->color()); // exact
        QCOMPARE(barsA->barSets()[1]->color(), barsB->barSets()[0]->color()); // greedy
        QVERIFY(barsB->barSets()[0]->color() != barsB->barSets()[2]->color());

        ParetoData pareto;
        pareto.runs = {{"ga #2", 8e6, 1.6e8, "ga"}, {"exact", 7e6, 1.5e8, "exact"}};
        const auto scatter = buildParetoChart(pareto);
        QColor exactColour;
        for (QAbstractSeries* s : scatter->series()) {
            if (auto* points = qobject_cast<QScatterSeries*>(s); points && s->name() == "exact")
                exactColour = points->color();
        }
        QCOMPARE(exactColour, barsB->barSets()[2]->color());
        // The four methods are four different colours.
        const QColor colours[] = {methodColor("greedy"), methodColor("layerwise"),
                                  methodColor("ga"), methodColor("exact")};
        for (int i = 0; i < 4; ++i)
            for (int j = i + 1; j < 4; ++j)
                QVERIFY(colours[i] != colours[j]);
        QCOMPARE(methodColor("genetic"), methodColor("ga"));
    }

    void paretoDrawsFrontAndRuns()
    {
        ParetoData d;
        d.runs = {{"greedy", 1.4e7, 2e8, "greedy"}, {"ga", 8e6, 1.6e8, "ga"}};
        d.front = {{"", 7.6e6, 1.6e8, ""}, {"", 8.2e6, 1.5e8, ""}};
        const auto chart = buildParetoChart(d);
        checkAxesNameUnits(*chart);
        auto* front = findSeries<QLineSeries>(*chart, chart_names::kFront);
        QVERIFY(front);
        QCOMPARE(front->count(), 3); // two points and the staircase corner
        QCOMPARE(chart->series().size(), 3);
        QVERIFY(chart->title().contains(QStringLiteral("Pareto front")));
        // Without a front the title does not promise one (issue 16 item 5).
        d.front.clear();
        const auto runsOnly = buildParetoChart(d);
        QVERIFY2(!runsOnly->title().contains(QStringLiteral("Pareto")),
                 qPrintable(runsOnly->title()));
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
