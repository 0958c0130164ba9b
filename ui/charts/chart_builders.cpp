// SPDX-License-Identifier: MIT
#include "chart_builders.h"

#include "core/support/units.h"
#include "ui/charts/partition_palette.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace compass::ui {

namespace {

/// A chart with the house look: title (bold) with an optional subtitle line, legend at the
/// bottom, no animations (exports must be deterministic).
std::unique_ptr<QChart> makeChart(const QString& title, const QString& subtitle)
{
    auto chart = std::make_unique<QChart>();
    QString text = QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped());
    if (!subtitle.isEmpty())
        text += QStringLiteral("<br><span style='font-size:small'>%1</span>")
                    .arg(subtitle.toHtmlEscaped());
    chart->setTitle(text);
    chart->setProperty(chart_properties::kTitle, title);
    chart->setProperty(chart_properties::kSubtitle, subtitle);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(8, 8, 8, 8));
    return chart;
}

QColor seriesColor(int index)
{
    return partitionColor(index);
}

/// The palette colour for a thin line: Okabe-Ito's yellow is too light on white as a line,
/// so light colours are darkened a little (same hue, still matches the graph's legend).
QColor lineColor(int index)
{
    const QColor c = seriesColor(index);
    return c.lightnessF() > 0.55f ? c.darker(130) : c;
}

QBarSet* makeBarSet(const QString& label, const QColor& colour)
{
    auto* set = new QBarSet(label);
    set->setColor(colour);
    set->setBorderColor(colour.darker(130));
    set->setLabelColor(QColor(0x30, 0x30, 0x30)); // value labels sit outside the bar
    return set;
}

// Tick labels never use an exponent ("4.717e+04"): values are scaled to their unit first
// (core/support/units), and up to nine significant digits print in plain notation.
const QString kTickFormat = QStringLiteral("%.9g");

/// Significant digits for bar value labels (QtCharts prints them with 'g'): enough for every
/// integer digit of `maxValue`, so 2457 reads "2457", not "2.46e+03"; at least three.
int labelPrecision(double maxValue)
{
    const double magnitude = std::abs(maxValue);
    const int digits =
        magnitude >= 1.0 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 1;
    return std::max(3, digits);
}

/// What an axis's values are and the unit they are in (empty: a count), as its title says.
struct AxisValues
{
    QString quantity;
    QString unit;
};

/// Sets `axis`'s title, the shorter one a small view may show instead (same unit), and what
/// its values are for tooltips. The titles are built from `values.unit` by the caller.
void setTitles(QAbstractAxis* axis, const QString& full, const QString& shorter,
               const AxisValues& values)
{
    axis->setTitleText(full);
    axis->setProperty(chart_properties::kFullTitle, full);
    axis->setProperty(chart_properties::kShortTitle, shorter);
    axis->setProperty(chart_properties::kQuantity, values.quantity);
    axis->setProperty(chart_properties::kUnit, values.unit);
}

QValueAxis* makeValueAxis(const QString& title, const QString& shorter, const AxisValues& values,
                          double maxValue)
{
    auto* axis = new QValueAxis;
    setTitles(axis, title, shorter, values);
    axis->setRange(0.0, maxValue > 0.0 ? maxValue * 1.08 : 1.0);
    axis->applyNiceNumbers();
    axis->setLabelFormat(kTickFormat);
    return axis;
}

/// `names`: each category as a tooltip names it, when its label says less.
QBarCategoryAxis* makeCategoryAxis(const QString& title, const QString& shorter,
                                   const QString& quantity, const QStringList& categories,
                                   const QStringList& names = {})
{
    auto* axis = new QBarCategoryAxis;
    setTitles(axis, title, shorter, {quantity, QString()});
    axis->append(categories);
    if (!names.isEmpty())
        axis->setProperty(chart_properties::kCategoryNames, names);
    return axis;
}

/// "partition 0", "partition 1", ...: every partition by number, also those whose tick label
/// is left blank.
QStringList partitionNames(std::size_t n)
{
    QStringList names;
    for (std::size_t i = 0; i < n; ++i)
        names << QStringLiteral("partition %1").arg(i);
    return names;
}

