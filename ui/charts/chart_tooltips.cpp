// SPDX-License-Identifier: MIT
#include "chart_tooltips.h"

#include "chart_builders.h"
#include "core/support/units.h"

#include <QAbstractBarSeries>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QStackedBarSeries>
#include <QStringList>
#include <QValueAxis>
#include <QXYSeries>

#include <cmath>
#include <limits>

namespace compass::ui {

namespace {

/// Significant digits of a tooltip's value: one more than a bar label's usual three.
constexpr int kSignificant = 4;

const QString kSeparator = QStringLiteral(" · ");

QAbstractAxis* axisOf(QAbstractSeries& series, Qt::Orientation orientation)
{
    for (QAbstractAxis* axis : series.attachedAxes()) {
        if (axis->orientation() == orientation)
            return axis;
    }
    return nullptr;
}

bool isValueAxis(QAbstractAxis* axis)
{
    return qobject_cast<QValueAxis*>(axis) || qobject_cast<QLogValueAxis*>(axis);
}

QString quantityOf(QAbstractAxis* axis)
{
    return axis ? axis->property(chart_properties::kQuantity).toString() : QString();
}

/// "latency: 3.21 ms", or the value alone for an axis that names no quantity.
QString quantityAndValue(double value, QAbstractAxis* axis)
{
    const QString quantity = quantityOf(axis);
    const QString shown = valueWithUnit(value, axis);
    return quantity.isEmpty() ? shown : quantity + QStringLiteral(": ") + shown;
}

/// The category at `index` as a tooltip names it.
QString categoryName(QAbstractAxis* axis, int index)
{
    const QStringList names =
        axis ? axis->property(chart_properties::kCategoryNames).toStringList() : QStringList();
    if (index >= 0 && index < names.size())
        return names[index];
    if (auto* categories = qobject_cast<QBarCategoryAxis*>(axis)) {
        const QString label = categories->categories().value(index).trimmed();
        if (!label.isEmpty())
            return label;
    }
    return QString::number(index);
}

/// Axis range as [lo, hi] in the axis's own scale (log for a log axis), for distances.
struct Span
{
    double lo = 0.0;
    double hi = 1.0;
    bool log = false;
    double at(double v) const
    {
        const double x = log ? std::log(std::max(v, std::numeric_limits<double>::min())) : v;
        return hi > lo ? (x - lo) / (hi - lo) : x;
    }
};

Span spanOf(QAbstractAxis* axis)
{
    if (auto* value = qobject_cast<QValueAxis*>(axis))
        return {value->min(), value->max(), false};
    if (auto* log = qobject_cast<QLogValueAxis*>(axis))
        return {std::log(std::max(log->min(), std::numeric_limits<double>::min())),
                std::log(std::max(log->max(), std::numeric_limits<double>::min())), true};
    return {};
}

/// Index of the point of `points` nearest to `hovered`, on screen when the series is in a
/// laid-out chart, else relative to the axes' ranges; -1 when none qualifies.
int nearestPoint(QXYSeries& series, const QList<QPointF>& points, const QPointF& hovered,
                 const QStringList& names)
{
    QChart* chart = series.chart();
    const bool onScreen = chart && !chart->plotArea().isEmpty();
    QXYSeries* self = &series;
    const Span x = spanOf(axisOf(series, Qt::Horizontal));
    const Span y = spanOf(axisOf(series, Qt::Vertical));
    const QPointF target = onScreen ? chart->mapToPosition(hovered, self)
                                    : QPointF(x.at(hovered.x()), y.at(hovered.y()));
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int i = 0; i < points.size(); ++i) {
        if (i < names.size() && names[i].isEmpty())
            continue; // a corner of a staircase, not a data point
        const QPointF p = onScreen ? chart->mapToPosition(points[i], self)
                                   : QPointF(x.at(points[i].x()), y.at(points[i].y()));
        const double d = std::hypot(p.x() - target.x(), p.y() - target.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

} // namespace

QString valueWithUnit(double value, QAbstractAxis* axis)
{
    const QString number = units::number(value, kSignificant);
    const QString unit = axis ? axis->property(chart_properties::kUnit).toString() : QString();
    if (unit.isEmpty())
        return number;
    if (unit == relativeUnit())
        return number + unit; // "1.35×", as the bar labels write it
    return number + QLatin1Char(' ') + unit;
}

QString barToolTip(QAbstractBarSeries& series, QBarSet& set, int index)
{
    if (index < 0 || index >= set.count())
        return {};
    const Qt::Orientation valueOrientation =
        series.type() == QAbstractSeries::SeriesTypeHorizontalBar ||
                series.type() == QAbstractSeries::SeriesTypeHorizontalStackedBar ||
                series.type() == QAbstractSeries::SeriesTypeHorizontalPercentBar
            ? Qt::Horizontal
            : Qt::Vertical;
    const Qt::Orientation categoryOrientation =
        valueOrientation == Qt::Vertical ? Qt::Horizontal : Qt::Vertical;
    QAbstractAxis* values = axisOf(series, valueOrientation);
    const QString category = categoryName(axisOf(series, categoryOrientation), index);
    const QString value = valueWithUnit(set.at(index), values);
    const bool stacked = qobject_cast<QStackedBarSeries*>(&series) != nullptr;
    // Stacked: the category is the subject and the set one of its parts; grouped: the set is
    // the subject (a run) and the category what is measured.
    const QString subject = stacked ? category : set.label();
    const QString part = stacked ? set.label() : category;
    return subject + kSeparator + part + QStringLiteral(": ") + value;
}

QString pointToolTip(QXYSeries& series, const QPointF& hovered)
{
    QAbstractAxis* x = axisOf(series, Qt::Horizontal);
    QAbstractAxis* y = axisOf(series, Qt::Vertical);
    if (!isValueAxis(x) || !isValueAxis(y))
        return {};
    const QList<QPointF> points = series.points();
    const QStringList names = series.property(chart_properties::kPointNames).toStringList();
    const int i = nearestPoint(series, points, hovered, names);
    if (i < 0)
        return {};
    QString text = series.name();
    if (i < names.size())
        text += kSeparator + names[i];
    return text + kSeparator + quantityAndValue(points[i].x(), x) + QStringLiteral(", ") +
           quantityAndValue(points[i].y(), y);
}

QString areaToolTip(QAreaSeries& series, const QPointF& hovered)
{
    QAbstractAxis* x = axisOf(series, Qt::Horizontal);
    QAbstractAxis* y = axisOf(series, Qt::Vertical);
    QLineSeries* upper = series.upperSeries();
    QLineSeries* lower = series.lowerSeries();
    if (!upper || !isValueAxis(x) || !isValueAxis(y) || upper->count() == 0)
        return {};
    // Nearest along x: the band covers the height between its two lines.
    int best = 0;
    for (int i = 1; i < upper->count(); ++i) {
        if (std::abs(upper->at(i).x() - hovered.x()) < std::abs(upper->at(best).x() - hovered.x()))
            best = i;
    }
    const double hi = upper->at(best).y();
    const double lo = lower && best < lower->count() ? lower->at(best).y() : 0.0;
    const QString quantity = quantityOf(y);
    const QString range = valueWithUnit(lo, y) + QStringLiteral("–") + valueWithUnit(hi, y);
    return series.name() + kSeparator + quantityAndValue(upper->at(best).x(), x) +
           QStringLiteral(", ") +
           (quantity.isEmpty() ? range : quantity + QStringLiteral(": ") + range);
}

} // namespace compass::ui
