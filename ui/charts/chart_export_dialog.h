// SPDX-License-Identifier: MIT
#pragma once

#include "chart_export.h"

#include <QDialog>
#include <QSize>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;

namespace compass::ui {

/// What the export dialog asks: file, format and, for PNG, the pixel density. Plain values, so
/// the default name and the raster size are testable without showing the dialog.
struct ChartExportOptions
{
    enum class Format
    {
        Png,
        Svg,
        Pdf,
        Csv, ///< the chart's data
        Json ///< the chart's data
    };

    Format format = Format::Png;
    /// PNG only: pixels per inch. The physical size (logicalSize / 96 inches) stays the same;
    /// a higher density means more pixels.
    int dpi = 300;
    /// The chart's size in logical pixels (1/96 inch), as exports lay it out.
    QSizeF logicalSize = ExportOptions{}.logicalSize;
    QString folder;                             ///< Where the file goes.
    QString baseName = QStringLiteral("chart"); ///< File name without suffix.

    /// "png", "svg", ...
    static QString suffix(Format format);
    /// The format a file suffix names ("PNG" is png), or false.
    static bool formatOfSuffix(const QString& suffix, Format* format);
    /// The pixel densities the dialog offers: 96, 150, 300 (the default) and 600.
    static std::vector<int> dpiChoices();

    bool isImage() const
    {
        return format == Format::Png || format == Format::Svg || format == Format::Pdf;
    }
    /// "resnet18-sram-M-comparison.png".
    QString fileName() const { return baseName + QLatin1Char('.') + suffix(format); }
    /// folder/fileName().
    QString path() const;
    /// A PNG's pixels: logicalSize x dpi / 96 (2813 x 1750 at 300 DPI, 900 x 560 at 96).
    QSize pixelSize() const { return pngPixelSize(logicalSize, dpi); }
    /// The physical size in inches (the same at every DPI).
    QSizeF inches() const { return logicalSize / 96.0; }
    /// For exportChart(): the size and, for PNG, the density.
    ExportOptions exportOptions() const;
};

/// The file name a chart is offered under, without suffix: "<model>-<chip>-<kind>"
/// ("resnet18-sram-M-comparison"), from the configurations the chart shows
/// ("resnet18 on sram-M, batch 16": jobs::describeConfiguration, or a batch sweep's
/// "resnet18 on sram-M, batches 1-64"). A modified chip is named as the rest of the explorer
/// names it (ArchVariant::displayName(), "sram-M*"), made file-safe: "sram-M-modified".
/// Runs of several models or chips say "mixed-models" / "mixed-chips"; no configuration
/// gives the kind alone. Only letters, digits, '.', '_' and '-' remain.
QString chartExportBaseName(const QStringList& configurations, const QString& kind);

/// The chart export dialog: the file (a default name, "Browse…"), the format (PNG, SVG, PDF,
/// or the data as CSV or JSON) and, for PNG, the resolution (96, 150, 300 or 600 DPI), with
/// the size the file will have. GUI thread only.
class ChartExportDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ChartExportDialog(const ChartExportOptions& options, QWidget* parent = nullptr);

    /// What the dialog shows now (the file field's folder and name, the format, the DPI).
    ChartExportOptions options() const;
    void setOptions(const ChartExportOptions& options);

private:
    void formatChosen();
    void pathEdited(const QString& text);
    void browse();
    void updateSize();

    ChartExportOptions m_options;
    QLineEdit* m_path = nullptr;
    QComboBox* m_format = nullptr;
    QComboBox* m_dpi = nullptr;
    QLabel* m_size = nullptr;
};

} // namespace compass::ui
