// SPDX-License-Identifier: MIT
#pragma once

#include "chart_data.h"
#include "chart_export.h"
#include "chart_report.h"

#include <QChartView>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>
#include <QXYSeries>

#include <functional>
#include <memory>
#include <vector>

class QAbstractAxis;
class QComboBox;
class QTabWidget;
class QValueAxis;

namespace compass::ui {

/// One chart on screen. It keeps the recipe (builder + data) rather than the chart, so exports
/// are rebuilt at the export size and look the same as `compass chart`'s.
///
/// Hovering a bar or a point shows a tooltip naming it and its value in the axis's unit
/// (chart_tooltips.h). XY charts (Pareto, batch sweep, convergence) zoom and pan: the wheel
/// zooms about the cursor, a left-button drag pans, +/- zoom about the centre, the arrow keys
/// pan, 0 or the context menu's "Reset Zoom" shows the whole chart again. Bar charts keep
/// their whole range (a partial bar would read as a smaller value). Double-click opens the
/// chart in a window. GUI thread only.
class ChartView final : public QChartView
{
    Q_OBJECT

public:
    using Builder = std::function<std::unique_ptr<QChart>()>;

    explicit ChartView(QWidget* parent = nullptr);

    /// Shows the chart `build` makes; `csv` and `json` are its data for exportData().
    void showChart(Builder build, QString csv, QJsonObject json);
    bool hasChart() const { return static_cast<bool>(m_build); }
    /// What the view says while it has no chart: how to fill it.
    void setEmptyHint(const QString& hint);
    QString emptyHint() const { return m_hint; }
    /// Drops the chart and its data; the view shows `why`, or its empty hint.
    void clearChart(const QString& why = {});
    /// Whether a click on a bar reports the bar's index as partitionClicked().
    void setBarClicksArePartitions(bool on) { m_barClicksArePartitions = on; }

    /// PNG, SVG or PDF by suffix, rebuilt at options.logicalSize.
    bool exportImage(const QString& path, const ExportOptions& options = {},
                     QString* error = nullptr) const;
    /// CSV or JSON by suffix.
    bool exportData(const QString& path, QString* error = nullptr) const;
    /// Whether the view lays its chart out for a small dock: title and subtitle on one line,
    /// the legend beside the plot. Axis titles that would be cut off show their shorter form
    /// (same unit) at any size. Exports always use the full layout.
    bool isCompact() const { return m_compact; }
    /// Opens the chart in a window of its own (double-click, or the context menu), for reading
    /// it larger than the dock allows. Returns the window (deleted when closed).
    QWidget* openInWindow();

    /// The file name the export dialog offers, without suffix ("resnet18-sram-M-comparison":
    /// chartExportBaseName()); "chart" until set.
    void setExportBaseName(const QString& name) { m_exportBaseName = name; }
    QString exportBaseName() const { return m_exportBaseName; }
    /// The export dialog (file, format, DPI) for this chart, then the export; a failure is
    /// reported in a message box. Returns the file written, empty when none.
    QString exportInteractively();

    /// The tooltip text of the bar or point under the mouse; empty when there is none.
    QString hoverText() const { return m_hoverText; }

    /// Whether the chart zooms and pans: every series is an XY one on value axes (scatter,
    /// lines). False for bar charts and without a chart.
    bool isZoomable() const { return m_zoomable; }
    /// Whether the axes show less (or elsewhere) than the whole chart.
    bool isZoomed() const { return m_zoomed; }
    /// Zooms by `factor` (> 1 in, < 1 out) keeping the values under `viewPos` (a point of the
    /// view; outside the plot, its centre) where they are. Never out beyond the whole chart:
    /// that is the reset. Does nothing for a chart that does not zoom.
    void zoomAt(double factor, const QPointF& viewPos);
    /// zoomAt() about the plot's centre.
    void zoomBy(double factor);
    /// Moves the plot's contents by `pixels` (as a drag does: right and down is positive).
    void pan(const QPointF& pixels);
    /// The whole chart again, with its own ticks.
    void resetZoom();

signals:
    void partitionClicked(int partition);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    /// The tick settings a value axis had before zooming, restored by resetZoom().
    struct Ticks
    {
        QValueAxis* axis = nullptr;
        int type = 0;
        double interval = 0.0;
        double anchor = 0.0;
        int count = 5;
    };

