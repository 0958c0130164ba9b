// SPDX-License-Identifier: MIT
// Chart interactions on screen: a hovered bar or point names itself and its value in the unit
// its axis states; XY charts zoom about the cursor (wheel, keys), pan by dragging and reset;
// bar charts never zoom; double-click still opens the chart in a window. The hover handlers
// are driven through the series' own hovered signals, so no real mouse timing is involved.
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_panel.h"
#include "ui/charts/chart_tooltips.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QLineSeries>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

using namespace compass;
using namespace compass::ui;

namespace {

RunComparisonData comparison()
{
    RunComparisonData d;
    d.subtitle = "resnet18 on sram-M, batch 16, objective latency";
    d.runs = {{"ga (seed 1)", 1349.0, 1.9e8, 1.4e5, 3.21e6, 7, 6.5, false, "ga", ""},
              {"exact #6", 1380.0, 2.4e8, 1.5e5, 1.1e7, 15, 16.0, false, "exact", ""}};
    d.baseline = -1;
    return d;
}

PartitionLatencyData partitionLatency()
{
    PartitionLatencyData d;
    d.batch = 16;
    d.subtitle = "current plan: resnet18 on sram-M, batch 16";
    for (int i = 0; i < 30; ++i) { // more than 24: most tick labels are blank
        PartitionLatencyData::Row row;
        row.partNs[PartitionLatencyData::Compute] = 8e4 + 5e3 * i;
        row.partNs[PartitionLatencyData::WeightLoad] = 2e4;
        d.partitions.push_back(row);
    }
    d.bottleneck = 29;
    return d;
}

ParetoData pareto()
{
    ParetoData d;
    d.subtitle = "resnet18 on sram-M, batch 16, objective edp";
    d.runs = {{"greedy #3", 3.5e6, 3.6e8, "greedy"}, {"exact #6", 1.4e6, 4.1e8, "exact"}};
    d.front = {{"4 partitions", 1.4e6, 4.1e8, ""},
               {"6 partitions", 2e6, 3.7e8, ""},
               {"9 partitions", 3.6e6, 3.6e8, ""}};
    return d;
}

BatchSweepData sweep()
{
    BatchSweepData d;
    d.subtitle = "resnet18 on sram-M, objective latency";
    for (const char* method : {"greedy", "ga"}) {
        BatchSweepData::Series s{method, {}};
        for (std::int64_t b = 1; b <= 64; b *= 2)
            s.points.push_back({b, 100.0 * static_cast<double>(b), 2e5, 2e8});
        d.series.push_back(s);
    }
    return d;
}

void show(ChartView& view, QSize size = QSize(900, 560))
{
    view.resize(size);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();
}

template <typename Series> Series* seriesNamed(QChart* chart, const QString& name)
{
    for (QAbstractSeries* s : chart->series()) {
        if (auto* typed = qobject_cast<Series*>(s); typed && s->name() == name)
            return typed;
    }
    return nullptr;
}

QAbstractBarSeries* bars(QChart* chart)
{
    for (QAbstractSeries* s : chart->series()) {
        if (s->objectName() == QLatin1String(chart_names::kBars))
            return qobject_cast<QAbstractBarSeries*>(s);
    }
    return nullptr;
}

QAbstractAxis* axis(QChart* chart, Qt::Orientation orientation)
{
    const QList<QAbstractAxis*> axes = chart->axes(orientation);
    return axes.isEmpty() ? nullptr : axes.front();
}

/// The unit an axis title names in its last brackets: "latency per batch (ms)" is "ms".
QString titleUnit(const QAbstractAxis* axis)
{
    const QRegularExpression brackets(QStringLiteral("\\(([^()]*)\\)$"));
    const QRegularExpressionMatch m = brackets.match(axis->titleText());
    return m.hasMatch() ? m.captured(1).section(QLatin1Char(','), 0, 0) : QString();
}

/// A view point inside the plot, `fx` and `fy` of the way across it.
QPoint inPlot(ChartView& view, double fx, double fy)
{
    const QRectF plot = view.chart()->plotArea();
    const QPointF chartPoint(plot.left() + fx * plot.width(), plot.top() + fy * plot.height());
    return view.mapFromScene(view.chart()->mapToScene(chartPoint));
}

void wheel(ChartView& view, QPoint at, int notches)
{
    QWheelEvent event(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &event);
}

void mouse(ChartView& view, QEvent::Type type, QPoint at, Qt::MouseButton button,
           Qt::MouseButtons buttons)
{
    QMouseEvent event(type, at, view.viewport()->mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &event);
}

struct Range
{
    double min;
    double max;
};

Range rangeOf(QChart* chart, Qt::Orientation orientation)
{
    auto* values = qobject_cast<QValueAxis*>(axis(chart, orientation));
    return values ? Range{values->min(), values->max()} : Range{0, 0};
}

} // namespace

