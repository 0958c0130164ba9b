// SPDX-License-Identifier: MIT
#include "graph_export.h"

#include <QFileInfo>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QScreen>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace compass::ui {

namespace {

constexpr double kMaxPngSide = 16000.0;
constexpr double kMaxPngPixels = 100e6;
constexpr double kMaxPdfSidePt = 14400.0; // 200 inches: the PDF viewers' page limit

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

/// The DPI a font's point size is resolved at when items measure their text (QFontMetricsF
/// without a device): the primary screen's logical DPI.
double sceneDpi()
{
    const QScreen* screen = QGuiApplication::primaryScreen();
    return screen ? screen->logicalDotsPerInchY() : 96.0;
}

void renderScene(QGraphicsScene& scene, QPainter& painter, const QRectF& source)
{
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QRectF target(QPointF(0, 0), source.size());
    painter.fillRect(target, Qt::white);
    // Cached items would be drawn from their screen pixmaps: bitmaps in an SVG or PDF, text
    // at the screen's resolution in a PNG. Draw every item afresh, then restore the caches.
    std::vector<std::pair<QGraphicsItem*, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem* item : scene.items()) {
        if (item->cacheMode() != QGraphicsItem::NoCache) {
            cached.emplace_back(item, item->cacheMode());
            item->setCacheMode(QGraphicsItem::NoCache);
        }
    }
    scene.render(&painter, target, source, Qt::IgnoreAspectRatio);
    for (const auto& [item, mode] : cached)
        item->setCacheMode(mode);
}

bool writePng(QGraphicsScene& scene, const QRectF& source, double ratio, QSaveFile& file,
              QString* error)
{
    // Big graphs: fewer pixels per unit rather than a gigabyte image.
    ratio = std::min({ratio, kMaxPngSide / source.width(), kMaxPngSide / source.height(),
                      std::sqrt(kMaxPngPixels / (source.width() * source.height()))});
    const QSize pixels(static_cast<int>(std::ceil(source.width() * ratio)),
                       static_cast<int>(std::ceil(source.height() * ratio)));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        setError(error, QStringLiteral("%1: cannot allocate a %2×%3 px image")
                            .arg(file.fileName())
                            .arg(pixels.width())
                            .arg(pixels.height()));
        return false;
    }
    {
        // The image keeps its default (screen) DPI while painting: fonts then resolve as on
        // screen and the painter's scale enlarges them with everything else.
        QPainter painter(&image);
        painter.scale(ratio, ratio);
        renderScene(scene, painter, source);
    }
    const int dotsPerMeter = static_cast<int>(std::lround(sceneDpi() * ratio / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    if (!image.save(&file, "PNG")) {
        setError(error, QStringLiteral("%1: cannot encode the PNG image").arg(file.fileName()));
        return false;
    }
    return true;
}

bool writeSvg(QGraphicsScene& scene, const QRectF& source, QSaveFile& file, QString* error)
{
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(QSize(static_cast<int>(std::ceil(source.width())),
                            static_cast<int>(std::ceil(source.height()))));
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setResolution(static_cast<int>(std::lround(sceneDpi())));
    generator.setTitle(QFileInfo(file.fileName()).completeBaseName());
    generator.setDescription(QStringLiteral("Layer graph written by COMPASS"));
    QPainter painter;
    if (!painter.begin(&generator)) {
        setError(error, QStringLiteral("%1: cannot write the SVG image").arg(file.fileName()));
        return false;
    }
    renderScene(scene, painter, source);
    painter.end();
    return true;
}

bool writePdf(QGraphicsScene& scene, const QRectF& source, QSaveFile& file, QString* error)
{
    const double dpi = sceneDpi();
    // A scene unit is a pixel at 100 % zoom; pages over the viewers' limit are scaled down.
    const QSizeF natural = source.size() * (72.0 / dpi);
    const double scale =
        std::min({1.0, kMaxPdfSidePt / natural.width(), kMaxPdfSidePt / natural.height()});
    QPdfWriter writer(&file);
    writer.setCreator(QStringLiteral("COMPASS"));
    writer.setTitle(QFileInfo(file.fileName()).completeBaseName());
    // Fonts resolve at the writer's resolution: the screen's, as the items measured them.
    writer.setResolution(static_cast<int>(std::lround(dpi)));
    writer.setPageLayout(
        QPageLayout(QPageSize(natural * scale, QPageSize::Point, QString(), QPageSize::ExactMatch),
                    QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    QPainter painter;
    if (!painter.begin(&writer)) {
        setError(error, QStringLiteral("%1: cannot write the PDF document").arg(file.fileName()));
        return false;
    }
    painter.scale(scale * writer.resolution() / dpi, scale * writer.resolution() / dpi);
    renderScene(scene, painter, source);
    painter.end();
    return true;
}

} // namespace

bool exportGraphScene(QGraphicsScene& scene, const QString& path, QString* error, double pixelRatio)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") &&
        suffix != QLatin1String("pdf")) {
        setError(error, QStringLiteral("%1: unknown image format “%2” (use .png, .svg or .pdf)")
                            .arg(path, suffix));
        return false;
    }
    const QRectF source = scene.sceneRect();
    if (scene.items().isEmpty() || source.isEmpty()) {
        setError(error, QStringLiteral("%1: there is no graph to export").arg(path));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    bool ok = false;
    if (suffix == QLatin1String("png"))
        ok = writePng(scene, source, pixelRatio, file, error);
    else if (suffix == QLatin1String("svg"))
        ok = writeSvg(scene, source, file, error);
    else
        ok = writePdf(scene, source, file, error);
    if (!ok) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace compass::ui
