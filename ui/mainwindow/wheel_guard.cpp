// SPDX-License-Identifier: MIT
#include "wheel_guard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

namespace compass::ui {

WheelGuard::WheelGuard(QObject* parent)
    : QObject(parent)
{}

bool WheelGuard::isGuarded(const QObject* watched)
{
    return qobject_cast<const QAbstractSpinBox*>(watched) ||
           qobject_cast<const QComboBox*>(watched);
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::Polish:
        // The default WheelFocus would let the first wheel turn focus the field and change it.
        if (isGuarded(watched)) {
            auto* widget = static_cast<QWidget*>(watched);
            if (widget->focusPolicy() == Qt::WheelFocus)
                widget->setFocusPolicy(Qt::StrongFocus);
        }
        break;
    case QEvent::Wheel:
        if (isGuarded(watched) && !static_cast<QWidget*>(watched)->hasFocus()) {
            // Ignored and filtered: QApplication then offers the event to the parents, so the
            // scroll area around the field scrolls, and the field never sees it.
            event->ignore();
            return true;
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace compass::ui