class TestChartInteraction : public QObject
{
    Q_OBJECT

private slots:
    void hoveredBarNamesRunCategoryAndValueWithTheAxisUnit()
    {
        ChartView view;
        view.showChart(
            [] { return buildRunComparisonChart(comparison(), RunComparisonData::Metric::Energy); },
            {}, {});
        show(view);
        QAbstractBarSeries* series = bars(view.chart());
        QVERIFY(series);
        QBarSet* ga = series->barSets().at(0);
        emit ga->hovered(true, 0);
        // 1.9e8 pJ on an axis in µJ (the largest run has 240 µJ).
        QCOMPARE(view.hoverText(), QStringLiteral("ga (seed 1) · energy per inference: 190 µJ"));
        QCOMPARE(titleUnit(axis(view.chart(), Qt::Vertical)), QStringLiteral("µJ"));
        QVERIFY(view.hoverText().endsWith(QLatin1Char(' ') +
                                          titleUnit(axis(view.chart(), Qt::Vertical))));
        QTRY_COMPARE(QToolTip::text(), view.hoverText());
        emit ga->hovered(false, 0);
        QVERIFY(view.hoverText().isEmpty());

        // Relative values say "×", as the axis does.
        view.showChart(
            [] {
                RunComparisonData d = comparison();
                d.baseline = 0;
                return buildRunComparisonChart(d, RunComparisonData::Metric::All);
            },
            {}, {});
        QBarSet* exact = bars(view.chart())->barSets().at(1);
        emit exact->hovered(true, 1); // energy ↓
        QCOMPARE(view.hoverText(), QStringLiteral("exact #6 · energy per inference: 1.263×"));
    }

    void hoveredStackedBarNamesItsPartitionAndPart()
    {
        ChartView view;
        view.showChart([] { return buildPartitionLatencyChart(partitionLatency()); }, {}, {});
        show(view);
        QAbstractBarSeries* series = bars(view.chart());
        QBarSet* compute = nullptr;
        for (QBarSet* set : series->barSets()) {
            if (set->label() == PartitionLatencyData::partName(PartitionLatencyData::Compute))
                compute = set;
        }
        QVERIFY(compute);
        // Partition 3's tick label is blank (only every second of 30 is numbered): the tip
        // still names it. 8e4 + 1.5e4 ns = 95 µs on an axis in µs.
        emit compute->hovered(true, 3);
        QCOMPARE(view.hoverText(), QStringLiteral("partition 3 · compute: 95 µs"));
        QCOMPARE(titleUnit(axis(view.chart(), Qt::Vertical)), QStringLiteral("µs"));
    }

