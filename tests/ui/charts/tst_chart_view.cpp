// SPDX-License-Identifier: MIT
// Issue 16 item 6: on-screen charts keep their axis titles (the units) and legends readable at
// every size the explorer's layout allows. At the default Charts dock (about 1170 x 230) the
// titles read "latency per…" and "throughpu…", and a legend row under the plot cut entries
// off. Each chart kind is shown here at the default dock size, at the dock of a 1024 x 700
// window and at a large size, and every axis title must fit its axis in full.
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_panel.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QTest>

#include <cmath>

using namespace compass;
using namespace compass::ui;

namespace {

PartitionLatencyData partitionLatency()
{
    PartitionLatencyData d;
    d.batch = 16;
    d.subtitle = "current plan: resnet18 on sram-M, batch 16";
    for (int i = 0; i < 17; ++i) {
        PartitionLatencyData::Row row;
        row.partNs[PartitionLatencyData::Compute] = 8e4 + 5e3 * i;
        row.partNs[PartitionLatencyData::WeightLoad] = 2e4;
        d.partitions.push_back(row);
    }
    d.bottleneck = 16;
    return d;
}

EnergyBreakdownData energy()
{
    EnergyBreakdownData d;
    d.subtitle = "resnet18 on sram-M, batch 16";
    for (const char* label : {"greedy #3", "layerwise #4", "ga #5", "exact #6"}) {
        EnergyBreakdownData::Row row;
        row.label = label;
        // Every component drawn: ten legend entries, the most any chart has.
        for (int c = 0; c < EnergyBreakdownData::ComponentCount; ++c)
            row.componentPj[c] = 1e7 * (c + 1);
        d.rows.push_back(row);
    }
    return d;
}

RunComparisonData comparison()
{
    RunComparisonData d;
    d.subtitle = "resnet18 on sram-M, batch 16, objective latency";
    d.runs = {{"greedy #3", 787.0, 1.7e8, 2.2e5, 2e7, 4, 0.1, false, "greedy", ""},
              {"layerwise #4", 1151.0, 2.4e8, 2.1e5, 1.4e7, 21, 0.1, false, "layerwise", ""},
              {"ga #5", 1349.0, 1.9e8, 1.4e5, 1.2e7, 7, 6.5, false, "ga", ""},
              {"exact #6", 1380.0, 2.0e8, 1.5e5, 1.1e7, 15, 16.0, false, "exact", ""}};
    d.baseline = 0;
    return d;
}

BatchSweepData sweep()
{
    BatchSweepData d;
    d.subtitle = "resnet18 on sram-M, objective latency";
    for (const char* method : {"greedy", "layerwise", "ga", "exact"}) {
        BatchSweepData::Series s{method, {}};
        for (std::int64_t b = 1; b <= 64; b *= 2)
            s.points.push_back({b, 300.0 * std::log2(2.0 * static_cast<double>(b)),
                                2e5 / static_cast<double>(b), 2e8});
        d.series.push_back(s);
    }
    return d;
}

ReloadVsBatchData reload()
{
    ReloadVsBatchData d;
    d.subtitle = "resnet18 on sram-M, ga plans (latency)";
    for (std::int64_t b = 1; b <= 64; b *= 2)
        d.points.push_back({b, 2.87e8 / static_cast<double>(b), 1e8});
    return d;
}

ParetoData pareto()
{
    ParetoData d;
    d.subtitle = "resnet18 on sram-M, batch 16, objective edp";
    d.runs = {{"greedy #3", 3.5e6, 3.6e8, "greedy"}, {"exact #6", 1.4e6, 4.1e8, "exact"}};
    d.front = {{"", 1.4e6, 4.1e8, ""}, {"", 2e6, 3.7e8, ""}, {"", 3.6e6, 3.6e8, ""}};
    return d;
}

ConvergenceData convergence()
{
    ConvergenceData d;
    d.subtitle = "resnet18 on sram-M, batch 16, ga #5 (latency)";
    d.objective = Objective::Latency;
    for (int g = 1; g <= 30; ++g)
        d.generations.push_back({g, 1.2e7 - 1e4 * g, 1.6e7, 4, 20, 11.0});
    return d;
}

using Build = ChartView::Builder;

std::vector<std::pair<const char*, Build>> everyKind()
{
    using M = RunComparisonData::Metric;
    return {
        {"partition latency", [] { return buildPartitionLatencyChart(partitionLatency()); }},
        {"energy", [] { return buildEnergyBreakdownChart(energy()); }},
        {"comparison, all", [] { return buildRunComparisonChart(comparison(), M::All); }},
        {"comparison, EDP", [] { return buildRunComparisonChart(comparison(), M::Edp); }},
        {"batch sweep, EDP",
         [] { return buildBatchSweepChart(sweep(), BatchSweepData::Metric::Edp); }},
        {"reload vs batch", [] { return buildReloadVsBatchChart(reload()); }},
        {"pareto", [] { return buildParetoChart(pareto()); }},
        {"convergence", [] { return buildConvergenceChart(convergence()); }},
    };
}

/// Every axis title shown in full: its text fits the axis length.
void checkTitlesFit(const ChartView& view, const char* kind, bool expectShort)
{
    const QChart* chart = view.chart();
    const QRectF plot = chart->plotArea();
    QVERIFY2(plot.height() >= 100.0,
             qPrintable(QStringLiteral("%1: plot only %2 px tall").arg(kind).arg(plot.height())));
    bool anyShort = false;
    for (QAbstractAxis* axis : chart->axes()) {
        const QString text = axis->titleText();
        const double room = axis->orientation() == Qt::Vertical ? plot.height() : plot.width();
        const double width = QFontMetricsF(axis->titleFont()).horizontalAdvance(text);
        QVERIFY2(width <= room, qPrintable(QStringLiteral("%1: axis title '%2' is %3 px on a %4 "
                                                          "px axis")
                                               .arg(kind, text)
                                               .arg(width)
                                               .arg(room)));
        QVERIFY2(text.contains('(') || text.contains(u'×') || text == "partition" ||
                     text == "run" || text == "metric" || text == "generation" ||
                     text == "batch size" || text == "partitions",
                 qPrintable(QStringLiteral("%1: '%2' names no unit").arg(kind, text)));
        anyShort = anyShort || text != axis->property(chart_properties::kFullTitle).toString();
    }
    if (!expectShort)
        QVERIFY2(!anyShort, kind); // room enough: every title in full
}

/// The legend fits the chart: every marker's entry is inside the legend, the legend inside
/// the chart.
void checkLegendFits(const ChartView& view, const char* kind)
{
    QChart* chart = view.chart();
    const QRectF legend = chart->legend()->geometry();
    const QRectF whole(QPointF(0, 0), chart->size());
    QVERIFY2(whole.adjusted(-1, -1, 1, 1).contains(legend), kind);
    // A vertical legend lists its entries one per line: they all fit its height.
    if (chart->legend()->alignment() == Qt::AlignRight) {
        // A line of text and the marker spacing (about 6 px) per entry.
        const double line = QFontMetricsF(chart->legend()->font()).height() + 6.0;
        double entries = 0;
        for (QLegendMarker* marker : chart->legend()->markers())
            entries += marker->isVisible() ? 1.0 : 0.0;
        QVERIFY2(entries * line <= legend.height() + 1.0,
                 qPrintable(QStringLiteral("%1: %2 entries of %3 px in %4 px")
                                .arg(kind)
                                .arg(entries)
                                .arg(line)
                                .arg(legend.height())));
    }
}

void show(ChartView& view, QSize size)
{
    view.resize(size);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();
    QApplication::processEvents();
}

} // namespace

