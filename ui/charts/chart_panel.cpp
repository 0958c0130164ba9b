// SPDX-License-Identifier: MIT
#include "chart_panel.h"

#include "chart_builders.h"
#include "chart_export_dialog.h"
#include "chart_tooltips.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QAreaSeries>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QCursor>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLegend>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPointer>
#include <QPushButton>
#include <QScatterSeries>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTime>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace compass::ui {

ChartView::ChartView(QWidget* parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    // Below this a plot has no room for its ticks and units, however compact its layout.
    setMinimumSize(360, 220);
}

void ChartView::showChart(Builder build, QString csv, QJsonObject json)
{
    m_build = std::move(build);
    m_csv = std::move(csv);
    m_json = std::move(json);
    QChart* fresh = m_build().release();
    m_legendAlignment = fresh->legend()->alignment();
    replaceChart(fresh);
    connect(fresh, &QChart::plotAreaChanged, this, &ChartView::fitAxisTitles);
    fitLayout();
    connectHovers(fresh);
    // Only XY charts zoom: every series a scatter, line or band on value (or log) axes.
    m_zoomable = !fresh->series().isEmpty();
    for (QAbstractSeries* s : fresh->series()) {
        if (!qobject_cast<QXYSeries*>(s) && !qobject_cast<QAreaSeries*>(s))
            m_zoomable = false;
    }
    for (QAbstractAxis* axis : fresh->axes()) {
        if (!qobject_cast<QValueAxis*>(axis) && !qobject_cast<QLogValueAxis*>(axis))
            m_zoomable = false;
        if (auto* values = qobject_cast<QValueAxis*>(axis)) {
            m_ticks.push_back({values, static_cast<int>(values->tickType()), values->tickInterval(),
                               values->tickAnchor(), values->tickCount()});
        }
    }
    setPanCursor(false);
    if (m_barClicksArePartitions) {
        for (QAbstractSeries* s : fresh->series()) {
            if (auto* bars = qobject_cast<QAbstractBarSeries*>(s)) {
                connect(bars, &QAbstractBarSeries::clicked, this,
                        [this](int index, QBarSet*) { emit partitionClicked(index); });
            }
        }
    }
}

void ChartView::setEmptyHint(const QString& hint)
{
    m_hint = hint;
    if (!m_build)
        clearChart();
}

void ChartView::clearChart(const QString& why)
{
    m_build = {};
    m_csv.clear();
    m_json = {};
    auto* empty = new QChart;
    empty->setTitle(why.isEmpty() ? m_hint : why);
    QFont font = empty->titleFont();
    font.setItalic(true);
    empty->setTitleFont(font);
    empty->setTitleBrush(palette().brush(QPalette::PlaceholderText));
    empty->legend()->hide();
    replaceChart(empty);
}

namespace {

/// Below this height a chart is laid out compactly: the default Charts dock is about 230 px
/// tall, where a two-line title and a legend row left the plot under 100 px.
constexpr int kCompactHeight = 400;
/// What a compact chart's one-line title and margins take of its height (px).
constexpr double kCompactTitleHeight = 44.0;
/// What a legend entry takes beyond its text line (marker spacing, px).
constexpr double kLegendRowPadding = 7.0;

} // namespace

void ChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitLayout();
}