    /// Connects the series' hovered signals to the tooltip.
    void connectHovers(QChart* chart);
    /// Shows `text` as the tooltip at `globalPos`, or hides it when `text` is empty.
    void showHover(const QString& text, const QPoint& globalPos);
    /// Ticks at round values for the zoomed range.
    void retick();
    void setPanCursor(bool dragging);

    /// Shows `chart` (the view takes it) and deletes the one shown before.
    void replaceChart(QChart* chart);
    /// Title, subtitle and legend for the view's size.
    void fitLayout();
    /// Each axis title in full if it fits its axis, else its shorter form.
    void fitAxisTitles();

    Builder m_build;
    QString m_hint;
    QString m_csv;
    QJsonObject m_json;
    bool m_barClicksArePartitions = false;
    bool m_compact = false;
    QString m_exportBaseName = QStringLiteral("chart");
    QString m_hoverText;
    bool m_zoomable = false;
    bool m_zoomed = false;
    double m_zoomLevel = 1.0; ///< > 1: zoomed in, relative to the whole chart
    std::vector<Ticks> m_ticks;
    bool m_panning = false;
    QPoint m_panFrom;
    QPointer<QXYSeries> m_hoverLine; ///< The line under the mouse, its tip follows the mouse.
    Qt::Alignment m_legendAlignment = Qt::AlignBottom; ///< the builder's choice
};

/// The explorer's charts as tabs: partition latency, energy breakdown, run comparison, batch
/// sweep, reload vs batch, Pareto and GA convergence. Takes value data only; emits
/// partitionClicked() when a partition's bar is clicked. GUI thread only.
class ChartPanel final : public QWidget
{
    Q_OBJECT

public:
    enum class Tab
    {
        PartitionLatency,
        EnergyBreakdown,
        Comparison,
        BatchSweep,
        ReloadVsBatch,
        Pareto,
        Convergence
    };

    explicit ChartPanel(QWidget* parent = nullptr);

    // Each chart is of one configuration ("resnet18 on sram-M, batch 16":
    // jobs::describeConfiguration); the report groups its figures by it.
    void setPartitionLatency(const PartitionLatencyData& data, const QString& configuration);
    /// No partition chart (the plan on screen is not valid): the tab says `why`.
    void clearPartitionLatency(const QString& why);
    void setEnergyBreakdown(const EnergyBreakdownData& data, const QString& configuration);
    /// Runs to compare (each names its configuration); the panel's baseline and metric
    /// selectors apply to them.
    void setComparison(const RunComparisonData& data);
    void setBatchSweep(const BatchSweepData& data, const QString& configuration);
    void setReloadVsBatch(const ReloadVsBatchData& data, const QString& configuration);
    void setPareto(const ParetoData& data, const QString& configuration);
    void setConvergence(const ConvergenceData& data, const QString& configuration);
    /// Drops every chart (another network was opened): each tab says how to fill it again.
    void clearAll();

    void showTab(Tab tab);
    Tab currentTab() const;
    ChartView* view(Tab tab) const;
    /// Everything the panel shows, for writeReport().
    const ReportData& reportData() const { return m_report; }

signals:
    void partitionClicked(int partition);
    /// A one-line result for the status bar ("Report written to ...: 2 configurations ...").
    void statusMessage(const QString& message);

public slots:
    /// Asks for a folder and writes the report (all charts, data, summary table) into it.
    void exportReportInteractively();
    /// Asks for a file and exports the current tab's chart (PNG/SVG/PDF) or data (CSV/JSON).
    void exportCurrentInteractively();

private:
    void refreshComparison();
    void refreshSweep();
    /// Sets `tab`'s export name for a chart of `configurations`.
    void nameExport(Tab tab, const QStringList& configurations, const QString& kind);

    QTabWidget* m_tabs = nullptr;
    std::vector<ChartView*> m_views;
    QComboBox* m_metric = nullptr;
    QComboBox* m_baseline = nullptr;
    QComboBox* m_sweepMetric = nullptr;
    ReportData m_report;
};

} // namespace compass::ui