void attach(QChart& chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    if (!chart.series().contains(series))
        chart.addSeries(series);
    if (!chart.axes(Qt::Horizontal).contains(x))
        chart.addAxis(x, Qt::AlignBottom);
    if (!chart.axes(Qt::Vertical).contains(y))
        chart.addAxis(y, y->property("right").toBool() ? Qt::AlignRight : Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

/// Category labels for n partitions; with many partitions only every k-th is numbered so the
/// labels never overlap. QBarCategoryAxis needs unique labels, so the others are distinct
/// runs of zero-width spaces.
QStringList partitionCategories(std::size_t n)
{
    const std::size_t step = n <= 24 ? 1 : (n + 23) / 24;
    QStringList labels;
    for (std::size_t i = 0; i < n; ++i) {
        labels << (i % step == 0 ? QString::number(i)
                                 : QString(static_cast<int>(i + 1), QChar(0x200B)));
    }
    return labels;
}

/// Runs at most this many fit one legend row under a chart; more go in a column at its right,
/// which never cuts an entry off.
constexpr std::size_t kLegendRowRuns = 5;

void placeLegendFor(QChart& chart, std::size_t entries)
{
    chart.legend()->setAlignment(entries > kLegendRowRuns ? Qt::AlignRight : Qt::AlignBottom);
}

/// Bar value labels stand upright once the bars get narrow (more than this many bars in the
/// plot), so neighbours' labels never overlap.
constexpr std::size_t kUprightLabelBars = 10;

template <typename Runs> std::vector<QColor> colorsOf(const Runs& runs)
{
    std::vector<QString> methods;
    methods.reserve(runs.size());
    for (const auto& r : runs)
        methods.push_back(r.method);
    return runColors(methods);
}

} // namespace

std::unique_ptr<QChart> buildPartitionLatencyChart(const PartitionLatencyData& data)
{
    double maxTotal = 0.0;
    for (const auto& row : data.partitions)
        maxTotal = std::max(maxTotal, row.totalNs());
    const units::Scale unit = units::scaleFor(units::Quantity::Duration, maxTotal);

    QString subtitle = data.subtitle;
    if (data.bottleneck >= 0) {
        const double worst = data.partitions[static_cast<std::size_t>(data.bottleneck)].totalNs();
        subtitle += (subtitle.isEmpty() ? QString() : QStringLiteral(" — ")) +
                    QStringLiteral("bottleneck: partition %1 (%2)")
                        .arg(data.bottleneck)
                        .arg(units::formatIn(worst, unit, 3));
    }
    auto chart = makeChart(QStringLiteral("Latency per partition"), subtitle);

    auto* series = new QStackedBarSeries;
    series->setObjectName(chart_names::kBars);
    for (int p = 0; p < PartitionLatencyData::PartCount; ++p) {
        QBarSet* set = makeBarSet(PartitionLatencyData::partName(p), seriesColor(p));
        for (const auto& row : data.partitions)
            set->append(row.partNs[p] * unit.factor);
        series->append(set);
    }
    series->setBarWidth(0.8);
    chart->addSeries(series);

    auto* x = makeCategoryAxis(QStringLiteral("partition (index, in execution order)"),
                               QStringLiteral("partition"), QStringLiteral("partition"),
                               partitionCategories(data.partitions.size()),
                               partitionNames(data.partitions.size()));
    auto* y = makeValueAxis(
        QStringLiteral("latency per batch of %1 (%2)").arg(data.batch).arg(unit.symbol),
        QStringLiteral("latency (%1)").arg(unit.symbol), {QStringLiteral("latency"), unit.symbol},
        maxTotal * unit.factor * 1.06);
    attach(*chart, series, x, y);

    if (data.bottleneck >= 0) {
        auto* marker = new QScatterSeries;
        marker->setObjectName(chart_names::kBottleneck);
        marker->setName(QStringLiteral("bottleneck partition"));
        marker->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
        marker->setMarkerSize(13.0);
        marker->setColor(Qt::black);
        marker->setBorderColor(Qt::black);
        const double worst = data.partitions[static_cast<std::size_t>(data.bottleneck)].totalNs();
        marker->append(static_cast<double>(data.bottleneck), worst * unit.factor * 1.04);
        attach(*chart, marker, x, y);
    }
    return chart;
}

std::unique_ptr<QChart> buildEnergyBreakdownChart(const EnergyBreakdownData& data)
{
    double maxTotal = 0.0;
    for (const auto& row : data.rows)
        maxTotal = std::max(maxTotal, row.totalPj());
    const units::Scale unit = units::scaleFor(units::Quantity::Energy, maxTotal);
    auto chart = makeChart(QStringLiteral("Energy per inference by component"), data.subtitle);

    auto* series = new QStackedBarSeries;
    series->setObjectName(chart_names::kBars);
    for (int c = 0; c < EnergyBreakdownData::ComponentCount; ++c) {
        // Static energy is the one component without a palette colour of its own: grey.
        const QColor colour =
            c == EnergyBreakdownData::Static ? partitionColor(-1) : seriesColor(c);
        QBarSet* set = makeBarSet(EnergyBreakdownData::componentName(c), colour);
        for (const auto& row : data.rows)
            set->append(row.componentPj[c] * unit.factor);
        series->append(set);
    }
    series->setBarWidth(data.rows.size() == 1 ? 0.35 : 0.6);
    chart->addSeries(series);
    QStringList labels;
    for (const auto& row : data.rows)
        labels << row.label;
    auto* x = makeCategoryAxis(QStringLiteral("run (method)"), QStringLiteral("run"),
                               QStringLiteral("run"), labels);
    if (data.rows.size() > kLegendRowRuns)
        x->setLabelsAngle(-40); // many runs: slanted names, so none is cut to "…"
    auto* y = makeValueAxis(QStringLiteral("energy per inference (%1)").arg(unit.symbol),
                            QStringLiteral("energy (%1)").arg(unit.symbol),
                            {QStringLiteral("energy"), unit.symbol}, maxTotal * unit.factor);
    attach(*chart, series, x, y);
    return chart;
}

std::unique_ptr<QChart> buildReloadVsBatchChart(const ReloadVsBatchData& data)
{
    auto chart = makeChart(QStringLiteral("Weight-replacement energy relative to MVM energy"),
                           data.subtitle);
    auto* series = new QBarSeries;
    series->setObjectName(chart_names::kBars);
    QBarSet* ratio =
        makeBarSet(QStringLiteral("weight replacement (DRAM weight reads + crossbar writes) / MVM"),
                   seriesColor(5));
    QStringList labels;
    QStringList names;
    double maxRatio = 1.0;
    for (const auto& p : data.points) {
        ratio->append(p.ratio());
        maxRatio = std::max(maxRatio, p.ratio());
        labels << QString::number(p.batch);
        names << QStringLiteral("batch %1").arg(p.batch);
    }
    series->append(ratio);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value") + relativeUnit());
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(labelPrecision(maxRatio));
    chart->addSeries(series);
    auto* x =
        makeCategoryAxis(QStringLiteral("batch size (inputs per batch)"),
                         QStringLiteral("batch size"), QStringLiteral("batch size"), labels, names);
    auto* y = makeValueAxis(
        QStringLiteral("energy per inference, relative to MVM (%1)").arg(relativeUnit()),
        QStringLiteral("%1 MVM energy").arg(relativeUnit()),
        {QStringLiteral("relative to MVM"), relativeUnit()}, maxRatio * 1.1);
    attach(*chart, series, x, y);

    // Reference: replacement energy equal to MVM energy.
    auto* parity = new QLineSeries;
    parity->setName(QStringLiteral("MVM energy (= 1%1)").arg(relativeUnit()));
    QPen pen(Qt::black);
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    parity->setPen(pen);
    parity->append(-0.5, 1.0);
    parity->append(static_cast<double>(data.points.size()) - 0.5, 1.0);
    attach(*chart, parity, x, y);
    return chart;
}

std::unique_ptr<QChart> buildRunComparisonChart(const RunComparisonData& data,
                                                RunComparisonData::Metric metric)
{
    using Metric = RunComparisonData::Metric;
    RunComparisonData d = data;
    if (metric == Metric::All && !d.isNormalised(metric) && !d.runs.empty())
        d.baseline = 0;
    const bool normalised = d.isNormalised(metric);
    const QString baselineLabel =
        normalised ? d.runs[static_cast<std::size_t>(d.baseline)].label : QString();

    QString title;
    switch (metric) {
    case Metric::Throughput:
        title = QStringLiteral("Throughput");
        break;
    case Metric::Energy:
        title = QStringLiteral("Energy per inference");
        break;
    case Metric::Edp:
        title = QStringLiteral("Energy-delay product");
        break;
    case Metric::All:
        title = QStringLiteral("Throughput, energy per inference and EDP");
        break;
    }
    if (normalised)
        title += QStringLiteral(" relative to %1").arg(baselineLabel);
    auto chart = makeChart(title, d.subtitle);

    auto* series = new QBarSeries;
    series->setObjectName(chart_names::kBars);
    QStringList categories;
    QStringList categoryNames; ///< Without the arrows: "throughput", as the tooltip says it.
    QString yTitle;
    QString yShort;
    QString yUnit;
    double maxValue = 0.0;
    const std::vector<QColor> colours = colorsOf(d.runs);
    if (metric == Metric::All) {
        const Metric metrics[] = {Metric::Throughput, Metric::Energy, Metric::Edp};
        categories << QStringLiteral("throughput ↑") << QStringLiteral("energy ↓")
                   << QStringLiteral("EDP ↓");
        for (Metric m : metrics)
            categoryNames << RunComparisonData::metricName(m);
        for (std::size_t i = 0; i < d.runs.size(); ++i) {
            QBarSet* set = makeBarSet(d.runs[i].label + (d.runs[i].cancelled ? " (cancelled)" : ""),
                                      colours[i]);
            for (Metric m : metrics) {
                set->append(d.value(i, m));
                maxValue = std::max(maxValue, d.value(i, m));
            }
            series->append(set);
        }
        yUnit = relativeUnit();
        yTitle = QStringLiteral("relative to %1 (%2)").arg(baselineLabel, yUnit);
        yShort = QStringLiteral("%1 %2").arg(yUnit, baselineLabel);
    } else {
        double maxRaw = 0.0;
        for (std::size_t i = 0; i < d.runs.size(); ++i)
            maxRaw = std::max(maxRaw, d.value(i, metric));
        units::Scale unit{1.0, QString()};
        if (!normalised && metric == Metric::Throughput)
            unit = units::scaleFor(units::Quantity::Throughput, maxRaw);
        else if (!normalised && metric == Metric::Energy)
            unit = units::scaleFor(units::Quantity::Energy, maxRaw);
        else if (!normalised && metric == Metric::Edp)
            unit = units::scaleFor(units::Quantity::Edp, maxRaw);
        // One bar set per run so each run keeps its palette colour and legend entry.
        categories << RunComparisonData::metricName(metric);
        for (std::size_t i = 0; i < d.runs.size(); ++i) {
            QBarSet* set = makeBarSet(d.runs[i].label + (d.runs[i].cancelled ? " (cancelled)" : ""),
                                      colours[i]);
            set->append(d.value(i, metric) * unit.factor);
            maxValue = std::max(maxValue, d.value(i, metric) * unit.factor);
            series->append(set);
        }
        yUnit = normalised ? relativeUnit() : unit.symbol;
        if (normalised) {
            yTitle = QStringLiteral("%1 relative to %2 (%3)")
                         .arg(RunComparisonData::metricName(metric), baselineLabel, yUnit);
            yShort = QStringLiteral("%1 %2").arg(yUnit, baselineLabel);
        } else if (metric == Metric::Throughput) {
            yTitle = units::titled(QStringLiteral("throughput"), unit);
            yShort = yTitle;
        } else if (metric == Metric::Energy) {
            yTitle = QStringLiteral("energy per inference (%1)").arg(unit.symbol);
            yShort = QStringLiteral("energy (%1)").arg(unit.symbol);
        } else {
            yTitle = QStringLiteral("EDP: energy × latency per inference (%1)").arg(unit.symbol);
            yShort = QStringLiteral("EDP (%1)").arg(unit.symbol);
        }
    }
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(labelPrecision(maxValue));
    const std::size_t bars = d.runs.size() * static_cast<std::size_t>(categories.size());
    if (bars > kUprightLabelBars)
        series->setLabelsAngle(-90.0);
    placeLegendFor(*chart, d.runs.size());
    chart->addSeries(series);
    // Upright labels need headroom above the tallest bar.
    if (bars > kUprightLabelBars)
        maxValue *= 1.12;
    auto* x = makeCategoryAxis(
        metric == Metric::All ? QStringLiteral("metric (↑ higher is better, ↓ lower is better)")
                              : QStringLiteral("metric (one bar per run)"),
        QStringLiteral("metric"), QStringLiteral("metric"), categories, categoryNames);
    auto* y = makeValueAxis(yTitle, yShort, {QStringLiteral("value"), yUnit}, maxValue * 1.1);
    attach(*chart, series, x, y);
    return chart;
}

std::unique_ptr<QChart> buildBatchSweepChart(const BatchSweepData& data,
                                             BatchSweepData::Metric metric)
{
    const bool throughput = metric == BatchSweepData::Metric::Throughput;
    auto chart = makeChart(throughput ? QStringLiteral("Throughput against batch size")
                                      : QStringLiteral("EDP against batch size"),
                           data.subtitle);
    double maxValue = 0.0;
    std::int64_t maxBatch = 1;
    for (const auto& s : data.series) {
        for (const auto& p : s.points) {
            maxValue = std::max(maxValue, throughput ? p.throughputIps : p.edpPjS);
            maxBatch = std::max(maxBatch, p.batch);
        }
    }
    const units::Scale unit =
        units::scaleFor(throughput ? units::Quantity::Throughput : units::Quantity::Edp, maxValue);

    auto* x = new QLogValueAxis;
    x->setBase(2.0);
    x->setLabelFormat(kTickFormat);
    setTitles(x, QStringLiteral("batch size (inputs per batch, log₂ scale)"),
              QStringLiteral("batch size (log₂)"), {QStringLiteral("batch size"), QString()});
    x->setRange(0.8, static_cast<double>(maxBatch) * 1.25);
    x->setMinorTickCount(0);
    // EDP falls by orders of magnitude with the batch: a log axis keeps every method readable.
    QAbstractAxis* y = nullptr;
    if (throughput) {
        const QString title = units::titled(QStringLiteral("throughput"), unit);
        y = makeValueAxis(title, title, {QStringLiteral("throughput"), unit.symbol}, maxValue);
    } else {
        double minValue = std::numeric_limits<double>::max();
        for (const auto& s : data.series)
            for (const auto& p : s.points)
                if (p.edpPjS > 0.0)
                    minValue = std::min(minValue, p.edpPjS * unit.factor);
        auto* log = new QLogValueAxis;
        log->setBase(10.0);
        log->setLabelFormat(kTickFormat);
        log->setMinorTickCount(8);
        setTitles(
            log,
            QStringLiteral("EDP: energy × latency per inference (%1, log scale)").arg(unit.symbol),
            QStringLiteral("EDP (%1, log)").arg(unit.symbol), {QStringLiteral("EDP"), unit.symbol});
        const double hi = std::max(maxValue * unit.factor, 1e-12);
        const double lo = minValue < hi ? minValue : hi / 10.0;
        log->setRange(std::pow(10.0, std::floor(std::log10(lo))),
                      std::pow(10.0, std::ceil(std::log10(hi))));
        y = log;
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (std::size_t i = 0; i < data.series.size(); ++i) {
        const auto& s = data.series[i];
        auto* line = new QLineSeries;
        line->setName(s.label);
        QPen pen(lineColor(static_cast<int>(i)));
        pen.setWidthF(2.5);
        line->setPen(pen);
        line->setPointsVisible(true);
        for (const auto& p : s.points)
            line->append(static_cast<double>(p.batch),
                         (throughput ? p.throughputIps : p.edpPjS) * unit.factor);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    return chart;
}

std::unique_ptr<QChart> buildParetoChart(const ParetoData& data)
{
    auto chart = makeChart(
        data.front.empty() ? QStringLiteral("Energy against latency")
                           : QStringLiteral("Energy against latency, with the exact Pareto front"),
        data.subtitle);
    double maxLatency = 0.0;
    double maxEnergy = 0.0;
    double minLatency = std::numeric_limits<double>::max();
    double minEnergy = std::numeric_limits<double>::max();
    auto extend = [&](const ParetoData::Point& p) {
        maxLatency = std::max(maxLatency, p.latencyPerBatchNs);
        maxEnergy = std::max(maxEnergy, p.energyPerInferencePj);
        minLatency = std::min(minLatency, p.latencyPerBatchNs);
        minEnergy = std::min(minEnergy, p.energyPerInferencePj);
    };
    for (const auto& p : data.runs)
        extend(p);
    for (const auto& p : data.front)
        extend(p);
    if (maxLatency <= 0.0) {
        minLatency = minEnergy = 0.0;
    }
    const units::Scale t = units::scaleFor(units::Quantity::Duration, maxLatency);
    const units::Scale e = units::scaleFor(units::Quantity::Energy, maxEnergy);

    auto* x = new QValueAxis;
    setTitles(x, QStringLiteral("latency per batch (%1)").arg(t.symbol),
              QStringLiteral("latency (%1)").arg(t.symbol), {QStringLiteral("latency"), t.symbol});
    auto* y = new QValueAxis;
    setTitles(y, QStringLiteral("energy per inference (%1)").arg(e.symbol),
              QStringLiteral("energy (%1)").arg(e.symbol), {QStringLiteral("energy"), e.symbol});
    auto range = [](QValueAxis* axis, double lo, double hi) {
        const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(hi * 0.05, 1.0);
        axis->setRange(std::max(0.0, lo - pad), hi + pad);
        axis->applyNiceNumbers();
        axis->setLabelFormat(kTickFormat);
    };
    range(x, minLatency * t.factor, maxLatency * t.factor);
    range(y, minEnergy * e.factor, maxEnergy * e.factor);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    if (!data.front.empty()) {
        // The front as a staircase: between two plans, the region above and right is dominated.
        auto* line = new QLineSeries;
        line->setObjectName(chart_names::kFront);
        line->setName(QStringLiteral("exact Pareto front (%1)")
                          .arg(units::count(static_cast<std::int64_t>(data.front.size()),
                                            QStringLiteral("plan"), QStringLiteral("plans"))));
        QPen pen(QColor(0x55, 0x55, 0x55));
        pen.setWidthF(1.5);
        line->setPen(pen);
        line->setPointsVisible(true);
        QStringList names; // the corners of the staircase are no plans: no name
        for (std::size_t i = 0; i < data.front.size(); ++i) {
            const auto& p = data.front[i];
            if (i > 0) {
                line->append(p.latencyPerBatchNs * t.factor,
                             data.front[i - 1].energyPerInferencePj * e.factor);
                names << QString();
            }
            line->append(p.latencyPerBatchNs * t.factor, p.energyPerInferencePj * e.factor);
            names << (p.label.isEmpty() ? QStringLiteral("plan %1").arg(i + 1) : p.label);
        }
        line->setProperty(chart_properties::kPointNames, names);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    const QScatterSeries::MarkerShape shapes[] = {
        QScatterSeries::MarkerShapeCircle, QScatterSeries::MarkerShapeRectangle,
        QScatterSeries::MarkerShapeTriangle, QScatterSeries::MarkerShapeStar};
    const std::vector<QColor> colours = colorsOf(data.runs);
    placeLegendFor(*chart, data.runs.size() + (data.front.empty() ? 0 : 1));
    for (std::size_t i = 0; i < data.runs.size(); ++i) {
        auto* point = new QScatterSeries;
        point->setName(data.runs[i].label);
        point->setColor(colours[i]);
        point->setBorderColor(Qt::black);
        point->setMarkerShape(shapes[i % 4]);
        point->setMarkerSize(14.0);
        point->append(data.runs[i].latencyPerBatchNs * t.factor,
                      data.runs[i].energyPerInferencePj * e.factor);
        chart->addSeries(point);
        point->attachAxis(x);
        point->attachAxis(y);
    }
    return chart;
}

std::unique_ptr<QChart> buildConvergenceChart(const ConvergenceData& data)
{
    auto chart = makeChart(QStringLiteral("Genetic search convergence"), data.subtitle);
    double maxValue = 0.0;
    std::int32_t maxPartitions = 1;
    std::int32_t lastGeneration = 1;
    for (const auto& g : data.generations) {
        maxValue = std::max(maxValue, g.best);
        if (!std::isnan(g.mean))
            maxValue = std::max(maxValue, g.mean);
        maxPartitions = std::max(maxPartitions, g.maxPartitions);
        lastGeneration = std::max(lastGeneration, g.generation);
    }
    // Live progress knows only the best value; the spread axis appears with the full history.
    const bool hasSpread =
        std::any_of(data.generations.begin(), data.generations.end(),
                    [](const GenerationStats& g) { return g.maxPartitions > 0; });
    const units::Scale unit = objectiveUnitFor(data.objective, maxValue);

    auto* x = new QValueAxis;
    setTitles(x, QStringLiteral("generation (count)"), QStringLiteral("generation"),
              {QStringLiteral("generation"), QString()});
    x->setRange(0, lastGeneration);
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(std::max(1, (lastGeneration + 9) / 10));
    auto* y = makeValueAxis(
        objectiveAxisTitle(data.objective, unit), objectiveAxisTitle(data.objective, unit, true),
        {objectiveQuantity(data.objective), unit.symbol}, maxValue * unit.factor);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    auto* lower = new QLineSeries;
    auto* upper = new QLineSeries;
    auto* best = new QLineSeries;
    auto* mean = new QLineSeries;
    for (const auto& g : data.generations) {
        const auto gen = static_cast<double>(g.generation);
        best->append(gen, g.best * unit.factor);
        if (!std::isnan(g.mean))
            mean->append(gen, g.mean * unit.factor);
        if (g.maxPartitions > 0) {
            lower->append(gen, g.minPartitions);
            upper->append(gen, g.maxPartitions);
        }
    }
    if (hasSpread) {
        auto* y2 = new QValueAxis;
        setTitles(y2, QStringLiteral("partitions in population (count)"),
                  QStringLiteral("partitions"), {QStringLiteral("partitions"), QString()});
        y2->setTickType(QValueAxis::TicksDynamic);
        y2->setTickAnchor(0);
        y2->setTickInterval(std::max(1, (maxPartitions + 5) / 6));
        y2->setRange(0, maxPartitions + 1);
        y2->setLabelFormat(QStringLiteral("%d"));
        chart->addAxis(y2, Qt::AlignRight);
        auto* spread = new QAreaSeries(upper, lower);
        // QAreaSeries does not own its boundary series: parent them so the chart frees them.
        upper->setParent(spread);
        lower->setParent(spread);
        spread->setName(QStringLiteral("partitions (min-max)"));
        QColor fill = seriesColor(2);
        fill.setAlpha(70);
        spread->setBrush(fill);
        spread->setPen(QPen(seriesColor(2), 1.0));
        chart->addSeries(spread);
        spread->attachAxis(x);
        spread->attachAxis(y2);
    } else {
        delete lower;
        delete upper;
    }
    best->setName(QStringLiteral("best"));
    best->setPen(QPen(seriesColor(4), 2.5));
    chart->addSeries(best);
    best->attachAxis(x);
    best->attachAxis(y);
    if (mean->count() == 0) {
        delete mean;
        return chart;
    }
    mean->setName(QStringLiteral("population mean"));
    QPen meanPen(seriesColor(0), 2.0);
    meanPen.setStyle(Qt::DashLine);
    mean->setPen(meanPen);
    chart->addSeries(mean);
    mean->attachAxis(x);
    mean->attachAxis(y);
    return chart;
}

} // namespace compass::ui
