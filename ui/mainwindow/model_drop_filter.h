// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

namespace compass::ui {

/// Accepts ONNX files dragged onto the widget it is installed on (an event filter; the widget
/// must accept drops) and reports the first one dropped. Other files are refused at the
/// drag, so the cursor says so before the drop.
class ModelDropFilter final : public QObject
{
    Q_OBJECT

public:
    explicit ModelDropFilter(QObject* parent = nullptr);

signals:
    void modelDropped(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace compass::ui