    void hoveredScatterPointNamesRunAndBothValues()
    {
        ChartView view;
        view.showChart([] { return buildParetoChart(pareto()); }, {}, {});
        show(view);
        auto* exact = seriesNamed<QScatterSeries>(view.chart(), QStringLiteral("exact #6"));
        QVERIFY(exact);
        emit exact->hovered(exact->at(0), true);
        QCOMPARE(view.hoverText(), QStringLiteral("exact #6 · latency: 1.4 ms, energy: 410 µJ"));
        QCOMPARE(titleUnit(axis(view.chart(), Qt::Horizontal)), QStringLiteral("ms"));
        QCOMPARE(titleUnit(axis(view.chart(), Qt::Vertical)), QStringLiteral("µJ"));
        emit exact->hovered(exact->at(0), false);
        QVERIFY(view.hoverText().isEmpty());

        // The front's line: its nearest plan, never a corner of the staircase.
        auto* front = view.chart()->findChild<QLineSeries*>(QLatin1String(chart_names::kFront));
        QVERIFY(front);
        const QPointF corner = front->at(1); // (2 ms, 410 µJ): no plan
        QCOMPARE(corner, QPointF(2.0, 410.0));
        // Nearer the corner than any plan; of the plans, nearest the one at (2 ms, 370 µJ).
        emit front->hovered(QPointF(2.0, 395.0), true);
        QCOMPARE(view.hoverText(), QStringLiteral("exact Pareto front (3 plans) · 6 partitions · "
                                                  "latency: 2 ms, energy: 370 µJ"));
    }

    void hoveredLineNamesItsNearestPoint()
    {
        ChartView view;
        view.showChart(
            [] { return buildBatchSweepChart(sweep(), BatchSweepData::Metric::Throughput); }, {},
            {});
        show(view);
        auto* ga = seriesNamed<QLineSeries>(view.chart(), QStringLiteral("ga"));
        QVERIFY(ga);
        emit ga->hovered(QPointF(15.0, 1590.0), true); // on the line near batch 16
        QCOMPARE(view.hoverText(), QStringLiteral("ga · batch size: 16, throughput: 1600 inf/s"));
    }

    void wheelZoomsAboutTheCursorAndResetRestores()
    {
        ChartView view;
        view.showChart([] { return buildParetoChart(pareto()); }, {}, {});
        show(view);
        QVERIFY(view.isZoomable());
        QVERIFY(!view.isZoomed());
        const Range x0 = rangeOf(view.chart(), Qt::Horizontal);
        const Range y0 = rangeOf(view.chart(), Qt::Vertical);

        const QPoint at = inPlot(view, 0.25, 0.5);
        const QPointF before =
            view.chart()->mapToValue(view.chart()->mapFromScene(view.mapToScene(at)));
        wheel(view, at, 2);
        QVERIFY(view.isZoomed());
        const Range x1 = rangeOf(view.chart(), Qt::Horizontal);
        const Range y1 = rangeOf(view.chart(), Qt::Vertical);
        // Two notches of 1.25: a range 1.5625 times narrower.
        QVERIFY(qAbs((x0.max - x0.min) / (x1.max - x1.min) - 1.5625) < 1e-6);
        QVERIFY(qAbs((y0.max - y0.min) / (y1.max - y1.min) - 1.5625) < 1e-6);
        QVERIFY(x1.min > x0.min && x1.max < x0.max);
        // The value under the cursor stays under it.
        const QPointF after =
            view.chart()->mapToValue(view.chart()->mapFromScene(view.mapToScene(at)));
        QVERIFY(qAbs(after.x() - before.x()) < (x0.max - x0.min) * 0.01);
        QVERIFY(qAbs(after.y() - before.y()) < (y0.max - y0.min) * 0.01);

        // Key 0 resets: the very range the chart was built with.
        QTest::keyClick(&view, Qt::Key_0);
        QVERIFY(!view.isZoomed());
        QCOMPARE(rangeOf(view.chart(), Qt::Horizontal).min, x0.min);
        QCOMPARE(rangeOf(view.chart(), Qt::Horizontal).max, x0.max);
        QCOMPARE(rangeOf(view.chart(), Qt::Vertical).min, y0.min);
        QCOMPARE(rangeOf(view.chart(), Qt::Vertical).max, y0.max);

        // + zooms about the centre, - back out; never out beyond the whole chart.
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(view.isZoomed());
        QTest::keyClick(&view, Qt::Key_Minus);
        QVERIFY(!view.isZoomed());
        wheel(view, at, -3);
        QVERIFY(!view.isZoomed());
        QCOMPARE(rangeOf(view.chart(), Qt::Horizontal).min, x0.min);
        QCOMPARE(rangeOf(view.chart(), Qt::Horizontal).max, x0.max);

        // resetZoom() (the context menu's "Reset Zoom") after a zoom and a pan.
        wheel(view, at, 1);
        view.resetZoom();
        QCOMPARE(rangeOf(view.chart(), Qt::Horizontal).max, x0.max);
    }