void ChartView::fitLayout()
{
    QChart* c = chart();
    if (!m_build || !c)
        return;
    m_compact = height() < kCompactHeight;
    const QString title = c->property(chart_properties::kTitle).toString();
    const QString subtitle = c->property(chart_properties::kSubtitle).toString();
    if (!title.isEmpty()) {
        QString text = QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped());
        if (!subtitle.isEmpty()) {
            text += QStringLiteral("%1<span style='font-size:small'>%2</span>")
                        .arg(m_compact ? QStringLiteral(" — ") : QStringLiteral("<br>"),
                             subtitle.toHtmlEscaped());
        }
        c->setTitle(text);
    }
    // A short, wide dock has room beside the plot, not under it; a slightly smaller legend
    // font and thinner margins let ten legend entries fit the default dock's height.
    QLegend* legend = c->legend();
    legend->setAlignment(m_compact ? Qt::AlignRight : m_legendAlignment);
    // A bar set that is zero everywhere draws nothing; a compact legend leaves it out.
    int entries = 0;
    for (QLegendMarker* marker : legend->markers()) {
        bool empty = false;
        if (auto* bars = qobject_cast<QBarLegendMarker*>(marker)) {
            const QBarSet* set = bars->barset();
            empty = true;
            for (int i = 0; i < set->count() && empty; ++i)
                empty = set->at(i) == 0.0;
        }
        marker->setVisible(!(m_compact && empty));
        entries += marker->isVisible() ? 1 : 0;
    }
    QFont legendFont = font();
    if (m_compact && entries > 0) {
        // One entry per line beside the plot: as large a font as lets every entry fit.
        const double line = QFontMetricsF(legendFont).height();
        const double room = static_cast<double>(height()) - kCompactTitleHeight;
        const double scale = std::clamp((room / entries - kLegendRowPadding) / line, 0.7, 0.85);
        legendFont.setPointSizeF(legendFont.pointSizeF() * scale);
    }
    legend->setFont(legendFont);
    c->setMargins(m_compact ? QMargins(4, 2, 4, 2) : QMargins(8, 8, 8, 8));
    fitAxisTitles();
}

void ChartView::fitAxisTitles()
{
    QChart* c = chart();
    if (!m_build || !c)
        return;
    const QRectF plot = c->plotArea();
    for (QAbstractAxis* axis : c->axes()) {
        const QString full = axis->property(chart_properties::kFullTitle).toString();
        const QString shorter = axis->property(chart_properties::kShortTitle).toString();
        if (full.isEmpty() || shorter.isEmpty())
            continue;
        const double room = axis->orientation() == Qt::Vertical ? plot.height() : plot.width();
        // QtCharts elides a title a little before it reaches the axis ends: keep a margin.
        const QFontMetricsF metrics(axis->titleFont());
        const QString text = metrics.horizontalAdvance(full) * 1.1 + 12.0 <= room ? full : shorter;
        if (axis->titleText() != text)
            axis->setTitleText(text); // same font and line: the plot area does not move
    }
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (m_build)
        openInWindow();
    QChartView::mouseDoubleClickEvent(event);
}

QWidget* ChartView::openInWindow()
{
    if (!m_build)
        return nullptr;
    auto* window = new ChartView;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setWindowFlag(Qt::Window);
    window->showChart(m_build, m_csv, m_json);
    window->setExportBaseName(m_exportBaseName);
    const QString title = window->chart()->property(chart_properties::kTitle).toString();
    const QString subtitle = window->chart()->property(chart_properties::kSubtitle).toString();
    // A snapshot: it keeps what the tab showed when it was opened.
    window->setWindowTitle(
        tr("%1 — %2 (as of %3)")
            .arg(title, subtitle, QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    window->resize(900, 560);
    window->show();
    return window;
}

void ChartView::replaceChart(QChart* chart)
{
    // The old chart's hover, zoom and ticks go with it.
    showHover({}, {});
    m_hoverLine.clear();
    m_zoomable = false;
    m_zoomed = false;
    m_zoomLevel = 1.0;
    m_ticks.clear();
    m_panning = false;
    QChart* old = this->chart();
    setChart(chart);
    delete old;
    setPanCursor(false);
}

void ChartView::connectHovers(QChart* chart)
{
    for (QAbstractSeries* s : chart->series()) {
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s)) {
            for (QBarSet* set : bars->barSets()) {
                connect(set, &QBarSet::hovered, this, [this, bars, set](bool state, int index) {
                    showHover(state ? barToolTip(*bars, *set, index) : QString(), QCursor::pos());
                });
            }
        } else if (auto* xy = qobject_cast<QXYSeries*>(s)) {
            // A scatter's hover is one marker; a line's is anywhere along it, so the view
            // follows the mouse along the line to its nearest point (mouseMoveEvent).
            const bool line = !qobject_cast<QScatterSeries*>(xy);
            connect(xy, &QXYSeries::hovered, this, [this, xy, line](const QPointF& p, bool state) {
                m_hoverLine = state && line ? xy : nullptr;
                showHover(state ? pointToolTip(*xy, p) : QString(), QCursor::pos());
            });
        } else if (auto* area = qobject_cast<QAreaSeries*>(s)) {
            connect(area, &QAreaSeries::hovered, this, [this, area](const QPointF& p, bool state) {
                showHover(state ? areaToolTip(*area, p) : QString(), QCursor::pos());
            });
        }
    }
}

