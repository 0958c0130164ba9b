// SPDX-License-Identifier: MIT
#include "chart_export.h"

#include <QChart>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QJsonDocument>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>
#include <functional>

namespace compass::ui {

namespace {

constexpr double kLogicalDpi = 96.0;

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

/// Renders `paint` (which draws into a rectangle of `logical` size) to `path` by suffix.
bool renderTo(const QString& path, const QSizeF& logical, const ExportOptions& options,
              const std::function<void(QPainter&, const QRectF&)>& paint, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QRectF target(QPointF(0, 0), logical);
    if (suffix == QLatin1String("png")) {
        const double scale = options.dpi / kLogicalDpi;
        const QSize pixels = pngPixelSize(logical, options.dpi);
        if (pixels.isEmpty() || pixels.width() > 20000 || pixels.height() > 20000) {
            setError(error, QStringLiteral("%1: image size %2x%3 px is out of range")
                                .arg(path)
                                .arg(pixels.width())
                                .arg(pixels.height()));
            return false;
        }
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        const int dotsPerMeter = static_cast<int>(std::lround(options.dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            painter.scale(scale, scale);
            paint(painter, target);
        }
        if (!image.save(path, "PNG")) {
            setError(error, QStringLiteral("%1: cannot write the PNG file").arg(path));
            return false;
        }
        return true;
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(logical.toSize());
        generator.setViewBox(target);
        generator.setResolution(static_cast<int>(kLogicalDpi));
        generator.setTitle(QFileInfo(path).completeBaseName());
        generator.setDescription(QStringLiteral("Written by COMPASS"));
        QPainter painter;
        if (!painter.begin(&generator)) {
            setError(error, QStringLiteral("%1: cannot write the SVG file").arg(path));
            return false;
        }
        painter.setRenderHint(QPainter::Antialiasing);
        paint(painter, target);
        painter.end();
        return QFileInfo::exists(path);
    }
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter writer(path);
        writer.setCreator(QStringLiteral("COMPASS"));
        writer.setTitle(QFileInfo(path).completeBaseName());
        writer.setResolution(300);
        // One page exactly the chart's size (1 logical pixel = 1/96 inch = 0.75 pt).
        writer.setPageSize(QPageSize(logical * (72.0 / kLogicalDpi), QPageSize::Point, QString(),
                                     QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer)) {
            setError(error, QStringLiteral("%1: cannot write the PDF file").arg(path));
            return false;
        }
        painter.setRenderHint(QPainter::Antialiasing);
        const double scale = 300.0 / kLogicalDpi;
        painter.scale(scale, scale);
        paint(painter, target);
        painter.end();
        return QFileInfo::exists(path);
    }
    setError(
        error,
        QStringLiteral("%1: unknown image format '%2' (use .png, .svg or .pdf)").arg(path, suffix));
    return false;
}

} // namespace

QSize pngPixelSize(const QSizeF& logical, double dpi)
{
    const double scale = dpi / kLogicalDpi;
    // Rounded up, less a hair: 900 px at 150 DPI is 1406.25 px, 1407; a product that is whole
    // but for floating-point noise (560 x 300 / 96 = 1750) stays whole.
    auto side = [scale](double v) { return static_cast<int>(std::ceil(v * scale - 1e-9)); };
    return {side(logical.width()), side(logical.height())};
}

bool exportChart(QChart& chart, const QString& path, const ExportOptions& options, QString* error)
{
    QGraphicsScene* scene = chart.scene();
    std::unique_ptr<QGraphicsScene> ownScene;
    if (!scene) {
        ownScene = std::make_unique<QGraphicsScene>();
        ownScene->addItem(&chart);
        chart.setPos(0, 0);
        chart.resize(options.logicalSize);
        scene = ownScene.get();
    }
    const QRectF source = chart.sceneBoundingRect();
    const bool ok = renderTo(
        path, source.size(), options,
        [&](QPainter& painter, const QRectF& target) { scene->render(&painter, target, source); },
        error);
    if (ownScene)
        ownScene->removeItem(&chart);
    return ok;
}

bool exportScene(QGraphicsScene& scene, const QString& path, const ExportOptions& options,
                 QString* error)
{
    const QRectF items = scene.itemsBoundingRect();
    const QRectF source = items.adjusted(-16, -16, 16, 16);
    if (items.isEmpty()) {
        setError(error, QStringLiteral("%1: the scene is empty").arg(path));
        return false;
    }
    ExportOptions o = options;
    // Very large graphs: keep the PNG within the size limit by lowering its density.
    const double maxSide = std::max(source.width(), source.height());
    if (maxSide * o.dpi / kLogicalDpi > 16000.0)
        o.dpi = 16000.0 * kLogicalDpi / maxSide;
    return renderTo(
        path, source.size(), o,
        [&](QPainter& painter, const QRectF& target) {
            painter.fillRect(target, Qt::white);
            scene.render(&painter, target, source);
        },
        error);
}

bool writeTextFile(const QString& path, const QString& text, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool writeJsonFile(const QString& path, const QJsonObject& object, QString* error)
{
    return writeTextFile(path, QString::fromUtf8(QJsonDocument(object).toJson()), error);
}

} // namespace compass::ui
