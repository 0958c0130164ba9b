// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace compass::ui {

/// Keeps the mouse wheel from changing values by accident: a wheel event over a spin box or
/// combo box that does not have keyboard focus is passed on to the widget's parents (so the
/// dock under it scrolls) instead of changing the value, as in editors people already know.
/// Once the user clicks or tabs into the field, the wheel changes it. Install on the
/// application (or on one widget tree) with installEventFilter; guarded widgets get
/// Qt::StrongFocus so the wheel alone never focuses them.
class WheelGuard final : public QObject
{
    Q_OBJECT

public:
    explicit WheelGuard(QObject* parent = nullptr);

    /// Whether `watched` is a field the guard protects (a spin box or combo box).
    static bool isGuarded(const QObject* watched);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace compass::ui