void ChartView::showHover(const QString& text, const QPoint& globalPos)
{
    m_hoverText = text;
    if (text.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    // A little below and right of the cursor, so the tip never covers the point it names.
    QToolTip::showText(globalPos + QPoint(12, 16), text, viewport());
}

void ChartView::setPanCursor(bool dragging)
{
    if (!m_zoomable)
        viewport()->unsetCursor();
    else
        viewport()->setCursor(dragging ? Qt::ClosedHandCursor : Qt::OpenHandCursor);
}

namespace {

/// The round step (1, 2 or 5 times a power of ten) nearest to `raw`, on a log scale.
double niceStep(double raw)
{
    if (!(raw > 0.0) || !std::isfinite(raw))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double best = magnitude;
    for (double m : {2.0, 5.0, 10.0}) {
        if (std::abs(std::log(m * magnitude / raw)) < std::abs(std::log(best / raw)))
            best = m * magnitude;
    }
    return best;
}

/// How much one wheel notch or one + key zooms.
constexpr double kZoomStep = 1.25;
/// A zoomed axis has about this many tick intervals (3 to 8): round steps of 1, 2 or 5.
constexpr double kZoomedTickIntervals = 5.0;
/// Below this the plot is a point: no further zoom in.
constexpr double kMaxZoom = 1e6;

} // namespace

void ChartView::zoomAt(double factor, const QPointF& viewPos)
{
    QChart* c = chart();
    if (!m_zoomable || !c || !(factor > 0.0) || factor == 1.0)
        return;
    if (m_zoomLevel * factor <= 1.0 + 1e-9) {
        resetZoom(); // never out beyond the whole chart
        return;
    }
    if (m_zoomLevel * factor > kMaxZoom)
        return;
    const QRectF plot = c->plotArea();
    if (plot.isEmpty())
        return;
    QPointF at = c->mapFromScene(mapToScene(viewPos.toPoint()));
    if (!plot.contains(at))
        at = plot.center();
    // The rectangle that becomes the plot: the point under the cursor stays where it is.
    const QRectF rect(at.x() - (at.x() - plot.left()) / factor,
                      at.y() - (at.y() - plot.top()) / factor, plot.width() / factor,
                      plot.height() / factor);
    c->zoomIn(rect);
    m_zoomLevel *= factor;
    m_zoomed = true;
    retick();
}

void ChartView::zoomBy(double factor)
{
    QChart* c = chart();
    if (!c)
        return;
    zoomAt(factor, mapFromScene(c->mapToScene(c->plotArea().center())));
}

void ChartView::pan(const QPointF& pixels)
{
    QChart* c = chart();
    if (!m_zoomable || !c || pixels.isNull())
        return;
    // Dragging right shows what lies left: the visible area scrolls the other way.
    c->scroll(-pixels.x(), pixels.y());
    m_zoomed = true;
    retick();
}

void ChartView::resetZoom()
{
    QChart* c = chart();
    if (!c || !m_zoomed)
        return;
    c->zoomReset();
    for (const Ticks& t : m_ticks) {
        t.axis->setTickType(static_cast<QValueAxis::TickType>(t.type));
        t.axis->setTickInterval(t.interval);
        t.axis->setTickAnchor(t.anchor);
        t.axis->setTickCount(t.count);
    }
    m_zoomLevel = 1.0;
    m_zoomed = false;
}

void ChartView::retick()
{
    // A zoomed range has arbitrary ends: ticks at multiples of a round step keep the labels
    // short ("3.4", not "3.41827"). Integer axes (generations, partitions) keep whole steps.
    for (const Ticks& t : m_ticks) {
        QValueAxis* axis = t.axis;
        double step = niceStep((axis->max() - axis->min()) / kZoomedTickIntervals);
        if (axis->labelFormat().contains(QLatin1Char('d')))
            step = std::max(1.0, std::round(step));
        axis->setTickAnchor(0.0);
        axis->setTickInterval(step);
        axis->setTickType(QValueAxis::TicksDynamic);
    }
}

void ChartView::wheelEvent(QWheelEvent* event)
{
    if (!m_zoomable) {
        QChartView::wheelEvent(event);
        return;
    }
    const int delta = event->angleDelta().y();
    if (delta != 0)
        zoomAt(std::pow(kZoomStep, delta / 120.0), event->position());
    event->accept();
}

void ChartView::mousePressEvent(QMouseEvent* event)
{
    if (m_zoomable && event->button() == Qt::LeftButton) {
        m_panning = true;
        m_panFrom = event->position().toPoint();
        setPanCursor(true);
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_panning && (event->buttons() & Qt::LeftButton)) {
        const QPoint now = event->position().toPoint();
        pan(now - m_panFrom);
        m_panFrom = now;
        event->accept();
        return;
    }
    if (m_hoverLine && chart()) {
        // Along a line: the tip names the point nearest the cursor.
        const QPointF inChart = chart()->mapFromScene(mapToScene(event->position().toPoint()));
        const QPointF value = chart()->mapToValue(inChart, m_hoverLine);
        showHover(pointToolTip(*m_hoverLine, value), event->globalPosition().toPoint());
    }
    QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning && event->button() == Qt::LeftButton) {
        m_panning = false;
        setPanCursor(false);
    }
    QChartView::mouseReleaseEvent(event);
}

