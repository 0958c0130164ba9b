// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

namespace compass::ui {

/// Accepts ONNX networks and COMPASS projects (.compass) dragged onto the widget it is
/// installed on (an event filter; the widget must accept drops) and reports the first one
/// dropped. Other files are refused at the drag, so the cursor says so before the drop.
/// Installed on the window and on the graph canvas, whose view would otherwise take the drag.
class ModelDropFilter final : public QObject
{
    Q_OBJECT

public:
    explicit ModelDropFilter(QObject* parent = nullptr);

signals:
    void fileDropped(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace compass::ui
