// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>

#include <vector>

namespace compass::ui {

/// Colour-blind-safe partition colours (Okabe & Ito, 2008, without black): 7 hues, then the
/// same hues darker and lighter, so 21 partitions have 21 colours and neighbours never share a
/// hue. Partition -1 (no plan yet) is a neutral grey.
QColor partitionColor(int partition);

/// The colour of an optimiser in every chart and the run history, by its name ("greedy",
/// "layerwise", "ga" or "genetic", "exact", "manual"): four Okabe-Ito colours far apart in hue
/// and lightness (greedy blue, layerwise bluish green, ga vermillion, exact reddish purple),
/// grey for manual. An unknown name gets the palette colour of `fallback`.
QColor methodColor(const QString& method, int fallback = 0);

/// One colour per run for a chart that shows several runs: each run has its method's colour
/// (methodColor), and the second, third ... run of one method a darker, then lighter, shade of
/// it, so no two runs share a colour and a method keeps its hue. Runs without a method get
/// palette colours by position.
std::vector<QColor> runColors(const std::vector<QString>& methods);

/// The lighter tint used for weight-free operators of a partition.
QColor partitionTint(int partition);

/// Black or white, whichever reads better on `background`.
QColor textColorOn(const QColor& background);

/// Number of distinct hues (partitions p and p + size share a hue, not a colour).
int partitionPaletteSize();

} // namespace compass::ui