void ChartView::keyPressEvent(QKeyEvent* event)
{
    if (!m_zoomable) {
        QChartView::keyPressEvent(event);
        return;
    }
    const QRectF plot = chart() ? chart()->plotArea() : QRectF();
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: // + without Shift on most layouts
        zoomBy(kZoomStep);
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomBy(1.0 / kZoomStep);
        break;
    case Qt::Key_0:
        resetZoom();
        break;
    case Qt::Key_Left:
        pan({plot.width() / 10.0, 0.0});
        break;
    case Qt::Key_Right:
        pan({-plot.width() / 10.0, 0.0});
        break;
    case Qt::Key_Up:
        pan({0.0, plot.height() / 10.0});
        break;
    case Qt::Key_Down:
        pan({0.0, -plot.height() / 10.0});
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

bool ChartView::exportImage(const QString& path, const ExportOptions& options, QString* error) const
{
    if (!m_build) {
        if (error)
            *error = QStringLiteral("%1: there is no chart to export yet").arg(path);
        return false;
    }
    const std::unique_ptr<QChart> fresh = m_build();
    return exportChart(*fresh, path, options, error);
}

bool ChartView::exportData(const QString& path, QString* error) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return writeTextFile(path, m_csv, error);
    if (suffix == QLatin1String("json"))
        return writeJsonFile(path, m_json, error);
    if (error)
        *error = QStringLiteral("%1: unknown data format (use .csv or .json)").arg(path);
    return false;
}

void ChartView::contextMenuEvent(QContextMenuEvent* event)
{
    if (!m_build)
        return;
    QMenu menu(this);
    menu.addAction(tr("Open in a window"), this, [this] { openInWindow(); });
    menu.addAction(tr("Export chart or data..."), this, [this] { exportInteractively(); });
    if (m_zoomable) {
        menu.addSeparator();
        QAction* reset = menu.addAction(tr("Reset Zoom"), this, [this] { resetZoom(); });
        reset->setShortcut(Qt::Key_0);
        reset->setEnabled(m_zoomed);
        QAction* in = menu.addAction(tr("Zoom In"), this, [this] { zoomBy(kZoomStep); });
        in->setShortcut(Qt::Key_Plus);
        QAction* out = menu.addAction(tr("Zoom Out"), this, [this] { zoomBy(1.0 / kZoomStep); });
        out->setShortcut(Qt::Key_Minus);
        out->setEnabled(m_zoomed);
    }
    menu.exec(event->globalPos());
}