class TestChartView : public QObject
{
    Q_OBJECT

private slots:
    void titlesAndLegendsFitTheDefaultDock()
    {
        // The default window's Charts dock, and the dock of a 1024 x 700 window.
        for (QSize size : {QSize(1170, 230), QSize(800, 220)}) {
            for (const auto& [kind, build] : everyKind()) {
                ChartView view;
                view.showChart(build, {}, {});
                show(view, size);
                QVERIFY(view.isCompact());
                QCOMPARE(view.chart()->legend()->alignment(), Qt::AlignRight);
                // Title and subtitle on one line.
                QVERIFY2(!view.chart()->title().contains("<br>"), kind);
                checkTitlesFit(view, kind, true);
                checkLegendFits(view, kind);
            }
        }
    }

    void largeViewsShowTheFullLayout()
    {
        for (const auto& [kind, build] : everyKind()) {
            ChartView view;
            view.showChart(build, {}, {});
            show(view, QSize(1000, 620));
            QVERIFY(!view.isCompact());
            QVERIFY2(view.chart()->title().contains("<br>"), kind);
            checkTitlesFit(view, kind, false);
        }
    }

    void chartOpensInAWindowOfItsOwn()
    {
        ChartView view;
        QVERIFY(!view.openInWindow()); // nothing to show yet
        view.showChart([] { return buildPartitionLatencyChart(partitionLatency()); }, {}, {});
        show(view, QSize(700, 220));
        QWidget* window = view.openInWindow();
        QVERIFY(window);
        QVERIFY(window->isWindow());
        QVERIFY(window->testAttribute(Qt::WA_DeleteOnClose));
        auto* big = qobject_cast<ChartView*>(window);
        QVERIFY(big && big->hasChart());
        QVERIFY(window->windowTitle().startsWith("Latency per partition — current plan"));
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(!big->isCompact());
        window->close();
    }
};

QTEST_MAIN(TestChartView)
#include "tst_chart_view.moc"