    void dragPansTheZoomedPlot()
    {
        ChartView view;
        view.showChart([] { return buildParetoChart(pareto()); }, {}, {});
        show(view);
        wheel(view, inPlot(view, 0.5, 0.5), 3);
        const Range x1 = rangeOf(view.chart(), Qt::Horizontal);
        const QPoint from = inPlot(view, 0.5, 0.5);
        const QPoint to = from + QPoint(100, 0);
        mouse(view, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        mouse(view, QEvent::MouseMove, from + QPoint(50, 0), Qt::NoButton, Qt::LeftButton);
        mouse(view, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
        mouse(view, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
        const Range x2 = rangeOf(view.chart(), Qt::Horizontal);
        // Dragged right: lower latencies come into view, the width stays.
        QVERIFY(x2.min < x1.min);
        QVERIFY(qAbs((x2.max - x2.min) - (x1.max - x1.min)) < (x1.max - x1.min) * 1e-6);
        // Zoomed ticks sit on round values.
        auto* x = qobject_cast<QValueAxis*>(axis(view.chart(), Qt::Horizontal));
        QCOMPARE(x->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(x->tickAnchor(), 0.0);
        view.resetZoom();
        QCOMPARE(x->tickType(), QValueAxis::TicksFixed);
    }

    void barChartsIgnoreZoom()
    {
        ChartView view;
        view.showChart(
            [] { return buildRunComparisonChart(comparison(), RunComparisonData::Metric::Edp); },
            {}, {});
        show(view);
        QVERIFY(!view.isZoomable());
        const Range y0 = rangeOf(view.chart(), Qt::Vertical);
        wheel(view, inPlot(view, 0.5, 0.5), 3);
        QTest::keyClick(&view, Qt::Key_Plus);
        view.zoomBy(2.0);
        view.pan({40.0, 40.0});
        QVERIFY(!view.isZoomed());
        QCOMPARE(rangeOf(view.chart(), Qt::Vertical).min, y0.min);
        QCOMPARE(rangeOf(view.chart(), Qt::Vertical).max, y0.max);

        // The partition chart (bars and the bottleneck marker) neither.
        view.showChart([] { return buildPartitionLatencyChart(partitionLatency()); }, {}, {});
        QVERIFY(!view.isZoomable());
    }

    void doubleClickStillOpensAWindow()
    {
        ChartView view;
        view.showChart([] { return buildParetoChart(pareto()); }, {}, {});
        show(view);
        const QWidgetList before = QApplication::topLevelWidgets();
        const QPoint at = inPlot(view, 0.5, 0.5);
        mouse(view, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
        mouse(view, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
        mouse(view, QEvent::MouseButtonDblClick, at, Qt::LeftButton, Qt::LeftButton);
        mouse(view, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
        ChartView* window = nullptr;
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (!before.contains(w))
                window = qobject_cast<ChartView*>(w);
        }
        QVERIFY(window);
        QVERIFY(window->hasChart());
        QVERIFY(!view.isZoomed()); // a click is no pan
        window->close();
    }
};

QTEST_MAIN(TestChartInteraction)
#include "tst_chart_interaction.moc"
