// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

namespace compass::ui {

/// Colour-blind-safe partition colours (Okabe & Ito, 2008, without black), cycling after 7.
/// Partition -1 (no plan yet) is a neutral grey.
QColor partitionColor(int partition);

/// The lighter tint used for weight-free operators of a partition.
QColor partitionTint(int partition);

/// Black or white, whichever reads better on `background`.
QColor textColorOn(const QColor& background);

/// Number of distinct colours before the palette cycles.
int partitionPaletteSize();

} // namespace compass::ui
