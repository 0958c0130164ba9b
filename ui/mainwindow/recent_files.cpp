// SPDX-License-Identifier: MIT
#include "recent_files.h"

#include "explorer_settings.h"

#include <QFileInfo>
#include <QMenu>

namespace compass::ui {

namespace {

constexpr int kMaxRecent = 10;

} // namespace

RecentFiles::RecentFiles(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu)
{
    rebuildMenu();
}

QStringList RecentFiles::files() const
{
    return ExplorerSettings().recentFiles();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecent)
        list.removeLast();
    ExplorerSettings().setRecentFiles(list);
    rebuildMenu();
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    const QStringList list = files();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list[i];
        QAction* action =
            m_menu->addAction(tr("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { emit fileRequested(path); });
    }
    if (list.isEmpty())
        m_menu->addAction(tr("(none)"))->setEnabled(false);
    m_menu->addSeparator();
    m_menu->addAction(tr("Clear list"), this, [this] {
        ExplorerSettings().setRecentFiles({});
        rebuildMenu();
    });
}

} // namespace compass::ui