namespace {

/// Where the next export dialog starts: the last export's folder, for the session.
QString& lastExportFolder()
{
    static QString folder;
    return folder;
}

} // namespace

QString ChartView::exportInteractively()
{
    if (!m_build)
        return {};
    if (lastExportFolder().isEmpty())
        lastExportFolder() = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (lastExportFolder().isEmpty())
        lastExportFolder() = QDir::homePath();
    ChartExportOptions defaults;
    defaults.baseName = m_exportBaseName;
    defaults.folder = lastExportFolder();
    ChartExportDialog dialog(defaults, this);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const ChartExportOptions chosen = dialog.options();
    const QString path = chosen.path();
    QString error;
    const bool ok = chosen.isImage() ? exportImage(path, chosen.exportOptions(), &error)
                                     : exportData(path, &error);
    if (!ok) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return {};
    }
    lastExportFolder() = QFileInfo(path).absolutePath();
    return path;
}

namespace {

/// "comparison" for the three metrics side by side, "comparison-edp" for one.
QString comparisonKind(RunComparisonData::Metric metric)
{
    switch (metric) {
    case RunComparisonData::Metric::Throughput:
        return QStringLiteral("comparison-throughput");
    case RunComparisonData::Metric::Energy:
        return QStringLiteral("comparison-energy");
    case RunComparisonData::Metric::Edp:
        return QStringLiteral("comparison-edp");
    case RunComparisonData::Metric::All:
        break;
    }
    return QStringLiteral("comparison");
}

} // namespace

ChartPanel::ChartPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Compare:")));
    m_metric = new QComboBox;
    m_metric->addItem(tr("all, relative"), static_cast<int>(RunComparisonData::Metric::All));
    m_metric->addItem(tr("throughput"), static_cast<int>(RunComparisonData::Metric::Throughput));
    m_metric->addItem(tr("energy per inference"),
                      static_cast<int>(RunComparisonData::Metric::Energy));
    m_metric->addItem(tr("EDP"), static_cast<int>(RunComparisonData::Metric::Edp));
    m_metric->setObjectName(QStringLiteral("comparisonMetric"));
    bar->addWidget(m_metric);
    bar->addWidget(new QLabel(tr("baseline:")));
    m_baseline = new QComboBox;
    m_baseline->setObjectName(QStringLiteral("comparisonBaseline"));
    m_baseline->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bar->addWidget(m_baseline);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Sweep:")));
    m_sweepMetric = new QComboBox;
    m_sweepMetric->addItem(tr("throughput"));
    m_sweepMetric->addItem(tr("EDP"));
    bar->addWidget(m_sweepMetric);
    bar->addStretch();
    auto* exportButton = new QPushButton(tr("Export..."));
    exportButton->setToolTip(tr("Export the chart shown (PNG, SVG, PDF) or its data (CSV, JSON)"));
    auto* reportButton = new QPushButton(tr("Report..."));
    reportButton->setToolTip(tr("Write every chart, its data and a summary table to a folder"));
    auto* windowButton = new QPushButton(tr("Open in Window"));
    windowButton->setObjectName(QStringLiteral("openChartInWindow"));
    windowButton->setToolTip(
        tr("Open the chart shown in a window of its own, to read it larger (or double-click it)"));
    bar->addWidget(windowButton);
    bar->addWidget(exportButton);
    bar->addWidget(reportButton);
    layout->addLayout(bar);

    m_tabs = new QTabWidget;
    const QString names[] = {tr("Partition latency"), tr("Energy"),          tr("Comparison"),
                             tr("Batch sweep"),       tr("Reload vs batch"), tr("Pareto"),
                             tr("Convergence")};
    for (const QString& name : names) {
        auto* v = new ChartView;
        m_views.push_back(v);
        m_tabs->addTab(v, name);
    }
    // An empty tab says what fills it.
    const QString hints[] = {
        tr("The current plan's partitions appear here once the network is evaluated."),
        tr("Run an optimiser (Run or Compare methods) to see where each run's energy goes."),
        tr("Run Compare methods, or several runs, to compare them here."),
        tr("Press Sweep batches to draw each method against the batch size."),
        tr("Press Sweep batches to see the weight reloads against the batch size."),
        tr("Run an optimiser to place its plans by energy and latency; the exact optimiser "
           "with objective EDP adds its Pareto front."),
        tr("Run the genetic algorithm (method ga) to see its convergence.")};
    for (std::size_t i = 0; i < m_views.size(); ++i)
        m_views[i]->setEmptyHint(hints[i]);
    view(Tab::PartitionLatency)->setBarClicksArePartitions(true);
    connect(view(Tab::PartitionLatency), &ChartView::partitionClicked, this,
            &ChartPanel::partitionClicked);
    layout->addWidget(m_tabs);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { refreshComparison(); });
    connect(m_baseline, &QComboBox::currentIndexChanged, this, [this] { refreshComparison(); });
    connect(m_sweepMetric, &QComboBox::currentIndexChanged, this, [this] { refreshSweep(); });
    connect(windowButton, &QPushButton::clicked, this, [this] {
        if (auto* current = qobject_cast<ChartView*>(m_tabs->currentWidget()))
            current->openInWindow();
    });
    connect(exportButton, &QPushButton::clicked, this, &ChartPanel::exportCurrentInteractively);
    connect(reportButton, &QPushButton::clicked, this, &ChartPanel::exportReportInteractively);
}

