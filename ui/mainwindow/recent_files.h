// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace compass::ui {

/// The most-recently-opened files, kept in the ExplorerSettings and shown in a menu.
class RecentFiles final : public QObject
{
    Q_OBJECT

public:
    RecentFiles(QMenu* menu, QObject* parent = nullptr);

    void add(const QString& path);
    QStringList files() const;

signals:
    void fileRequested(const QString& path);

private:
    void rebuildMenu();

    QMenu* m_menu = nullptr;
};

} // namespace compass::ui
