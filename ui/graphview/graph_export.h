// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QGraphicsScene;

namespace compass::ui {

/// Writes the whole of `scene` (its sceneRect(), not a view's visible part) to `path`, the
/// format chosen by the suffix, case-insensitive:
///   .png  `pixelRatio` pixels per scene unit (2: a 2x device pixel ratio) on white;
///   .svg  vector, one SVG unit per scene unit, text as <text>;
///   .pdf  vector, one page the scene's size (a scene unit is a pixel at 100 %: 1/96 inch).
/// Text is resolved at the screen's logical DPI, as the scene's items measured it, so labels
/// fill their boxes exactly as on screen. A PNG larger than 16000 px a side or 100 Mpx, or a
/// PDF page over 200 inches, is scaled down to fit. Returns false and sets `error` (naming
/// the file) for an empty scene, an unknown suffix or a file that cannot be written; the file
/// is replaced only when the export succeeds. GUI thread only.
bool exportGraphScene(QGraphicsScene& scene, const QString& path, QString* error = nullptr,
                      double pixelRatio = 2.0);

} // namespace compass::ui