ChartView* ChartPanel::view(Tab tab) const
{
    return m_views[static_cast<std::size_t>(tab)];
}

void ChartPanel::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(static_cast<int>(tab));
}

ChartPanel::Tab ChartPanel::currentTab() const
{
    return static_cast<Tab>(m_tabs->currentIndex());
}

void ChartPanel::clearAll()
{
    m_report = {};
    {
        const QSignalBlocker block(m_baseline);
        m_baseline->clear();
    }
    for (ChartView* v : m_views)
        v->clearChart();
}

void ChartPanel::clearPartitionLatency(const QString& why)
{
    m_report.partitionLatency.reset();
    view(Tab::PartitionLatency)->clearChart(why);
}

void ChartPanel::setPartitionLatency(const PartitionLatencyData& values,
                                     const QString& configuration)
{
    m_report.partitionLatency = ReportFigure<PartitionLatencyData>{values, configuration};
    nameExport(Tab::PartitionLatency, {configuration}, QStringLiteral("partition-latency"));
    view(Tab::PartitionLatency)
        ->showChart([values] { return buildPartitionLatencyChart(values); }, toCsv(values),
                    toJson(values));
}

void ChartPanel::setEnergyBreakdown(const EnergyBreakdownData& values, const QString& configuration)
{
    m_report.energyBreakdown = ReportFigure<EnergyBreakdownData>{values, configuration};
    nameExport(Tab::EnergyBreakdown, {configuration}, QStringLiteral("energy-breakdown"));
    view(Tab::EnergyBreakdown)
        ->showChart([values] { return buildEnergyBreakdownChart(values); }, toCsv(values),
                    toJson(values));
}

void ChartPanel::setComparison(const RunComparisonData& values)
{
    m_report.comparison = values;
    const QSignalBlocker block(m_baseline);
    const QString previous = m_baseline->currentText();
    m_baseline->clear();
    m_baseline->addItem(tr("none (absolute)"), -1);
    for (std::size_t i = 0; i < values.runs.size(); ++i)
        m_baseline->addItem(values.runs[i].label, static_cast<int>(i));
    int index = m_baseline->findText(previous);
    if (index < 0)
        index = values.baseline + 1;
    m_baseline->setCurrentIndex(std::max(0, index));
    refreshComparison();
}

void ChartPanel::refreshComparison()
{
    if (!m_report.comparison)
        return;
    RunComparisonData values = *m_report.comparison;
    const auto metric = static_cast<RunComparisonData::Metric>(m_metric->currentData().toInt());
    // "all, relative" is always relative to a run: the combo offers no "none" then, and shows
    // the run the chart divides by.
    const bool relativeOnly = metric == RunComparisonData::Metric::All;
    if (auto* items = qobject_cast<QStandardItemModel*>(m_baseline->model())) {
        if (QStandardItem* none = items->item(0))
            none->setEnabled(!relativeOnly);
    }
    if (relativeOnly && m_baseline->currentData().toInt() < 0 && m_baseline->count() > 1) {
        const QSignalBlocker block(m_baseline);
        m_baseline->setCurrentIndex(1);
    }
    values.baseline = m_baseline->currentData().toInt();
    m_report.comparison->baseline = values.baseline;
    nameExport(Tab::Comparison, values.configurations(), comparisonKind(metric));
    view(Tab::Comparison)
        ->showChart([values, metric] { return buildRunComparisonChart(values, metric); },
                    toCsv(values), toJson(values));
}

