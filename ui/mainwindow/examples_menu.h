// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QMenu;

namespace compass::ui {

/// File ▸ Examples: one entry per bundled network (resources/models), listed afresh each time
/// the menu opens so an installed or exported model appears without a restart.
class ExamplesMenu final : public QObject
{
    Q_OBJECT

public:
    ExamplesMenu(QMenu* menu, QObject* parent = nullptr);

    /// Triggers the entry named `name` ("resnet18"); false when there is none.
    bool open(const QString& name);

signals:
    void fileRequested(const QString& path);

private:
    void rebuild();

    QMenu* m_menu = nullptr;
};

} // namespace compass::ui
