// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QSize>
#include <QSizeF>
#include <QString>

class QChart;
class QGraphicsScene;

namespace compass::ui {

/// How a chart or scene is written. The format follows the file's suffix (.png, .svg, .pdf).
struct ExportOptions
{
    /// Size in logical pixels (1/96 inch) used when the chart is not on screen.
    QSizeF logicalSize{900.0, 560.0};
    double dpi = 192.0; ///< PNG only: pixel density; PNG pixels = logicalSize x dpi / 96.
};

/// The pixels of a PNG of `logical` size (logical pixels, 1/96 inch) at `dpi`: the physical
/// size stays the same, the density changes (900 x 560 at 300 DPI is 2813 x 1750 px).
QSize pngPixelSize(const QSizeF& logical, double dpi);

/// Writes `chart` to `path` as PNG, SVG or PDF (by suffix). A chart that is on screen is
/// rendered at its current size; a chart in no scene is laid out at options.logicalSize first.
/// Returns false and sets `error` (naming the file) when the suffix is unknown or the file
/// cannot be written. GUI thread only.
bool exportChart(QChart& chart, const QString& path, const ExportOptions& options = {},
                 QString* error = nullptr);

/// Writes the whole of `scene` (e.g. the graph view's) as PNG, SVG or PDF, by suffix.
bool exportScene(QGraphicsScene& scene, const QString& path, const ExportOptions& options = {},
                 QString* error = nullptr);

/// Writes text (CSV, DOT, Markdown) as UTF-8.
bool writeTextFile(const QString& path, const QString& text, QString* error = nullptr);
/// Writes an indented JSON document.
bool writeJsonFile(const QString& path, const QJsonObject& object, QString* error = nullptr);

} // namespace compass::ui