void ChartPanel::setBatchSweep(const BatchSweepData& values, const QString& configuration)
{
    m_report.batchSweep = ReportFigure<BatchSweepData>{values, configuration};
    refreshSweep();
}

void ChartPanel::refreshSweep()
{
    if (!m_report.batchSweep)
        return;
    const BatchSweepData values = m_report.batchSweep->values;
    const auto metric = m_sweepMetric->currentIndex() == 1 ? BatchSweepData::Metric::Edp
                                                           : BatchSweepData::Metric::Throughput;
    nameExport(Tab::BatchSweep, {m_report.batchSweep->configuration},
               metric == BatchSweepData::Metric::Edp ? QStringLiteral("batch-sweep-edp")
                                                     : QStringLiteral("batch-sweep-throughput"));
    view(Tab::BatchSweep)
        ->showChart([values, metric] { return buildBatchSweepChart(values, metric); },
                    toCsv(values), toJson(values));
}

void ChartPanel::setReloadVsBatch(const ReloadVsBatchData& values, const QString& configuration)
{
    m_report.reloadVsBatch = ReportFigure<ReloadVsBatchData>{values, configuration};
    nameExport(Tab::ReloadVsBatch, {configuration}, QStringLiteral("reload-vs-batch"));
    view(Tab::ReloadVsBatch)
        ->showChart([values] { return buildReloadVsBatchChart(values); }, toCsv(values),
                    toJson(values));
}

void ChartPanel::setPareto(const ParetoData& values, const QString& configuration)
{
    m_report.pareto = ReportFigure<ParetoData>{values, configuration};
    nameExport(Tab::Pareto, {configuration}, QStringLiteral("pareto"));
    view(Tab::Pareto)
        ->showChart([values] { return buildParetoChart(values); }, toCsv(values), toJson(values));
}

void ChartPanel::setConvergence(const ConvergenceData& values, const QString& configuration)
{
    m_report.convergence = ReportFigure<ConvergenceData>{values, configuration};
    nameExport(Tab::Convergence, {configuration}, QStringLiteral("convergence"));
    view(Tab::Convergence)
        ->showChart([values] { return buildConvergenceChart(values); }, toCsv(values),
                    toJson(values));
}

void ChartPanel::nameExport(Tab tab, const QStringList& configurations, const QString& kind)
{
    view(tab)->setExportBaseName(chartExportBaseName(configurations, kind));
}

void ChartPanel::exportCurrentInteractively()
{
    auto* current = qobject_cast<ChartView*>(m_tabs->currentWidget());
    if (!current || !current->hasChart())
        return;
    const QString path = current->exportInteractively();
    if (!path.isEmpty())
        emit statusMessage(tr("Chart exported to %1").arg(QDir::toNativeSeparators(path)));
}

void ChartPanel::exportReportInteractively()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Report folder"));
    if (folder.isEmpty())
        return;
    QString error;
    const QStringList files = writeReport(folder, m_report, {}, &error);
    if (files.isEmpty()) {
        QMessageBox::warning(this, tr("Report failed"), error);
        return;
    }
    const QStringList configurations = m_report.configurations();
    if (configurations.size() > 1) {
        emit statusMessage(tr("Report written to %1: %2 configurations, each in its own "
                              "subfolder (see summary.md)")
                               .arg(QDir::toNativeSeparators(folder))
                               .arg(configurations.size()));
    } else {
        emit statusMessage(tr("Report written to %1: %2 files")
                               .arg(QDir::toNativeSeparators(folder))
                               .arg(files.size()));
    }
}

} // namespace compass::ui
